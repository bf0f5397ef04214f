import type { KeyObject } from "node:crypto";
import { JwtError } from "../errors.js";
import { createJwtKey, type JwtKey } from "../key.js";
import {
  ALGORITHM_SPECS,
  ALGORITHMS_BY_FAMILY,
  type Algorithm,
  NODE_CURVE_TO_JOSE,
  type SignatureFamily,
} from "./algorithms.js";
import type { JweAlgorithm } from "./jwe-algorithms.js";
import { keyError } from "./option-error.js";

export interface KeyBinding {
  /** The one algorithm the caller wants; otherwise every algorithm the key fits. */
  readonly alg?: Algorithm | undefined;
  /** For an encryption key: the JWE key management algorithms the caller accepts (the key keeps those it fits). */
  readonly encryption?: readonly JweAlgorithm[] | undefined;
  readonly kid?: string | undefined;
  readonly canSign?: boolean;
  readonly canVerify?: boolean;
  readonly allowWeakKey?: boolean;
}

const MIN_RSA_BITS = 2048;

/** Binds a node:crypto private or public key to the algorithms it can serve, after checking it. */
export function bindAsymmetricKey(keyObject: KeyObject, binding: KeyBinding): JwtKey {
  const family = familyOf(keyObject);
  let algorithms = algorithmsFor(keyObject, family);
  if (binding.alg !== undefined) {
    if (!algorithms.includes(binding.alg)) {
      throw keyError(
        "ERR_KEY_INVALID",
        "wrong-algorithm",
        `cannot be used with ${binding.alg}; it fits ${algorithms.join(", ")}`,
        undefined,
        `This ${describeKey(keyObject)}`,
      );
    }
    algorithms = [binding.alg];
  }
  return createJwtKey({
    kind: keyObject.type === "private" ? "private" : "public",
    family,
    algorithms,
    keyObject,
    kid: binding.kid,
    canSign: binding.canSign,
    canVerify: binding.canVerify,
    allowWeakKey: binding.allowWeakKey,
  });
}

function familyOf(keyObject: KeyObject): SignatureFamily {
  switch (keyObject.asymmetricKeyType) {
    case "rsa":
    case "rsa-pss":
      return "rsa";
    case "ec":
      return "ec";
    case "ed25519":
    case "ed448":
      return "okp";
    default:
      throw keyError(
        "ERR_KEY_INVALID",
        "unsupported",
        "cannot make or check JWS signatures",
        "Use an RSA (2048 bits or more), EC P-256/P-384/P-521 or Ed25519 key.",
        `A ${keyObject.asymmetricKeyType ?? "secret"} key`,
      );
  }
}

function algorithmsFor(keyObject: KeyObject, family: SignatureFamily): readonly Algorithm[] {
  const details = keyObject.asymmetricKeyDetails ?? {};
  if (family === "rsa") {
    const bits = details.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      throw new JwtError(
        "ERR_KEY_WEAK",
        `This RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required. ` +
          'Generate a new one with generateKeyPair("RS256") (or openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048).',
        {
          option: "key",
          reason: "too-short",
          problem: `is an RSA key of ${bits} bits; at least ${MIN_RSA_BITS} are required`,
          fix: `Use a key pair of ${MIN_RSA_BITS} bits or more.`,
        },
      );
    }
    // An RSASSA-PSS-only key (id-RSASSA-PSS) cannot make PKCS#1 v1.5 signatures.
    return keyObject.asymmetricKeyType === "rsa-pss"
      ? ALGORITHMS_BY_FAMILY.rsa.filter((alg) => ALGORITHM_SPECS[alg].pss)
      : ALGORITHMS_BY_FAMILY.rsa;
  }
  if (family === "ec") {
    const curve = NODE_CURVE_TO_JOSE[details.namedCurve ?? ""];
    const alg = ALGORITHMS_BY_FAMILY.ec.find((candidate) => ALGORITHM_SPECS[candidate].curve === curve);
    if (alg === undefined) {
      throw keyError(
        "ERR_KEY_INVALID",
        "unsupported",
        `is on the curve ${details.namedCurve ?? "(unknown)"}, which is not a JWS curve`,
        "Use P-256 (ES256), P-384 (ES384) or P-521 (ES512).",
        "The EC key",
      );
    }
    return [alg];
  }
  return ALGORITHMS_BY_FAMILY.okp;
}

function describeKey(keyObject: KeyObject): string {
  const type = keyObject.asymmetricKeyType?.toUpperCase() ?? "secret";
  return `${type} ${keyObject.type} key`;
}
