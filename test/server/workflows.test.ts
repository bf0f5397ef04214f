import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  adminHeaders,
  decodePart,
  generateToken,
  makeApp,
  makeAppWith,
  movableClock,
  NOW,
  PREVIOUS_SECRET,
  SECRET,
} from "./helpers.js";

const url = "/api/1.1/wf/generate_token";

describe("POST /api/1.1/wf/generate_token", () => {
  it("answers Bubble's success shape for a JSON body, with expiry in ms and s", async () => {
    const { app } = await makeApp();
    const response = await app.inject({
      method: "POST",
      url,
      headers: adminHeaders,
      payload: { user_id: "u1", email: "u1@example.com", role: "editor" },
    });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.deepEqual(Object.keys(body), ["status", "response"]);
    assert.deepEqual(Object.keys(body.response), ["token", "expires_at", "expires_in"]);
    assert.equal(response.headers["content-type"], "application/json; charset=utf-8");
    assert.equal(body.status, "success");
    assert.equal(body.response.expires_in, 3600);
    assert.equal(body.response.expires_at, NOW.getTime() + 3_600_000);
    const payload = decodePart(body.response.token, 1);
    assert.match(String(payload.jti), /^[A-Za-z0-9_-]{22}$/, "a random 128-bit jti, for revoke_token");
    assert.deepEqual(payload, {
      user_id: "u1",
      email: "u1@example.com",
      role: "editor",
      sub: "u1",
      iat: NOW.getTime() / 1000,
      exp: NOW.getTime() / 1000 + 3600,
      jti: payload.jti,
    });
    assert.equal(response.headers["cache-control"], "no-store");
  });

  it("accepts a form body and a query string, and the /version-test path", async () => {
    const { app } = await makeApp();
    const form = await app.inject({
      method: "POST",
      url: `/version-test${url}`,
      headers: { ...adminHeaders, "content-type": "application/x-www-form-urlencoded" },
      payload: "user_id=f1&email=f1%40example.com&plan=pro",
    });
    assert.equal(form.statusCode, 200, form.body);
    assert.equal(decodePart(form.json().response.token, 1).plan, "pro");
    const query = await app.inject({
      method: "POST",
      url: `${url}?user_id=q1&email=q1%40example.com`,
      headers: adminHeaders,
    });
    assert.equal(query.statusCode, 200, query.body);
    assert.equal(decodePart(query.json().response.token, 1).user_id, "q1");
  });

  it("puts a kid in every token header", async () => {
    const { app, config } = await makeApp();
    const header = decodePart(await generateToken(app), 0);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT", kid: config.signingKey.kid });
    assert.match(String(header.kid), /^[A-Za-z0-9_-]{16}$/);
  });

  it("answers Bubble's MISSING_DATA body word for word when user_id or email is missing", async () => {
    const { app } = await makeApp();
    const response = await app.inject({
      method: "POST",
      url,
      headers: adminHeaders,
      payload: { email: "a@b.c" },
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      statusCode: 400,
      body: {
        status: "MISSING_DATA",
        message: "Missing parameter for workflow generate_token: parameter user_id",
      },
    });
    const noEmail = await app.inject({
      method: "POST",
      url,
      headers: adminHeaders,
      payload: { user_id: "u" },
    });
    assert.equal(
      noEmail.json().body.message,
      "Missing parameter for workflow generate_token: parameter email",
    );
  });

  it("refuses a caller without the admin token with a Bubble-style 401", async () => {
    const { app } = await makeApp();
    const response = await app.inject({ method: "POST", url, payload: { user_id: "u", email: "e@x.y" } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().body.status, "UNAUTHORIZED");
    assert.match(response.json().body.message, /admin only/);
    assert.equal(response.headers["www-authenticate"], 'Bearer realm="bubble-jwt"');
    const wrong = await app.inject({
      method: "POST",
      url,
      headers: { authorization: "Bearer not-the-admin-token" },
      payload: { user_id: "u", email: "e@x.y" },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().body.reason_code, "ERR_AUTH_INVALID");
    assert.match(String(wrong.headers["www-authenticate"]), /error="invalid_token"/);
  });

  it("opens generate_token to anyone only with ALLOW_ANONYMOUS_TOKENS=1", async () => {
    const { app } = await makeApp({ ALLOW_ANONYMOUS_TOKENS: "1" });
    const response = await app.inject({ method: "POST", url, payload: { user_id: "u", email: "e@x.y" } });
    assert.equal(response.statusCode, 200);
  });

  it("refuses parameters that are not text, and a body that is not an object", async () => {
    const { app } = await makeApp();
    const object = await app.inject({
      method: "POST",
      url,
      headers: adminHeaders,
      payload: { user_id: { $ne: 1 }, email: "e@x.y" },
    });
    assert.equal(object.statusCode, 400);
    assert.equal(object.json().body.status, "INVALID_DATA");
    const list = await app.inject({ method: "POST", url, headers: adminHeaders, payload: [1, 2] });
    assert.equal(list.statusCode, 400);
    assert.match(list.json().body.message, /JSON object/);
  });

  it("turns a bad claim into a 400 with the engine's code", async () => {
    const { app } = await makeApp();
    const response = await app.inject({
      method: "POST",
      url,
      headers: adminHeaders,
      payload: { user_id: "u", email: "e@x.y", nbf: "next tuesday" },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().body.status, "INVALID_DATA");
    assert.match(response.json().body.reason_code, /^ERR_/);
  });

  it("limits each client to RATE_LIMIT_PER_MINUTE calls, shared by live and version-test", async () => {
    const { app } = await makeApp({ RATE_LIMIT_PER_MINUTE: "2" });
    const call = (path: string) =>
      app.inject({
        method: "POST",
        url: path,
        headers: adminHeaders,
        payload: { user_id: "u", email: "e@x.y" },
      });
    assert.equal((await call(url)).statusCode, 200);
    assert.equal((await call(`/version-test${url}`)).statusCode, 200);
    const third = await call(url);
    assert.equal(third.statusCode, 429);
    assert.equal(third.json().body.status, "TOO_MANY_REQUESTS");
    assert.equal(third.json().body.reason_code, "ERR_RATE_LIMITED");
    assert.ok(third.headers["retry-after"] !== undefined);
  });

  it("answers the limit's headers on every counted call, and opens a new window after a minute", async () => {
    const clock = movableClock();
    const { app } = await makeAppWith({ RATE_LIMIT_PER_MINUTE: "2", TRUST_PROXY: "1" }, { clock });
    const call = (client: string) =>
      app.inject({
        method: "POST",
        url,
        headers: { ...adminHeaders, "x-forwarded-for": client },
        payload: { user_id: "u", email: "e@x.y" },
      });
    const limitHeaders = (response: Awaited<ReturnType<typeof call>>) => [
      response.statusCode,
      response.headers["x-ratelimit-limit"],
      response.headers["x-ratelimit-remaining"],
      response.headers["x-ratelimit-reset"],
      response.headers["retry-after"],
    ];
    assert.deepEqual(limitHeaders(await call("203.0.113.7")), [200, "2", "1", "60", undefined]);
    clock.advance(15_000);
    assert.deepEqual(limitHeaders(await call("203.0.113.7")), [200, "2", "0", "45", undefined]);
    const refused = await call("203.0.113.7");
    assert.deepEqual(limitHeaders(refused), [429, "2", "0", "45", "45"]);
    assert.equal(
      refused.json().body.message,
      "Too many requests: at most 2 per minute for each client. Retry in 45 seconds.",
    );
    // Another client has its own count; an IPv6 client is counted by its /64.
    assert.equal((await call("198.51.100.1")).statusCode, 200);
    assert.equal((await call("2001:db8::1")).statusCode, 200);
    assert.equal((await call("2001:db8::2")).statusCode, 200);
    assert.equal((await call("2001:db8::3")).statusCode, 429);
    clock.advance(45_000);
    assert.deepEqual(limitHeaders(await call("203.0.113.7")), [200, "2", "1", "60", undefined]);
  });
});

describe("POST /api/1.1/wf/verify_token", () => {
  const verifyUrl = "/api/1.1/wf/verify_token";

  it("says valid, with the payload and the kid, without any admin token", async () => {
    const { app, config } = await makeApp();
    const token = await generateToken(app);
    const response = await app.inject({ method: "POST", url: verifyUrl, payload: { token } });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.status, "success");
    assert.equal(body.response.valid, true);
    assert.equal(body.response.reason_code, "OK");
    assert.equal(body.response.kid, config.signingKey.kid);
    assert.equal(body.response.payload.user_id, "u1");
  });

  it("says invalid with the reason for an altered, an expired and a garbage token", async () => {
    const { app } = await makeApp();
    const token = await generateToken(app);
    const [h, p, s] = token.split(".") as [string, string, string];
    const altered = `${h}.${p}.${s.slice(0, 5)}${s[5] === "A" ? "B" : "A"}${s.slice(6)}`;
    const answer = async (value: string, at = NOW) => {
      const { app: later } = await makeApp({}, at);
      const response = await later.inject({ method: "POST", url: verifyUrl, payload: { token: value } });
      assert.equal(response.statusCode, 200);
      return response.json().response;
    };
    const bad = await answer(altered);
    assert.equal(bad.valid, false);
    assert.equal(bad.reason_code, "ERR_JWS_SIGNATURE_INVALID");
    assert.deepEqual(bad.payload, {});
    const expired = await answer(token, new Date(NOW.getTime() + 2 * 3_600_000));
    assert.equal(expired.reason_code, "ERR_JWT_EXPIRED");
    assert.equal((await answer("garbage")).reason_code, "ERR_JWT_MALFORMED");
  });

  it("answers MISSING_DATA without a token", async () => {
    const { app } = await makeApp();
    const response = await app.inject({ method: "POST", url: verifyUrl, payload: {} });
    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json().body.message,
      "Missing parameter for workflow verify_token: parameter token",
    );
  });
});

describe("rotation with JWT_SECRET_PREVIOUS", () => {
  it("verifies tokens of the previous secret, and signs only with the new one", async () => {
    const { app: before } = await makeApp({ JWT_SECRET: PREVIOUS_SECRET });
    const oldToken = await generateToken(before);
    const { app: after, config } = await makeApp({
      JWT_SECRET: SECRET,
      JWT_SECRET_PREVIOUS: PREVIOUS_SECRET,
    });
    const verified = await after.inject({
      method: "POST",
      url: "/api/1.1/wf/verify_token",
      payload: { token: oldToken },
    });
    assert.equal(verified.json().response.valid, true);
    assert.notEqual(verified.json().response.kid, config.signingKey.kid);
    const newToken = await generateToken(after);
    assert.equal(decodePart(newToken, 0).kid, config.signingKey.kid);
    const { app: stranger } = await makeApp({ JWT_SECRET: `${SECRET}-other` });
    const refused = await stranger.inject({
      method: "POST",
      url: "/api/1.1/wf/verify_token",
      payload: { token: oldToken },
    });
    assert.equal(refused.json().response.reason_code, "ERR_KID_UNKNOWN");
  });
});
