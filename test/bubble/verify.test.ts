import assert from "node:assert/strict";
import { createHmac, createPrivateKey } from "node:crypto";
import { globalAgent } from "node:https";
import { after, before, describe, it } from "node:test";
import { encodeJwtDetailed } from "../../src/jwt/index.js";
import { sendJson, startHttpsServer, type TestHttpsServer } from "../helpers/https-server.js";
import { assertNoLeak, type BuiltTestPlugin, buildTestPlugin, OLD_SECRET, SECRET } from "./helpers/plugin.js";

let plugin: BuiltTestPlugin;
before(async () => {
  plugin = await buildTestPlugin();
});
after(() => plugin.remove());

const keys = { JWT_SECRET: SECRET };

async function encode(
  input: Record<string, unknown>,
  pluginKeys: Record<string, string> = keys,
): Promise<string> {
  const result = await plugin.run("Encode JWT", { json_data: '{"user_id": "42"}', ...input }, pluginKeys);
  assert.equal(result.ok, true, result.error as string);
  return result.token as string;
}

describe("Verify JWT: the seed's troubleshooting cases", () => {
  it("accepts a token made with the same secret", async () => {
    const token = await encode({ subject: "u-42", issuer: "https://app.example", audience: "api" });
    const result = await plugin.run("Verify JWT", { token }, keys);
    assert.equal(result.valid, true);
    assert.equal(result.reason_code, null);
    assert.equal(result.matched_key, "current");
    assert.equal(JSON.parse(result.payload_json as string).user_id, "42");
    assert.equal(result.subject, "u-42");
    assert.equal(result.issuer, "https://app.example");
    assert.equal(result.audience, "api");
    assert.ok(result.expires_at instanceof Date && result.issued_at instanceof Date);
  });

  it("a secret mismatch: valid = no, the signature does not match the key", async () => {
    const token = await encode({});
    const result = await plugin.run("Verify JWT", { token }, { JWT_SECRET: OLD_SECRET });
    assert.equal(result.valid, false);
    assert.equal(result.reason_code, "ERR_JWS_SIGNATURE_INVALID");
    assert.match(result.error as string, /signature does not match the key/);
    assert.equal(result.payload_json, null);
    assertNoLeak(result, SECRET, OLD_SECRET, token);
  });

  it("an expired token: valid = no, says it expired and when", async () => {
    const made = encodeJwtDetailed(
      { user_id: "42" },
      { key: SECRET, expiresInMinutes: 60, clock: () => Date.now() - 3 * 3600 * 1000 },
    );
    const result = await plugin.run("Verify JWT", { token: made.token }, keys);
    assert.equal(result.valid, false);
    assert.equal(result.reason_code, "ERR_JWT_EXPIRED");
    assert.ok(
      (result.error as string).includes(`expired at ${made.expiresAt?.toISOString()}`),
      result.error as string,
    );
  });

  it("a clock tolerance lets a just-expired token through", async () => {
    const made = encodeJwtDetailed(
      {},
      { key: SECRET, expiresInMinutes: 1, clock: () => Date.now() - 65_000 },
    );
    const strict = await plugin.run("Verify JWT", { token: made.token }, keys);
    assert.equal(strict.reason_code, "ERR_JWT_EXPIRED");
    const tolerant = await plugin.run("Verify JWT", { token: made.token, clock_tolerance: 60 }, keys);
    assert.equal(tolerant.valid, true);
  });
});

describe("Verify JWT: rotation", () => {
  it("a token made with the old secret verifies through the previous secret, with matched_key = previous", async () => {
    const old = await encode({}, { JWT_SECRET: OLD_SECRET });
    const fresh = await encode({}, { JWT_SECRET: SECRET });
    const rotated = { JWT_SECRET: SECRET, JWT_SECRET_PREVIOUS: OLD_SECRET };
    const viaKey = await plugin.run("Verify JWT", { token: old }, rotated);
    assert.equal(viaKey.valid, true);
    assert.equal(viaKey.matched_key, "previous");
    const viaField = await plugin.run("Verify JWT", { token: old, previous_secret: OLD_SECRET }, keys);
    assert.equal(viaField.matched_key, "previous");
    assert.equal((await plugin.run("Verify JWT", { token: fresh }, rotated)).matched_key, "current");
    const after = await plugin.run("Verify JWT", { token: old }, keys);
    assert.equal(after.reason_code, "ERR_JWS_SIGNATURE_INVALID");
  });
});

describe("Verify JWT: expected claims and algorithms", () => {
  it("checks issuer, audience and subject when set", async () => {
    const token = await encode({ issuer: "i1", audience: "a1", subject: "s1" });
    const ok = await plugin.run(
      "Verify JWT",
      { token, expected_issuer: "i0, i1", expected_audience: "a1", expected_subject: "s1" },
      keys,
    );
    assert.equal(ok.valid, true);
    for (const [field, claim] of [
      ["expected_issuer", "iss"],
      ["expected_audience", "aud"],
      ["expected_subject", "sub"],
    ]) {
      const result = await plugin.run("Verify JWT", { token, [field as string]: "other" }, keys);
      assert.equal(result.valid, false);
      assert.equal(result.reason_code, "ERR_JWT_CLAIM_INVALID");
      assert.match(result.error as string, new RegExp(`"${claim}"`));
    }
  });

  it("refuses an algorithm outside Allowed algorithms", async () => {
    const token = await encode({});
    const result = await plugin.run("Verify JWT", { token, allowed_algorithms: "RS256, ES256" }, keys);
    assert.equal(result.reason_code, "ERR_ALG_NOT_ALLOWED");
    assert.match(result.error as string, /HS256/);
  });

  it("refuses alg none and a token that is not a JWT", async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"a":1}').toString("base64url")}.`;
    const result = await plugin.run("Verify JWT", { token: none }, keys);
    assert.equal(result.valid, false);
    assert.match(result.reason_code as string, /^ERR_/);
    const garbage = await plugin.run("Verify JWT", { token: "hello" }, keys);
    assert.equal(garbage.reason_code, "ERR_JWT_MALFORMED");
  });

  it("says which key is missing when none is set", async () => {
    const token = await encode({});
    const result = await plugin.run("Verify JWT", { token });
    assert.equal(result.reason_code, "ERR_KEY_MISSING");
    assert.match(result.error as string, /JWT_SECRET/);
  });
});

// The private-key forms people paste: literal \n, one line, CR LF and indentation, base64 around it, quotes.
const mangle: Record<string, (pem: string) => string> = {
  "literal \\n": (pem) => pem.trim().replace(/\n/g, "\\n"),
  "one line": (pem) => pem.replace(/\n/g, " "),
  "CR LF and indentation": (pem) =>
    pem
      .split("\n")
      .map((line) => `   ${line}`)
      .join("\r\n"),
  "base64-wrapped": (pem) => Buffer.from(pem).toString("base64"),
  "in quotes": (pem) => `"${pem.trim().replace(/\n/g, "\\n")}"`,
};

describe("Verify JWT: RS256, ES256 and EdDSA", () => {
  for (const [alg, legacy] of [
    ["RS256", "pkcs1"],
    ["ES256", "sec1"],
    ["EdDSA", undefined],
  ] as const) {
    it(`${alg}: mangled private keys sign; public PEM, JWK and JWKS verify`, async () => {
      const pair = await plugin.run("Generate secret or key pair", { algorithm: alg });
      assert.equal(pair.ok, true, pair.error as string);
      const privatePem = pair.private_key_pem as string;
      const forms = Object.entries(mangle).map(([name, fn]) => [name, fn(privatePem)] as const);
      if (legacy !== undefined) {
        const legacyPem = createPrivateKey(privatePem).export({ format: "pem", type: legacy }).toString();
        forms.push([`${legacy} PEM, literal \\n`, legacyPem.trim().replace(/\n/g, "\\n")]);
      }
      for (const [name, privateKey] of forms) {
        const token = await encode({ algorithm: alg, private_key: privateKey, key_id: pair.key_id }, {});
        for (const [public_key, matched] of [
          [pair.public_key_pem, "public_key"],
          [pair.public_jwk, pair.key_id],
          [pair.jwks, pair.key_id],
        ]) {
          const result = await plugin.run("Verify JWT", { token, public_key }, keys);
          assert.equal(result.valid, true, `${alg} ${name}: ${result.error}`);
          assert.equal(result.matched_key, matched);
          assert.equal(result.key_id, pair.key_id);
        }
      }
      // The plugin key JWT_PRIVATE_KEY is the default private key.
      const viaKey = await encode(
        { algorithm: alg },
        { JWT_PRIVATE_KEY: mangle["literal \\n"]?.(privatePem) ?? "" },
      );
      const checked = await plugin.run("Verify JWT", { token: viaKey, public_key: pair.public_key_pem });
      assert.equal(checked.valid, true);
      assert.equal(checked.matched_key, "public_key");
      assertNoLeak(pair, viaKey);
    });
  }

  it("a public key never verifies an HS256 token forged with it as a secret", async () => {
    const pair = await plugin.run("Generate secret or key pair", { algorithm: "ES256" });
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
    const signingInput = `${header}.${Buffer.from('{"admin":true}').toString("base64url")}`;
    const mac = createHmac("sha256", pair.public_key_pem as string)
      .update(signingInput)
      .digest("base64url");
    const forged = `${signingInput}.${mac}`;
    const result = await plugin.run("Verify JWT", { token: forged, public_key: pair.public_key_pem });
    assert.equal(result.valid, false);
    assert.equal(result.reason_code, "ERR_ALG_NOT_ALLOWED");
  });
});

describe("Verify JWT: JWKS URL", () => {
  let server: TestHttpsServer;
  let pair: Record<string, unknown>;
  before(async () => {
    pair = await plugin.run("Generate secret or key pair", { algorithm: "ES256" });
    server = await startHttpsServer(sendJson(JSON.parse(pair.jwks as string)));
    // Trust the test certificate the way an operator adds a CA; the bundled code uses node:https' global agent.
    globalAgent.options.ca = server.cert;
  });
  after(async () => {
    delete globalAgent.options.ca;
    await server.close();
  });

  it("fetches the keys once and verifies with them", async () => {
    const token = await encode(
      { algorithm: "ES256", private_key: pair.private_key_pem, key_id: pair.key_id },
      {},
    );
    const url = `${server.origin}/tenant-a/jwks.json`;
    const before = server.requests();
    const first = await plugin.run("Verify JWT", { token, jwks_url: url }, keys);
    assert.equal(first.valid, true, first.error as string);
    assert.equal(first.matched_key, pair.key_id);
    const second = await plugin.run("Verify JWT", { token, jwks_url: url }, keys);
    assert.equal(second.valid, true);
    assert.equal(server.requests() - before, 1);
  });

  it("refuses an http URL and reports an unreachable one", async () => {
    const token = await encode({});
    const http = await plugin.run("Verify JWT", { token, jwks_url: "http://127.0.0.1/jwks.json" });
    assert.equal(http.reason_code, "ERR_JWKS_FETCH_FAILED");
    assert.match(http.error as string, /https/);
    server.setHandler((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const failing = await plugin.run("Verify JWT", {
      token,
      jwks_url: `${server.origin}/tenant-b/jwks.json`,
    });
    assert.equal(failing.reason_code, "ERR_JWKS_FETCH_FAILED");
    assert.match(failing.error as string, /HTTP 500/);
  });
});
