import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  diffieHellman,
  type KeyObject,
  pbkdf2Sync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { JwtError } from "../errors.js";
import type { ContentEncryptionSpec, EcdhCurve, KeyManagementSpec } from "./jwe-algorithms.js";

/**
 * The cryptography of JWE on node:crypto: content encryption (AES-GCM, AES-CBC with HMAC), and the
 * steps of key management (AES key wrap, AES-GCM key wrap, RSA-OAEP, ECDH-ES with the Concat KDF,
 * PBES2). Every failure to decrypt is the same error, so that no step tells an attacker which failed.
 */

/** The one error for every failure to decrypt: a wrong key, an altered token, bad padding alike. */
export function decryptionFailed(): JwtError {
  return new JwtError(
    "ERR_JWE_DECRYPTION_FAILED",
    "The token could not be decrypted: it was encrypted for another key, or it was altered. " +
      "Check that the recipient's key (or the shared secret) is the one the token was encrypted for.",
    { reason: "decryption-failed" },
  );
}

export interface Sealed {
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/** Encrypts the plaintext with the CEK (RFC 7518 5.2.2 for CBC-HMAC, 5.3 for GCM). */
export function encryptContent(
  spec: ContentEncryptionSpec,
  cek: Buffer,
  iv: Buffer,
  plaintext: Uint8Array,
  aad: Buffer,
): Sealed {
  if (spec.mode === "gcm") {
    const cipher = createCipheriv(spec.cipher as "aes-256-gcm", cek, iv, { authTagLength: 16 });
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ciphertext, tag: cipher.getAuthTag() };
  }
  const half = spec.keyBytes / 2;
  const cipher = createCipheriv(spec.cipher, cek.subarray(half), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cbcTag(spec, cek.subarray(0, half), aad, iv, ciphertext) };
}

/**
 * Decrypts, or throws {@link decryptionFailed}. For CBC-HMAC the tag is checked first, in constant
 * time, and nothing is decrypted unless it matches; a padding failure after a good tag (only the
 * holder of the key can make one) throws the same error.
 */
export function decryptContent(
  spec: ContentEncryptionSpec,
  cek: Buffer | KeyObject,
  iv: Buffer,
  ciphertext: Buffer,
  tag: Buffer,
  aad: Buffer,
): Buffer {
  try {
    if (spec.mode === "gcm") {
      const decipher = createDecipheriv(spec.cipher as "aes-256-gcm", cek, iv, { authTagLength: 16 });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      const plaintext = decipher.update(ciphertext);
      const rest = decipher.final();
      return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
    }
    if (!Buffer.isBuffer(cek)) throw decryptionFailed();
    const half = spec.keyBytes / 2;
    const expected = cbcTag(spec, cek.subarray(0, half), aad, iv, ciphertext);
    if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw decryptionFailed();
    const decipher = createDecipheriv(spec.cipher, cek.subarray(half), iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw decryptionFailed();
  }
}

/** The CBC-HMAC tag: the first half of HMAC(MAC key, AAD || IV || ciphertext || AAD length in bits). */
function cbcTag(
  spec: ContentEncryptionSpec,
  macKey: Buffer,
  aad: Buffer,
  iv: Buffer,
  ciphertext: Buffer,
): Buffer {
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(aad.length) * 8n);
  const mac = createHmac(spec.hash as string, macKey)
    .update(aad)
    .update(iv)
    .update(ciphertext)
    .update(al)
    .digest();
  return mac.subarray(0, spec.tagBytes);
}

/** RFC 3394's default initial value. */
const KW_IV = Buffer.from("A6A6A6A6A6A6A6A6", "hex");

function kwCipher(kek: Buffer): string {
  return `id-aes${kek.length * 8}-wrap`;
}

/** AES key wrap (RFC 3394) of the CEK. */
export function aesKeyWrap(kek: Buffer, cek: Buffer): Buffer {
  const cipher = createCipheriv(kwCipher(kek), kek, KW_IV);
  return Buffer.concat([cipher.update(cek), cipher.final()]);
}

/** AES key unwrap; undefined when the integrity check fails (the caller goes on with a random CEK). */
export function aesKeyUnwrap(kek: Buffer, wrapped: Buffer): Buffer | undefined {
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) return undefined;
  try {
    const decipher = createDecipheriv(kwCipher(kek), kek, KW_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** AES-GCM key wrap (RFC 7518 4.7): the CEK encrypted with the KEK, no AAD. */
export function gcmKeyWrap(kek: Buffer, cek: Buffer, iv: Buffer): Sealed {
  const cipher = createCipheriv(`aes-${kek.length * 8}-gcm` as "aes-256-gcm", kek, iv, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(cek), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

export function gcmKeyUnwrap(kek: Buffer, wrapped: Buffer, iv: Buffer, tag: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv(`aes-${kek.length * 8}-gcm` as "aes-256-gcm", kek, iv, {
      authTagLength: 16,
    });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    return undefined;
  }
}

export function rsaOaepWrap(spec: KeyManagementSpec, publicKey: KeyObject, cek: Buffer): Buffer {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: spec.hash as string },
    cek,
  );
}

/**
 * RSA-OAEP decryption; undefined on failure, so that the caller goes on with a random CEK and the
 * failure shows only as a tag mismatch (RFC 7516 section 11.5).
 */
export function rsaOaepUnwrap(
  spec: KeyManagementSpec,
  privateKey: KeyObject,
  encrypted: Buffer,
): Buffer | undefined {
  try {
    return privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: spec.hash as string },
      encrypted,
    );
  } catch {
    return undefined;
  }
}

/** The ECDH shared secret Z; an all-zero X25519 result (a small-order point) is refused. */
export function sharedSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer | undefined {
  let z: Buffer;
  try {
    z = diffieHellman({ privateKey, publicKey });
  } catch {
    return undefined;
  }
  return z.every((byte) => byte === 0) ? undefined : z;
}

/** The Concat KDF of NIST SP 800-56A with SHA-256, as RFC 7518 4.6.2 fills it in. */
export function concatKdf(
  z: Buffer,
  keyBytes: number,
  algorithmId: string,
  apu: Buffer,
  apv: Buffer,
): Buffer {
  const otherInfo = Buffer.concat([
    lengthPrefixed(Buffer.from(algorithmId, "ascii")),
    lengthPrefixed(apu),
    lengthPrefixed(apv),
    uint32(keyBytes * 8),
  ]);
  const rounds = Math.ceil(keyBytes / 32);
  const output: Buffer[] = [];
  for (let counter = 1; counter <= rounds; counter++) {
    output.push(createHash("sha256").update(uint32(counter)).update(z).update(otherInfo).digest());
  }
  return Buffer.concat(output).subarray(0, keyBytes);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function lengthPrefixed(data: Buffer): Buffer {
  return Buffer.concat([uint32(data.length), data]);
}

/** The PBES2 wrapping key: PBKDF2 over the password, salted with the algorithm's name (RFC 7518 4.8.1.1). */
export function pbes2Key(spec: KeyManagementSpec, password: Buffer, p2s: Buffer, count: number): Buffer {
  const salt = Buffer.concat([Buffer.from(spec.alg, "ascii"), Buffer.from([0]), p2s]);
  return pbkdf2Sync(password, salt, count, spec.wrapKeyBytes as number, spec.hash as string);
}

export function randomKey(bytes: number): Buffer {
  return randomBytes(bytes);
}

interface CurveParameters {
  readonly p: bigint;
  readonly b: bigint;
  readonly bytes: number;
}

/** The prime and the constant b of each NIST curve (y^2 = x^3 - 3x + b mod p), from FIPS 186-4 D.1.2. */
const NIST_CURVES: Readonly<Record<Exclude<EcdhCurve, "X25519">, CurveParameters>> = {
  "P-256": {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    bytes: 32,
  },
  "P-384": {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    bytes: 48,
  },
  "P-521": {
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    bytes: 66,
  },
};

/** The length in bytes of a coordinate of the curve. */
export function coordinateBytes(curve: EcdhCurve): number {
  return curve === "X25519" ? 32 : NIST_CURVES[curve].bytes;
}

/**
 * True when (x, y) is a point of the NIST curve: both coordinates below p and the curve's equation
 * holds. A point off the curve is the invalid-curve attack: its ECDH result leaks the private key.
 */
export function isOnCurve(curve: Exclude<EcdhCurve, "X25519">, x: Buffer, y: Buffer): boolean {
  const { p, b, bytes } = NIST_CURVES[curve];
  if (x.length !== bytes || y.length !== bytes) return false;
  const px = BigInt(`0x${x.toString("hex")}`);
  const py = BigInt(`0x${y.toString("hex")}`);
  if (px >= p || py >= p) return false;
  const left = (py * py) % p;
  const right = (((px * px) % p) * px - 3n * px + b) % p;
  return left === (right + p) % p;
}
