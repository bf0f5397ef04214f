import type { ClockOptions } from "./clock.js";
import { JwtError } from "./errors.js";
import type { JwtKey } from "./key.js";
import type { VerifyKeyInput } from "./key-set.js";
import { isBase64Url } from "./lib/base64url.js";
import { type ClaimExpectations, checkClaims } from "./lib/check-claims.js";
import { checkVerifyOptions } from "./lib/check-options.js";
import { decodeJsonSegment, notBase64Url, parseCompact, type TokenSizeOptions } from "./lib/compact.js";
import { readClock } from "./lib/numeric-date.js";
import { type SignatureOptions, verifySignature } from "./lib/verify-signature.js";
import type { JwtHeader, JwtPayload } from "./types.js";

/** The options of {@link verifyJwt}: the accepted algorithms and key forms, the expected claims, the clock, the size cap, and `typ`. */
export interface VerifyJwtOptions
  extends SignatureOptions,
    ClaimExpectations,
    ClockOptions,
    TokenSizeOptions {
  /** Expected `typ` header (compared case-insensitively, "application/" optional). */
  typ?: string | undefined;
}

export interface VerifiedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  /** The key that matched: with a key set, tells which one (its `kid`, or the key itself). */
  key: JwtKey;
}

/**
 * Verifies a JWT: structure, algorithm (chosen by the key, never by the token), signature, then
 * `exp`/`nbf`/`iat` and the expected claims. Returns the header and claims, or throws a JwtError.
 *
 * @example
 * const { payload } = verifyJwt(token, secret, { issuer: "https://myapp.example" });
 */
export function verifyJwt(token: string, key: VerifyKeyInput, options: VerifyJwtOptions = {}): VerifiedJwt {
  checkVerifyOptions(options);
  const parts = parseCompact(token, options.maxTokenBytes);
  // Structure before signature: a payload outside base64url is malformed, not merely mis-signed.
  if (!isBase64Url(parts.payloadSegment)) throw notBase64Url("payload");
  if (options.typ !== undefined) checkTyp(parts.header.typ, options.typ);
  const matched = verifySignature(parts, key, options);
  const payload = decodeJsonSegment(parts.payloadSegment, "payload", true) as JwtPayload;
  checkClaims(payload, options, options.clockToleranceSeconds ?? 0, readClock(options.clock));
  return { header: parts.header, payload, key: matched };
}

function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith("application/") ? lower.slice(12) : lower;
}

function checkTyp(actual: unknown, expected: string): void {
  if (typeof actual !== "string" || normalizeTyp(actual) !== normalizeTyp(expected)) {
    const problem = `is ${actual === undefined ? "missing" : JSON.stringify(actual)}; expected "${expected}"`;
    throw new JwtError("ERR_JWT_CLAIM_INVALID", `The token's "typ" header ${problem}.`, {
      claim: "typ",
      reason: actual === undefined ? "missing" : "mismatch",
      problem,
    });
  }
}
