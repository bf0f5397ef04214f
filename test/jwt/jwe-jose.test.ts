// jose (an independent implementation, used as an oracle in tests only) reads every token the engine
// writes, and the engine reads every token jose writes: each key management algorithm with each
// content encryption, ECDH-ES on each curve, compressed and not, and JWT claims both ways.
import assert from "node:assert/strict";
import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { CompactEncrypt, compactDecrypt, EncryptJWT, jwtDecrypt } from "jose";
import {
  decryptJwe,
  decryptJwt,
  encryptJwe,
  encryptJwt,
  importKey,
  JWE_ALGORITHMS,
  JWE_ENCRYPTIONS,
  type JweAlgorithm,
  type JweEncryption,
  type JwtKey,
} from "../../src/jwt/index.js";
import { KEY_MANAGEMENT_SPECS } from "../../src/jwt/lib/jwe-algorithms.js";
import { CLOCK, keyPairFor, NOW, NOW_SECONDS } from "./helpers.js";

type Curve = "P-256" | "P-384" | "P-521" | "X25519";

interface Party {
  /** The engine's keys. */
  encryptWith: JwtKey;
  decryptWith: JwtKey;
  /** jose's keys. */
  joseEncrypt: KeyObject | Uint8Array;
  joseDecrypt: KeyObject | Uint8Array;
}

const rsa = keyPairFor("rsa");
const ecdhPairs: Record<Curve, { privateKey: KeyObject; publicKey: KeyObject }> = {
  "P-256": keyPairFor("p256"),
  "P-384": keyPairFor("p384"),
  "P-521": keyPairFor("p521"),
  // Made here: the helpers have no X25519 pair.
  X25519: generateKeyPairSync("x25519"),
};

function party(alg: JweAlgorithm, enc: JweEncryption, curve: Curve = "P-256"): Party {
  const spec = KEY_MANAGEMENT_SPECS[alg];
  if (spec.keyType === "RSA") {
    return {
      encryptWith: importKey(rsa.publicPem, { alg }),
      decryptWith: importKey(rsa.privatePem, { alg }),
      joseEncrypt: rsa.publicKey,
      joseDecrypt: rsa.privateKey,
    };
  }
  if (spec.keyType === "EC") {
    const pair = ecdhPairs[curve];
    return {
      encryptWith: importKey(pair.publicKey, { alg }),
      decryptWith: importKey(pair.privateKey, { alg }),
      joseEncrypt: pair.publicKey,
      joseDecrypt: pair.privateKey,
    };
  }
  const length =
    spec.mode === "dir"
      ? {
          "A128CBC-HS256": 32,
          "A192CBC-HS384": 48,
          "A256CBC-HS512": 64,
          A128GCM: 16,
          A192GCM: 24,
          A256GCM: 32,
        }[enc]
      : (spec.wrapKeyBytes ?? 24);
  const secret = spec.mode === "pbes2" ? Buffer.from("a password that is long enough") : randomBytes(length);
  const key = importKey(secret, { alg });
  return { encryptWith: key, decryptWith: key, joseEncrypt: secret, joseDecrypt: secret };
}

const decodeJweHeaderOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;

const PLAINTEXT = "Plaintext with UTF-8: 日本語 and a long tail ".repeat(8);
const decoder = new TextDecoder();

function cases(): { alg: JweAlgorithm; enc: JweEncryption; curve?: Curve }[] {
  const list: { alg: JweAlgorithm; enc: JweEncryption; curve?: Curve }[] = [];
  for (const alg of JWE_ALGORITHMS) {
    for (const enc of JWE_ENCRYPTIONS) {
      if (KEY_MANAGEMENT_SPECS[alg].keyType === "EC") {
        for (const curve of ["P-256", "P-384", "P-521", "X25519"] as const) list.push({ alg, enc, curve });
      } else {
        list.push({ alg, enc });
      }
    }
  }
  return list;
}

describe("the engine and jose read each other's tokens", () => {
  const all = cases();

  it("covers 16 key management algorithms x 6 content encryptions, ECDH-ES on 4 curves", () => {
    assert.equal(all.length, (12 + 4 * 4) * 6);
  });

  for (const { alg, enc, curve } of all) {
    const name = `${alg}${curve === undefined ? "" : ` (${curve})`} + ${enc}`;
    it(`${name}: engine -> jose and jose -> engine`, async () => {
      const keys = party(alg, enc, curve);
      // Half the pairs compressed, so that zip meets every algorithm.
      const zip = enc.includes("GCM") ? ("DEF" as const) : undefined;
      const token = encryptJwe(PLAINTEXT, { key: keys.encryptWith, enc, zip, pbes2Count: 1000 });
      const opened = await compactDecrypt(token, keys.joseDecrypt, { keyManagementAlgorithms: [alg] });
      assert.equal(decoder.decode(opened.plaintext), PLAINTEXT);
      assert.deepEqual(
        { alg: opened.protectedHeader.alg, enc: opened.protectedHeader.enc, zip: opened.protectedHeader.zip },
        { alg, enc, zip },
      );

      const header = {
        alg,
        enc,
        ...(zip === undefined ? {} : { zip }),
        ...(KEY_MANAGEMENT_SPECS[alg].mode === "pbes2" ? { p2c: 1000 } : {}),
      };
      const fromJose = await new CompactEncrypt(new TextEncoder().encode(PLAINTEXT))
        .setProtectedHeader(header)
        .encrypt(keys.joseEncrypt);
      const read = decryptJwe(fromJose, keys.decryptWith, { allowZip: true });
      assert.equal(decoder.decode(read.plaintext), PLAINTEXT);
      assert.equal(read.header.enc, enc);
    });
  }

  it("ECDH-ES with apu and apv (PartyUInfo, PartyVInfo) both ways", async () => {
    const apu = Buffer.from("Alice");
    const apv = Buffer.from("Bob");
    for (const alg of ["ECDH-ES", "ECDH-ES+A256KW"] as const) {
      const keys = party(alg, "A256GCM", "P-384");
      const token = encryptJwe(PLAINTEXT, {
        key: keys.encryptWith,
        header: { apu: apu.toString("base64url"), apv: apv.toString("base64url") },
      });
      const opened = await compactDecrypt(token, keys.joseDecrypt);
      assert.equal(decoder.decode(opened.plaintext), PLAINTEXT);
      const fromJose = await new CompactEncrypt(new TextEncoder().encode(PLAINTEXT))
        .setProtectedHeader({ alg, enc: "A256GCM" })
        .setKeyManagementParameters({ apu, apv })
        .encrypt(keys.joseEncrypt);
      assert.equal(decoder.decode(decryptJwe(fromJose, keys.decryptWith).plaintext), PLAINTEXT);
      // The party info is bound into the key: changing it breaks decryption.
      const header = decodeJweHeaderOf(fromJose);
      const altered = [
        Buffer.from(JSON.stringify({ ...header, apv: "Q2Fyb2w" })).toString("base64url"),
        ...fromJose.split(".").slice(1),
      ].join(".");
      assert.throws(() => decryptJwe(altered, keys.decryptWith), { code: "ERR_JWE_DECRYPTION_FAILED" });
    }
  });

  it("JWT claims both ways, checked against the same frozen clock", async () => {
    const keys = party("RSA-OAEP-256", "A256GCM");
    const token = encryptJwt(
      { user_id: "42" },
      { key: keys.encryptWith, clock: CLOCK, issuer: "https://issuer.example" },
    );
    const { payload } = await jwtDecrypt(token, keys.joseDecrypt, {
      currentDate: NOW,
      issuer: "https://issuer.example",
    });
    assert.deepEqual(payload, {
      user_id: "42",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
      iss: "https://issuer.example",
    });

    const fromJose = await new EncryptJWT({ user_id: "7" })
      .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM" })
      .setIssuedAt(NOW_SECONDS)
      .setExpirationTime(NOW_SECONDS + 60)
      .encrypt(keys.joseEncrypt);
    const read = decryptJwt(fromJose, keys.decryptWith, { clock: CLOCK });
    assert.equal(read.payload.user_id, "7");
  });
});
