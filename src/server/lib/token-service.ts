import { encodeJwtDetailed, fixedClock, isJwtError, type JwtPayload, verifyJwt } from "../../jwt/index.js";
import type { ServiceConfig } from "../config.js";

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
  options: { now?: Date; maxMinutes?: number } = {},
): IssuedToken {
  const minutes = Math.min(config.expiresInMinutes, options.maxMinutes ?? Number.POSITIVE_INFINITY);
  const encoded = encodeJwtDetailed(claims, {
    key: config.signingKey,
    expiresInMinutes: minutes,
    issuer: config.issuer,
    audience: config.audience?.length === 1 ? config.audience[0] : config.audience,
    clock: options.now === undefined ? undefined : fixedClock(options.now),
  });
  const expiresAt = encoded.expiresAt?.getTime() ?? 0;
  return {
    token: encoded.token,
    expires_at: expiresAt,
    expires_in: Math.round((expiresAt - encoded.issuedAt.getTime()) / 1000),
  };
}

export type Verification =
  | { valid: true; payload: JwtPayload; kid: string | undefined }
  | { valid: false; code: string; message: string; error: unknown };

/** Verifies a token against the current and previous keys and the configured expectations. */
export function checkToken(config: ServiceConfig, token: string, now?: Date): Verification {
  try {
    const verified = verifyJwt(token, config.verifyKeys, {
      issuer: config.issuer,
      audience: config.audience,
      clockToleranceSeconds: config.clockToleranceSeconds,
      maxTokenBytes: config.maxTokenBytes,
      clock: now === undefined ? undefined : fixedClock(now),
    });
    return { valid: true, payload: verified.payload, kid: verified.key.kid };
  } catch (error) {
    if (!isJwtError(error)) throw error;
    return { valid: false, code: error.code, message: error.message, error };
  }
}
