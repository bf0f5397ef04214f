import { type Clock, encodeJwtDetailed, isJwtError, type JwtPayload, verifyJwt } from "../../jwt/index.js";
import type { ServiceConfig } from "../config.js";
import type { TokenRefusalCode } from "../errors.js";
import { type RevocationStore, toRevocationCheck } from "../stores/revocation-store.js";
import { newJwtId } from "./jwt-id.js";

/** What generate_token answers: Bubble dates are milliseconds, `expires_in` is seconds. */
export interface IssuedToken {
  token: string;
  expires_at: number;
  expires_in: number;
}

/** Signs a token with the current key and the configured expiry, issuer and audience. */
export function issueToken(
  config: ServiceConfig,
  claims: Record<string, unknown>,
  clock: Clock,
  maxMinutes = Number.POSITIVE_INFINITY,
): IssuedToken {
  const encoded = encodeJwtDetailed(claims, {
    key: config.signingKey,
    expiresInMinutes: Math.min(config.expiresInMinutes, maxMinutes),
    issuer: config.issuer,
    audience: config.audience?.length === 1 ? config.audience[0] : config.audience,
    // A random 128-bit id: what revoke_token names the token by.
    jwtId: newJwtId(),
    clock,
  });
  // Read back from the signed claims, so the answer can never disagree with the token itself.
  const exp = Number(encoded.payload.exp);
  const iat = Number(encoded.payload.iat);
  return { token: encoded.token, expires_at: exp * 1000, expires_in: exp - iat };
}

export type Verification =
  | { valid: true; payload: JwtPayload; kid: string | undefined }
  | { valid: false; code: TokenRefusalCode; message: string };

/**
 * Verifies a token against the current and previous keys and the configured expectations. Every
 * refusal is an answer with a stable engine code, worded by the service (never a thrown error).
 */
export function checkToken(config: ServiceConfig, token: string, clock: Clock): Verification {
  try {
    const verified = verifyJwt(token, config.verifyKeys, {
      issuer: config.issuer,
      audience: config.audience,
      clockToleranceSeconds: config.clockToleranceSeconds,
      maxTokenBytes: config.maxTokenBytes,
      clock,
    });
    return { valid: true, payload: verified.payload, kid: verified.key.kid };
  } catch (error) {
    return refusalOf(error);
  }
}

const REVOKED: Verification = Object.freeze({
  valid: false,
  code: "ERR_JWT_REVOKED",
  message:
    "The token has been revoked (revoke_token, or revoke_user for every token of its user issued before " +
    "a time): sign in again for a new one.",
});

/**
 * {@link checkToken}, then the revocation list: a token revoked by its `jti`, or issued before its user's
 * cut-off, is refused with `ERR_JWT_REVOKED`. Only a token that verifies is looked up. A store that cannot
 * answer throws or rejects (a StoreError, answered 503): the token is never taken as valid unchecked.
 * The answer comes at once when the store can give one (memory), as a promise when it must ask (Redis).
 */
export function checkTokenNotRevoked(
  config: ServiceConfig,
  token: string,
  clock: Clock,
  revocations: RevocationStore,
): Verification | Promise<Verification> {
  const result = checkToken(config, token, clock);
  if (!result.valid) return result;
  const check = toRevocationCheck(result.payload);
  if (revocations.isRevokedNow !== undefined) return revocations.isRevokedNow(check) ? REVOKED : result;
  return revocations.isRevoked(check).then((revoked) => (revoked ? REVOKED : result));
}

function refusalOf(error: unknown): Verification & { valid: false } {
  if (isJwtError(error)) {
    // The engine's message quotes the token's kid: an attacker's text, never repeated to anyone.
    if (error.code === "ERR_KID_UNKNOWN") {
      return {
        valid: false,
        code: error.code,
        message:
          "The token's key id (kid) is not one of this service's keys: it was signed with another key, " +
          "or with a key no longer kept after a rotation.",
      };
    }
    return { valid: false, code: error.code, message: error.message };
  }
  throw error;
}
