// Regression tests for issue 8 ("The token service, hardened"), one describe per item, each test named
// after the problem it pins. Every one of them failed on the service before the fix.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { generateKeyPair } from "../../src/jwt/index.js";
import { buildApp } from "../../src/server/app.js";
import { ConfigError, readConfig } from "../../src/server/config.js";
import { loadDevKeys } from "../../src/server/dev-keys.js";
import { startService } from "../../src/server/start.js";
import {
  ADMIN_TOKEN,
  adminHeaders,
  decodePart,
  generateToken,
  makeApp,
  makeConfig,
  makeDevApp,
  NOW,
  PREVIOUS_SECRET,
  SECRET,
  tempDir,
} from "./helpers.js";

const generateUrl = "/api/1.1/wf/generate_token";
const verifyUrl = "/api/1.1/wf/verify_token";

function problemsOf(env: Record<string, string>): string[] {
  try {
    readConfig({ LOG_LEVEL: "silent", ...env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.problems];
  }
  assert.fail("readConfig accepted the environment");
}

/** A validly signed HS256 token with any payload, as an attacker holding no key cannot make but a bug could. */
function signHs(secret: string, kid: string | undefined, payload: object, alg: "HS256" | "HS512" = "HS256") {
  const header = Buffer.from(JSON.stringify({ alg, typ: "JWT", kid })).toString("base64url");
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const hash = alg === "HS256" ? "sha256" : "sha512";
  return `${header}.${body}.${createHmac(hash, secret).update(`${header}.${body}`).digest("base64url")}`;
}

async function verifyAnswer(app: Awaited<ReturnType<typeof makeApp>>["app"], token: string) {
  const response = await app.inject({ method: "POST", url: verifyUrl, payload: { token } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().response as { valid: boolean; reason_code: string; reason: string; kid: string };
}

describe("1. a caller of generate_token cannot set registered claims", () => {
  const claims = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"] as const;

  it("refuses iat (a token living until 5138), exp, nbf, iss, aud, sub, jti from JSON, form and query with a 400 naming it", async () => {
    const { app } = await makeApp();
    for (const claim of claims) {
      const value = claim === "iat" ? "99999999999" : "x";
      const inputs = [
        {
          name: "JSON",
          headers: adminHeaders,
          url: generateUrl,
          payload: { user_id: "u1", email: "a@b.c", [claim]: value },
        },
        {
          name: "form",
          headers: { ...adminHeaders, "content-type": "application/x-www-form-urlencoded" },
          url: generateUrl,
          payload: `user_id=u1&email=a%40b.c&${claim}=${value}`,
        },
        {
          name: "query",
          headers: adminHeaders,
          url: `${generateUrl}?user_id=u1&email=a%40b.c&${claim}=${value}`,
        },
      ];
      for (const input of inputs) {
        const response = await app.inject({ method: "POST", ...input });
        assert.equal(response.statusCode, 400, `${claim} in ${input.name}: ${response.body}`);
        const body = response.json();
        assert.deepEqual(Object.keys(body), ["statusCode", "body"]);
        assert.equal(body.statusCode, 400);
        assert.equal(body.body.status, "INVALID_DATA");
        assert.equal(body.body.reason_code, "ERR_CLAIM_RESERVED");
        assert.match(
          body.body.message,
          new RegExp(`^Parameter ${claim} of workflow generate_token is refused`),
        );
      }
    }
  });

  it("answers expires_in and expires_at that match the token's own exp and iat", async () => {
    const { app } = await makeApp({ JWT_EXPIRATION_MINUTES: "7" });
    const response = await app.inject({
      method: "POST",
      url: generateUrl,
      headers: adminHeaders,
      payload: { user_id: "u1", email: "a@b.c" },
    });
    const { token, expires_at, expires_in } = response.json().response;
    const payload = decodePart(token, 1) as { exp: number; iat: number; sub: string };
    assert.equal(expires_at, payload.exp * 1000);
    assert.equal(expires_in, payload.exp - payload.iat);
    assert.equal(expires_in, 7 * 60);
    assert.equal(payload.iat, NOW.getTime() / 1000);
    assert.equal(payload.sub, "u1");
  });
});

describe("2. the test page never mints tokens with real keys", () => {
  const mint = (app: Awaited<ReturnType<typeof makeApp>>["app"], headers: Record<string, string> = {}) =>
    app.inject({
      method: "POST",
      url: "/test-page/token",
      headers,
      payload: { user_id: "u", email: "e@x.y" },
    });

  it("has no token route when a secret, a private key, a previous key or an admin token is configured", async () => {
    const configured: Record<string, string>[] = [
      { ENABLE_TEST_PAGE: "1" }, // JWT_SECRET and ADMIN_API_TOKEN from makeApp
      { NODE_ENV: "production", ENABLE_TEST_PAGE: "1" },
    ];
    for (const env of configured) {
      const { app } = await makeApp(env);
      assert.equal((await app.inject({ url: "/" })).statusCode, 200, "the page itself is served");
      assert.equal((await mint(app)).statusCode, 404, JSON.stringify(env));
    }
    const devConfigured: Record<string, string>[] = [
      { ADMIN_API_TOKEN: ADMIN_TOKEN },
      { JWT_SECRET: SECRET },
      { JWT_PRIVATE_KEY: generateKeyPair("ES256").privateKeyPem },
      { JWT_SECRET_PREVIOUS: PREVIOUS_SECRET },
      { HOST: "0.0.0.0" },
    ];
    for (const env of devConfigured) {
      const { app } = await makeDevApp(env);
      assert.equal((await mint(app)).statusCode, 404, Object.keys(env).join());
    }
    const { app: dev } = await makeDevApp();
    assert.equal((await mint(dev)).statusCode, 200, "on generated development keys it exists");
  });

  it("refuses a DNS-rebinding Host and a wrong port, also over a real socket", async () => {
    const { app } = await makeDevApp();
    const rebound = await mint(app, { host: "rebind.attacker.example:3000" });
    assert.equal(rebound.statusCode, 403);
    assert.equal(rebound.json().body.reason_code, "ERR_HOST_REFUSED");
    const service = await startService(
      { NODE_ENV: "development", PORT: "0", LOG_LEVEL: "silent" },
      { dataDir: tempDir() },
    );
    try {
      const { port } = new URL(service.url);
      const post = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const request = httpRequest(
            {
              host: "127.0.0.1",
              port,
              path: "/test-page/token",
              method: "POST",
              headers: { host, "content-type": "application/json" },
            },
            (response) => {
              response.resume();
              resolve(response.statusCode ?? 0);
            },
          );
          request.on("error", reject);
          request.end(JSON.stringify({ user_id: "u", email: "e@x.y" }));
        });
      assert.equal(await post(`127.0.0.1:${port}`), 200);
      assert.equal(await post(`localhost:${port}`), 200);
      assert.equal(await post(`rebind.attacker.example:${port}`), 403);
      assert.equal(await post("127.0.0.1:1"), 403);
    } finally {
      await service.close();
    }
  });

  it("stops start-up for a NODE_ENV other than development, production or test, listing them", () => {
    for (const value of ["staging", "Production", "prod"]) {
      const problems = problemsOf({ NODE_ENV: value, JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN });
      assert.equal(
        problems[0],
        `NODE_ENV is "${value}": not one of development, production, test (unset means development); ` +
          "a staging service runs as production. Example: NODE_ENV=production",
      );
    }
    for (const value of ["development", "production", "test", ""]) {
      assert.doesNotThrow(() => makeConfig({ NODE_ENV: value }));
    }
  });
});

describe("3. rotation across algorithms keeps old tokens verifying", () => {
  const secret64 = randomBytes(48).toString("base64url"); // 64 characters: enough for HS512
  const secret32 = randomBytes(24).toString("base64url"); // 32 characters: HS256 only

  async function checkRotation(
    before: Record<string, string>,
    after: Record<string, string>,
    newAlg: string,
  ) {
    const { app: old } = await makeApp(before);
    const oldToken = await generateToken(old);
    const { app: rotated, config } = await makeApp(after);
    const verified = await verifyAnswer(rotated, oldToken);
    assert.equal(verified.valid, true, verified.reason);
    const me = await rotated.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${oldToken}` } });
    assert.equal(me.statusCode, 200, me.body);
    const newToken = await generateToken(rotated);
    assert.deepEqual(decodePart(newToken, 0), { alg: newAlg, typ: "JWT", kid: config.signingKey.kid });
    assert.equal((await verifyAnswer(rotated, newToken)).valid, true);
    return { rotated, config, oldToken };
  }

  it("HS256 to HS512: old HS256 tokens verify, and a 32-byte previous secret no longer stops start-up", async () => {
    await checkRotation(
      { JWT_SECRET: secret32 },
      { JWT_SECRET: secret64, JWT_ALG: "HS512", JWT_SECRET_PREVIOUS: secret32 },
      "HS512",
    );
  });

  it("a previous secret never verifies with an algorithm it is too short for", async () => {
    const { app: old } = await makeApp({ JWT_SECRET: secret32 });
    const kid = String(decodePart(await generateToken(old), 0).kid);
    const forged = signHs(secret32, kid, { user_id: "u", exp: NOW.getTime() / 1000 + 60 }, "HS512");
    const { app: rotated } = await makeApp({
      JWT_SECRET: secret64,
      JWT_ALG: "HS512",
      JWT_SECRET_PREVIOUS: secret32,
    });
    const answer = await verifyAnswer(rotated, forged);
    assert.equal(answer.valid, false);
    assert.equal(answer.reason_code, "ERR_ALG_NOT_ALLOWED");
  });

  it("HS512 to ES256: old HS512 tokens verify while the JWKS shows the new public key", async () => {
    const pair = generateKeyPair("ES256");
    const { rotated } = await checkRotation(
      { JWT_SECRET: secret64, JWT_ALG: "HS512" },
      { JWT_SECRET: "", JWT_PRIVATE_KEY: pair.privateKeyPem, JWT_SECRET_PREVIOUS: secret64 },
      "ES256",
    );
    const jwks = (await rotated.inject({ url: "/.well-known/jwks.json" })).json();
    assert.deepEqual(
      jwks.keys.map((key: { kid: string }) => key.kid),
      [pair.kid],
    );
  });

  it("RS256 to EdDSA: old RS256 tokens verify with the old public key in JWT_SECRET_PREVIOUS", async () => {
    const rsa = generateKeyPair("RS256");
    const ed = generateKeyPair("EdDSA");
    const { rotated } = await checkRotation(
      { JWT_SECRET: "", JWT_PRIVATE_KEY: rsa.privateKeyPem },
      { JWT_SECRET: "", JWT_PRIVATE_KEY: ed.privateKeyPem, JWT_SECRET_PREVIOUS: rsa.publicKeyPem },
      "EdDSA",
    );
    const jwks = (await rotated.inject({ url: "/.well-known/jwks.json" })).json();
    assert.deepEqual(
      jwks.keys.map((key: { kid: string }) => key.kid),
      [ed.kid, rsa.kid],
    );
  });
});

describe("4. dates beyond a JavaScript Date", () => {
  it("answer 401 / valid: false with ERR_JWT_CLAIM_INVALID, never a 500", async () => {
    const { app, config } = await makeApp();
    const now = NOW.getTime() / 1000;
    const payloads = [
      { exp: -1e20 },
      { exp: 1e300 },
      { nbf: 1e20, exp: now + 60 },
      { iat: 1e20, exp: now + 60 },
    ];
    for (const payload of payloads) {
      const token = signHs(SECRET, config.signingKey.kid, { user_id: "u", ...payload });
      const me = await app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.statusCode, 401, `${JSON.stringify(payload)}: ${me.body}`);
      assert.equal(me.json().body.reason_code, "ERR_JWT_CLAIM_INVALID");
      const answer = await verifyAnswer(app, token);
      assert.equal(answer.valid, false);
      assert.equal(answer.reason_code, "ERR_JWT_CLAIM_INVALID");
    }
  });
});

describe("5. a malformed URL", () => {
  it("gets the service's own 400 body, the security headers and a log line, echoing nothing", async () => {
    const { app, lines } = await makeApp({ LOG_LEVEL: "info" });
    const response = await app.inject({ url: "/%ZZ?token=secret-query-value" });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      statusCode: 400,
      body: {
        status: "BAD_REQUEST",
        message: "The request URL cannot be decoded: every % must start an escape of two hex digits (%2F).",
        reason_code: "ERR_URL_MALFORMED",
      },
    });
    assert.equal(response.headers["x-content-type-options"], "nosniff");
    assert.equal(response.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    assert.equal(response.headers["cache-control"], "no-store");
    assert.ok(!response.body.includes("ZZ") && !response.body.includes("secret-query-value"));
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(logged.some((entry) => entry.code === "ERR_URL_MALFORMED" && entry.statusCode === 400));
    assert.ok(!lines.join("").includes("secret-query-value"));
  });
});

describe("6. admin token and secret strength at start-up", () => {
  it("refuses an ADMIN_API_TOKEN a Bearer header cannot carry (space, non-ASCII), naming the allowed characters", () => {
    for (const token of [
      "admin token with a space 0123456789abcdefgh",
      "admin-token-é-0123456789-abcdefghijklmnop",
    ]) {
      const problems = problemsOf({ JWT_SECRET: SECRET, ADMIN_API_TOKEN: token });
      assert.equal(problems.length, 1);
      assert.match(
        problems[0] as string,
        /^ADMIN_API_TOKEN: holds characters an Authorization: Bearer header cannot carry/,
      );
      assert.match(problems[0] as string, /letters, digits and - \. _ ~ \+ \//);
      assert.ok(!(problems[0] as string).includes(token));
    }
  });

  it("refuses 32 times 'a' as ADMIN_API_TOKEN and a JWT_SECRET of one repeated character, in production too", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      JWT_SECRET: "s".repeat(64),
      ADMIN_API_TOKEN: "a".repeat(32),
    });
    assert.deepEqual(problems, [
      'JWT_SECRET: has only 1 distinct character: it is not random (at least 10 expected). Example: JWT_SECRET="$(npx bubble-jwt keygen --alg HS256)"',
      'ADMIN_API_TOKEN: has only 1 distinct character: it is not random (at least 10 expected). Example: ADMIN_API_TOKEN="$(openssl rand -base64 32 | tr -d =)"',
    ]);
    assert.match(
      problemsOf({ JWT_SECRET: SECRET, JWT_SECRET_PREVIOUS: "p".repeat(40) })[0] as string,
      /^JWT_SECRET_PREVIOUS: has only 1 distinct/,
    );
  });
});

describe("7. one strict parser for numbers, one message shape", () => {
  const shape = /^[A-Z_]+ is "[^"]*": .+\. Example: [A-Z_]+=.+$/;

  it("refuses WORKERS=1e2 and 0x2, JWT_EXPIRATION_MINUTES=0.001 and TRUST_PROXY=yes, each naming the variable, the problem and a good value", () => {
    const cases: [string, string, RegExp][] = [
      ["WORKERS", "1e2", /^WORKERS is "1e2": not a whole number of processes .*Example: WORKERS=4/],
      ["WORKERS", "0x2", /^WORKERS is "0x2": not a whole number/],
      [
        "JWT_EXPIRATION_MINUTES",
        "0.001",
        /^JWT_EXPIRATION_MINUTES is "0.001": not a whole number of minutes.*Example: JWT_EXPIRATION_MINUTES=60$/,
      ],
      ["PORT", "+80", /^PORT is "\+80": not a whole number/],
      ["RATE_LIMIT_PER_MINUTE", "1e3", /^RATE_LIMIT_PER_MINUTE is "1e3": not a whole number/],
      [
        "TRUST_PROXY",
        "yes",
        /^TRUST_PROXY is "yes": "yes" is not true, false, a number of hops, an IP address, a CIDR/,
      ],
      ["TRUST_PROXY", "10.0.0.0/33", /^TRUST_PROXY is "10.0.0.0\/33"/],
    ];
    for (const [name, value, expected] of cases) {
      const problems = problemsOf({ JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN, [name]: value });
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0] as string, expected);
      assert.match(problems[0] as string, shape);
    }
  });

  it("accepts the good values the messages show", () => {
    const goods: Record<string, string>[] = [
      { WORKERS: "4" },
      { WORKERS: "auto" },
      { JWT_EXPIRATION_MINUTES: "60" },
      { TRUST_PROXY: "1" },
      { TRUST_PROXY: "10.0.0.0/8,127.0.0.1" },
      { TRUST_PROXY: "loopback, ::1" },
    ];
    for (const env of goods) {
      assert.doesNotThrow(() => makeConfig(env), JSON.stringify(env));
    }
    assert.equal(makeConfig({ TRUST_PROXY: "2" }).trustProxy, 2);
  });

  it("reports a garbage JWT_PRIVATE_KEY as unreadable, not as a public key", () => {
    const problems = problemsOf({ JWT_PRIVATE_KEY: "not a key at all, just words" });
    assert.deepEqual(problems.length, 1);
    assert.match(
      problems[0] as string,
      /^JWT_PRIVATE_KEY: is not a private key: it reads as neither PEM nor JWK\. Example: /,
    );
  });
});

describe("8. .data trusts nothing it finds", () => {
  it("tightens a pre-existing 0777 directory to 0700", () => {
    const dir = join(tempDir(), ".data");
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    loadDevKeys(dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it("refuses a symbolic link instead of following it (the target is neither read nor chmod'ed)", () => {
    const root = tempDir();
    const dir = join(root, ".data");
    mkdirSync(dir, { mode: 0o700 });
    const target = join(root, "elsewhere");
    writeFileSync(target, `${"attacker-chosen-secret-0123456789-abcdefghij"}\n`, { mode: 0o644 });
    symlinkSync(target, join(dir, "dev-jwt-secret"));
    assert.throws(
      () => loadDevKeys(dir),
      (error: unknown) =>
        error instanceof ConfigError &&
        /dev-jwt-secret is a symbolic link, which is never followed/.test(error.message),
    );
    assert.equal(statSync(target).mode & 0o777, 0o644);
    assert.ok(lstatSync(join(dir, "dev-jwt-secret")).isSymbolicLink());
    const linkedDir = join(root, "linked-data");
    symlinkSync(dir, linkedDir);
    assert.throws(() => loadDevKeys(linkedDir), /linked-data is a symbolic link/);
  });

  it("refuses files owned by another user", () => {
    const dir = join(tempDir(), ".data");
    loadDevKeys(dir);
    const other = (process.getuid?.() ?? 0) + 1;
    assert.throws(
      () => loadDevKeys(dir, { uid: other }),
      new RegExp(`owned by user \\d+, not by this user \\(${other}\\)`),
    );
  });

  it("refuses a one-character dev-admin-token and a short or uniform dev secret", () => {
    const cases: [string, string, RegExp][] = [
      ["dev-admin-token", "x", /dev-admin-token is 1 characters long; use at least 32/],
      ["dev-jwt-secret", "short", /dev-jwt-secret is 5 bytes; at least 32 are needed/],
      ["dev-jwt-secret", "z".repeat(40), /dev-jwt-secret has only 1 distinct character/],
    ];
    for (const [file, value, expected] of cases) {
      const dir = join(tempDir(), ".data");
      loadDevKeys(dir);
      writeFileSync(join(dir, file), `${value}\n`);
      assert.throws(() => loadDevKeys(dir), expected);
      assert.equal(readFileSync(join(dir, file), "utf8"), `${value}\n`, "left for the developer to delete");
    }
  });
});

describe("9. a known workflow called with the wrong method", () => {
  it("answers 405 with Allow: POST and says to use POST, on the live and version-test paths", async () => {
    const { app } = await makeApp();
    for (const url of [generateUrl, `/version-test${generateUrl}`, verifyUrl]) {
      const response = await app.inject({ method: "GET", url });
      assert.equal(response.statusCode, 405, url);
      assert.equal(response.headers.allow, "POST");
      assert.equal(response.json().body.status, "METHOD_NOT_ALLOWED");
      assert.equal(response.json().body.reason_code, "ERR_METHOD_NOT_ALLOWED");
      assert.match(response.json().body.message, /is called with POST, not GET/);
      assert.equal(response.headers["x-content-type-options"], "nosniff");
    }
    const me = await app.inject({ method: "POST", url: "/api/1.1/me" });
    assert.equal(me.statusCode, 405);
    assert.equal(me.headers.allow, "GET, HEAD");
    assert.equal((await app.inject({ method: "GET", url: "/api/1.1/wf/generate_tokn" })).statusCode, 404);
  });
});

describe("10. smaller items", () => {
  it("refuses a 5,000-level nested body for its depth, not with a wrong reason (BigInt?)", async () => {
    const { app } = await makeApp();
    const deep = `${"[".repeat(5000)}1${"]".repeat(5000)}`; // 10 KB: under the body cap
    const response = await app.inject({
      method: "POST",
      url: generateUrl,
      headers: { ...adminHeaders, "content-type": "application/json" },
      payload: `{"user_id":"u","email":"e@x.y","deep":${deep}}`,
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().body.reason_code, "ERR_PARAMETER_TOO_DEEP");
    assert.match(
      response.json().body.message,
      /^Parameter deep of workflow generate_token is nested more than 32 levels/,
    );
  });

  it("refuses __proto__ the same way from JSON, form and query input (and nested in JSON)", async () => {
    const { app } = await makeApp();
    const inputs = [
      {
        headers: { ...adminHeaders, "content-type": "application/json" },
        url: generateUrl,
        payload: '{"user_id":"u","email":"e","__proto__":{"admin":true}}',
      },
      {
        headers: { ...adminHeaders, "content-type": "application/json" },
        url: generateUrl,
        payload: '{"user_id":"u","email":"e","x":{"__proto__":{"admin":true}}}',
      },
      {
        headers: { ...adminHeaders, "content-type": "application/x-www-form-urlencoded" },
        url: generateUrl,
        payload: "user_id=u&email=e&__proto__=admin",
      },
      { headers: adminHeaders, url: `${generateUrl}?user_id=u&email=e&__proto__=admin` },
    ];
    for (const input of inputs) {
      const response = await app.inject({ method: "POST", ...input });
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().body.reason_code, "ERR_PARAMETER_FORBIDDEN");
      assert.match(response.json().body.message, /^A parameter named __proto__ \(in .+\) is refused/);
    }
  });

  it("closes a slow client within a few percent of the request timeout, not up to twice it", async () => {
    // With the admin token: a caller without it is refused before its body is read (next test).
    const { answer, elapsedMs } = await sendHalfARequest(1500, ADMIN_TOKEN, "until closed");
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.ok(elapsedMs >= 1400 && elapsedMs < 1500 * 1.2, `closed after ${elapsedMs} ms`);
  });

  it("refuses a caller without the admin token before reading its body", async () => {
    // A guard that waited for the body would answer only at the time-out.
    const { answer, elapsedMs } = await sendHalfARequest(5000, "not-the-admin-token", "first answer");
    assert.match(answer, /^HTTP\/1\.1 401 /);
    assert.match(answer, /"reason_code":"ERR_AUTH_INVALID"/);
    assert.ok(elapsedMs < 2500, `answered after ${elapsedMs} ms`);
  });

  it("never repeats the token's kid in ERR_KID_UNKNOWN answers", async () => {
    const { app } = await makeApp();
    const canary = "ATTACKER-KID-CANARY-<script>";
    const token = signHs(`${SECRET}-other`, canary, { user_id: "u", exp: NOW.getTime() / 1000 + 60 });
    const me = await app.inject({ url: "/api/1.1/me", headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 401);
    assert.equal(me.json().body.reason_code, "ERR_KID_UNKNOWN");
    assert.ok(!me.body.includes("CANARY"), me.body);
    const answer = await verifyAnswer(app, token);
    assert.equal(answer.reason_code, "ERR_KID_UNKNOWN");
    assert.ok(!JSON.stringify(answer).includes("CANARY"));
  });
});

/**
 * Sends generate_token with `bearer` and 10 of its 50 body bytes over a real socket to a fresh app, then
 * waits for the first answer or for the server to close the connection.
 */
async function sendHalfARequest(
  requestTimeoutMs: number,
  bearer: string,
  waitFor: "first answer" | "until closed",
): Promise<{ answer: string; elapsedMs: number }> {
  const app = await buildApp(makeConfig(), { requestTimeoutMs });
  await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    const { port } = app.server.address() as AddressInfo;
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let data = "";
      socket.on("data", (chunk) => {
        data += chunk;
        if (waitFor === "first answer") {
          resolve(data);
          socket.destroy();
        }
      });
      socket.on("close", () => resolve(data));
      socket.on("error", reject);
      socket.write(
        `POST ${generateUrl} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${bearer}\r\n` +
          `Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{"user_id"`,
      );
    });
    return { answer, elapsedMs: Date.now() - started };
  } finally {
    await app.close();
  }
}
