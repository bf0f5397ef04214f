import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { encodeJws, fixedClock, type Jwk, JwtError, verifyJws, verifyJwt } from "../../src/jwt/index.js";

interface Vector {
  id: string;
  alg: string;
  key: string;
  compact: string;
  payloadText?: string;
  detachedPayloadText?: string;
  protectedHeaderText?: string;
  mustReject?: boolean;
}

const fixtures = JSON.parse(
  readFileSync(new URL("../fixtures/rfc-vectors.json", import.meta.url), "utf8"),
) as {
  keys: Record<string, Jwk>;
  vectors: Vector[];
};

function keyOf(vector: Vector): Jwk {
  const key = fixtures.keys[vector.key];
  assert.ok(key, `fixture key ${vector.key}`);
  return key;
}

describe("published test vectors (RFC 7515, RFC 7520, RFC 8037)", () => {
  for (const vector of fixtures.vectors.filter((item) => !item.mustReject)) {
    it(`${vector.id} verifies`, () => {
      const options =
        vector.detachedPayloadText === undefined ? {} : { detachedPayload: vector.detachedPayloadText };
      const { header, payload } = verifyJws(vector.compact, keyOf(vector), options);
      assert.equal(header.alg, vector.alg);
      const expected = vector.detachedPayloadText ?? vector.payloadText;
      assert.equal(Buffer.from(payload).toString("utf8"), expected);
    });

    it(`${vector.id} fails once one signature character changes`, () => {
      const last = vector.compact.at(-2) === "A" ? "B" : "A";
      const tampered = `${vector.compact.slice(0, -2)}${last}${vector.compact.slice(-1)}`;
      const options =
        vector.detachedPayloadText === undefined ? {} : { detachedPayload: vector.detachedPayloadText };
      assert.throws(() => verifyJws(tampered, keyOf(vector), options), JwtError);
    });
  }

  it("RFC 7515 A.5 (alg none) is rejected", () => {
    const vector = fixtures.vectors.find((item) => item.id === "rfc7515-a5");
    assert.ok(vector);
    const key = fixtures.keys["rfc7515-a1-oct"] as Jwk;
    assert.throws(() => verifyJws(vector.compact, key), { code: "ERR_ALG_NOT_ALLOWED" });
    assert.throws(() => verifyJwt(vector.compact, key), { code: "ERR_ALG_NOT_ALLOWED" });
  });

  it("RFC 7515 A.1 verifies as a JWT at a time before its exp", () => {
    const vector = fixtures.vectors.find((item) => item.id === "rfc7515-a1") as Vector;
    const { payload } = verifyJwt(vector.compact, keyOf(vector), {
      clock: fixedClock(new Date(1300819300 * 1000)),
    });
    assert.equal(payload.iss, "joe");
    assert.throws(() => verifyJwt(vector.compact, keyOf(vector)), { code: "ERR_JWT_EXPIRED" });
  });

  it("RFC 7520 4.4 (HS256) is reproduced byte for byte", () => {
    const vector = fixtures.vectors.find((item) => item.id === "rfc7520-4.4") as Vector;
    const token = encodeJws(vector.payloadText as string, {
      key: keyOf(vector),
      header: vector.protectedHeaderText as string,
    });
    assert.equal(token, vector.compact);
  });
});
