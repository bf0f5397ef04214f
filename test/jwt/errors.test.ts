// Every error code is produced by a real input, says what was wrong and how to fix it, and no
// message ever carries a secret, a private key or a whole token.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import {
  createRemoteKeySet,
  decodeJwt,
  decryptJwt,
  encodeJwt,
  encryptJwt,
  fixedClock,
  importKey,
  importKeySet,
  JWT_ERROR_CODES,
  type Jwk,
  JwtError,
  type JwtErrorCode,
  readIssuerMetadata,
  verifyJws,
  verifyJwt,
} from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { CLOCK, expectJwtError, keyPairFor, NOW_SECONDS, pemBody, SECRET } from "./helpers.js";

const rsa = keyPairFor("rsa");
const p256 = keyPairFor("p256");
const token = encodeJwt({ sub: "user-1" }, { key: SECRET, clock: CLOCK, issuer: "https://issuer.example" });
const at = (seconds: number) => fixedClock(seconds * 1000);
const jweKey = importKey(Buffer.alloc(32, 7), { alg: "dir" });
const jwe = encryptJwt({ sub: "user-1" }, { key: jweKey, clock: CLOCK });

/** For each code: an input that produces it, and what its message must say (what, and how to fix). */
const PRODUCERS: Record<JwtErrorCode, { produce: () => unknown; says: (string | RegExp)[] }> = {
  ERR_PAYLOAD_REQUIRED: {
    produce: () => encodeJwt("  ", { key: SECRET }),
    says: ["payload is required", "Give a JSON object"],
  },
  ERR_PAYLOAD_INVALID: {
    produce: () => encodeJwt('{"email": , "a": 1}', { key: SECRET }),
    says: ["not valid JSON", "line 1, column 11", "A value is missing"],
  },
  ERR_KEY_MISSING: {
    produce: () => verifyJwt(token, ""),
    says: ["key is missing", "Pass the secret"],
  },
  ERR_KEY_INVALID: {
    produce: () => importKey(rsa.publicPem, { alg: "HS256" }),
    says: ["PEM key", "algorithm-confusion", "Choose an RS/PS/ES/EdDSA algorithm"],
  },
  ERR_KEY_WEAK: {
    produce: () => encodeJwt({}, { key: "too-short-secret" }),
    says: ["16 bytes", "at least 32", "generateSecret", "allowWeakKey"],
  },
  ERR_ALG_NOT_ALLOWED: {
    produce: () => verifyJwt(token, SECRET, { algorithms: ["HS512"], clock: CLOCK }),
    says: ["HS256", "not among the allowed algorithms", "HS512"],
  },
  ERR_JWT_MALFORMED: {
    produce: () => verifyJwt("not-a-token", SECRET),
    says: ["1 part", "a JWT has 3"],
  },
  ERR_JWS_SIGNATURE_INVALID: {
    produce: () => verifyJwt(token, `${SECRET}-other`, { clock: CLOCK }),
    says: ["signature does not match", "same secret"],
  },
  ERR_JWT_EXPIRED: {
    produce: () => verifyJwt(token, SECRET, { clock: at(NOW_SECONDS + 7200) }),
    says: ["expired at 2026-01-01T01:00:00.000Z", "Get a new token", "minutes"],
  },
  ERR_JWT_NOT_YET_VALID: {
    produce: () =>
      verifyJwt(encodeJwt({}, { key: SECRET, clock: CLOCK, notBeforeMinutes: 5 }), SECRET, { clock: CLOCK }),
    says: ["not valid before", "clock tolerance"],
  },
  ERR_JWT_CLAIM_INVALID: {
    produce: () => verifyJwt(token, SECRET, { clock: CLOCK, issuer: "https://other.example" }),
    says: ['"iss"', "https://issuer.example", 'expected "https://other.example"'],
  },
  ERR_KID_UNKNOWN: {
    produce: () =>
      verifyJwt(encodeJwt({}, { key: importKey(SECRET, { alg: "HS256", kid: "2026-02" }), clock: CLOCK }), [
        importKey(SECRET, { alg: "HS256", kid: "2026-01" }),
      ]),
    says: ['kid "2026-02"', "add it to the key set"],
  },
  ERR_TOKEN_TOO_LARGE: {
    produce: () => verifyJwt(token, SECRET, { maxTokenBytes: 20 }),
    says: ["the limit is 20", "maxTokenBytes"],
  },
  ERR_OPTION_INVALID: {
    produce: () => encodeJwt({}, { key: SECRET, expiresInMinutes: 0 }),
    says: ["expiresInMinutes must be a positive number", "got 0"],
  },
  // The engine never throws this one itself: the recipes do, through ProviderRuleError (src/inputs).
  ERR_INPUT_RULE: {
    produce: () => runRecipe("ghost-admin", { admin_api_key: "not-a-ghost-key" }, { clock: CLOCK }),
    says: ["admin_api_key must be <24 hex id>:<64 hex secret>", "Admin API key"],
  },
  ERR_DISCOVERY_FAILED: {
    produce: () =>
      readIssuerMetadata(
        '{"issuer":"https://a.example.com","jwks_uri":"https://a.example.com/keys"}',
        "https://b.example.com",
      ),
    says: ["OpenID configuration", "identical", "Configure the issuer exactly"],
  },
  ERR_JWKS_FETCH_FAILED: {
    produce: () => createRemoteKeySet("http://127.0.0.1:9/jwks.json"),
    says: ["must use https", "replaced"],
  },
  ERR_JWE_DECRYPTION_FAILED: {
    produce: () => decryptJwt(jwe, importKey(Buffer.alloc(32, 8), { alg: "dir" }), { clock: CLOCK }),
    says: ["could not be decrypted", "another key", "altered"],
  },
  ERR_JWE_INVALID: {
    produce: () => decryptJwt(jwe.split(".").with(2, "AAAA").join("."), jweKey, { clock: CLOCK }),
    says: ["IV is 3 bytes long", "A256GCM uses 12"],
  },
  ERR_JWT_ENCRYPTED: {
    produce: () => decodeJwt(jwe),
    says: ["encrypted (JWE", "cannot be read without the key", 'alg "dir"', "decryptJwt"],
  },
};

describe("every error code is produced by a real input, with a message that helps", () => {
  it("the table covers every code of JWT_ERROR_CODES", () => {
    assert.deepEqual(Object.keys(PRODUCERS).sort(), Object.keys(JWT_ERROR_CODES).sort());
  });

  for (const [code, { produce, says }] of Object.entries(PRODUCERS)) {
    it(code, () => {
      const error = expectJwtError(produce, code as JwtErrorCode, ...says);
      assert.equal(error.name, "JwtError");
      assert.ok(error instanceof Error);
      assert.ok(error.message.endsWith(".") || error.message.endsWith(")"), error.message);
    });
  }

  it("claim errors name the claim and a reason", () => {
    const error = expectJwtError(PRODUCERS.ERR_JWT_CLAIM_INVALID.produce, "ERR_JWT_CLAIM_INVALID");
    assert.equal(error.claim, "iss");
    assert.equal(error.reason, "mismatch");
  });
});

describe("no message carries a secret, a private key or a whole token", () => {
  const privateSecret = "my-very-private-signing-secret-do-not-leak-0123456789";
  const shortSecret = "hunter2-short";
  const rsaBody = pemBody(rsa.privatePem);
  const ecBody = pemBody(p256.privatePem);
  const passphrase = "passphrase-that-must-stay-private";
  const encrypted = rsa.privateKey
    .export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase })
    .toString();
  const goodToken = encodeJwt({ sub: "x" }, { key: privateSecret, clock: CLOCK });
  const rsaToken = encodeJwt({ sub: "x" }, { key: rsa.privatePem, alg: "RS256", clock: CLOCK });
  const privateJwk = p256.privateKey.export({ format: "jwk" }) as Jwk;

  const attempts: (() => unknown)[] = [
    () => encodeJwt({}, { key: shortSecret }),
    () => verifyJwt(goodToken, shortSecret),
    () => verifyJwt(goodToken, `${privateSecret}x`, { clock: CLOCK }),
    () => importKey(privateSecret, { alg: "HS256", secretEncoding: "hex" }),
    () => importKey(privateSecret, { alg: "HS256", secretEncoding: "base64" }),
    () => importKey(rsa.privatePem, { alg: "HS256" }),
    () => importKey(rsa.privatePem.replace(/\n/g, "\\n"), { alg: "HS512" }),
    () => importKey(rsaBody, { alg: "HS256" }),
    () => importKey(rsa.privatePem, { alg: "ES256" }),
    () => importKey(p256.privatePem, { alg: "RS256" }),
    () => importKey(rsa.privatePem.split("\n").toSpliced(3, 1).join("\n"), { alg: "RS256" }),
    () => importKey(`-----BEGIN PRIVATE KEY-----\n${ecBody.slice(0, 40)}\n-----END PRIVATE KEY-----`),
    () => importKey(encrypted, { alg: "RS256" }),
    () => importKey(encrypted, { alg: "RS256", passphrase: `${passphrase}!` }),
    () => importKey({ ...privateJwk, d: `${privateJwk.d}AA` }),
    () => importKey({ ...privateJwk, use: "enc" }),
    () => importKey({ ...privateJwk, alg: "RS256" }),
    () => importKey(JSON.stringify(privateJwk), { alg: "HS256" }),
    () => importKey({ type: "service_account", private_key: rsa.privatePem.slice(0, 300) }),
    () => importKeySet({ keys: [{ ...privateJwk, d: "!!" }] }),
    () => encodeJwt({}, { key: rsa.privatePem }),
    () => encodeJwt({}, { key: rsa.privatePem, alg: "ES256" }),
    () => encodeJwt({}, { key: importKey(rsa.publicPem), alg: "RS256" }),
    () => verifyJwt(goodToken, privateSecret, { clock: at(NOW_SECONDS + 7200) }),
    () => verifyJwt(goodToken, privateSecret, { clock: CLOCK, issuer: "x", audience: "y" }),
    () => verifyJwt(goodToken, privateSecret, { clock: CLOCK, typ: "at+jwt" }),
    () => verifyJwt(goodToken, privateSecret, { clock: CLOCK, maxTokenBytes: 10 }),
    () => verifyJwt(goodToken, privateSecret, { clock: CLOCK, algorithms: ["HS512"] }),
    () => verifyJwt(`${goodToken}.x`, privateSecret),
    () => verifyJwt(goodToken.replace(".", "=."), privateSecret),
    () => verifyJwt(rsaToken, rsa.privatePem, { clock: CLOCK, subject: "y" }),
    () => verifyJwt(rsaToken, privateSecret, { clock: CLOCK }),
    () => verifyJwt(rsaToken.slice(0, -3), rsa.privatePem, { clock: CLOCK }),
    () => verifyJws(goodToken, shortSecret),
    () => decodeJwt(`${goodToken}.${goodToken}`),
    () =>
      decryptJwt(
        encryptJwt({ secret: privateSecret }, { key: jweKey, clock: CLOCK }),
        importKey(Buffer.alloc(32, 9), { alg: "dir" }),
      ),
    () =>
      decryptJwt(encryptJwt({}, { key: rsa.publicPem, alg: "RSA-OAEP-256", clock: CLOCK }), privateSecret, {
        algorithms: ["dir"],
      }),
    () => decryptJwt(goodToken, rsa.privatePem, { algorithms: ["RSA-OAEP"] }),
    () => encryptJwt({}, { key: privateSecret, alg: "A128KW" }),
    () => encryptJwt({}, { key: rsa.privatePem, alg: "dir" }),
    () =>
      verifyJwt(encodeJwt({}, { key: privateSecret, header: { kid: "b" } }), [
        importKey(privateSecret, { alg: "HS256", kid: "a" }),
      ]),
  ];

  it(`none of ${attempts.length} failures leaks`, () => {
    const forbidden = [
      privateSecret,
      shortSecret,
      passphrase,
      goodToken,
      rsaToken,
      rsaToken.split(".")[2] as string,
      goodToken.split(".")[2] as string,
      String(privateJwk.d),
      // Any 32-character run of a private key's body is too much.
      ...(rsaBody.match(/.{32}/g) ?? []),
      ...(ecBody.match(/.{32}/g) ?? []),
    ];
    let failures = 0;
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      assert.ok(
        caught instanceof JwtError,
        `attempt ${failures} did not fail with a JwtError: ${String(caught)}`,
      );
      const shown = `${caught.message}\n${caught.stack ?? ""}\n${inspect(caught)}\n${JSON.stringify(caught)}`;
      for (const secret of forbidden) {
        assert.ok(
          !shown.includes(secret),
          `${caught.code} leaks "${secret.slice(0, 12)}...": ${caught.message}`,
        );
      }
      failures++;
    }
    assert.equal(failures, attempts.length);
  });

  it("a JwtKey prints and serialises without its material", () => {
    const key = importKey(privateSecret, { alg: "HS256", kid: "k1" });
    const privateKey = importKey(rsa.privatePem, { alg: "RS256" });
    for (const shown of [
      inspect(key),
      JSON.stringify(key),
      String(key),
      inspect(privateKey),
      JSON.stringify(privateKey),
    ]) {
      assert.ok(!shown.includes(privateSecret), shown);
      for (const chunk of rsaBody.match(/.{32}/g) ?? []) assert.ok(!shown.includes(chunk));
    }
    assert.match(inspect(key), /JwtKey \{ secret HS256, kid: "k1" \}/);
  });
});
