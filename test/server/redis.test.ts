import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { Redis } from "ioredis";
import { buildApp } from "../../src/server/app.js";
import { describePerWorker, describeStart } from "../../src/server/start.js";
import { createRedisClient, waitForRedis } from "../../src/server/stores/redis-client.js";
import { tokenRevocationKey, userRevocationKey } from "../../src/server/stores/redis-revocation-store.js";
import { startRedisServer, type TestRedisServer } from "../helpers/redis-server.js";
import { adminHeaders, decodePart, generateToken, makeConfig, movableClock } from "./helpers.js";

// Real redis-servers on 127.0.0.1 (no persistence), started here; a missing redis-server fails the file.
const shared: TestRedisServer = await startRedisServer();
const outage: TestRedisServer = await startRedisServer();
const apps: FastifyInstance[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on("unhandledRejection", onUnhandled);

let raw: Redis;
before(async () => {
  raw = createRedisClient(shared.url);
  assert.equal(await waitForRedis(raw, 5000), true);
});

after(async () => {
  for (const app of apps) await app.close();
  raw.disconnect();
  await shared.close();
  await outage.close();
  process.removeListener("unhandledRejection", onUnhandled);
  assert.deepEqual(unhandled, [], "no promise may be left rejected without a handler");
});

const prefixOf = (name: string) => `t-${name}-${randomBytes(4).toString("hex")}:`;

interface Instance {
  app: FastifyInstance;
  lines: string[];
}

/** One service instance (its own app, its own Redis client) on `url`, as one machine of several. */
async function instance(
  url: string,
  env: Record<string, string>,
  clock: () => number = Date.now,
): Promise<Instance> {
  const lines: string[] = [];
  const app = await buildApp(makeConfig({ REDIS_URL: url, LOG_LEVEL: "info", ...env }), {
    clock,
    logStream: { write: (line: string) => lines.push(line) },
    redisMaxReconnectDelayMs: 100,
  });
  apps.push(app);
  return { app, lines };
}

/** Two instances on one Redis and one key prefix; their clocks move together. */
async function pair(name: string, env: Record<string, string> = {}) {
  const clock = movableClock(new Date());
  const keyPrefix = prefixOf(name);
  const env2 = { REDIS_KEY_PREFIX: keyPrefix, ...env };
  return {
    a: (await instance(shared.url, env2, clock)).app,
    b: (await instance(shared.url, env2, clock)).app,
    clock,
    keyPrefix,
  };
}

function me(app: FastifyInstance, token: string) {
  return app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${token}` } });
}

function post(
  app: FastifyInstance,
  workflow: string,
  payload: object,
  headers: Record<string, string> = adminHeaders,
) {
  return app.inject({ method: "POST", url: `/api/1.1/wf/${workflow}`, headers, payload });
}

function assertRevoked(response: LightMyRequestResponse) {
  assert.equal(response.statusCode, 401, response.body);
  assert.equal(response.json().body.reason_code, "ERR_JWT_REVOKED");
  assert.match(String(response.headers["www-authenticate"]), /error="invalid_token"/);
}

function assertUnavailable(response: LightMyRequestResponse, label: string) {
  assert.equal(response.statusCode, 503, `${label}: ${response.body}`);
  assert.equal(response.headers["retry-after"], "2", label);
  assert.equal(response.json().body.status, "SERVICE_UNAVAILABLE", label);
  assert.equal(response.json().body.reason_code, "ERR_STORE_UNAVAILABLE", label);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${what}: not within ${timeoutMs} ms`);
}

describe("two service instances on one Redis", () => {
  it("a token revoked through A is refused by B (/me and verify_token)", async () => {
    const { a, b } = await pair("token");
    const token = await generateToken(a);
    const other = await generateToken(a);
    assert.equal((await me(b, token)).statusCode, 200);
    const revoked = await post(a, "revoke_token", { token });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal(revoked.json().response.stored, true);
    assertRevoked(await me(b, token));
    const verified = await post(b, "verify_token", { token }, {});
    assert.equal(verified.json().response.valid, false);
    assert.equal(verified.json().response.reason_code, "ERR_JWT_REVOKED");
    assert.equal((await me(b, other)).statusCode, 200, "only that token");
  });

  it("revoke_user on A refuses older tokens on B and accepts newer ones", async () => {
    const { a, b, clock } = await pair("user");
    const older = await generateToken(b, { user_id: "1700000000000x42", email: "ada@example.com" });
    const otherUser = await generateToken(b, { user_id: "1700000000000x43", email: "bob@example.com" });
    clock.advance(5_000);
    const response = await post(a, "revoke_user", { user_id: "1700000000000x42" });
    assert.equal(response.statusCode, 200, response.body);
    assertRevoked(await me(b, older));
    assertRevoked(await me(a, older));
    assert.equal((await me(b, otherUser)).statusCode, 200);
    clock.advance(1_000);
    const newer = await generateToken(b, { user_id: "1700000000000x42", email: "ada@example.com" });
    assert.equal((await me(b, newer)).statusCode, 200, "signed in again after the cut-off");
    assert.equal((await me(a, newer)).statusCode, 200);
  });

  it("revoked entries expire with their tokens: Redis TTL is the token's remaining life plus 30 s", async () => {
    const { a, keyPrefix } = await pair("ttl", { JWT_EXPIRATION_MINUTES: "2" });
    const token = await generateToken(a);
    const { jti, exp } = decodePart(token, 1) as { jti: string; exp: number };
    await post(a, "revoke_token", { token });
    const tokenTtl = await raw.ttl(tokenRevocationKey(keyPrefix, jti));
    const expected = exp + 30 - Date.now() / 1000;
    assert.ok(
      tokenTtl > 0 && Math.abs(tokenTtl - expected) <= 2,
      `TTL ${tokenTtl}, expected about ${expected}`,
    );
    await post(a, "revoke_user", { user_id: "u1" });
    const userTtl = await raw.ttl(userRevocationKey(keyPrefix, "u1"));
    // The cut-off lives as long as a token issued just before it can: 2 minutes, plus the tolerance.
    assert.ok(userTtl > 140 && userTtl <= 152, `user TTL ${userTtl}`);
    // An already-expired token leaves nothing behind.
    const keysBefore = await raw.keys(`${keyPrefix}revoked:*`);
    const gone = await post(a, "revoke_token", { jti: "long-gone", expires_at: Date.now() - 3_600_000 });
    assert.equal(gone.json().response.stored, false);
    assert.deepEqual((await raw.keys(`${keyPrefix}revoked:*`)).sort(), keysBefore.sort());
  });

  it("the rate limit counts across both instances, in Redis keys that expire", async () => {
    const { a, b, keyPrefix } = await pair("limit", { RATE_LIMIT_PER_MINUTE: "5" });
    const statuses: number[] = [];
    for (const app of [a, b, a, b, a, b, a]) {
      const response = await post(app, "generate_token", { user_id: "u1", email: "u1@example.com" });
      statuses.push(response.statusCode);
      // The same headers and body as the in-memory limiter (workflows.test.ts).
      assert.equal(response.headers["x-ratelimit-limit"], "5");
      assert.equal(response.headers["x-ratelimit-remaining"], String(Math.max(0, 5 - statuses.length)));
      const reset = Number(response.headers["x-ratelimit-reset"]);
      assert.ok(reset > 0 && reset <= 60, `x-ratelimit-reset ${reset}`);
      if (response.statusCode === 429) {
        assert.equal(response.json().body.reason_code, "ERR_RATE_LIMITED");
        assert.equal(response.headers["retry-after"], String(reset));
        assert.equal(
          response.json().body.message,
          `Too many requests: at most 5 per minute for each client. Retry in ${reset} seconds.`,
        );
      }
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const keys = await raw.keys(`${keyPrefix}rate-limit:generate_token:*`);
    assert.equal(keys.length, 1, keys.join(", "));
    const ttl = await raw.pttl(keys[0] as string);
    assert.ok(ttl > 0 && ttl <= 60_000, `PTTL ${ttl}`);
  });
});

describe("Redis stopped mid-run, hung, and back", () => {
  it("503s with Retry-After (never 500, never valid), generate_token works, and recovery after a restart", async () => {
    const keyPrefix = prefixOf("outage");
    const env = { REDIS_KEY_PREFIX: keyPrefix, RATE_LIMIT_PER_MINUTE: "1000" };
    const a = await instance(outage.url, env);
    const b = await instance(outage.url, env);
    const token = await generateToken(a.app);
    assert.equal((await me(b.app, token)).statusCode, 200);
    assert.equal((await b.app.inject({ url: "/readyz" })).statusCode, 200);

    await outage.stop();
    for (let round = 0; round < 3; round++) {
      for (const { app } of [a, b]) {
        const started = Date.now();
        assertUnavailable(await me(app, token), "/me");
        assertUnavailable(await post(app, "verify_token", { token }, {}), "verify_token");
        assertUnavailable(await post(app, "revoke_token", { token }), "revoke_token");
        assertUnavailable(await post(app, "revoke_user", { user_id: "u1" }), "revoke_user");
        assertUnavailable(await app.inject({ url: "/readyz" }), "/readyz");
        const health = await app.inject({ url: "/healthz" });
        assert.equal(health.statusCode, 200);
        assert.equal(health.json().status, "degraded");
        assert.equal(health.json().store.status, "down");
        // The limiter cannot count: the call goes through uncounted (documented), never a 500.
        const generated = await post(app, "generate_token", { user_id: "u1", email: "u1@example.com" });
        assert.equal(generated.statusCode, 200, generated.body);
        assert.ok(Date.now() - started < 2000, "no request waits for Redis");
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    await outage.restart();
    await until(
      "instance A answers /readyz 200",
      async () => (await a.app.inject({ url: "/readyz" })).statusCode === 200,
    );
    await until(
      "instance B answers /readyz 200",
      async () => (await b.app.inject({ url: "/readyz" })).statusCode === 200,
    );
    assert.equal((await me(b.app, token)).statusCode, 200, "verification works again by itself");
    assert.equal((await post(a.app, "revoke_token", { token })).statusCode, 200);
    assertRevoked(await me(b.app, token));
    for (const { lines } of [a, b]) {
      const levels = lines.map((line) => (JSON.parse(line) as { level: number }).level);
      assert.ok(!levels.includes(50) && !levels.includes(60), "no error or fatal line");
      assert.ok(
        lines.some((line) => line.includes("Redis unreachable")),
        "the outage is logged",
      );
      assert.ok(
        lines.some((line) => line.includes("Redis connected")),
        "the recovery is logged",
      );
    }
  });

  it("a hung Redis (suspended): /me answers 503 within the command timeout, generate_token 200", async () => {
    const { app } = await instance(outage.url, {
      REDIS_KEY_PREFIX: prefixOf("hung"),
      REDIS_COMMAND_TIMEOUT_MS: "200",
    });
    const token = await generateToken(app);
    assert.equal((await me(app, token)).statusCode, 200);
    outage.freeze();
    try {
      const started = Date.now();
      assertUnavailable(await me(app, token), "/me while hung");
      assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
      const generated = await post(app, "generate_token", { user_id: "u1", email: "u1@example.com" });
      assert.equal(generated.statusCode, 200);
    } finally {
      outage.thaw();
    }
    await until("/me answers 200 again", async () => (await me(app, token)).statusCode === 200);
  });

  it("starts while Redis is down (within the connect timeout), and serves once it is up", async () => {
    const started = Date.now();
    const { app } = await instance("redis://127.0.0.1:1", { REDIS_CONNECT_TIMEOUT_MS: "300" });
    assert.ok(Date.now() - started < 3000, `start took ${Date.now() - started} ms`);
    const token = await generateToken(app);
    assertUnavailable(await me(app, token), "/me");
    assertUnavailable(await app.inject({ url: "/readyz" }), "/readyz");
  });
});

describe("secrets with Redis", () => {
  it("the start-up line names Redis with its password masked; several workers on Redis need no warning", () => {
    const password = `pw-${randomBytes(12).toString("hex")}`;
    const config = makeConfig({ REDIS_URL: `redis://:${password}@127.0.0.1:6390/1`, WORKERS: "4" });
    const line = describeStart(config, "http://127.0.0.1:3000");
    assert.match(
      line,
      /rate limits and revocations in Redis redis:\/\/:\*\*\*@127\.0\.0\.1:6390\/1 \(keys bubble-jwt:\*\)/,
    );
    assert.ok(!line.includes(password));
    assert.equal(describePerWorker(config), undefined);
    assert.match(
      String(describePerWorker(makeConfig({ WORKERS: "4" }))),
      /limits and revocations are per worker/,
    );
  });

  it("a Redis password is never in a log line or an answer, even while Redis refuses it", async () => {
    const password = `pw-${randomBytes(12).toString("hex")}`;
    const locked = await startRedisServer({ password });
    try {
      const good = await instance(`redis://:${password}@127.0.0.1:${locked.port}`, {
        REDIS_KEY_PREFIX: prefixOf("pw"),
      });
      const wrongPassword = `${password}-wrong`;
      const bad = await instance(`redis://:${wrongPassword}@127.0.0.1:${locked.port}`, {
        REDIS_CONNECT_TIMEOUT_MS: "300",
      });
      const token = await generateToken(good.app);
      assert.equal((await me(good.app, token)).statusCode, 200);
      const answers = [
        await me(bad.app, token),
        await bad.app.inject({ url: "/healthz" }),
        await bad.app.inject({ url: "/readyz" }),
        await good.app.inject({ url: "/healthz" }),
      ];
      assert.equal(answers[0]?.statusCode, 503);
      for (const response of answers) {
        assert.ok(!response.body.includes(password), response.body);
        assert.ok(!response.body.includes(String(locked.port)), "no Redis address in open answers");
      }
      for (const line of [...good.lines, ...bad.lines]) {
        assert.ok(!line.includes(password), line);
      }
      assert.ok(bad.lines.some((line) => line.includes("Redis unreachable") && line.includes(":***@")));
      await good.app.close();
      await bad.app.close();
    } finally {
      await locked.close();
    }
  });
});
