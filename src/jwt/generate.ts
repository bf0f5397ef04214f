import { generateKeyPairSync, randomBytes } from "node:crypto";
import { DEFAULT_ALGORITHM } from "./defaults.js";
import { importKey } from "./import-key.js";
import { ALGORITHM_SPECS, ALGORITHMS, type Algorithm, isAlgorithm } from "./lib/algorithms.js";
import { computeThumbprint, type Jwk, type Jwks, toPublicJwk } from "./lib/jwk.js";
import { describeValue, invalidOption } from "./lib/option-error.js";

export interface GeneratedSecret {
  /** The secret, as base64url text. */
  secret: string;
  /** How the text is written: pass it as `secretEncoding` to use exactly these random bytes. */
  encoding: "base64url";
  alg: Algorithm;
  /** The number of random bytes (the hash length: 32, 48 or 64). */
  bytes: number;
}

/**
 * A random HMAC secret as long as the algorithm's hash (RFC 7518 section 3.2).
 * The text itself is also long enough when used as plain text.
 */
export function generateSecret(alg: Algorithm = DEFAULT_ALGORITHM): GeneratedSecret {
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

export interface GeneratedKeyPair {
  alg: Algorithm;
  /** The RFC 7638 thumbprint of the public key, used as `kid`. */
  kid: string;
  /** PKCS#8 PEM: keep it secret. */
  privateKeyPem: string;
  /** SPKI PEM: share it with verifiers. */
  publicKeyPem: string;
  publicJwk: Jwk;
  jwks: Jwks;
}

/** A new key pair for an asymmetric algorithm (RSA 2048 bits, P-256/384/521, Ed25519). */
export function generateKeyPair(alg: Algorithm = "ES256"): GeneratedKeyPair {
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
  const exported = pair.publicKey.export({ format: "jwk" }) as Jwk;
  const kid = computeThumbprint(exported);
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
