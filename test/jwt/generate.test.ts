import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calculateJwkThumbprint } from "jose";
import {
  type Algorithm,
  computeThumbprint,
  decodeJwt,
  encodeJwt,
  generateKeyPair,
  generateSecret,
  importKey,
  verifyJwt,
} from "../../src/jwt/index.js";
import { CLOCK, expectJwtError } from "./helpers.js";

describe("generateSecret", () => {
  for (const [alg, bytes] of [
    ["HS256", 32],
    ["HS384", 48],
    ["HS512", 64],
  ] as const) {
    it(`${alg}: ${bytes} random bytes as base64url, encoding stated`, () => {
      const generated = generateSecret(alg);
      assert.equal(generated.alg, alg);
      assert.equal(generated.encoding, "base64url");
      assert.equal(generated.bytes, bytes);
      assert.match(generated.secret, /^[A-Za-z0-9_-]+$/);
      assert.equal(Buffer.from(generated.secret, "base64url").length, bytes);
      assert.notEqual(generateSecret(alg).secret, generated.secret);
      // Used with its stated encoding, and used as plain text: both strong enough.
      const key = importKey(generated.secret, { alg, secretEncoding: generated.encoding });
      assert.equal(key.secretLength, bytes);
      const token = encodeJwt({}, { key, clock: CLOCK });
      verifyJwt(token, Buffer.from(generated.secret, "base64url"), { clock: CLOCK });
      verifyJwt(encodeJwt({}, { key: generated.secret, alg, clock: CLOCK }), generated.secret, {
        clock: CLOCK,
      });
    });
  }

  it("defaults to HS256", () => {
    assert.equal(generateSecret().bytes, 32);
  });

  it("refuses asymmetric and unknown algorithms", () => {
    expectJwtError(() => generateSecret("RS256"), "ERR_OPTION_INVALID", "generateKeyPair");
    expectJwtError(() => generateSecret("HS1" as Algorithm), "ERR_OPTION_INVALID", "HS1", "HS256");
  });
});

describe("generateKeyPair", () => {
  const asymmetric: Algorithm[] = [
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
  ];
  const privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

  for (const alg of asymmetric) {
    it(`${alg}: keys sign and verify; kid is the RFC 7638 thumbprint; the JWKS is public only`, async () => {
      const pair = generateKeyPair(alg);
      assert.equal(pair.alg, alg);
      assert.match(pair.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);

      assert.equal(pair.kid, await calculateJwkThumbprint(pair.publicJwk, "sha256"));
      assert.equal(pair.kid, computeThumbprint(pair.publicJwk));
      assert.match(pair.kid, /^[A-Za-z0-9_-]{43}$/);

      assert.equal(pair.publicJwk.kid, pair.kid);
      assert.equal(pair.publicJwk.alg, alg);
      assert.equal(pair.publicJwk.use, "sig");
      for (const member of privateMembers)
        assert.equal(member in pair.publicJwk, false, `public JWK has ${member}`);
      assert.deepEqual(pair.jwks, { keys: [pair.publicJwk] });
      assert.deepEqual(Object.keys(pair).sort(), [
        "alg",
        "jwks",
        "kid",
        "privateKeyPem",
        "publicJwk",
        "publicKeyPem",
      ]);

      const signer = importKey(pair.privateKeyPem, { alg, kid: pair.kid });
      const token = encodeJwt({ sub: "generated" }, { key: signer, clock: CLOCK });
      assert.equal(decodeJwt(token).header.kid, pair.kid);
      for (const verifier of [pair.publicKeyPem, pair.publicJwk, pair.jwks, JSON.stringify(pair.jwks)]) {
        assert.equal(verifyJwt(token, verifier, { clock: CLOCK }).payload.sub, "generated");
      }
      // Another pair's keys refuse the token.
      const other = generateKeyPair(alg.startsWith("RS") || alg.startsWith("PS") ? "ES256" : alg);
      assert.notEqual(other.kid, pair.kid);
      assert.throws(() => verifyJwt(token, other.publicKeyPem, { clock: CLOCK }), { name: "JwtError" });
    });
  }

  it("RSA keys are 2048 bits", () => {
    const pair = generateKeyPair("RS256");
    assert.equal(importKey(pair.publicKeyPem).keyObject.asymmetricKeyDetails?.modulusLength, 2048);
  });

  it("refuses HMAC and unknown algorithms", () => {
    expectJwtError(() => generateKeyPair("HS256"), "ERR_OPTION_INVALID", "generateSecret");
    expectJwtError(() => generateKeyPair("none" as Algorithm), "ERR_OPTION_INVALID", "none");
  });
});
