import { constants } from "node:crypto";

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

/** The kind of key an algorithm needs; a key is bound to one family when imported. */
export type KeyFamily = "hmac" | "rsa" | "ec" | "okp";

export interface AlgorithmSpec {
  readonly alg: Algorithm;
  readonly family: KeyFamily;
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
  family: KeyFamily,
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
});

/** node:crypto's names for the JOSE curves. */
export const NODE_CURVE_TO_JOSE: Readonly<Record<string, AlgorithmSpec["curve"]>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
};

export const PSS_PADDING = constants.RSA_PKCS1_PSS_PADDING;

export function isAlgorithm(value: unknown): value is Algorithm {
  return typeof value === "string" && Object.hasOwn(ALGORITHM_SPECS, value);
}
