import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { StoreFullError, StoreUnavailableError } from "../../src/server/stores/errors.js";
import { createMemoryRevocationStore } from "../../src/server/stores/memory-revocation-store.js";
import type { RevocationStore } from "../../src/server/stores/revocation-store.js";
import {
  ADMIN_TOKEN,
  adminHeaders,
  decodePart,
  generateToken,
  makeApp,
  makeAppWith,
  movableClock,
  NOW,
} from "./helpers.js";

const REVOKED_CHALLENGE =
  'Bearer realm="bubble-jwt", error="invalid_token", error_description="The token has been revoked"';

function post(app: FastifyInstance, workflow: string, payload: unknown, headers = adminHeaders) {
  return app.inject({ method: "POST", url: `/api/1.1/wf/${workflow}`, headers, payload: payload as object });
}

function me(app: FastifyInstance, token: string) {
  return app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${token}` } });
}

async function verify(app: FastifyInstance, token: string) {
  const response = await post(app, "verify_token", { token }, {} as typeof adminHeaders);
  assert.equal(response.statusCode, 200);
  return response.json().response as { valid: boolean; reason_code: string };
}

describe("every token carries a random jti", () => {
  it("generate_token's tokens each have their own 128-bit jti", async () => {
    const { app } = await makeApp();
    const jtis = new Set<unknown>();
    for (let i = 0; i < 20; i++) jtis.add(decodePart(await generateToken(app), 1).jti);
    assert.equal(jtis.size, 20);
    for (const jti of jtis) assert.match(String(jti), /^[A-Za-z0-9_-]{22}$/);
  });
});

describe("POST /api/1.1/wf/revoke_token (in memory)", () => {
  it("by token: /me answers 401 ERR_JWT_REVOKED with RFC 6750 invalid_token, verify_token says invalid", async () => {
    const { app } = await makeApp();
    const token = await generateToken(app);
    const other = await generateToken(app);
    const response = await post(app, "revoke_token", { token });
    assert.equal(response.statusCode, 200);
    const { jti, exp } = decodePart(token, 1) as { jti: string; exp: number };
    assert.deepEqual(response.json(), {
      status: "success",
      response: { jti, expires_at: exp * 1000, stored: true, ttl_seconds: 3600 + 30 },
    });
    const refused = await me(app, token);
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.headers["www-authenticate"], REVOKED_CHALLENGE);
    assert.equal(refused.json().body.reason_code, "ERR_JWT_REVOKED");
    assert.deepEqual(await verify(app, token), {
      ...(await verify(app, token)),
      valid: false,
      reason_code: "ERR_JWT_REVOKED",
    });
    assert.equal((await me(app, other)).statusCode, 200, "only that token is refused");
    assert.equal((await verify(app, other)).valid, true);
  });

  it("by jti and expires_at (milliseconds, or an ISO date), also under /version-test", async () => {
    const { app } = await makeApp();
    const first = await generateToken(app);
    const second = await generateToken(app);
    const one = decodePart(first, 1) as { jti: string; exp: number };
    const two = decodePart(second, 1) as { jti: string; exp: number };
    const byMs = await post(app, "revoke_token", { jti: one.jti, expires_at: one.exp * 1000 });
    assert.equal(byMs.statusCode, 200, byMs.body);
    const byIso = await app.inject({
      method: "POST",
      url: "/version-test/api/1.1/wf/revoke_token",
      headers: adminHeaders,
      payload: { jti: two.jti, expires_at: new Date(two.exp * 1000).toISOString() },
    });
    assert.equal(byIso.statusCode, 200, byIso.body);
    assert.equal(byIso.json().response.ttl_seconds, 3630);
    for (const token of [first, second]) assert.equal((await me(app, token)).statusCode, 401);
  });

  it("is admin only: no credential 401, another Bearer token 401, and nothing is revoked", async () => {
    const { app } = await makeApp();
    const token = await generateToken(app);
    const missing = await post(app, "revoke_token", { token }, {} as typeof adminHeaders);
    assert.equal(missing.statusCode, 401);
    assert.equal(missing.json().body.reason_code, "ERR_AUTH_MISSING");
    const wrong = await post(app, "revoke_token", { token }, { authorization: `Bearer ${token}` });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().body.reason_code, "ERR_AUTH_INVALID");
    const user = await post(app, "revoke_user", { user_id: "u1" }, { authorization: `Bearer ${token}` });
    assert.equal(user.statusCode, 401);
    assert.equal((await me(app, token)).statusCode, 200);
  });

  it("stays admin only with ALLOW_ANONYMOUS_TOKENS=1 when an admin token is set", async () => {
    const { app } = await makeApp({ ALLOW_ANONYMOUS_TOKENS: "1" });
    const token = await generateToken(app);
    const anonymous = await post(app, "revoke_token", { token }, {} as typeof adminHeaders);
    assert.equal(anonymous.statusCode, 401);
    assert.equal((await post(app, "revoke_token", { token })).statusCode, 200);
  });

  it("refuses what it cannot revoke, naming the parameter, with the engine's code for a bad token", async () => {
    const { app } = await makeApp();
    const token = await generateToken(app);
    const { jti } = decodePart(token, 1) as { jti: string };
    const tampered = `${token.slice(0, -2)}${token.endsWith("A") ? "B" : "A"}A`;
    const cases: [unknown, number, string, string | undefined][] = [
      [{}, 400, "MISSING_DATA", undefined],
      [{ token: tampered }, 400, "INVALID_DATA", "ERR_JWS_SIGNATURE_INVALID"],
      [{ token: "not-a-token" }, 400, "INVALID_DATA", "ERR_JWT_MALFORMED"],
      [{ token, jti }, 400, "INVALID_DATA", "ERR_PARAMETER_CONFLICT"],
      [{ jti }, 400, "MISSING_DATA", undefined],
      [{ jti, expires_at: Math.floor(NOW.getTime() / 1000) + 60 }, 400, "INVALID_DATA", "ERR_DATE_INVALID"],
      [{ jti, expires_at: "tomorrow" }, 400, "INVALID_DATA", "ERR_DATE_INVALID"],
      [{ jti, expires_at: "2026-01-15T13:00:00" }, 400, "INVALID_DATA", "ERR_DATE_INVALID"],
      [{ jti, expires_at: NOW.getTime() + 2 * 365 * 86_400_000 }, 400, "INVALID_DATA", "ERR_DATE_INVALID"],
      [{ jti: "x".repeat(1025), expires_at: NOW.getTime() + 60_000 }, 400, "INVALID_DATA", undefined],
      [{ jti: { $ne: "" }, expires_at: NOW.getTime() + 60_000 }, 400, "INVALID_DATA", undefined],
    ];
    for (const [payload, statusCode, status, reasonCode] of cases) {
      const response = await post(app, "revoke_token", payload);
      const label = JSON.stringify(payload).slice(0, 80);
      assert.equal(response.statusCode, statusCode, label);
      assert.equal(response.json().body.status, status, label);
      assert.equal(response.json().body.reason_code, reasonCode, label);
      assert.doesNotMatch(response.body, /eyJ/, "the token is never echoed");
    }
    assert.equal((await me(app, token)).statusCode, 200, "nothing was revoked");
  });

  it("an expired token: 200, stored false (it is refused anyway), nothing kept", async () => {
    const clock = movableClock();
    const store = createMemoryRevocationStore({ clockToleranceSeconds: 30, clock });
    const { app } = await makeAppWith({}, { clock, revocationStore: store });
    const token = await generateToken(app);
    clock.advance(2 * 3_600_000);
    const response = await post(app, "revoke_token", { token });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().response.stored, false);
    assert.equal(response.json().response.jti, (decodePart(token, 1) as { jti: string }).jti);
  });

  it("revoked entries go with their token: past its exp plus the tolerance, the entry is dropped", async () => {
    const clock = movableClock();
    const store = createMemoryRevocationStore({ clockToleranceSeconds: 30, clock });
    const { app } = await makeAppWith({}, { clock, revocationStore: store });
    const token = await generateToken(app);
    const { jti } = decodePart(token, 1) as { jti: string };
    await post(app, "revoke_token", { token });
    clock.advance(3600_000 + 29_000);
    assert.equal(await store.isRevoked({ jti }), true, "still refused within the tolerance");
    clock.advance(2_000);
    assert.equal(await store.isRevoked({ jti }), false, "dropped once the token cannot verify anyway");
  });
});

describe("POST /api/1.1/wf/revoke_user (in memory)", () => {
  it("refuses the user's tokens issued before now, accepts newer ones and other users' tokens", async () => {
    const clock = movableClock();
    const { app } = await makeAppWith({}, { clock });
    const old = await generateToken(app, { user_id: "u1", email: "u1@example.com" });
    const otherUser = await generateToken(app, { user_id: "u2", email: "u2@example.com" });
    clock.advance(10_500);
    const response = await post(app, "revoke_user", { user_id: "u1" });
    assert.equal(response.statusCode, 200, response.body);
    const cutoff = Math.ceil((NOW.getTime() + 10_500) / 1000) * 1000;
    assert.deepEqual(response.json().response, {
      user_id: "u1",
      issued_before: cutoff,
      stored: true,
      ttl_seconds: 3600 + 1 + 30,
    });
    const refused = await me(app, old);
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.headers["www-authenticate"], REVOKED_CHALLENGE);
    assert.equal((await verify(app, old)).reason_code, "ERR_JWT_REVOKED");
    assert.equal((await me(app, otherUser)).statusCode, 200);
    clock.advance(1_000);
    const fresh = await generateToken(app, { user_id: "u1", email: "u1@example.com" });
    assert.equal((await me(app, fresh)).statusCode, 200, "a token issued after the cut-off is accepted");
  });

  it("a token of the same second as the cut-off counts as before it (it may have been issued earlier)", async () => {
    const clock = movableClock(new Date(NOW.getTime() + 100));
    const { app } = await makeAppWith({}, { clock });
    const token = await generateToken(app);
    clock.advance(700);
    assert.equal((await post(app, "revoke_user", { user_id: "u1" })).statusCode, 200);
    assert.equal((await me(app, token)).statusCode, 401);
  });

  it("takes issued_before (milliseconds or ISO), keeps a later cut-off, refuses the future", async () => {
    const clock = movableClock();
    const { app } = await makeAppWith({}, { clock });
    const old = await generateToken(app);
    clock.advance(60_000);
    const newer = await generateToken(app);
    const at = NOW.getTime() + 30_000;
    const response = await post(app, "revoke_user", {
      user_id: "u1",
      issued_before: new Date(at).toISOString(),
    });
    assert.equal(response.json().response.issued_before, at);
    assert.equal((await me(app, old)).statusCode, 401);
    assert.equal((await me(app, newer)).statusCode, 200);
    const earlier = await post(app, "revoke_user", { user_id: "u1", issued_before: NOW.getTime() });
    assert.equal(earlier.json().response.issued_before, at, "an earlier cut-off never replaces a later one");
    const future = await post(app, "revoke_user", { user_id: "u1", issued_before: clock() + 3_600_000 });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().body.reason_code, "ERR_DATE_INVALID");
    const missing = await post(app, "revoke_user", {});
    assert.equal(missing.statusCode, 400);
    assert.equal(
      missing.json().body.message,
      "Missing parameter for workflow revoke_user: parameter user_id",
    );
  });

  it("user ids given as numbers match tokens made with the number", async () => {
    const clock = movableClock();
    const { app } = await makeAppWith({}, { clock });
    const token = await generateToken(app, { user_id: 1700000000042, email: "n@example.com" });
    clock.advance(2_000);
    assert.equal((await post(app, "revoke_user", { user_id: "1700000000042" })).statusCode, 200);
    assert.equal((await me(app, token)).statusCode, 401);
  });
});

/** A store whose every answer fails as `error` does: what an unreachable Redis looks like to the app. */
function failingStore(error: () => Error): RevocationStore {
  return {
    kind: "redis",
    revokeToken: async () => {
      throw error();
    },
    revokeUser: async () => {
      throw error();
    },
    isRevoked: async () => {
      throw error();
    },
    health: async () => ({
      status: "down",
      store: "redis",
      latencyMs: 1,
      code: "ERR_STORE_UNAVAILABLE",
      message: "Redis is not connected (reconnecting) at 10.1.2.3:6379.",
    }),
    close: async () => undefined,
  };
}

describe("a store that cannot answer: verification fails closed", () => {
  it("/me, verify_token and the revocations answer 503 with Retry-After; generate_token still works", async () => {
    const store = failingStore(
      () => new StoreUnavailableError("Redis could not check a token (ECONNREFUSED)"),
    );
    const { app, lines } = await makeAppWith({ LOG_LEVEL: "info" }, { revocationStore: store });
    const token = await generateToken(app);
    const answers = [
      await me(app, token),
      await post(app, "verify_token", { token }, {} as typeof adminHeaders),
      await post(app, "revoke_token", { token }),
      await post(app, "revoke_user", { user_id: "u1" }),
      await app.inject({ url: "/readyz" }),
    ];
    for (const response of answers) {
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(response.headers["retry-after"], "2");
      assert.equal(response.json().body.status, "SERVICE_UNAVAILABLE");
      assert.equal(response.json().body.reason_code, "ERR_STORE_UNAVAILABLE");
      assert.match(response.json().body.message, /retry in a few seconds/i);
      assert.doesNotMatch(response.body, /10\.1\.2\.3|ECONNREFUSED|"valid":true/);
    }
    const health = await app.inject({ url: "/healthz" });
    assert.equal(health.statusCode, 200);
    assert.equal(health.json().status, "degraded");
    assert.equal(health.json().store.status, "down");
    assert.doesNotMatch(health.body, /10\.1\.2\.3/, "no host in an open endpoint");
    // A token that does not verify is refused for what it is, without asking the store.
    assert.equal((await me(app, "not-a-token")).statusCode, 401);
    assert.ok(lines.some((line) => line.includes("store unavailable")));
    assert.ok(!lines.some((line) => line.includes('"level":50')), "no error-level line: nothing crashed");
  });

  it("a full in-memory store answers 503 ERR_STORE_FULL to a revocation", async () => {
    const store = failingStore(() => new StoreFullError("full"));
    const { app } = await makeAppWith({}, { revocationStore: store });
    const response = await post(app, "revoke_user", { user_id: "u1" });
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().body.reason_code, "ERR_STORE_FULL");
    assert.equal(response.headers["retry-after"], "2");
  });
});

describe("/readyz", () => {
  it("answers ready with the store's state", async () => {
    const { app } = await makeApp();
    const response = await app.inject({ url: "/readyz" });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      status: "ready",
      store: { kind: "memory", status: "ok", latency_ms: 0 },
    });
  });

  it("logs never hold the admin token or a token sent to revoke_token", async () => {
    const { app, config, lines } = await makeAppWith({ LOG_LEVEL: "info" }, {});
    const token = await generateToken(app);
    await post(app, "revoke_token", { token });
    await post(app, "revoke_token", { token: `${token}x` });
    assert.ok(lines.length > 0);
    for (const line of lines) {
      assert.ok(!line.includes(token.slice(0, 40)), line);
      assert.ok(!line.includes(ADMIN_TOKEN), line);
      assert.ok(!line.includes(config.adminApiToken ?? "never"), line);
    }
  });
});
