// Keys given as text are parsed once: the same text and options give the same prepared key.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateKeyPair, importKey, importKeySet, JwtError } from "../../src/jwt/index.js";

describe("keys imported from text are prepared once", () => {
  const pair = generateKeyPair("ES256");

  it("returns the same key for the same text and options, another for other options", () => {
    const first = importKey(pair.publicKeyPem);
    assert.equal(importKey(pair.publicKeyPem), first);
    assert.notEqual(importKey(pair.publicKeyPem, { kid: "other" }), first);
    assert.equal(importKey(pair.publicKeyPem, { kid: "other" }).kid, "other");
    const secret = "s".repeat(40);
    assert.equal(importKey(secret, { alg: "HS256" }), importKey(secret, { alg: "HS256" }));
    assert.notEqual(importKey(secret, { alg: "HS256" }), importKey(secret, { alg: "HS512" }));
  });

  it("remembers key sets from JWKS text too", () => {
    const text = JSON.stringify(pair.jwks);
    assert.equal(importKeySet(text), importKeySet(text));
  });

  it("never remembers a failure: a bad key fails every time", () => {
    for (let i = 0; i < 2; i++) {
      assert.throws(() => importKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"), JwtError);
      assert.throws(() => importKey(pair.publicKeyPem, { alg: "HS256" }), { code: "ERR_KEY_INVALID" });
    }
  });

  it("gives keys that cannot be changed by whoever else holds them", () => {
    const key = importKey(pair.publicKeyPem);
    assert.ok(Object.isFrozen(key.algorithms));
    assert.throws(() => {
      (key as { kid: string | undefined }).kid = "changed";
    }, TypeError);
  });
});
