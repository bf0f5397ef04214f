import { JwtError } from "../errors.js";

/**
 * The JWE algorithms (RFC 7518 section 4 and 5, RFC 8037 for X25519): the facts of each one live in
 * these tables, so that no code derives a key length or a hash from an algorithm's name.
 */

/** Key management algorithms ("alg" of a JWE): how the content encryption key reaches the recipient. */
export const JWE_ALGORITHMS = [
  "dir",
  "A128KW",
  "A192KW",
  "A256KW",
  "A128GCMKW",
  "A192GCMKW",
  "A256GCMKW",
  "RSA-OAEP",
  "RSA-OAEP-256",
  "ECDH-ES",
  "ECDH-ES+A128KW",
  "ECDH-ES+A192KW",
  "ECDH-ES+A256KW",
  "PBES2-HS256+A128KW",
  "PBES2-HS384+A192KW",
  "PBES2-HS512+A256KW",
] as const;

export type JweAlgorithm = (typeof JWE_ALGORITHMS)[number];

/** Content encryption algorithms ("enc" of a JWE). */
export const JWE_ENCRYPTIONS = [
  "A128CBC-HS256",
  "A192CBC-HS384",
  "A256CBC-HS512",
  "A128GCM",
  "A192GCM",
  "A256GCM",
] as const;

export type JweEncryption = (typeof JWE_ENCRYPTIONS)[number];

/** How the content encryption key (CEK) is carried. */
export type KeyManagementMode = "dir" | "aes-kw" | "aes-gcm-kw" | "rsa-oaep" | "ecdh-es" | "pbes2";

/** The kind of key a key management algorithm takes. */
export type JweKeyType = "oct" | "RSA" | "EC";

export interface KeyManagementSpec {
  readonly alg: JweAlgorithm;
  readonly mode: KeyManagementMode;
  readonly keyType: JweKeyType;
  /** For the AES key wrap step (KW, GCMKW, ECDH-ES+KW, PBES2): the wrapping key's length in bytes. */
  readonly wrapKeyBytes?: 16 | 24 | 32;
  /** True when the CEK is wrapped with AES key wrap (RFC 3394) as the last step. */
  readonly aesKeyWrap: boolean;
  /** RSA-OAEP: the hash of OAEP and MGF1. PBES2: the PBKDF2 HMAC hash. */
  readonly hash?: "sha1" | "sha256" | "sha384" | "sha512";
}

export interface ContentEncryptionSpec {
  readonly enc: JweEncryption;
  readonly mode: "gcm" | "cbc-hmac";
  /** The CEK length in bytes (for CBC-HMAC, the MAC key and the AES key together). */
  readonly keyBytes: 16 | 24 | 32 | 48 | 64;
  readonly ivBytes: 12 | 16;
  readonly tagBytes: 16 | 24 | 32;
  /** node:crypto cipher name. */
  readonly cipher: string;
  /** CBC-HMAC: the HMAC hash. */
  readonly hash?: "sha256" | "sha384" | "sha512";
}

function km(
  alg: JweAlgorithm,
  mode: KeyManagementMode,
  keyType: JweKeyType,
  extra: Partial<KeyManagementSpec> = {},
): KeyManagementSpec {
  const aesKeyWrap =
    mode === "aes-kw" || mode === "pbes2" || (mode === "ecdh-es" && extra.wrapKeyBytes !== undefined);
  return Object.freeze({ alg, mode, keyType, aesKeyWrap, ...extra });
}

export const KEY_MANAGEMENT_SPECS: Readonly<Record<JweAlgorithm, KeyManagementSpec>> = Object.freeze({
  dir: km("dir", "dir", "oct"),
  A128KW: km("A128KW", "aes-kw", "oct", { wrapKeyBytes: 16 }),
  A192KW: km("A192KW", "aes-kw", "oct", { wrapKeyBytes: 24 }),
  A256KW: km("A256KW", "aes-kw", "oct", { wrapKeyBytes: 32 }),
  A128GCMKW: km("A128GCMKW", "aes-gcm-kw", "oct", { wrapKeyBytes: 16 }),
  A192GCMKW: km("A192GCMKW", "aes-gcm-kw", "oct", { wrapKeyBytes: 24 }),
  A256GCMKW: km("A256GCMKW", "aes-gcm-kw", "oct", { wrapKeyBytes: 32 }),
  "RSA-OAEP": km("RSA-OAEP", "rsa-oaep", "RSA", { hash: "sha1" }),
  "RSA-OAEP-256": km("RSA-OAEP-256", "rsa-oaep", "RSA", { hash: "sha256" }),
  "ECDH-ES": km("ECDH-ES", "ecdh-es", "EC"),
  "ECDH-ES+A128KW": km("ECDH-ES+A128KW", "ecdh-es", "EC", { wrapKeyBytes: 16 }),
  "ECDH-ES+A192KW": km("ECDH-ES+A192KW", "ecdh-es", "EC", { wrapKeyBytes: 24 }),
  "ECDH-ES+A256KW": km("ECDH-ES+A256KW", "ecdh-es", "EC", { wrapKeyBytes: 32 }),
  "PBES2-HS256+A128KW": km("PBES2-HS256+A128KW", "pbes2", "oct", { wrapKeyBytes: 16, hash: "sha256" }),
  "PBES2-HS384+A192KW": km("PBES2-HS384+A192KW", "pbes2", "oct", { wrapKeyBytes: 24, hash: "sha384" }),
  "PBES2-HS512+A256KW": km("PBES2-HS512+A256KW", "pbes2", "oct", { wrapKeyBytes: 32, hash: "sha512" }),
});

function ce(
  enc: JweEncryption,
  keyBytes: ContentEncryptionSpec["keyBytes"],
  hash?: ContentEncryptionSpec["hash"],
): ContentEncryptionSpec {
  if (hash === undefined) {
    return Object.freeze({
      enc,
      mode: "gcm",
      keyBytes,
      ivBytes: 12,
      tagBytes: 16,
      cipher: `aes-${keyBytes * 8}-gcm`,
    });
  }
  // CBC-HMAC: half the CEK is the MAC key, half the AES key; the tag is half the HMAC (RFC 7518 5.2).
  const half = (keyBytes / 2) as 16 | 24 | 32;
  return Object.freeze({
    enc,
    mode: "cbc-hmac",
    keyBytes,
    ivBytes: 16,
    tagBytes: half,
    cipher: `aes-${half * 8}-cbc`,
    hash,
  });
}

export const CONTENT_ENCRYPTION_SPECS: Readonly<Record<JweEncryption, ContentEncryptionSpec>> = Object.freeze(
  {
    "A128CBC-HS256": ce("A128CBC-HS256", 32, "sha256"),
    "A192CBC-HS384": ce("A192CBC-HS384", 48, "sha384"),
    "A256CBC-HS512": ce("A256CBC-HS512", 64, "sha512"),
    A128GCM: ce("A128GCM", 16),
    A192GCM: ce("A192GCM", 24),
    A256GCM: ce("A256GCM", 32),
  },
);

/** The curves ECDH-ES works on here, by their JOSE names. */
export const ECDH_CURVES = ["P-256", "P-384", "P-521", "X25519"] as const;
export type EcdhCurve = (typeof ECDH_CURVES)[number];

/** node:crypto's names for the ECDH curves (asymmetricKeyDetails.namedCurve, or the key type for X25519). */
export const NODE_NAME_TO_ECDH_CURVE: Readonly<Record<string, EcdhCurve>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  x25519: "X25519",
};

/** The enc used when none is given; for `dir`, the one that fits the key's length. */
export const DEFAULT_JWE_ENCRYPTION: JweEncryption = "A256GCM";

/** The enc a `dir` key of this many bytes fits best (a GCM one where there is one). */
export function encryptionForDirectKey(bytes: number): JweEncryption | undefined {
  const gcm = JWE_ENCRYPTIONS.find(
    (enc) => CONTENT_ENCRYPTION_SPECS[enc].mode === "gcm" && CONTENT_ENCRYPTION_SPECS[enc].keyBytes === bytes,
  );
  return gcm ?? JWE_ENCRYPTIONS.find((enc) => CONTENT_ENCRYPTION_SPECS[enc].keyBytes === bytes);
}

/** PBES2 iteration counts: below the floor is too weak (RFC 7518 4.8.1.2), above the cap a denial of service. */
export const MIN_PBES2_COUNT = 1000;
export const DEFAULT_MAX_PBES2_COUNT = 10_000;
/** What encryptJwe uses when no count is given: the most a default decrypter accepts. */
export const DEFAULT_PBES2_COUNT = 10_000;
/** The largest plaintext a compressed (zip "DEF") token may inflate to, by default: 250 KB. */
export const DEFAULT_MAX_INFLATED_BYTES = 250_000;

export function isJweAlgorithm(value: unknown): value is JweAlgorithm {
  return typeof value === "string" && Object.hasOwn(KEY_MANAGEMENT_SPECS, value);
}

export function isJweEncryption(value: unknown): value is JweEncryption {
  return typeof value === "string" && Object.hasOwn(CONTENT_ENCRYPTION_SPECS, value);
}

/** True for the key management algorithms whose key is a shared secret (or a password). */
export function usesSharedSecret(alg: JweAlgorithm): boolean {
  return KEY_MANAGEMENT_SPECS[alg].keyType === "oct";
}

/** The algorithm that is never offered, with why: RSAES-PKCS1-v1_5 leaks through padding errors. */
export const REFUSED_JWE_ALGORITHM = "RSA1_5";

export function refusedRsa15(option?: string): JwtError {
  const problem =
    'is "RSA1_5" (RSAES-PKCS1-v1_5), which is not offered: its padding checks leak enough to decrypt ' +
    "tokens and forge keys (Bleichenbacher's attack)";
  const fix = "Use RSA-OAEP-256 (or RSA-OAEP) with the same RSA key.";
  return new JwtError("ERR_ALG_NOT_ALLOWED", `The key management algorithm ${problem}. ${fix}`, {
    ...(option === undefined ? {} : { option }),
    reason: "rsa1_5",
    problem,
    fix,
  });
}
