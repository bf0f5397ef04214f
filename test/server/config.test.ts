import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { generateKeyPair } from "../../src/jwt/index.js";
import { ConfigError, readConfig } from "../../src/server/config.js";
import { loadConfig } from "../../src/server/load-config.js";
import { ADMIN_TOKEN, SECRET, tempDir } from "./helpers.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { dataDir: tempDir() });
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
    const first = loadConfig({}, { dataDir });
    assert.equal(first.host, "127.0.0.1");
    assert.equal(first.port, 3000);
    assert.equal(first.alg, "HS256");
    assert.equal(first.enableTestPage, true);
    assert.ok(first.devKeys !== undefined);
    for (const file of [first.devKeys.secretFile, first.devKeys.adminTokenFile]) {
      assert.equal(statSync(file).mode & 0o777, 0o600);
    }
    assert.equal(readFileSync(first.devKeys.secretFile, "utf8").trim().length, 43);
    const second = loadConfig({}, { dataDir });
    assert.equal(second.signingKey.kid, first.signingKey.kid);
    assert.equal(second.adminApiToken, first.adminApiToken);
    assert.equal(second.devKeys?.created, false);
    assert.ok(Object.isFrozen(second));
  });

  it("refuses to start in production without a key, saying what to set", () => {
    const problems = problemsOf({ NODE_ENV: "production", ADMIN_API_TOKEN: ADMIN_TOKEN });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0] as string,
      /^JWT_SECRET: not set, and with NODE_ENV=production there is no signing key/,
    );
  });

  it("refuses production without ADMIN_API_TOKEN unless ALLOW_ANONYMOUS_TOKENS=1, and keeps the page off", () => {
    assert.match(
      problemsOf({ NODE_ENV: "production", JWT_SECRET: SECRET })[0] as string,
      /^ADMIN_API_TOKEN: not set: in production generate_token needs it/,
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
      'PORT is "80a": not a whole number (digits only: no sign, decimal point, exponent or hex). Example: PORT=3000',
      'JWT_EXPIRATION_MINUTES is "-5": not a whole number of minutes (digits only: no sign, decimal point, exponent or hex). Example: JWT_EXPIRATION_MINUTES=60',
      'ALLOW_ANONYMOUS_TOKENS is "yes": not a switch: use 1 (on) or 0 (off). Example: ALLOW_ANONYMOUS_TOKENS=1',
      'CORS_ORIGINS is "https://app.example.com/": not an origin: write scheme://host[:port] with no path or trailing slash. Example: CORS_ORIGINS=https://myapp.bubbleapps.io',
      'WORKERS is "0": out of range: use a whole number of processes from 1 to 256. Example: WORKERS=4 (or auto)',
      'LOG_LEVEL is "loud": not one of fatal, error, warn, info, debug, trace, silent. Example: LOG_LEVEL=info',
      'JWT_SECRET: is 12 bytes; HS256 needs at least 32 (RFC 7518 section 3.2). Example: JWT_SECRET="$(npx bubble-jwt keygen --alg HS256)"',
      'ADMIN_API_TOKEN: is 4 characters long; use at least 32 random characters. Example: ADMIN_API_TOKEN="$(openssl rand -base64 32 | tr -d =)"',
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
      /^JWT_ALG is "RS256": signs with a key pair/,
    );
    assert.match(
      problemsOf({ JWT_PRIVATE_KEY: pair.publicKeyPem })[0] as string,
      /^JWT_PRIVATE_KEY: holds a public key/,
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
      /^JWT_PRIVATE_KEY_FILE is "\/nonexistent\/key.pem": cannot be read \(ENOENT\)/,
    );
  });
});

describe("readConfig: Redis", () => {
  const base = { NODE_ENV: "test", JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN };

  it("without REDIS_URL: no Redis (the in-memory stores)", () => {
    assert.equal(readConfig(base).redis, undefined);
  });

  it("reads REDIS_URL, REDIS_KEY_PREFIX and the two timeouts, with their defaults", () => {
    const plain = readConfig({ ...base, REDIS_URL: "redis://10.0.0.5:6380/2" }).redis;
    assert.equal(plain?.endpoint.host, "10.0.0.5");
    assert.equal(plain?.endpoint.port, 6380);
    assert.equal(plain?.endpoint.db, 2);
    assert.equal(plain?.keyPrefix, "bubble-jwt:");
    assert.equal(plain?.connectTimeoutMs, 1000);
    assert.equal(plain?.commandTimeoutMs, 500);
    const tuned = readConfig({
      ...base,
      REDIS_URL: "rediss://cache.internal:6380",
      REDIS_KEY_PREFIX: "app1:jwt:",
      REDIS_CONNECT_TIMEOUT_MS: "2000",
      REDIS_COMMAND_TIMEOUT_MS: "250",
    }).redis;
    assert.equal(tuned?.endpoint.tls, true);
    assert.equal(tuned?.keyPrefix, "app1:jwt:");
    assert.equal(tuned?.connectTimeoutMs, 2000);
    assert.equal(tuned?.commandTimeoutMs, 250);
  });

  it("counts the URL and its password as secrets: the logs' redactor removes both", () => {
    const password = "pa55word-that-is-long";
    const url = `redis://default:${password}@10.0.0.5:6379/0`;
    const config = readConfig({ ...base, REDIS_URL: url });
    assert.ok(config.secretTexts.includes(url));
    assert.ok(config.secretTexts.includes(password));
    assert.equal(config.redis?.endpoint.display, "redis://default:***@10.0.0.5:6379/0");
  });

  it("refuses a wrong REDIS_URL without ever showing its value, and wrong companions", () => {
    const password = "hunter2-secret-password";
    const problems = problemsOf({
      ...base,
      REDIS_URL: `http://:${password}@10.0.0.5:6379`,
      REDIS_KEY_PREFIX: "has space:",
      REDIS_COMMAND_TIMEOUT_MS: "0.5",
      REDIS_CONNECT_TIMEOUT_MS: "0",
    });
    assert.equal(problems.length, 4, problems.join("\n"));
    assert.match(
      problems.join("\n"),
      /^REDIS_URL: must start with redis:\/\/ or rediss:\/\/, not http:\/\/\. Example: REDIS_URL=/m,
    );
    assert.match(
      problems.join("\n"),
      /^REDIS_KEY_PREFIX is "has space:": at most 128 characters and no spaces/m,
    );
    assert.match(
      problems.join("\n"),
      /^REDIS_COMMAND_TIMEOUT_MS is "0\.5": not a whole number of milliseconds/m,
    );
    assert.match(problems.join("\n"), /^REDIS_CONNECT_TIMEOUT_MS is "0": out of range/m);
    assert.ok(!problems.join("\n").includes(password));
    const garbage = problemsOf({ ...base, REDIS_URL: `not a url ${password}` });
    assert.match(
      garbage[0] as string,
      /^REDIS_URL: is not a URL \(value not shown: it may hold a password\)/,
    );
    assert.ok(!garbage.join("\n").includes(password));
  });
});
