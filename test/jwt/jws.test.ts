// encodeJws and verifyJws: any payload bytes, with the caller's mistakes reported as JwtErrors.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeJws, importKey, verifyJws } from "../../src/jwt/index.js";
import { expectJwtError, keyPairFor, SECRET } from "./helpers.js";

describe("encodeJws and verifyJws", () => {
  it("round-trip bytes that are not JSON", () => {
    const bytes = new Uint8Array([0, 255, 1, 254]);
    const token = encodeJws(bytes, { key: SECRET });
    assert.deepEqual(new Uint8Array(verifyJws(token, SECRET).payload), bytes);
    const ed = keyPairFor("ed25519");
    const signed = encodeJws("plain text", { key: ed.privatePem, alg: "EdDSA" });
    assert.equal(Buffer.from(verifyJws(signed, ed.publicPem).payload).toString(), "plain text");
  });

  it("a detached payload verifies, and a wrong one fails", () => {
    const token = encodeJws("detached", { key: SECRET });
    const [h, , s] = token.split(".");
    const detached = `${h}..${s}`;
    assert.equal(
      Buffer.from(verifyJws(detached, SECRET, { detachedPayload: "detached" }).payload).toString(),
      "detached",
    );
    expectJwtError(
      () => verifyJws(detached, SECRET, { detachedPayload: "other" }),
      "ERR_JWS_SIGNATURE_INVALID",
    );
    expectJwtError(
      () => verifyJws(token, SECRET, { detachedPayload: "detached" }),
      "ERR_JWT_MALFORMED",
      "detached",
    );
    expectJwtError(
      () => verifyJws(detached, SECRET, { detachedPayload: 5 as unknown as string }),
      "ERR_OPTION_INVALID",
      "detachedPayload",
    );
  });

  it("refuses a header text that is not a JSON object, and a payload that is not text or bytes", () => {
    for (const header of ["{bad", "null", "5", "[]"]) {
      expectJwtError(() => encodeJws("x", { key: SECRET, header }), "ERR_OPTION_INVALID", "JSON object");
    }
    expectJwtError(
      () => encodeJws("x", { key: SECRET, header: '{"alg":"none"}' }),
      "ERR_ALG_NOT_ALLOWED",
      "HS256",
    );
    expectJwtError(
      () => encodeJws(5 as unknown as string, { key: SECRET }),
      "ERR_PAYLOAD_INVALID",
      "text or bytes",
    );
  });

  it("refuses to sign with a public key", () => {
    const rsa = keyPairFor("rsa");
    expectJwtError(
      () => encodeJws("x", { key: importKey(rsa.publicPem), alg: "RS256" }),
      "ERR_KEY_INVALID",
      "cannot sign",
    );
  });
});
