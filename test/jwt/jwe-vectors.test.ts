// The published JWE examples (RFC 7516 Appendix A, RFC 7520 section 5): each one decrypts, and where
// the RFC fixes the randomness (CEK, IV, ephemeral key, salt) the engine writes the same token byte
// for byte. RSA1_5 examples must be refused.
import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  decryptJwe,
  importKey,
  type JweAlgorithm,
  type JweEncryption,
  type Jwk,
} from "../../src/jwt/index.js";
import { type FixedRandomness, sealJwe } from "../../src/jwt/lib/jwe-compact.js";
import { expectJwtError } from "./helpers.js";

interface Vector {
  id: string;
  source: string;
  alg: string;
  enc: string;
  key: Jwk | string;
  plaintext: string;
  compact: string;
  protectedHeaderText?: string;
  cek?: string;
  iv?: string;
  ephemeralKey?: Jwk;
  p2s?: string;
  p2c?: number;
  keyWrapIv?: string;
  deflated?: string;
  reproducible?: boolean;
  mustReject?: boolean;
}

const fixtures = JSON.parse(
  readFileSync(new URL("../fixtures/jwe-vectors.json", import.meta.url), "utf8"),
) as { vectors: Vector[] };

const bytes = (text: string | undefined) => (text === undefined ? undefined : Buffer.from(text, "base64url"));

function keyFor(vector: Vector) {
  const alg = vector.alg as JweAlgorithm;
  // PBES2's key is the password itself (RFC 7520 5.3 gives it as text).
  if (typeof vector.key === "string") return importKey(vector.key, { alg });
  // The RFC keys carry no alg, or an enc for a dir key: the vector's alg binds them.
  const { alg: _ignored, ...jwk } = vector.key;
  return importKey(jwk, { alg });
}

function randomnessOf(vector: Vector): FixedRandomness {
  const fixed: Record<string, unknown> = {
    cek: bytes(vector.cek),
    iv: bytes(vector.iv),
    p2s: bytes(vector.p2s),
    keyWrapIv: bytes(vector.keyWrapIv),
    deflated: bytes(vector.deflated),
    headerText: vector.protectedHeaderText,
    ephemeralKey:
      vector.ephemeralKey === undefined
        ? undefined
        : createPrivateKey({ key: vector.ephemeralKey, format: "jwk" }),
  };
  return Object.fromEntries(
    Object.entries(fixed).filter(([, value]) => value !== undefined),
  ) as FixedRandomness;
}

describe("published JWE vectors (RFC 7516 Appendix A, RFC 7520 section 5)", () => {
  it("the fixture holds every example with a compact serialization", () => {
    assert.deepEqual(
      fixtures.vectors.map((vector) => vector.id),
      [
        "rfc7516-a1",
        "rfc7516-a2",
        "rfc7516-a3",
        "rfc7520-5-1",
        "rfc7520-5-2",
        "rfc7520-5-3",
        "rfc7520-5-4",
        "rfc7520-5-5",
        "rfc7520-5-6",
        "rfc7520-5-7",
        "rfc7520-5-8",
        "rfc7520-5-9",
      ],
    );
  });

  for (const vector of fixtures.vectors.filter((item) => !item.mustReject)) {
    it(`${vector.id} (${vector.alg}, ${vector.enc}) decrypts`, () => {
      const { plaintext, header } = decryptJwe(vector.compact, keyFor(vector), { allowZip: true });
      assert.equal(Buffer.from(plaintext).toString("utf8"), vector.plaintext);
      assert.equal(header.alg, vector.alg);
      assert.equal(header.enc, vector.enc);
    });

    it(`${vector.id} is written again ${vector.reproducible ? "byte for byte" : "but for the randomized RSA-OAEP key"}`, () => {
      const header = JSON.parse(vector.protectedHeaderText as string) as Record<string, unknown>;
      const key = keyFor(vector);
      const extra = Object.fromEntries(
        Object.entries(header).filter(
          ([name]) => !["alg", "enc", "zip", "epk", "p2s", "p2c", "iv", "tag"].includes(name),
        ),
      );
      const { token } = sealJwe(
        Buffer.from(vector.plaintext, "utf8"),
        {
          key,
          alg: vector.alg as JweAlgorithm,
          enc: vector.enc as JweEncryption,
          zip: header.zip === "DEF",
          header: extra,
          pbes2Count: vector.p2c ?? 10_000,
        },
        randomnessOf(vector),
      );
      if (vector.reproducible) {
        assert.equal(token, vector.compact);
      } else {
        // RSA-OAEP encryption is randomized: every part but the encrypted key is the RFC's.
        const mine = token.split(".");
        const theirs = vector.compact.split(".");
        assert.deepEqual([mine[0], mine[2], mine[3], mine[4]], [theirs[0], theirs[2], theirs[3], theirs[4]]);
        assert.notEqual(mine[1], theirs[1]);
        assert.equal(Buffer.from(decryptJwe(token, key).plaintext).toString("utf8"), vector.plaintext);
      }
    });
  }

  for (const vector of fixtures.vectors.filter((item) => item.mustReject)) {
    it(`${vector.id} (RSA1_5) is refused, naming Bleichenbacher`, () => {
      const { alg: _ignored, ...jwk } = vector.key as Jwk;
      const error = expectJwtError(
        () => decryptJwe(vector.compact, jwk, { algorithms: ["RSA-OAEP"] }),
        "ERR_ALG_NOT_ALLOWED",
        "RSA1_5",
        "Bleichenbacher",
        "RSA-OAEP-256",
      );
      assert.equal(error.reason, "rsa1_5");
      expectJwtError(
        () => importKey(jwk, { alg: "RSA1_5" as JweAlgorithm }),
        "ERR_ALG_NOT_ALLOWED",
        "Bleichenbacher",
      );
    });
  }
});
