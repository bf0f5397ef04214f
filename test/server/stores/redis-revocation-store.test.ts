import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Redis } from "ioredis";
import { isStoreError, StoreUnavailableError } from "../../../src/server/stores/errors.js";
import {
  createRedisClient,
  type RedisStatusEvent,
  waitForRedis,
} from "../../../src/server/stores/redis-client.js";
import {
  createRedisRevocationStore,
  DEFAULT_KEY_PREFIX,
  tokenRevocationKey,
  userRevocationKey,
} from "../../../src/server/stores/redis-revocation-store.js";
import type { RevocationStore } from "../../../src/server/stores/revocation-store.js";
import { startRedisServer, type TestRedisServer } from "../../helpers/redis-server.js";
import { id, revocationStoreBehaviour } from "./behaviour.js";

// A real redis-server for this file; starting it fails the file (never skips) when it is not installed.
const server: TestRedisServer = await startRedisServer();
const clients: Redis[] = [];
const unhandled: unknown[] = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));

/** A client of the test server, ready; quit after the file. */
async function connect(options: Parameters<typeof createRedisClient>[1] = {}): Promise<Redis> {
  const client = createRedisClient(server.url, options);
  clients.push(client);
  assert.equal(await waitForRedis(client, 5000), true, "redis-server did not accept the client");
  return client;
}

after(async () => {
  for (const client of clients) client.disconnect();
  await server.close();
  assert.deepEqual(unhandled, [], "no promise may be left rejected without a handler");
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

revocationStoreBehaviour("redis", async ({ clockToleranceSeconds }) =>
  createRedisRevocationStore({ client: await connect(), keyPrefix: `${id("t")}:`, clockToleranceSeconds }),
);

describe("redis revocation store: shared by every instance on one Redis", () => {
  let prefix: string;
  let a: RevocationStore;
  let b: RevocationStore;
  let raw: Redis;
  before(async () => {
    prefix = `${id("shared")}:`;
    // Two instances, two connections: as two processes or machines would have.
    a = createRedisRevocationStore({ client: await connect(), keyPrefix: prefix, clockToleranceSeconds: 30 });
    b = createRedisRevocationStore({ client: await connect(), keyPrefix: prefix, clockToleranceSeconds: 30 });
    raw = await connect();
  });

  it("a token revoked through A is refused by B", async () => {
    const jti = id("jti");
    assert.equal(await b.isRevoked({ jti }), false);
    await a.revokeToken(jti, nowSeconds() + 300);
    assert.equal(await b.isRevoked({ jti }), true);
  });

  it("revoke_user on A refuses older tokens on B and accepts newer ones", async () => {
    const user = id("user");
    const cutoff = nowSeconds();
    await a.revokeUser(user, cutoff, 3600);
    assert.equal(await b.isRevoked({ jti: id("jti"), userId: user, iat: cutoff - 60 }), true);
    assert.equal(await b.isRevoked({ jti: id("jti"), userId: user, iat: cutoff + 1 }), false);
    // B logs the user out again later: A sees the later cut-off.
    await b.revokeUser(user, cutoff + 30, 3600);
    assert.equal(await a.isRevoked({ userId: user, iat: cutoff + 10 }), true);
  });

  it("entries expire with their tokens: Redis TTL is the token's remaining life plus tolerance", async () => {
    const jti = id("jti");
    await a.revokeToken(jti, nowSeconds() + 120);
    const ttl = await raw.ttl(tokenRevocationKey(prefix, jti));
    assert.ok(ttl >= 148 && ttl <= 150, `TTL ${ttl}, expected 150 (120 + 30 of tolerance)`);
    const user = id("user");
    const cutoff = nowSeconds();
    await a.revokeUser(user, cutoff, 3600);
    const userTtl = await raw.ttl(userRevocationKey(prefix, user));
    assert.ok(userTtl >= 3628 && userTtl <= 3630, `TTL ${userTtl}, expected 3630`);
    assert.equal(
      await raw.get(userRevocationKey(prefix, user)),
      String(cutoff),
      "one key holding the cut-off",
    );
  });

  it("an expired token leaves no key; every key starts with the prefix", async () => {
    const jti = id("jti");
    await a.revokeToken(jti, nowSeconds() - 60);
    assert.equal(await raw.exists(tokenRevocationKey(prefix, jti)), 0);
    const keys = await raw.keys(`${prefix}*`);
    assert.ok(keys.length > 0);
    for (const key of keys) assert.match(key, /^[^:]+:revoked:(jti|user):/);
    assert.equal(DEFAULT_KEY_PREFIX, "bubble-jwt:");
  });

  it("Redis drops the entry when the token expires, and the token is no longer listed", async () => {
    const store = createRedisRevocationStore({ client: await connect(), keyPrefix: prefix });
    const jti = id("short");
    await store.revokeToken(jti, Date.now() / 1000 + 1);
    assert.equal(await store.isRevoked({ jti }), true);
    const deadline = Date.now() + 5000;
    while ((await raw.exists(tokenRevocationKey(prefix, jti))) === 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(await raw.exists(tokenRevocationKey(prefix, jti)), 0, "Redis expired the key");
    assert.equal(await store.isRevoked({ jti }), false);
  });

  it("a user's cut-off that cannot be read refuses every token of that user (never a silent pass)", async () => {
    const user = id("user");
    await raw.set(userRevocationKey(prefix, user), "not-a-number", "EX", 60);
    assert.equal(await a.isRevoked({ userId: user, iat: nowSeconds() }), true);
  });

  it("a store on a shared client leaves the client open; a store with a URL closes its own", async () => {
    const shared = await connect();
    const borrowing = createRedisRevocationStore({ client: shared, keyPrefix: prefix });
    await borrowing.close();
    assert.equal(shared.status, "ready");
    assert.equal(await shared.ping(), "PONG");
    const owning = createRedisRevocationStore({ url: server.url, keyPrefix: prefix });
    const deadline = Date.now() + 5000;
    while ((await owning.health()).status !== "ok" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(await owning.isRevoked({ jti: id("jti") }), false);
    await owning.close();
    assert.equal((await owning.health()).status, "down");
  });
});

describe("redis revocation store: Redis down, hung, and back", () => {
  it("nothing listening: every call rejects with ERR_STORE_UNAVAILABLE at once; health says down", async () => {
    const store = createRedisRevocationStore({ url: "redis://127.0.0.1:1", keyPrefix: "x:" });
    try {
      const started = Date.now();
      for (const call of [
        () => store.isRevoked({ jti: "j" }),
        () => store.revokeToken("j", nowSeconds() + 60),
        () => store.revokeUser("u", nowSeconds(), 60),
      ]) {
        await assert.rejects(call(), (error) => error instanceof StoreUnavailableError);
      }
      assert.ok(Date.now() - started < 200, `took ${Date.now() - started} ms`);
      const health = await store.health();
      assert.equal(health.status, "down");
      assert.equal(health.status === "down" ? health.code : "", "ERR_STORE_UNAVAILABLE");
    } finally {
      await store.close();
    }
  });

  it("stopped mid-run: typed errors fast, no crash; restarted: the same client works again", async () => {
    const events: RedisStatusEvent[] = [];
    const client = await connect({ onStatus: (event) => events.push(event) });
    const prefix = `${id("outage")}:`;
    const store = createRedisRevocationStore({ client, keyPrefix: prefix });
    const jti = id("jti");
    await store.revokeToken(jti, nowSeconds() + 300);
    assert.equal(await store.isRevoked({ jti }), true);

    await server.stop();
    // Calls in flight when Redis went and calls made after: all reject with the typed error, quickly.
    for (let attempt = 0; attempt < 5; attempt++) {
      const started = Date.now();
      const results = await Promise.allSettled([
        store.isRevoked({ jti }),
        store.revokeToken(id("jti"), nowSeconds() + 60),
        store.revokeUser(id("user"), nowSeconds(), 60),
      ]);
      const took = Date.now() - started;
      // Well under the 500 ms command timeout: no call waits in a queue for Redis to come back.
      assert.ok(took < 200, `attempt ${attempt} took ${took} ms`);
      for (const result of results) {
        assert.equal(result.status, "rejected");
        const reason = result.status === "rejected" ? result.reason : undefined;
        assert.ok(isStoreError(reason), `not a store error: ${String(reason)}`);
        assert.equal(reason.code, "ERR_STORE_UNAVAILABLE");
        assert.match(reason.message, /reconnects by itself/);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const down = await store.health();
    assert.equal(down.status, "down");
    assert.ok(down.latencyMs < 100);
    assert.ok(events.some((event) => event.status === "down"));

    await server.restart();
    // The client reconnects by itself (pauses of at most 1 s): poll, bounded.
    const deadline = Date.now() + 10_000;
    let back = false;
    while (!back && Date.now() < deadline) {
      back = (await store.health()).status === "ok";
      if (!back) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(back, true, "the store did not recover within 10 s");
    // The restarted Redis is empty (no persistence): revoke again through the same store and client.
    assert.equal(await store.isRevoked({ jti }), false);
    await store.revokeToken(jti, nowSeconds() + 300);
    assert.equal(await store.isRevoked({ jti }), true);
    assert.equal(events.at(-1)?.status, "ready");
    assert.equal(unhandled.length, 0);
  });

  it("hung (the process suspended): a call rejects after the command timeout, never hangs", async () => {
    const client = await connect({ commandTimeoutMs: 300 });
    const store = createRedisRevocationStore({ client, keyPrefix: `${id("hung")}:` });
    assert.equal(await store.isRevoked({ jti: "j" }), false);
    server.freeze();
    try {
      const started = Date.now();
      await assert.rejects(store.isRevoked({ jti: "j" }), (error) => {
        assert.ok(error instanceof StoreUnavailableError);
        assert.match(error.message, /timed out/i);
        return true;
      });
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 1500, `took ${took} ms`);
      const health = await store.health();
      assert.equal(health.status, "down");
    } finally {
      server.thaw();
    }
    const deadline = Date.now() + 10_000;
    let answered = false;
    while (!answered && Date.now() < deadline) {
      answered = await store.isRevoked({ jti: "j" }).then(
        () => true,
        () => false,
      );
      if (!answered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(answered, true, "the store answers again once Redis does");
  });
});
