import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryRateCounter, rateLimitClient } from "../../../src/server/stores/memory-rate-counter.js";

describe("MemoryRateCounter", () => {
  it("counts a client's calls in a window that opens at its first call", () => {
    const counter = new MemoryRateCounter(60_000);
    assert.deepEqual({ ...counter.hit("a", 1_000) }, { count: 1, resetAtMs: 61_000 });
    assert.deepEqual({ ...counter.hit("a", 30_000) }, { count: 2, resetAtMs: 61_000 });
    assert.deepEqual({ ...counter.hit("b", 30_000) }, { count: 1, resetAtMs: 90_000 });
    // The window's last millisecond still counts; at its end a new window opens.
    assert.equal(counter.hit("a", 60_999).count, 3);
    assert.deepEqual({ ...counter.hit("a", 61_000) }, { count: 1, resetAtMs: 121_000 });
  });

  it("holds at most maxClients, dropping ended windows first, then the oldest live one", () => {
    const counter = new MemoryRateCounter(1_000, 3);
    counter.hit("a", 0);
    counter.hit("b", 100);
    counter.hit("c", 200);
    // At 1,050 only a's window has ended: it goes, and d fits.
    counter.hit("d", 1_050);
    assert.equal(counter.size, 3);
    assert.equal(counter.hit("b", 1_060).count, 2, "b kept its count");
    // Full of live windows: the oldest live one (b) makes room; c keeps its count.
    counter.hit("e", 1_070);
    assert.equal(counter.size, 3);
    assert.equal(counter.hit("c", 1_080).count, 2);
    assert.equal(counter.hit("b", 1_090).count, 1, "b was dropped and starts afresh");
  });

  it("moves a renewed window to the back, so eviction follows window order", () => {
    const counter = new MemoryRateCounter(1_000, 2);
    counter.hit("a", 0);
    counter.hit("b", 500);
    counter.hit("a", 1_200); // a's new window ends at 2,200, after b's (1,500)
    counter.hit("c", 1_300); // full of live windows: b, the oldest, goes
    assert.equal(counter.hit("a", 1_400).count, 2);
    assert.equal(counter.hit("c", 1_400).count, 2);
  });

  it("refuses a window or capacity that is not a positive number", () => {
    assert.throws(() => new MemoryRateCounter(0), RangeError);
    assert.throws(() => new MemoryRateCounter(1_000, 0), RangeError);
    assert.throws(() => new MemoryRateCounter(Number.NaN), RangeError);
  });
});

describe("rateLimitClient", () => {
  it("keeps IPv4 addresses and turns IPv4-mapped IPv6 into IPv4", () => {
    assert.equal(rateLimitClient("203.0.113.7"), "203.0.113.7");
    assert.equal(rateLimitClient("::ffff:203.0.113.7"), "203.0.113.7");
    assert.equal(rateLimitClient("::FFFF:cb00:7107"), "203.0.113.7");
  });

  it("counts IPv6 addresses by their /64 network, however they are written", () => {
    const network = "2001:db8:85a3:8d3::/64";
    assert.equal(rateLimitClient("2001:db8:85a3:8d3:1319:8a2e:370:7348"), network);
    assert.equal(rateLimitClient("2001:0DB8:85a3:08d3::1"), network);
    assert.equal(rateLimitClient("2001:db8:85a3:8d3::ffff:1.2.3.4"), network);
    assert.equal(rateLimitClient("2001:db8:85a3:8d3::7%eth0"), network);
    assert.equal(rateLimitClient("::1"), "0:0:0:0::/64");
    assert.notEqual(rateLimitClient("2001:db8:85a3:8d4::1"), network);
  });

  it("keeps a text that is not an IPv6 address as it is", () => {
    for (const text of [
      "1::2::3",
      "2001:db8:::1",
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9",
      "g::1",
      "::1.2.3.256",
    ]) {
      assert.equal(rateLimitClient(text), text);
    }
  });
});
