import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { generateKeyPair } from "../../src/jwt/index.js";
import { ConfigError, readConfig } from "../../src/server/config.js";
import { ADMIN_TOKEN, SECRET, tempDir } from "./helpers.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    readConfig(env, { dataDir: tempDir() });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, "ERR_CONFIG_INVALID");
    return [...error.problems];
  }
  assert.fail("readConfig accepted the environment");
}

describe("readConfig", () => {
  it("with nothing configured, creates a development secret and admin token in .data (mode 0600), reused on restart", () => {
    const dataDir = join(tempDir(), ".data");
    const first = readConfig({}, { dataDir });
    assert.equal(first.host, "127.0.0.1");
    assert.equal(first.port, 3000);
    assert.equal(first.alg, "HS256");
    assert.equal(first.enableTestPage, true);
    assert.ok(first.devKeys !== undefined);
    for (const file of [first.devKeys.secretFile, first.devKeys.adminTokenFile]) {
      assert.equal(statSync(file).mode & 0o777, 0o600);
    }
    assert.equal(readFileSync(first.devKeys.secretFile, "utf8").trim().length, 43);
    const second = readConfig({}, { dataDir });
    assert.equal(second.signingKey.kid, first.signingKey.kid);
    assert.equal(second.adminApiToken, first.adminApiToken);
    assert.equal(second.devKeys?.created, false);
    assert.ok(Object.isFrozen(second));
  });

  it("refuses to start in production without a key, saying what to set", () => {
    const problems = problemsOf({ NODE_ENV: "production", ADMIN_API_TOKEN: ADMIN_TOKEN });
    assert.equal(problems.length, 1);
    assert.match(problems[0] as string, /^No signing key: with NODE_ENV=production set JWT_SECRET/);
  });

  it("refuses production without ADMIN_API_TOKEN unless ALLOW_ANONYMOUS_TOKENS=1, and keeps the page off", () => {
    assert.match(
      problemsOf({ NODE_ENV: "production", JWT_SECRET: SECRET })[0] as string,
      /^ADMIN_API_TOKEN is not set/,
    );
    const open = readConfig({ NODE_ENV: "production", JWT_SECRET: SECRET, ALLOW_ANONYMOUS_TOKENS: "1" });
    assert.equal(open.allowAnonymousTokens, true);
    assert.equal(open.enableTestPage, false);
    assert.equal(open.devKeys, undefined);
  });

  it("names every wrong variable at once, never printing a secret", () => {
    const problems = problemsOf({
      JWT_SECRET: "short-secret",
      PORT: "80a",
      JWT_EXPIRATION_MINUTES: "-5",
      CORS_ORIGINS: "https://app.example.com/",
      WORKERS: "0",
      LOG_LEVEL: "loud",
      ALLOW_ANONYMOUS_TOKENS: "yes",
      ADMIN_API_TOKEN: "tiny",
    });
    assert.deepEqual(problems, [
      'PORT is "80a"; use a whole number from 0 to 65535.',
      'JWT_EXPIRATION_MINUTES is "-5"; use a number of minutes above 0 and at most 525600.',
      'ALLOW_ANONYMOUS_TOKENS is "yes"; use 1 (on) or 0 (off).',
      'CORS_ORIGINS: "https://app.example.com/" is not an origin; write scheme://host[:port] with no path or trailing slash, e.g. https://myapp.bubbleapps.io',
      'WORKERS is "0"; use a whole number from 1 to 256, or "auto" (one per CPU).',
      'LOG_LEVEL is "loud"; use one of: fatal, error, warn, info, debug, trace, silent.',
      "JWT_SECRET is 12 bytes; HS256 needs at least 32 (RFC 7518 section 3.2): generate one with `npx bubble-jwt keygen --alg HS256`.",
      "ADMIN_API_TOKEN is 4 characters long; use at least 32 random characters (generate one with `npx bubble-jwt keygen --alg HS256`).",
    ]);
    assert.ok(problems.every((line) => !line.includes("short-secret") && !line.includes("tiny")));
  });

  it("refuses a secret and a private key together, and an RS256 JWT_ALG with a secret", () => {
    const pair = generateKeyPair("RS256");
    assert.match(
      problemsOf({ JWT_SECRET: SECRET, JWT_PRIVATE_KEY: pair.privateKeyPem })[0] as string,
      /both set: sign with one of them/,
    );
    assert.match(
      problemsOf({ JWT_SECRET: SECRET, JWT_ALG: "RS256" })[0] as string,
      /^JWT_ALG=RS256 signs with a key pair/,
    );
    assert.match(
      problemsOf({ JWT_PRIVATE_KEY: pair.publicKeyPem })[0] as string,
      /^JWT_PRIVATE_KEY: it holds a public key/,
    );
  });

  it("derives a stable HMAC kid that is not the secret nor its plain hash", () => {
    const one = readConfig({ JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN });
    const two = readConfig({ JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN });
    const other = readConfig({ JWT_SECRET: `${SECRET}!`, ADMIN_API_TOKEN: ADMIN_TOKEN });
    assert.equal(one.signingKey.kid, two.signingKey.kid);
    assert.notEqual(one.signingKey.kid, other.signingKey.kid);
    const derived = createHash("sha256").update(`bubble-jwt/hmac-kid/v1\0${SECRET}`).digest("base64url");
    assert.equal(one.signingKey.kid, derived.slice(0, 16));
    assert.ok(
      !createHash("sha256").update(SECRET).digest("base64url").startsWith(String(one.signingKey.kid)),
    );
    assert.ok(!SECRET.includes(String(one.signingKey.kid)));
  });

  it("reads a private key from JWT_PRIVATE_KEY_FILE and says which file it cannot read", () => {
    assert.match(
      problemsOf({ JWT_PRIVATE_KEY_FILE: "/nonexistent/key.pem" })[0] as string,
      /^JWT_PRIVATE_KEY_FILE: cannot read "\/nonexistent\/key.pem" \(ENOENT\)/,
    );
  });
});
