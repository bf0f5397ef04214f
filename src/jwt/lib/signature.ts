import { constants, createHmac, type KeyObject, sign, timingSafeEqual, verify } from "node:crypto";
import { JwtError } from "../errors.js";
import type { JwtKey } from "../key.js";
import { type AlgorithmSpec, algorithmInfo } from "./algorithms.js";

/** Refuses an HMAC secret shorter than the hash (RFC 7518 section 3.2) unless explicitly allowed. */
export function assertStrongEnough(
  spec: AlgorithmSpec,
  key: JwtKey,
  allowWeakKey: boolean | undefined,
): void {
  if (spec.family !== "hmac" || allowWeakKey === true || key.allowWeakKey) return;
  const length = key.secretLength;
  if (length < spec.minSecretBytes) {
    const problem = `is ${length} bytes long; ${spec.alg} needs at least ${spec.minSecretBytes} bytes (RFC 7518 section 3.2)`;
    const fix = `Use a random secret of at least ${spec.minSecretBytes} bytes.`;
    throw new JwtError(
      "ERR_KEY_WEAK",
      `The secret ${problem}. Generate one with generateSecret("${spec.alg}") ` +
        `(or node -e "console.log(require('crypto').randomBytes(${spec.minSecretBytes}).toString('base64url'))"). ` +
        "allowWeakKey: true accepts it anyway (not recommended).",
      { option: "key", reason: "too-short", problem, fix },
    );
  }
}

/** {@link createSignature} as base64url text; an HMAC is digested straight to text (no Buffer). */
export function createSignatureText(spec: AlgorithmSpec, key: JwtKey, signingInput: string): string {
  if (spec.family === "hmac") {
    return createHmac(spec.hash as string, key.keyObject)
      .update(signingInput)
      .digest("base64url");
  }
  return createSignature(spec, key, signingInput).toString("base64url");
}

/*
 * The signing input is ASCII (base64url segments and a dot; verifyJwt and verifyJws refuse any
 * other character before the signature is checked), so its UTF-8 and Latin-1 bytes are the same:
 * strings go to node:crypto without an encoding name, which skips Node's encoding lookup.
 */

/** Signs the JWS signing input (ASCII) with node:crypto; ECDSA in JOSE's raw r||s form. */
export function createSignature(spec: AlgorithmSpec, key: JwtKey, signingInput: string): Buffer {
  switch (spec.family) {
    case "hmac":
      return createHmac(spec.hash as string, key.keyObject)
        .update(signingInput)
        .digest();
    case "rsa":
      return sign(spec.hash, Buffer.from(signingInput), rsaOptions(spec, key.keyObject));
    case "ec":
      return sign(spec.hash, Buffer.from(signingInput), {
        key: key.keyObject,
        dsaEncoding: "ieee-p1363",
      });
    case "okp":
      return sign(null, Buffer.from(signingInput), key.keyObject);
  }
}

/** True when the signature matches; comparisons of MACs are constant-time. */
export function checkSignature(
  spec: AlgorithmSpec,
  key: JwtKey,
  signingInput: string,
  signature: Buffer,
): boolean {
  try {
    if (spec.family === "hmac") {
      // The signing input goes to the MAC as text: no intermediate Buffer on the hot path.
      const expected = createHmac(spec.hash as string, key.keyObject)
        .update(signingInput)
        .digest();
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    const data = Buffer.from(signingInput);
    switch (spec.family) {
      case "rsa":
        return verify(spec.hash, data, rsaOptions(spec, key.verifyKey), signature);
      case "ec":
        return (
          signature.length === spec.signatureBytes &&
          verify(spec.hash, data, { key: key.verifyKey, dsaEncoding: "ieee-p1363" }, signature)
        );
      case "okp":
        return verify(null, data, key.verifyKey, signature);
    }
  } catch {
    // node:crypto throws on some malformed signatures; any of them is simply "does not match".
    return false;
  }
}

function rsaOptions(spec: AlgorithmSpec, keyObject: KeyObject) {
  if (!spec.pss) return { key: keyObject, padding: constants.RSA_PKCS1_PADDING };
  return {
    key: keyObject,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: algorithmInfo(spec.alg).hashBytes,
  };
}
