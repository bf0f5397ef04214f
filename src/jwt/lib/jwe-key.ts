import { createPublicKey, type KeyObject } from "node:crypto";
import { JwtError } from "../errors.js";
import { createJwtKey, type JwtKey } from "../key.js";
import type { KeyFamily } from "./algorithms.js";
import type { KeyBinding } from "./asymmetric.js";
import {
  type EcdhCurve,
  type JweAlgorithm,
  type JweKeyType,
  KEY_MANAGEMENT_SPECS,
  NODE_NAME_TO_ECDH_CURVE,
} from "./jwe-algorithms.js";
import { keyError } from "./option-error.js";

/** Key lengths a `dir` key may have: those of the content encryption algorithms. */
const DIRECT_KEY_BYTES = new Set([16, 24, 32, 48, 64]);
const MIN_RSA_BITS = 2048;

/**
 * Binds a shared secret to the key management algorithms it fits: AES key wrap and AES-GCM key wrap
 * need exactly their key length, `dir` the length of a content encryption key (checked again against
 * the token's `enc`), PBES2 any non-empty password.
 */
export function encryptionSecretKey(keyObject: KeyObject, binding: KeyBinding): JwtKey {
  const wanted = binding.encryption ?? [];
  const length = keyObject.symmetricKeySize ?? 0;
  const algorithms = wanted.filter((alg) => secretFits(alg, length));
  if (algorithms.length === 0) {
    const needs = wanted.map((alg) => `${alg} needs ${secretLengthRule(alg)}`).join("; ");
    throw keyError(
      "ERR_KEY_INVALID",
      "wrong-length",
      `is ${length} bytes long; ${needs}`,
      "Generate one with generateSecret(alg), and give its secretEncoding when it is base64url or hex text.",
      "The secret",
    );
  }
  return createJwtKey({
    kind: "secret",
    family: "oct",
    algorithms: [],
    encryptionAlgorithms: algorithms,
    keyObject,
    kid: binding.kid,
    canSign: false,
    canVerify: false,
  });
}

function secretFits(alg: JweAlgorithm, length: number): boolean {
  const spec = KEY_MANAGEMENT_SPECS[alg];
  switch (spec.mode) {
    case "dir":
      return DIRECT_KEY_BYTES.has(length);
    case "aes-kw":
    case "aes-gcm-kw":
      return length === spec.wrapKeyBytes;
    case "pbes2":
      return length > 0;
    default:
      return false;
  }
}

function secretLengthRule(alg: JweAlgorithm): string {
  const spec = KEY_MANAGEMENT_SPECS[alg];
  if (spec.mode === "dir") return "16, 24, 32, 48 or 64 bytes (the length of the content encryption key)";
  if (spec.mode === "pbes2") return "a non-empty password";
  if (spec.keyType !== "oct") return "a key pair, not a secret";
  return `exactly ${spec.wrapKeyBytes} bytes`;
}

/** Binds an RSA, EC or X25519 key to the JWE algorithms it fits, after checking it. */
export function bindEncryptionKey(keyObject: KeyObject, binding: KeyBinding): JwtKey {
  const wanted = binding.encryption ?? [];
  const { family, keyType } = describeEncryptionKey(keyObject);
  const algorithms = wanted.filter((alg) => KEY_MANAGEMENT_SPECS[alg].keyType === keyType);
  if (algorithms.length === 0) {
    const fits =
      keyType === "RSA"
        ? "RSA-OAEP, RSA-OAEP-256"
        : "ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW";
    throw keyError(
      "ERR_KEY_INVALID",
      "wrong-algorithm",
      `cannot be used with ${wanted.join(", ")}; it fits ${fits}`,
      undefined,
      `This ${keyObject.asymmetricKeyType?.toUpperCase() ?? "secret"} ${keyObject.type} key`,
    );
  }
  return createJwtKey({
    kind: keyObject.type === "private" ? "private" : "public",
    family,
    algorithms: [],
    encryptionAlgorithms: algorithms,
    keyObject,
    kid: binding.kid,
    canSign: false,
    canVerify: false,
  });
}

function describeEncryptionKey(keyObject: KeyObject): { family: KeyFamily; keyType: JweKeyType } {
  const type = keyObject.asymmetricKeyType;
  if (type === "rsa") {
    const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      throw new JwtError(
        "ERR_KEY_WEAK",
        `This RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required. Generate a new one with generateKeyPair("RSA-OAEP-256").`,
        {
          option: "key",
          reason: "too-short",
          problem: `is an RSA key of ${bits} bits; at least ${MIN_RSA_BITS} are required`,
          fix: `Use a key pair of ${MIN_RSA_BITS} bits or more.`,
        },
      );
    }
    return { family: "rsa", keyType: "RSA" };
  }
  const curve = curveOf(keyObject);
  if (curve !== undefined) return { family: curve === "X25519" ? "okp" : "ec", keyType: "EC" };
  throw keyError(
    "ERR_KEY_INVALID",
    "unsupported",
    "cannot encrypt or decrypt tokens",
    "Use an RSA key (2048 bits or more) with RSA-OAEP, or an EC P-256/P-384/P-521 or X25519 key with ECDH-ES.",
    `A ${type ?? "secret"} key`,
  );
}

/** The ECDH curve of a key (P-256, P-384, P-521, X25519), or undefined when it is on none of them. */
export function curveOf(keyObject: KeyObject): EcdhCurve | undefined {
  const type = keyObject.asymmetricKeyType;
  if (type === "x25519") return "X25519";
  if (type !== "ec") return undefined;
  return NODE_NAME_TO_ECDH_CURVE[keyObject.asymmetricKeyDetails?.namedCurve ?? ""];
}

/** The public half of an encryption key (to encrypt for it, or to check its JWK's `x`). */
export function publicHalf(key: JwtKey): KeyObject {
  return key.kind === "private" ? createPublicKey(key.keyObject) : key.keyObject;
}
