import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { DEFAULT_ALGORITHM } from "./defaults.js";
import { importKey } from "./import-key.js";
import { ALGORITHM_SPECS, ALGORITHMS, type Algorithm, isAlgorithm } from "./lib/algorithms.js";
import {
  CONTENT_ENCRYPTION_SPECS,
  DEFAULT_JWE_ENCRYPTION,
  isJweAlgorithm,
  type JweAlgorithm,
  type JweEncryption,
  KEY_MANAGEMENT_SPECS,
} from "./lib/jwe-algorithms.js";
import { checkJweAlgorithm, checkJweEncryption } from "./lib/jwe-options.js";
import { computeThumbprint, type Jwk, type Jwks, toPublicJwk } from "./lib/jwk.js";
import { describeValue, invalidOption } from "./lib/option-error.js";

export interface GeneratedSecret<A extends Algorithm | JweAlgorithm = Algorithm> {
  /** The secret, as base64url text. */
  secret: string;
  /** How the text is written: pass it as `secretEncoding` to use exactly these random bytes. */
  encoding: "base64url";
  alg: A;
  /** The number of random bytes (the hash length: 32, 48 or 64; for JWE, the key's length). */
  bytes: number;
}

/** For a JWE secret: the content encryption a `dir` key is for (its length is that of the CEK). */
export interface GenerateSecretOptions {
  /** @defaultValue A256GCM */
  enc?: JweEncryption | undefined;
}

/**
 * A random HMAC secret as long as the algorithm's hash (RFC 7518 section 3.2).
 * The text itself is also long enough when used as plain text.
 */
export function generateSecret(alg?: Algorithm): GeneratedSecret;
export function generateSecret(
  alg: JweAlgorithm,
  options?: GenerateSecretOptions,
): GeneratedSecret<JweAlgorithm>;
export function generateSecret(
  alg: Algorithm | JweAlgorithm,
  options?: GenerateSecretOptions,
): GeneratedSecret<Algorithm | JweAlgorithm>;
export function generateSecret(
  alg: Algorithm | JweAlgorithm = DEFAULT_ALGORITHM,
  options: GenerateSecretOptions = {},
): GeneratedSecret<Algorithm | JweAlgorithm> {
  if (isJweAlgorithm(alg)) return { ...jweSecret(alg, options), alg };
  const spec = checkAlg(alg);
  if (spec.family !== "hmac") {
    throw invalidOption(
      "alg",
      "wrong-family",
      `is ${alg}, which uses a key pair, not a secret`,
      `Use generateKeyPair("${alg}").`,
    );
  }
  const bytes = spec.minSecretBytes;
  return { secret: randomBytes(bytes).toString("base64url"), encoding: "base64url", alg, bytes };
}

export interface GeneratedKeyPair<A extends Algorithm | JweAlgorithm = Algorithm> {
  alg: A;
  /** The RFC 7638 thumbprint of the public key, used as `kid`. */
  kid: string;
  /** PKCS#8 PEM: keep it secret. */
  privateKeyPem: string;
  /** SPKI PEM: share it with verifiers. */
  publicKeyPem: string;
  publicJwk: Jwk;
  jwks: Jwks;
}

/** For an ECDH-ES key pair: its curve. */
export interface GenerateKeyPairOptions {
  /** @defaultValue P-256 */
  curve?: "P-256" | "P-384" | "P-521" | "X25519" | undefined;
}

/**
 * A new key pair for an asymmetric algorithm (RSA 2048 bits, P-256/384/521, Ed25519), or for JWE
 * (RSA 2048 bits for RSA-OAEP, P-256 or `curve` for ECDH-ES); its public JWK says `use: "enc"` then.
 */
export function generateKeyPair(alg?: Algorithm): GeneratedKeyPair;
export function generateKeyPair(
  alg: JweAlgorithm,
  options?: GenerateKeyPairOptions,
): GeneratedKeyPair<JweAlgorithm>;
export function generateKeyPair(
  alg: Algorithm | JweAlgorithm,
  options?: GenerateKeyPairOptions,
): GeneratedKeyPair<Algorithm | JweAlgorithm>;
export function generateKeyPair(
  alg: Algorithm | JweAlgorithm = "ES256",
  options: GenerateKeyPairOptions = {},
): GeneratedKeyPair<Algorithm | JweAlgorithm> {
  if (isJweAlgorithm(alg)) return jweKeyPair(alg, options);
  const spec = checkAlg(alg);
  const pair = (() => {
    switch (spec.family) {
      case "rsa":
        return generateKeyPairSync("rsa", { modulusLength: 2048 });
      case "ec":
        return generateKeyPairSync("ec", { namedCurve: spec.curve as string });
      case "okp":
        return generateKeyPairSync("ed25519");
      default:
        throw invalidOption(
          "alg",
          "wrong-family",
          `is ${alg}, which uses a secret, not a key pair`,
          `Use generateSecret("${alg}").`,
        );
    }
  })();
  return presentPair(alg, pair);
}

function checkAlg(alg: unknown) {
  if (!isAlgorithm(alg)) {
    throw invalidOption(
      "alg",
      "unknown-algorithm",
      `must be one of ${ALGORITHMS.join(", ")}; got ${describeValue(alg)}`,
    );
  }
  return ALGORITHM_SPECS[alg];
}

function jweSecret(alg: JweAlgorithm, options: GenerateSecretOptions): Omit<GeneratedSecret, "alg"> {
  const spec = KEY_MANAGEMENT_SPECS[alg];
  if (spec.keyType !== "oct") {
    throw invalidOption(
      "alg",
      "wrong-family",
      `is ${alg}, which uses a key pair, not a secret`,
      `Use generateKeyPair("${alg}").`,
    );
  }
  const enc = options.enc === undefined ? DEFAULT_JWE_ENCRYPTION : checkJweEncryption(options.enc, "enc");
  // dir: the CEK's length; key wrap: the KEK's; PBES2: 32 random bytes make a password nobody guesses.
  const bytes = spec.mode === "dir" ? CONTENT_ENCRYPTION_SPECS[enc].keyBytes : (spec.wrapKeyBytes ?? 32);
  const length = spec.mode === "pbes2" ? 32 : bytes;
  return { secret: randomBytes(length).toString("base64url"), encoding: "base64url", bytes: length };
}

function jweKeyPair(alg: JweAlgorithm, options: GenerateKeyPairOptions): GeneratedKeyPair<JweAlgorithm> {
  checkJweAlgorithm(alg, "alg");
  const spec = KEY_MANAGEMENT_SPECS[alg];
  const curve = options.curve ?? "P-256";
  const pair =
    spec.keyType === "RSA"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : spec.keyType === "EC"
        ? curve === "X25519"
          ? generateKeyPairSync("x25519")
          : generateKeyPairSync("ec", { namedCurve: curve })
        : undefined;
  if (pair === undefined) {
    throw invalidOption(
      "alg",
      "wrong-family",
      `is ${alg}, which uses a secret, not a key pair`,
      `Use generateSecret("${alg}").`,
    );
  }
  return presentPair(alg, pair);
}

/** A new pair as callers get it: PEMs, the public JWK with its thumbprint as kid, and a JWKS of it. */
function presentPair<Alg extends Algorithm | JweAlgorithm>(
  alg: Alg,
  pair: { publicKey: KeyObject; privateKey: KeyObject },
): GeneratedKeyPair<Alg> {
  const kid = computeThumbprint(pair.publicKey.export({ format: "jwk" }) as Jwk);
  const publicJwk = toPublicJwk(importKey(pair.publicKey, { alg, kid }));
  return {
    alg,
    kid,
    privateKeyPem: pair.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicKeyPem: pair.publicKey.export({ format: "pem", type: "spki" }).toString(),
    publicJwk,
    jwks: { keys: [publicJwk] },
  };
}
