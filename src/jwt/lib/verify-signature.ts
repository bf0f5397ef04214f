import { JwtError } from "../errors.js";
import { JwtKey } from "../key.js";
import { importKeySet, JwtKeySet, type VerifyKeyInput } from "../key-set.js";
import { ALGORITHM_SPECS, type Algorithm, isAlgorithm } from "./algorithms.js";
import { decodeCanonicalBase64Url } from "./base64url.js";
import type { CompactParts } from "./compact.js";
import type { SecretEncoding } from "./secret.js";
import { assertStrongEnough, checkSignature } from "./signature.js";

export interface SignatureOptions {
  /** Algorithms accepted; default: the ones the key (or keys) are made for. */
  algorithms?: readonly Algorithm[] | undefined;
  /** How a secret given as text is written (default text/UTF-8). */
  secretEncoding?: SecretEncoding | undefined;
  /** Accept HMAC secrets shorter than the hash (not recommended). */
  allowWeakKey?: boolean | undefined;
}

/** Checks the signature of parsed parts against a key or key set; returns the key that matched. */
export function verifySignature(
  parts: CompactParts,
  keyInput: VerifyKeyInput,
  options: SignatureOptions,
): JwtKey {
  const keys = toKeys(keyInput, options);
  const alg = parts.alg;
  checkAllowed(alg, options.algorithms, keys);
  const candidates = keys instanceof JwtKey ? [keys] : keys.candidates(parts.header.kid, alg);
  if (candidates.length === 0) {
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `No key in the key set is made for ${alg}${typeof parts.header.kid === "string" ? " with this kid" : ""}.`,
    );
  }
  const signature = decodeCanonicalBase64Url(parts.signatureSegment);
  if (signature === undefined || signature.length === 0) {
    throw new JwtError("ERR_JWT_MALFORMED", "The token's signature is missing or not canonical base64url.");
  }
  const spec = ALGORITHM_SPECS[alg];
  for (const key of candidates) {
    if (!key.canVerify) {
      throw new JwtError("ERR_KEY_INVALID", 'The key\'s "key_ops" do not allow "verify".');
    }
    assertStrongEnough(spec, key, options.allowWeakKey);
    if (checkSignature(spec, key, parts.signingInput, signature)) return key;
  }
  throw new JwtError(
    "ERR_JWS_SIGNATURE_INVALID",
    candidates.length > 1
      ? `The signature matches none of the ${candidates.length} keys: the token was signed with another secret or key, or altered.`
      : "The signature does not match the key: the token was signed with another secret or key, or altered. " +
          "Check that the same secret is used to encode and to verify.",
  );
}

function toKeys(input: VerifyKeyInput, options: SignatureOptions): JwtKey | JwtKeySet {
  if (input instanceof JwtKey || input instanceof JwtKeySet) return input;
  if (input === undefined || input === null || input === "") {
    throw new JwtError(
      "ERR_KEY_MISSING",
      "No key was given to verify with. Pass the secret, public key or JWKS.",
    );
  }
  // Kept as a set even for one key: a JWKS's kid must still match the token's.
  return importKeySet(input, {
    secretEncoding: options.secretEncoding,
    allowWeakKey: options.allowWeakKey,
  });
}

function checkAllowed(
  alg: Algorithm,
  algorithms: readonly Algorithm[] | undefined,
  keys: JwtKey | JwtKeySet,
): void {
  if (algorithms !== undefined) {
    if (!Array.isArray(algorithms) || algorithms.some((item) => !isAlgorithm(item))) {
      throw new JwtError(
        "ERR_OPTION_INVALID",
        `algorithms must be a list of: ${Object.keys(ALGORITHM_SPECS).join(", ")}.`,
      );
    }
    if (!algorithms.includes(alg)) {
      throw new JwtError(
        "ERR_ALG_NOT_ALLOWED",
        `The token uses ${alg}, which is not among the allowed algorithms (${algorithms.join(", ")}).`,
      );
    }
  }
  const fit = keys.algorithms;
  if (!fit.includes(alg)) {
    const what =
      keys instanceof JwtKey
        ? `The key is a ${keys.kind} key made for ${fit.join(", ")}`
        : `The keys are made for ${fit.join(", ")}`;
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `The token says ${alg}. ${what}, so the token cannot be accepted (a key is never used with another algorithm family).`,
    );
  }
}
