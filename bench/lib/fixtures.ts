import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";

export const BENCH_ALGORITHMS = ["HS256", "RS256", "ES256", "EdDSA"] as const;
export type BenchAlgorithm = (typeof BENCH_ALGORITHMS)[number];

/** The same 3 claims for every implementation; each adds `iat` and `exp` (1 hour) its own way. */
export const PAYLOAD = Object.freeze({ sub: "user-42", name: "Ada Lovelace", admin: true });
export const EXPIRES_IN_SECONDS = 3600;

/** Key material in the forms the libraries take: text/PEM, and node:crypto KeyObjects. */
export interface BenchKeys {
  readonly alg: BenchAlgorithm;
  /** HS256: the secret text; otherwise the private key PEM (PKCS#8). */
  readonly signingText: string;
  /** HS256: the secret text; otherwise the public key PEM (SPKI). */
  readonly verifyingText: string;
  readonly signingKeyObject: KeyObject;
  readonly verifyingKeyObject: KeyObject;
}

const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

export function makeKeys(alg: BenchAlgorithm): BenchKeys {
  if (alg === "HS256") {
    const secret = createSecretKey(Buffer.from(SECRET, "utf8"));
    return {
      alg,
      signingText: SECRET,
      verifyingText: SECRET,
      signingKeyObject: secret,
      verifyingKeyObject: secret,
    };
  }
  const pair =
    alg === "RS256"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : alg === "ES256"
        ? generateKeyPairSync("ec", { namedCurve: "prime256v1" })
        : generateKeyPairSync("ed25519");
  const signingText = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const verifyingText = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
  return {
    alg,
    signingText,
    verifyingText,
    signingKeyObject: createPrivateKey(signingText),
    verifyingKeyObject: createPublicKey(verifyingText),
  };
}
