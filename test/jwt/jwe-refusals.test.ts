// What decryptJwe and decryptJwt refuse, one test each, with its stable code and reason; claims
// checked exactly as verifyJwt checks them; nested tokens; keys; and seeded mutations of valid tokens
// that must never decrypt.
import assert from "node:assert/strict";
import { createCipheriv, createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { deflateRawSync } from "node:zlib";
import {
  decodeJweHeader,
  decodeJwt,
  decryptJwe,
  decryptJwt,
  encodeJwt,
  encryptJwe,
  encryptJwt,
  fixedClock,
  generateKeyPair,
  generateSecret,
  importKey,
  JWT_ERROR_CODES,
  JwtError,
  type JwtKey,
  toPublicJwk,
  verifyJwt,
} from "../../src/jwt/index.js";
import { sealJwe } from "../../src/jwt/lib/jwe-compact.js";
import { isOnCurve } from "../../src/jwt/lib/jwe-crypto.js";
import { CLOCK, expectJwtError, keyPairFor, NOW_SECONDS, SECRET } from "./helpers.js";
import { createRandom, pick, randomInt } from "./random.js";

const dirKey = importKey(Buffer.alloc(32, 1), { alg: "dir" });
const dirToken = encryptJwt(
  { sub: "user-1" },
  { key: dirKey, clock: CLOCK, issuer: "https://issuer.example" },
);
const rsa = keyPairFor("rsa");
const p256 = keyPairFor("p256");
const p384 = keyPairFor("p384");
const x25519 = generateKeyPairSync("x25519");

/** The token with one part replaced. */
const withPart = (token: string, index: number, part: string) => token.split(".").with(index, part).join(".");
/** The token with its protected header replaced (the AAD changes too: only the checks before decryption matter). */
const withHeader = (token: string, header: object) =>
  withPart(token, 0, Buffer.from(JSON.stringify(header)).toString("base64url"));
const headerOf = (token: string) => decodeJweHeader(token) as Record<string, unknown>;

function reasonOf(action: () => unknown, code: keyof typeof JWT_ERROR_CODES): string | undefined {
  return expectJwtError(action, code).reason;
}

describe("refusals, each with its stable code", () => {
  it("an epk that is not a point of its curve (invalid-curve attack)", () => {
    const key = importKey(p256.privateKey, { alg: "ECDH-ES" });
    const token = encryptJwe("x", { key: importKey(p256.publicKey, { alg: "ECDH-ES" }) });
    const header = headerOf(token);
    const epk = header.epk as { x: string; y: string };
    const y = Buffer.from(epk.y, "base64url");
    y[31] = (y[31] as number) ^ 1;
    const offCurve = withHeader(token, { ...header, epk: { ...epk, y: y.toString("base64url") } });
    const error = expectJwtError(() => decryptJwe(offCurve, key), "ERR_JWE_INVALID", "not a point of P-256");
    assert.equal(error.reason, "epk-off-curve");
    // The curve check itself: real points pass, on every curve.
    for (const pair of [p256, p384, keyPairFor("p521")]) {
      const jwk = pair.publicKey.export({ format: "jwk" });
      const x = Buffer.from(jwk.x as string, "base64url");
      const good = Buffer.from(jwk.y as string, "base64url");
      const crv = jwk.crv as "P-256" | "P-384" | "P-521";
      assert.equal(isOnCurve(crv, x, good), true, crv);
      assert.equal(isOnCurve(crv, x, Buffer.from(good).fill(0, good.length - 1)), good.at(-1) === 0, crv);
    }
  });

  it("an epk on another curve than the recipient's key", () => {
    const key = importKey(p256.privateKey, { alg: "ECDH-ES+A128KW" });
    const token = encryptJwe("x", { key: importKey(p256.publicKey, { alg: "ECDH-ES+A128KW" }) });
    const other = encryptJwe("x", { key: importKey(p384.publicKey, { alg: "ECDH-ES+A128KW" }) });
    const foreign = withHeader(token, { ...headerOf(token), epk: headerOf(other).epk });
    assert.equal(
      reasonOf(() => decryptJwe(foreign, key), "ERR_JWE_INVALID"),
      "epk-wrong-curve",
    );
    const okp = encryptJwe("x", { key: importKey(x25519.publicKey, { alg: "ECDH-ES+A128KW" }) });
    const wrongType = withHeader(token, { ...headerOf(token), epk: headerOf(okp).epk });
    assert.equal(
      reasonOf(() => decryptJwe(wrongType, key), "ERR_JWE_INVALID"),
      "epk-wrong-curve",
    );
    const { epk: _missing, ...noEpk } = headerOf(token);
    assert.equal(
      reasonOf(() => decryptJwe(withHeader(token, noEpk), key), "ERR_JWE_INVALID"),
      "epk-missing",
    );
  });

  it("a PBES2 count above the cap (refused before any work) or below 1,000", () => {
    const key = importKey("correct horse battery staple", { alg: "PBES2-HS256+A128KW" });
    const token = encryptJwe("x", { key, pbes2Count: 1000 });
    const header = headerOf(token);
    // 2^31 iterations would hold the test for hours: it returns at once because nothing is derived.
    const huge = withHeader(token, { ...header, p2c: 2 ** 31 - 1 });
    const error = expectJwtError(() => decryptJwe(huge, key), "ERR_JWE_INVALID", "above the limit of 10000");
    assert.equal(error.reason, "p2c-too-high");
    assert.equal(
      reasonOf(() => decryptJwe(withHeader(token, { ...header, p2c: 999 }), key), "ERR_JWE_INVALID"),
      "p2c-too-low",
    );
    assert.equal(
      reasonOf(() => decryptJwe(withHeader(token, { ...header, p2c: "1000" }), key), "ERR_JWE_INVALID"),
      "p2c-type",
    );
    const high = encryptJwe("x", { key, pbes2Count: 20_000 });
    assert.equal(
      reasonOf(() => decryptJwe(high, key), "ERR_JWE_INVALID"),
      "p2c-too-high",
    );
    assert.equal(Buffer.from(decryptJwe(high, key, { maxPbes2Count: 20_000 }).plaintext).toString(), "x");
    expectJwtError(
      () => decryptJwe(high, key, { maxPbes2Count: 999 }),
      "ERR_OPTION_INVALID",
      "maxPbes2Count",
    );
    expectJwtError(() => encryptJwe("x", { key, pbes2Count: 10 }), "ERR_OPTION_INVALID", "pbes2Count");
  });

  it("a dir key of the wrong length for enc", () => {
    const short = importKey(Buffer.alloc(16, 2), { alg: "dir" });
    const error = expectJwtError(
      () => encryptJwe("x", { key: short, enc: "A256GCM" }),
      "ERR_KEY_INVALID",
      "16 bytes long",
      "exactly 32 bytes",
    );
    assert.equal(error.reason, "wrong-length-for-enc");
    const token = encryptJwe("x", { key: short, enc: "A128GCM" });
    const long = importKey(Buffer.alloc(32, 2), { alg: "dir" });
    assert.equal(
      reasonOf(() => decryptJwe(token, long), "ERR_KEY_INVALID"),
      "wrong-length-for-enc",
    );
    expectJwtError(() => importKey(Buffer.alloc(20, 2), { alg: "dir" }), "ERR_KEY_INVALID", "20 bytes long");
    expectJwtError(
      () => importKey(Buffer.alloc(32, 2), { alg: "A128KW" }),
      "ERR_KEY_INVALID",
      "exactly 16 bytes",
    );
  });

  it("an IV or a tag of the wrong length", () => {
    assert.equal(
      reasonOf(() => decryptJwt(withPart(dirToken, 2, "AAAA"), dirKey, { clock: CLOCK }), "ERR_JWE_INVALID"),
      "iv-length",
    );
    const parts = dirToken.split(".");
    const shortTag = withPart(dirToken, 4, (parts[4] as string).slice(0, 20));
    assert.equal(
      reasonOf(() => decryptJwt(shortTag, dirKey, { clock: CLOCK }), "ERR_JWE_INVALID"),
      "tag-length",
    );
    const gcmkw = importKey(Buffer.alloc(16, 3), { alg: "A128GCMKW" });
    const wrapped = encryptJwe("x", { key: gcmkw });
    const header = headerOf(wrapped);
    const badIv = withHeader(wrapped, { ...header, iv: "AAAA" });
    assert.equal(
      reasonOf(() => decryptJwe(badIv, gcmkw), "ERR_JWE_INVALID"),
      "header-iv",
    );
  });

  it("CBC-HMAC: the tag is checked first, and a padding failure reads exactly like a tag failure", () => {
    const cek = Buffer.alloc(32, 4);
    const key = importKey(cek, { alg: "dir" });
    const token = encryptJwe("some plaintext", { key, enc: "A128CBC-HS256" });
    const [protectedSegment, , ivText] = token.split(".") as [string, string, string];
    const iv = Buffer.from(ivText, "base64url");
    // A ciphertext whose last block has invalid padding, with a correct tag over it.
    const cipher = createCipheriv("aes-128-cbc", cek.subarray(16), iv).setAutoPadding(false);
    const badPadding = Buffer.concat([cipher.update(Buffer.alloc(16, 0)), cipher.final()]);
    const aad = Buffer.from(protectedSegment, "ascii");
    const al = Buffer.alloc(8);
    al.writeBigUInt64BE(BigInt(aad.length * 8));
    const tag = createHmac("sha256", cek.subarray(0, 16))
      .update(aad)
      .update(iv)
      .update(badPadding)
      .update(al)
      .digest()
      .subarray(0, 16);
    const paddingFailure = withPart(
      withPart(token, 3, badPadding.toString("base64url")),
      4,
      tag.toString("base64url"),
    );
    const tagFailure = withPart(token, 4, Buffer.alloc(16).toString("base64url"));
    // A ciphertext that is not whole blocks: had it been decrypted first, AES-CBC would have said so.
    const notBlocks = withPart(token, 3, Buffer.alloc(5).toString("base64url"));
    const errors = [paddingFailure, tagFailure, notBlocks].map((bad) =>
      expectJwtError(() => decryptJwe(bad, key), "ERR_JWE_DECRYPTION_FAILED"),
    );
    for (const error of errors) {
      assert.deepEqual([error.message, error.reason], [errors[0]?.message, errors[0]?.reason]);
    }
  });

  it("an RSA-OAEP failure reads exactly like a tag failure (it goes on with a random CEK)", () => {
    const key = importKey(rsa.privatePem, { alg: "RSA-OAEP-256" });
    const token = encryptJwe("x", { key: importKey(rsa.publicPem, { alg: "RSA-OAEP-256" }) });
    const encryptedKey = Buffer.from(token.split(".")[1] as string, "base64url");
    encryptedKey[10] = (encryptedKey[10] as number) ^ 0xff;
    const badKey = withPart(token, 1, encryptedKey.toString("base64url"));
    const shortKey = withPart(token, 1, "AAAA");
    const badTag = withPart(token, 4, Buffer.alloc(16).toString("base64url"));
    const errors = [badKey, shortKey, badTag].map((bad) =>
      expectJwtError(() => decryptJwe(bad, key), "ERR_JWE_DECRYPTION_FAILED"),
    );
    for (const error of errors) assert.equal(error.message, errors[0]?.message);
  });

  it("a zip that inflates past the cap, and a compressed token where zip is not allowed", () => {
    const big = Buffer.alloc(300_000, 0x41);
    const token = encryptJwe(big, { key: dirKey, zip: "DEF" });
    assert.ok(token.length < 8192, "a zip bomb is small");
    assert.equal(
      reasonOf(() => decryptJwe(token, dirKey, { allowZip: true }), "ERR_JWE_INVALID"),
      "zip-too-large",
    );
    assert.equal(
      decryptJwe(token, dirKey, { allowZip: true, maxInflatedBytes: 300_000 }).plaintext.length,
      300_000,
    );
    assert.equal(
      reasonOf(() => decryptJwe(token, dirKey), "ERR_JWE_INVALID"),
      "zip-not-allowed",
    );
    const unknownZip = withHeader(token, { ...headerOf(token), zip: "GZIP" });
    assert.equal(
      reasonOf(() => decryptJwe(unknownZip, dirKey, { allowZip: true }), "ERR_JWE_INVALID"),
      "zip-unknown",
    );
    assert.ok(deflateRawSync(big).length < 1000);
  });

  it("an unknown crit", () => {
    const { token } = sealJwe(Buffer.from("x"), {
      key: dirKey,
      alg: "dir",
      enc: "A256GCM",
      zip: false,
      header: { crit: ["exp"], exp: NOW_SECONDS },
      pbes2Count: 10_000,
    });
    const error = expectJwtError(() => decryptJwe(token, dirKey), "ERR_JWT_MALFORMED", '"crit": exp');
    assert.equal(error.reason, "crit");
    expectJwtError(
      () => encryptJwe("x", { key: dirKey, header: { crit: ["exp"] } }),
      "ERR_OPTION_INVALID",
      "crit",
    );
  });

  it("alg or enc outside the allowed lists", () => {
    assert.equal(
      reasonOf(
        () => decryptJwt(dirToken, dirKey, { clock: CLOCK, encryptions: ["A128GCM"] }),
        "ERR_ALG_NOT_ALLOWED",
      ),
      "not-allowed",
    );
    const kw = importKey(Buffer.alloc(32, 1), { alg: "A256KW" });
    expectJwtError(
      () => decryptJwt(dirToken, kw, { clock: CLOCK }),
      "ERR_ALG_NOT_ALLOWED",
      '"alg": "dir"',
      "A256KW",
    );
    expectJwtError(
      () => decryptJwt(dirToken, dirKey, { clock: CLOCK, algorithms: ["A256KW"] }),
      "ERR_KEY_INVALID",
      "dir",
    );
    expectJwtError(
      () => decryptJwt(dirToken, Buffer.alloc(32, 1), { clock: CLOCK, algorithms: ["A256KW"] }),
      "ERR_ALG_NOT_ALLOWED",
    );
    expectJwtError(
      () => decryptJwe(withHeader(dirToken, { alg: "RSA1_5", enc: "A256GCM" }), dirKey),
      "ERR_ALG_NOT_ALLOWED",
      "Bleichenbacher",
    );
    expectJwtError(
      () => decryptJwe(withHeader(dirToken, { alg: "none", enc: "A256GCM" }), dirKey),
      "ERR_ALG_NOT_ALLOWED",
      "not supported",
    );
    expectJwtError(
      () => decryptJwe(withHeader(dirToken, { alg: "dir", enc: "A128CBC" }), dirKey),
      "ERR_ALG_NOT_ALLOWED",
      "not supported",
    );
    expectJwtError(
      () => decryptJwe(dirToken, dirKey, { algorithms: ["RSA1_5" as "dir"] }),
      "ERR_ALG_NOT_ALLOWED",
      "Bleichenbacher",
    );
  });

  it("a JWE handed to verifyJwt, and a JWS handed to decryptJwt, say which they are", () => {
    const jwe = expectJwtError(
      () => verifyJwt(dirToken, SECRET),
      "ERR_JWT_MALFORMED",
      "encrypted token (JWE)",
      "decryptJwt",
    );
    assert.ok(jwe.message.includes("5 parts"));
    const jws = encodeJwt({}, { key: SECRET, clock: CLOCK });
    const error = expectJwtError(
      () => decryptJwt(jws, dirKey, { clock: CLOCK }),
      "ERR_JWT_MALFORMED",
      "signed token (JWS)",
      "verifyJwt",
    );
    assert.equal(error.reason, "jws-not-jwe");
  });

  it("decodeJwt recognises a JWE and says it cannot be read without the key; decodeJweHeader reads its header", () => {
    const error = expectJwtError(
      () => decodeJwt(dirToken),
      "ERR_JWT_ENCRYPTED",
      'alg "dir", enc "A256GCM"',
      "without the key",
    );
    assert.equal(error.reason, "encrypted");
    assert.deepEqual(decodeJweHeader(dirToken), { alg: "dir", enc: "A256GCM", typ: "JWT" });
  });
});

describe("claims after decryption are checked as verifyJwt checks them", () => {
  const cases: [string, object, object][] = [
    ["expired", {}, { clock: fixedClock((NOW_SECONDS + 7200) * 1000) }],
    ["not yet valid", { notBeforeMinutes: 5 }, {}],
    ["iat in the future", { payload: { iat: NOW_SECONDS + 600 }, clockToleranceSeconds: 600 }, {}],
    ["wrong issuer", { issuer: "https://a.example" }, { issuer: "https://b.example" }],
    ["wrong audience", { audience: "api" }, { audience: "other" }],
    ["no exp", { noExpiry: true }, {}],
    [
      "too old",
      {},
      { clock: fixedClock((NOW_SECONDS + 120) * 1000), maxAgeSeconds: 60, requireExpiry: true },
    ],
    ["missing claim", {}, { requiredClaims: ["email"] }],
  ];
  for (const [what, made, expected] of cases) {
    it(`${what}: the same code, claim, reason and message`, () => {
      const { payload = {}, ...options } = made as { payload?: object };
      const jws = encodeJwt(payload, { key: SECRET, clock: CLOCK, ...options });
      const jwe = encryptJwt(payload, { key: dirKey, clock: CLOCK, ...options });
      const fromJws = caught(() => verifyJwt(jws, SECRET, { clock: CLOCK, ...expected }));
      const fromJwe = caught(() => decryptJwt(jwe, dirKey, { clock: CLOCK, ...expected }));
      assert.ok(fromJws.code.startsWith("ERR_JWT_"), fromJws.message);
      assert.deepEqual(
        [fromJwe.code, fromJwe.claim, fromJwe.reason, fromJwe.message],
        [fromJws.code, fromJws.claim, fromJws.reason, fromJws.message],
      );
    });
  }

  it("a valid token passes, with the tolerance and expectations of verifyJwt", () => {
    const { payload, header, key } = decryptJwt(dirToken, dirKey, {
      clock: fixedClock((NOW_SECONDS + 3610) * 1000),
      clockToleranceSeconds: 30,
      issuer: "https://issuer.example",
    });
    assert.deepEqual(payload, {
      sub: "user-1",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
      iss: "https://issuer.example",
    });
    assert.equal(header.typ, "JWT");
    assert.equal(key, dirKey);
  });
});

function caught(action: () => unknown): JwtError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof JwtError, String(error));
    return error;
  }
  assert.fail("nothing was thrown");
}

describe("nested tokens: signed, then encrypted", () => {
  const signer = keyPairFor("p256");
  const recipient = importKey(rsa.publicPem, { alg: "RSA-OAEP-256" });
  const recipientPrivate = importKey(rsa.privatePem, { alg: "RSA-OAEP-256" });
  const nested = encryptJwt(
    { user_id: "42" },
    {
      key: recipient,
      clock: CLOCK,
      issuer: "https://issuer.example",
      sign: { key: signer.privatePem, alg: "ES256" },
    },
  );

  it("decrypts and verifies in one call", () => {
    const result = decryptJwt(nested, recipientPrivate, {
      clock: CLOCK,
      issuer: "https://issuer.example",
      verify: { key: signer.publicPem, algorithms: ["ES256"] },
    });
    assert.equal(result.header.cty, "JWT");
    assert.equal(result.payload.user_id, "42");
    assert.equal(result.signature?.header.alg, "ES256");
  });

  it("refuses a nested token without verify, and verify on a token that is not nested", () => {
    expectJwtError(
      () => decryptJwt(nested, recipientPrivate, { clock: CLOCK }),
      "ERR_KEY_MISSING",
      "cty",
      "verify",
    );
    const plain = encryptJwt({}, { key: recipient, clock: CLOCK });
    const error = expectJwtError(
      () => decryptJwt(plain, recipientPrivate, { clock: CLOCK, verify: { key: signer.publicPem } }),
      "ERR_JWT_MALFORMED",
      "not signed",
    );
    assert.equal(error.reason, "not-nested");
  });

  it("refuses an inner signature by another key, and checks the inner claims", () => {
    const other = keyPairFor("p384");
    expectJwtError(
      () => decryptJwt(nested, recipientPrivate, { clock: CLOCK, verify: { key: other.publicPem } }),
      "ERR_ALG_NOT_ALLOWED",
    );
    const later = fixedClock((NOW_SECONDS + 7200) * 1000);
    expectJwtError(
      () => decryptJwt(nested, recipientPrivate, { clock: later, verify: { key: signer.publicPem } }),
      "ERR_JWT_EXPIRED",
    );
  });
});

describe("encryption keys", () => {
  it("one key, one use: an encryption key never signs nor verifies, a signing key never encrypts", () => {
    const encKey = importKey(Buffer.alloc(32, 5), { alg: "A256KW" });
    expectJwtError(() => encodeJwt({}, { key: encKey }), "ERR_KEY_INVALID", "encryption key");
    expectJwtError(
      () => verifyJwt(encodeJwt({}, { key: SECRET, clock: CLOCK }), encKey),
      "ERR_KEY_INVALID",
      "encryption",
    );
    const signing = importKey(SECRET, { alg: "HS256" });
    expectJwtError(() => encryptJwe("x", { key: signing }), "ERR_KEY_INVALID", "not bound to a JWE");
    expectJwtError(() => encryptJwe("x", { key: signing, alg: "dir" }), "ERR_KEY_INVALID", "signature key");
    expectJwtError(() => encKey.alg, "ERR_KEY_INVALID", "encryption key");
    assert.deepEqual(
      [encKey.use, encKey.canSign, encKey.canVerify, encKey.algorithms],
      ["enc", false, false, []],
    );
  });

  it("a public key can never act as a secret, nor decrypt", () => {
    expectJwtError(() => importKey(rsa.publicPem, { alg: "dir" }), "ERR_KEY_INVALID", "algorithm-confusion");
    expectJwtError(
      () => importKey(rsa.publicPem, { alg: "PBES2-HS256+A128KW" }),
      "ERR_KEY_INVALID",
      "algorithm-confusion",
    );
    const token = encryptJwe("x", { key: rsa.publicPem, alg: "RSA-OAEP" });
    expectJwtError(
      () => decryptJwe(token, rsa.publicPem, { algorithms: ["RSA-OAEP"] }),
      "ERR_KEY_INVALID",
      "public key",
    );
    expectJwtError(() => importKey(p256.publicPem, { alg: "RSA-OAEP" }), "ERR_KEY_INVALID", "RSA-OAEP");
    expectJwtError(
      () => importKey(keyPairFor("rsa1024").publicPem, { alg: "RSA-OAEP" }),
      "ERR_KEY_WEAK",
      "1024 bits",
    );
    expectJwtError(
      () => importKey(keyPairFor("ed25519").publicPem, { alg: "ECDH-ES" }),
      "ERR_KEY_INVALID",
      "cannot encrypt",
    );
  });

  it("JWKs: use enc with a JWE alg, oct for dir and key wrap; a sig JWK or the wrong key_ops is refused", () => {
    const jwk = {
      ...(p256.privateKey.export({ format: "jwk" }) as object),
      use: "enc",
      alg: "ECDH-ES+A256KW",
      kid: "e1",
    };
    const key = importKey(jwk);
    assert.deepEqual([key.use, key.encryptionAlgorithms, key.kid], ["enc", ["ECDH-ES+A256KW"], "e1"]);
    const token = encryptJwe("hi", { key: toPublicJwk(key) });
    assert.equal(headerOf(token).kid, "e1");
    assert.equal(Buffer.from(decryptJwe(token, JSON.stringify(jwk)).plaintext).toString(), "hi");
    const oct = { kty: "oct", k: Buffer.alloc(16, 6).toString("base64url"), alg: "A128KW", use: "enc" };
    assert.deepEqual(importKey(oct).encryptionAlgorithms, ["A128KW"]);
    expectJwtError(() => importKey({ ...jwk, use: "sig" }), "ERR_KEY_INVALID", '"use": "sig"');
    expectJwtError(() => importKey({ ...jwk, key_ops: ["sign"] }), "ERR_KEY_INVALID", "key_ops");
    expectJwtError(
      () => importKey({ ...oct, k: Buffer.alloc(24).toString("base64url") }),
      "ERR_KEY_INVALID",
      "exactly 16 bytes",
    );
    // Without a JWE alg, a key marked for encryption is refused, saying what to give.
    const { alg: _alg, ...noAlg } = jwk;
    expectJwtError(() => importKey(noAlg), "ERR_KEY_INVALID", '"use": "enc"', "key management algorithm");
  });

  it("an X25519 private JWK whose d does not match its x is refused; a dir JWK may name its enc as alg", () => {
    const jwk = x25519.privateKey.export({ format: "jwk" }) as { x: string };
    const other = generateKeyPairSync("x25519").publicKey.export({ format: "jwk" }) as { x: string };
    expectJwtError(() => importKey({ ...jwk, x: other.x, alg: "ECDH-ES" }), "ERR_KEY_INVALID", "damaged");
    const dir = importKey({
      kty: "oct",
      k: Buffer.alloc(16, 9).toString("base64url"),
      alg: "A128GCM",
      use: "enc",
    });
    assert.deepEqual(dir.encryptionAlgorithms, ["dir"]);
    assert.equal(headerOf(encryptJwe("x", { key: dir })).enc, "A128GCM");
  });

  it("each caller gets its own copy of a remembered protected header", () => {
    const first = decryptJwe(dirToken, dirKey).header;
    first.alg = "changed";
    assert.equal(decryptJwe(dirToken, dirKey).header.alg, "dir");
  });

  it("generateSecret and generateKeyPair make JWE keys that work", () => {
    for (const enc of ["A128GCM", "A256CBC-HS512"] as const) {
      const { secret, bytes } = generateSecret("dir", { enc });
      const key = importKey(secret, { alg: "dir", secretEncoding: "base64url" });
      assert.equal(bytes, enc === "A128GCM" ? 16 : 64);
      assert.equal(headerOf(encryptJwe("x", { key })).enc, enc);
    }
    assert.equal(generateSecret("A192KW").bytes, 24);
    const pair = generateKeyPair("ECDH-ES", { curve: "X25519" });
    assert.deepEqual(
      [pair.publicJwk.use, pair.publicJwk.alg, pair.publicJwk.crv],
      ["enc", "ECDH-ES", "X25519"],
    );
    const token = encryptJwt({ a: 1 }, { key: pair.publicJwk, clock: CLOCK });
    assert.equal(
      decryptJwt(token, pair.privateKeyPem, { clock: CLOCK, algorithms: ["ECDH-ES"] }).payload.a,
      1,
    );
    expectJwtError(() => generateSecret("RSA-OAEP"), "ERR_OPTION_INVALID", "key pair");
    expectJwtError(() => generateKeyPair("A128KW"), "ERR_OPTION_INVALID", "secret");
  });
});

describe("seeded mutations of valid tokens never decrypt", () => {
  const MUTATIONS = 300;
  const keys: [string, JwtKey, JwtKey, object][] = [
    ["dir A256GCM", dirKey, dirKey, {}],
    [
      "A128KW A128CBC-HS256",
      importKey(Buffer.alloc(16, 7), { alg: "A128KW" }),
      importKey(Buffer.alloc(16, 7), { alg: "A128KW" }),
      { enc: "A128CBC-HS256" },
    ],
    [
      "RSA-OAEP-256 A256GCM",
      importKey(rsa.publicPem, { alg: "RSA-OAEP-256" }),
      importKey(rsa.privatePem, { alg: "RSA-OAEP-256" }),
      {},
    ],
    [
      "ECDH-ES+A128KW P-384",
      importKey(p384.publicKey, { alg: "ECDH-ES+A128KW" }),
      importKey(p384.privateKey, { alg: "ECDH-ES+A128KW" }),
      { enc: "A192CBC-HS384" },
    ],
    [
      "ECDH-ES X25519",
      importKey(x25519.publicKey, { alg: "ECDH-ES" }),
      importKey(x25519.privateKey, { alg: "ECDH-ES" }),
      { zip: "DEF" },
    ],
  ];
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (const [name, encryptWith, decryptWith, options] of keys) {
    it(`${name}: ${MUTATIONS} mutations, each a JwtError with a known code`, () => {
      const random = createRandom(0x5eed ^ name.length);
      const token = encryptJwt({ sub: "user-1", n: 1 }, { key: encryptWith, clock: CLOCK, ...options });
      assert.equal(decryptJwt(token, decryptWith, { clock: CLOCK, allowZip: true }).payload.sub, "user-1");
      for (let i = 0; i < MUTATIONS; i++) {
        const parts = token.split(".");
        const index = randomInt(random, 5);
        const part = parts[index] as string;
        const at = randomInt(random, Math.max(part.length, 1));
        const kind = randomInt(random, 4);
        const changed =
          kind === 0
            ? `${part.slice(0, at)}${pick(
                random,
                [...ALPHABET].filter((c) => c !== part[at]),
              )}${part.slice(at + 1)}`
            : kind === 1
              ? part.slice(0, at) + part.slice(at + 1)
              : kind === 2
                ? `${part}${pick(random, [...ALPHABET])}`
                : randomBytes(randomInt(random, 40)).toString("base64url");
        const mutated = parts.with(index, changed).join(".");
        if (mutated === token) continue;
        let error: unknown;
        try {
          decryptJwt(mutated, decryptWith, { clock: CLOCK, allowZip: true });
        } catch (caughtError) {
          error = caughtError;
        }
        assert.ok(
          error instanceof JwtError,
          `mutation ${i} of part ${index} decrypted or threw ${String(error)}`,
        );
        assert.ok(Object.hasOwn(JWT_ERROR_CODES, error.code));
      }
    });
  }
});
