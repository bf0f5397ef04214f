import { JwtError } from "../errors.js";
import type { ImportKeyOptions } from "../import-key.js";
import { JwtKey } from "../key.js";
import { importKeySet, JwtKeySet, type VerifyKeyInput } from "../key-set.js";
import { ALGORITHM_SPECS, type Algorithm } from "./algorithms.js";
import { decodeCanonicalBase64Url } from "./base64url.js";
import type { CompactParts } from "./compact.js";
import { assertStrongEnough, checkSignature } from "./signature.js";

/** How a verifier reads its key and which algorithms it accepts. */
export interface SignatureOptions extends Pick<ImportKeyOptions, "secretEncoding" | "allowWeakKey"> {
  /**
   * Algorithms accepted; it narrows, never widens, what the key (or keys) are made for.
   * @defaultValue the algorithms the key (or keys) are made for
   */
  algorithms?: readonly Algorithm[] | undefined;
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
    throw new JwtError("ERR_JWT_MALFORMED", "The token's signature is missing or not canonical base64url.", {
      reason: "signature",
    });
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
  if (input instanceof JwtKeySet) return input;
  if (input instanceof JwtKey) return input.use === "enc" ? new JwtKeySet([input]) : input;
  if (input === undefined || input === null || input === "") {
    throw new JwtError("ERR_KEY_MISSING", {
      option: "key",
      reason: "missing",
      problem: "is missing",
      fix: "Pass the secret, public key or JWKS to verify with.",
    });
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
  // The list itself was checked with the other options (checkVerifyOptions).
  if (algorithms !== undefined && !algorithms.includes(alg)) {
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `The token uses ${alg}, which is not among the allowed algorithms (${algorithms.join(", ")}).`,
      { reason: "not-allowed" },
    );
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
