import { JwtError } from "../errors.js";

/** Every JWS algorithm the engine signs and verifies (RFC 7518 and RFC 8037). */
export const ALGORITHMS = [
  "HS256",
  "HS384",
  "HS512",
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
] as const;

export type Algorithm = (typeof ALGORITHMS)[number];

/**
 * The kind of key an algorithm needs; a key is bound to one family when imported. `oct` is a shared
 * secret for encryption (an AES key or a PBES2 password), never an HMAC secret.
 */
export type KeyFamily = "hmac" | "rsa" | "ec" | "okp" | "oct";

/** The families of the signature algorithms. */
export type SignatureFamily = Exclude<KeyFamily, "oct">;

export interface AlgorithmSpec {
  readonly alg: Algorithm;
  readonly family: SignatureFamily;
  /** node:crypto digest name, or null for EdDSA (the curve fixes the hash). */
  readonly hash: "sha256" | "sha384" | "sha512" | null;
  /** For HMAC: the minimum secret length in bytes (RFC 7518 section 3.2). */
  readonly minSecretBytes: number;
  /** For ECDSA: the curve the key must be on, and its signature length. */
  readonly curve?: "P-256" | "P-384" | "P-521";
  readonly signatureBytes?: number;
  /** For RSA-PSS: padding options node:crypto needs. */
  readonly pss: boolean;
}

function spec(
  alg: Algorithm,
  family: SignatureFamily,
  hash: AlgorithmSpec["hash"],
  extra: Partial<AlgorithmSpec> = {},
): AlgorithmSpec {
  const minSecretBytes = family === "hmac" && hash ? Number(hash.slice(3)) / 8 : 0;
  return Object.freeze({ alg, family, hash, minSecretBytes, pss: false, ...extra });
}

export const ALGORITHM_SPECS: Readonly<Record<Algorithm, AlgorithmSpec>> = Object.freeze({
  HS256: spec("HS256", "hmac", "sha256"),
  HS384: spec("HS384", "hmac", "sha384"),
  HS512: spec("HS512", "hmac", "sha512"),
  RS256: spec("RS256", "rsa", "sha256"),
  RS384: spec("RS384", "rsa", "sha384"),
  RS512: spec("RS512", "rsa", "sha512"),
  PS256: spec("PS256", "rsa", "sha256", { pss: true }),
  PS384: spec("PS384", "rsa", "sha384", { pss: true }),
  PS512: spec("PS512", "rsa", "sha512", { pss: true }),
  ES256: spec("ES256", "ec", "sha256", { curve: "P-256", signatureBytes: 64 }),
  ES384: spec("ES384", "ec", "sha384", { curve: "P-384", signatureBytes: 96 }),
  ES512: spec("ES512", "ec", "sha512", { curve: "P-521", signatureBytes: 132 }),
  EdDSA: spec("EdDSA", "okp", null),
});

export const ALGORITHMS_BY_FAMILY: Readonly<Record<KeyFamily, readonly Algorithm[]>> = Object.freeze({
  hmac: ["HS256", "HS384", "HS512"],
  rsa: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
  ec: ["ES256", "ES384", "ES512"],
  okp: ["EdDSA"],
  oct: [],
});

/** node:crypto's names for the JOSE curves. */
export const NODE_CURVE_TO_JOSE: Readonly<Record<string, AlgorithmSpec["curve"]>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
};

export function isAlgorithm(value: unknown): value is Algorithm {
  return typeof value === "string" && Object.hasOwn(ALGORITHM_SPECS, value);
}

/** The algorithm used when none is given: HS256, with a secret. */
export const DEFAULT_ALGORITHM: Algorithm = "HS256";

/** The JWK key type (`kty`) of each family. */
const KEY_TYPES: Readonly<Record<KeyFamily, "oct" | "RSA" | "EC" | "OKP">> = {
  hmac: "oct",
  oct: "oct",
  rsa: "RSA",
  ec: "EC",
  okp: "OKP",
};

/** What a caller needs to know of an algorithm, so that no layer re-derives it from the name. */
export interface AlgorithmInfo {
  readonly alg: Algorithm;
  readonly family: KeyFamily;
  /** True for HS256/384/512: signed and verified with one shared secret. */
  readonly symmetric: boolean;
  /** The digest's output in bytes (32, 48, 64); EdDSA's Ed25519 hashes with SHA-512. */
  readonly hashBytes: number;
  /** For HMAC, the shortest secret RFC 7518 section 3.2 allows, in bytes; 0 for key pairs. */
  readonly minSecretBytes: number;
  /** The JWK `kty` of its keys. */
  readonly keyType: "oct" | "RSA" | "EC" | "OKP";
  /** The curve of its keys (ECDSA and EdDSA). */
  readonly curve?: "P-256" | "P-384" | "P-521" | "Ed25519";
}

const INFO: Readonly<Record<Algorithm, AlgorithmInfo>> = Object.freeze(
  Object.fromEntries(
    ALGORITHMS.map((alg) => {
      const spec = ALGORITHM_SPECS[alg];
      const curve = spec.family === "okp" ? "Ed25519" : spec.curve;
      const info: AlgorithmInfo = Object.freeze({
        alg,
        family: spec.family,
        symmetric: spec.family === "hmac",
        hashBytes: spec.hash === null ? 64 : Number(spec.hash.slice(3)) / 8,
        minSecretBytes: spec.minSecretBytes,
        keyType: KEY_TYPES[spec.family],
        ...(curve === undefined ? {} : { curve }),
      });
      return [alg, info];
    }),
  ) as Record<Algorithm, AlgorithmInfo>,
);

/** The facts of one algorithm (family, hash size, minimum secret, key type, curve). */
export function algorithmInfo(alg: Algorithm): AlgorithmInfo {
  return INFO[alg];
}

/** True for the HMAC algorithms, which sign with a shared secret. */
export function isSymmetric(alg: Algorithm): boolean {
  return INFO[alg].symmetric;
}

/**
 * Reads an algorithm name as a person types it: surrounding spaces and letter case do not matter
 * (`hs256`, ` EdDSA `). Anything else is refused with ERR_OPTION_INVALID naming `option`.
 */
export function parseAlgorithm(text: unknown, option = "alg"): Algorithm {
  if (typeof text === "string") {
    const wanted = text.trim().toUpperCase();
    const found = ALGORITHMS.find((alg) => alg.toUpperCase() === wanted);
    if (found !== undefined) return found;
  }
  const got = typeof text === "string" ? JSON.stringify(text.slice(0, 20)) : typeof text;
  throw new JwtError("ERR_OPTION_INVALID", {
    option,
    reason: "unknown-algorithm",
    problem: `must be one of ${ALGORITHMS.join(", ")}; got ${got}`,
  });
}
