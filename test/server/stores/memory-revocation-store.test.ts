import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StoreFullError } from "../../../src/server/stores/errors.js";
import { createMemoryRevocationStore } from "../../../src/server/stores/memory-revocation-store.js";
import { toRevocationCheck } from "../../../src/server/stores/revocation-store.js";
import { revocationStoreBehaviour } from "./behaviour.js";

revocationStoreBehaviour("memory", async ({ clockToleranceSeconds }) =>
  createMemoryRevocationStore({ clockToleranceSeconds }),
);

/** A clock the test moves by hand, in milliseconds. */
function manualClock(startSeconds = 1_800_000_000) {
  let ms = startSeconds * 1000;
  return { now: () => ms, advance: (seconds: number) => (ms += seconds * 1000), seconds: () => ms / 1000 };
}

describe("memory revocation store: bounded, entries go with their tokens", () => {
  it("forgets a revoked token once it would have expired (plus tolerance)", async () => {
    const clock = manualClock();
    const store = createMemoryRevocationStore({ clock: clock.now, clockToleranceSeconds: 30 });
    await store.revokeToken("a", clock.seconds() + 60);
    clock.advance(89);
    assert.equal(await store.isRevoked({ jti: "a" }), true);
    clock.advance(1);
    assert.equal(await store.isRevoked({ jti: "a" }), false);
  });

  it("forgets a user's cut-off once every token issued before it has expired", async () => {
    const clock = manualClock();
    const store = createMemoryRevocationStore({ clock: clock.now });
    const cutoff = clock.seconds();
    await store.revokeUser("u", cutoff, 3600);
    clock.advance(3599);
    assert.equal(await store.isRevoked({ userId: "u", iat: cutoff - 1 }), true);
    clock.advance(1);
    assert.equal(await store.isRevoked({ userId: "u", iat: cutoff - 1 }), false);
  });

  it("at its cap drops expired entries to make room, and refuses (ERR_STORE_FULL) rather than forget a live one", async () => {
    const clock = manualClock();
    const store = createMemoryRevocationStore({ clock: clock.now, maxEntries: 3 });
    await store.revokeToken("short-1", clock.seconds() + 10);
    await store.revokeToken("short-2", clock.seconds() + 10);
    await store.revokeUser("long-user", clock.seconds(), 3600);
    await assert.rejects(store.revokeToken("one-too-many", clock.seconds() + 60), (error) => {
      assert.ok(error instanceof StoreFullError);
      assert.equal(error.code, "ERR_STORE_FULL");
      assert.match(error.message, /3 live revocations/);
      return true;
    });
    assert.equal(await store.isRevoked({ userId: "long-user", iat: clock.seconds() - 1 }), true);
    clock.advance(11);
    await store.revokeToken("fits-now", clock.seconds() + 60);
    await store.revokeToken("and-this", clock.seconds() + 60);
    assert.equal(await store.isRevoked({ jti: "fits-now" }), true);
    assert.equal(await store.isRevoked({ jti: "short-1" }), false);
    // Re-revoking a live entry needs no room.
    await store.revokeToken("fits-now", clock.seconds() + 120);
    await store.revokeUser("long-user", clock.seconds(), 3600);
  });

  it("refuses a cap that is not a whole number above 0", () => {
    assert.throws(() => createMemoryRevocationStore({ maxEntries: 0 }), TypeError);
    assert.throws(() => createMemoryRevocationStore({ maxEntries: 1.5 }), TypeError);
    assert.throws(() => createMemoryRevocationStore({ clockToleranceSeconds: -1 }), TypeError);
  });
});

describe("toRevocationCheck", () => {
  it("reads jti, the user (user_id, else sub; numbers as text) and iat from claims", () => {
    assert.deepEqual(toRevocationCheck({ jti: "j", user_id: "u", sub: "s", iat: 5 }), {
      jti: "j",
      userId: "u",
      iat: 5,
    });
    assert.deepEqual(toRevocationCheck({ sub: "s" }), { jti: undefined, userId: "s", iat: undefined });
    assert.deepEqual(toRevocationCheck({ user_id: 42, iat: "5" }), {
      jti: undefined,
      userId: "42",
      iat: undefined,
    });
    assert.deepEqual(toRevocationCheck({ user_id: "", sub: "s", jti: {} }), {
      jti: undefined,
      userId: "s",
      iat: undefined,
    });
  });
});
