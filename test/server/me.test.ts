import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateKeyPair } from "../../src/jwt/index.js";
import { decodePart, generateToken, makeApp, NOW } from "./helpers.js";

describe("GET /api/1.1/me", () => {
  it("answers the verified claims for a valid Bearer token", async () => {
    const { app, config } = await makeApp();
    const token = await generateToken(app);
    const response = await app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, "success");
    assert.equal(response.json().response.kid, config.signingKey.kid);
    assert.equal(response.json().response.claims.user_id, "u1");
  });

  it("without a credential: 401 with a bare Bearer challenge (no error, RFC 6750 section 3.1)", async () => {
    const { app } = await makeApp();
    for (const headers of [{}, { authorization: "Basic dXNlcjpwYXNz" }]) {
      const response = await app.inject({ url: "/api/1.1/me", headers });
      assert.equal(response.statusCode, 401);
      assert.equal(response.headers["www-authenticate"], 'Bearer realm="bubble-jwt"');
      assert.equal(response.json().body.status, "UNAUTHORIZED");
    }
  });

  it("tells expired, bad signature and malformed apart in error_description", async () => {
    const { app } = await makeApp();
    const token = await generateToken(app);
    const [h, p, s] = token.split(".") as [string, string, string];
    const cases: [string, Date, string, string][] = [
      [token, new Date(NOW.getTime() + 7_200_000), "ERR_JWT_EXPIRED", "The token has expired"],
      [
        `${h}.${p}.${s.slice(0, 4)}${s[4] === "x" ? "y" : "x"}${s.slice(5)}`,
        NOW,
        "ERR_JWS_SIGNATURE_INVALID",
        "The token signature is invalid",
      ],
      ["not-a-jwt", NOW, "ERR_JWT_MALFORMED", "The token is malformed"],
    ];
    for (const [value, at, code, description] of cases) {
      const { app: clocked } = await makeApp({}, at);
      const response = await clocked.inject({
        url: "/api/1.1/me",
        headers: { authorization: `Bearer ${value}` },
      });
      assert.equal(response.statusCode, 401, code);
      assert.equal(
        response.headers["www-authenticate"],
        `Bearer realm="bubble-jwt", error="invalid_token", error_description="${description}"`,
      );
      assert.equal(response.json().body.reason_code, code);
    }
  });

  it("answers 400 invalid_request for a Bearer header it cannot read", async () => {
    const { app } = await makeApp();
    const response = await app.inject({ url: "/api/1.1/me", headers: { authorization: "Bearer a b" } });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers["www-authenticate"]), /error="invalid_request"/);
  });

  it("refuses a token longer than the cap with a 401, not a 500", async () => {
    const { app } = await makeApp();
    const long = `eyJhbGciOiJIUzI1NiJ9.${"a".repeat(9000)}.sig`;
    const response = await app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${long}` } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().body.reason_code, "ERR_TOKEN_TOO_LARGE");
  });
});

describe("GET /.well-known/jwks.json and /healthz", () => {
  it("publishes an empty key set when only HMAC is used", async () => {
    const { app } = await makeApp();
    const response = await app.inject({ url: "/.well-known/jwks.json" });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { keys: [] });
    assert.deepEqual((await app.inject({ url: "/healthz" })).json(), {
      status: "ok",
      store: { kind: "memory", status: "ok", latency_ms: 0 },
    });
  });

  it("publishes the public key with its RFC 7638 thumbprint as kid, the kid of every token", async () => {
    const pair = generateKeyPair("ES256");
    const { app } = await makeApp({ JWT_SECRET: "", JWT_PRIVATE_KEY: pair.privateKeyPem });
    const jwks = (await app.inject({ url: "/.well-known/jwks.json" })).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kid, pair.kid);
    assert.equal(jwks.keys[0].d, undefined);
    const token = await generateToken(app);
    assert.deepEqual(decodePart(token, 0), { alg: "ES256", typ: "JWT", kid: pair.kid });
    const me = await app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
  });
});
