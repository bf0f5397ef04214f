import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { StoreUnavailableError } from "../../../src/server/stores/errors.js";
import {
  createRedisClient,
  parseRedisUrl,
  type RedisStatusEvent,
  waitForRedis,
} from "../../../src/server/stores/redis-client.js";
import { createRedisRevocationStore } from "../../../src/server/stores/redis-revocation-store.js";
import { startRedisServer } from "../../helpers/redis-server.js";

const PASSWORD = "s3cret-Pa55word-never-shown";

describe("parseRedisUrl", () => {
  it("reads host, port, credentials, database and TLS; the display masks the password", () => {
    const plain = parseRedisUrl("redis://127.0.0.1");
    assert.deepEqual(
      { ...plain },
      {
        tls: false,
        host: "127.0.0.1",
        port: 6379,
        username: undefined,
        password: undefined,
        db: 0,
        display: "redis://127.0.0.1/0",
      },
    );
    const full = parseRedisUrl(`rediss://app:${encodeURIComponent(PASSWORD)}@cache.internal:6380/2`);
    assert.equal(full.tls, true);
    assert.equal(full.username, "app");
    assert.equal(full.password, PASSWORD);
    assert.equal(full.port, 6380);
    assert.equal(full.db, 2);
    assert.equal(full.display, "rediss://app:***@cache.internal:6380/2");
    assert.equal(parseRedisUrl(`redis://:${PASSWORD}@[::1]:7000`).host, "::1");
    assert.equal(parseRedisUrl(`redis://:${PASSWORD}@h`).display, "redis://:***@h/0");
  });

  it("refuses what is not a redis:// or rediss:// URL, naming the variable and never the value", () => {
    const cases: Array<[string, RegExp]> = [
      [`http://:${PASSWORD}@host:6379`, /must start with redis:\/\/ or rediss:\/\/, not http:/],
      [`${PASSWORD}`, /is not a URL \(value not shown: it may hold a password\)/],
      [`redis://:${PASSWORD}@host/cache`, /names database "cache"; write a number/],
      [`redis://:${PASSWORD}@host/0?password=x`, /query string/],
      ["", /is not a URL/],
    ];
    for (const [text, expected] of cases) {
      assert.throws(
        () => parseRedisUrl(text, "CACHE_URL"),
        (error) => {
          assert.ok(error instanceof TypeError, text);
          assert.match(error.message, /^CACHE_URL /);
          assert.match(error.message, expected);
          assert.ok(!error.message.includes(PASSWORD), `the password leaked: ${error.message}`);
          return true;
        },
      );
    }
    assert.throws(() => createRedisClient("http://x"), /^TypeError: REDIS_URL must start with redis:\/\//);
  });

  it("refuses timeouts that are not whole milliseconds from 1 to 60000", () => {
    assert.throws(() => createRedisClient("redis://127.0.0.1:1", { commandTimeoutMs: 0 }), TypeError);
    assert.throws(() => createRedisClient("redis://127.0.0.1:1", { connectTimeoutMs: 1.5 }), TypeError);
    assert.throws(
      () => createRedisClient("redis://127.0.0.1:1", { maxReconnectDelayMs: 120_000 }),
      TypeError,
    );
  });
});

describe("createRedisClient against a real redis-server", async () => {
  const server = await startRedisServer();
  after(() => server.close());

  it("reports ready and down once per change, with the password masked", async () => {
    const locked = await startRedisServer({ password: "the-right-password-0123456789" });
    const events: RedisStatusEvent[] = [];
    // A wrong password: Redis answers WRONGPASS on every attempt; the password shows nowhere.
    const client = createRedisClient(`redis://:${PASSWORD}@127.0.0.1:${locked.port}`, {
      onStatus: (event) => events.push(event),
      maxReconnectDelayMs: 100,
    });
    try {
      assert.equal(await waitForRedis(client, 600), false);
      const store = createRedisRevocationStore({ client });
      await assert.rejects(store.isRevoked({ jti: "j" }), (error) => {
        assert.ok(error instanceof StoreUnavailableError);
        assert.ok(!JSON.stringify([error.message, String(error.cause)]).includes(PASSWORD));
        return true;
      });
      const text = JSON.stringify(events);
      assert.ok(!text.includes(PASSWORD), `the password leaked: ${text}`);
      assert.equal(events.length, 1, `one event per change, not per attempt: ${text}`);
      assert.equal(events[0]?.status, "down");
      assert.match(events[0]?.reason ?? "", /WRONGPASS/);
      assert.equal(events[0]?.url, `redis://:***@127.0.0.1:${locked.port}/0`);
    } finally {
      client.disconnect();
      await locked.close();
    }

    const good: RedisStatusEvent[] = [];
    const ok = createRedisClient(server.url, { onStatus: (event) => good.push(event) });
    try {
      assert.equal(await waitForRedis(ok, 5000), true);
      assert.deepEqual(good, [{ status: "ready", url: `${server.url}/0` }]);
      assert.equal(await ok.client("GETNAME"), "bubble-jwt");
    } finally {
      ok.disconnect();
    }
  });

  it("waitForRedis resolves false after its timeout when nothing listens, and never rejects", async () => {
    const client = createRedisClient("redis://127.0.0.1:1");
    try {
      const started = Date.now();
      assert.equal(await waitForRedis(client, 300), false);
      assert.ok(Date.now() - started < 1000);
    } finally {
      client.disconnect();
    }
    assert.equal(await waitForRedis(client, 300), false, "a closed client is never ready");
  });
});
