import { createHash } from "node:crypto";
import { computeThumbprint, importKey, type Jwk, type JwtKey } from "../../jwt/index.js";

// Domain separation: this hash is only ever a key id, never comparable with another use of the secret.
const HMAC_KID_CONTEXT = "bubble-jwt/hmac-kid/v1\0";

/**
 * The `kid` of a key: for an HMAC secret, the first 16 base64url characters (96 bits) of
 * SHA-256("bubble-jwt/hmac-kid/v1" NUL secret). It is stable across restarts and machines and tells
 * nothing about the secret that a token signed with it does not already (both allow only guessing).
 * For a key pair: the key's own kid (a JWK's or a service account's) or its RFC 7638 thumbprint.
 */
export function withKeyId(key: JwtKey): JwtKey {
  if (key.kind === "secret") {
    const bytes = key.keyObject.export();
    const kid = createHash("sha256").update(HMAC_KID_CONTEXT).update(bytes).digest("base64url").slice(0, 16);
    return importKey(key, { kid });
  }
  if (key.kid !== undefined) return key;
  return importKey(key, { kid: computeThumbprint(key.verifyKey.export({ format: "jwk" }) as Jwk) });
}
