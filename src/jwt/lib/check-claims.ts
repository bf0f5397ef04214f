import { JwtError } from "../errors.js";
import type { JwtPayload } from "../types.js";
import { isoDate } from "./numeric-date.js";

export interface ClaimExpectations {
  issuer?: string | readonly string[] | undefined;
  audience?: string | readonly string[] | undefined;
  subject?: string | undefined;
  clockToleranceSeconds?: number | undefined;
  maxAgeSeconds?: number | undefined;
  requiredClaims?: readonly string[] | undefined;
  requireExpiry?: boolean | undefined;
}

/** Checks the time claims and the expected values; throws the first failure found. */
export function checkClaims(payload: JwtPayload, expect: ClaimExpectations, nowSeconds: number): void {
  const tolerance = expect.clockToleranceSeconds ?? 0;
  const exp = numericClaim(payload, "exp");
  if (exp === undefined && expect.requireExpiry !== false) {
    throw claimError("exp", "missing", 'The token has no expiry ("exp"); tokens without one are refused.');
  }
  if (exp !== undefined && nowSeconds - tolerance >= exp) {
    throw new JwtError(
      "ERR_JWT_EXPIRED",
      `The token expired at ${isoDate(exp)} (${nowSeconds - exp} s ago). Get a new token; if this is too early, ` +
        "check the expiration setting (in minutes) where the token is made.",
      { claim: "exp", reason: "expired", date: new Date(exp * 1000) },
    );
  }
  const nbf = numericClaim(payload, "nbf");
  if (nbf !== undefined && nowSeconds + tolerance < nbf) {
    throw new JwtError(
      "ERR_JWT_NOT_YET_VALID",
      `The token is not valid before ${isoDate(nbf)} (in ${nbf - nowSeconds} s). Check the clocks, or allow a clock tolerance.`,
      { claim: "nbf", reason: "not-yet-valid", date: new Date(nbf * 1000) },
    );
  }
  const iat = numericClaim(payload, "iat");
  if (expect.maxAgeSeconds !== undefined) checkMaxAge(iat, expect.maxAgeSeconds, tolerance, nowSeconds);
  if (expect.issuer !== undefined) checkOneOf(payload, "iss", expect.issuer);
  if (expect.subject !== undefined) checkOneOf(payload, "sub", expect.subject);
  if (expect.audience !== undefined) checkAudience(payload, expect.audience);
  if (expect.requiredClaims !== undefined) checkRequired(payload, expect.requiredClaims);
}

function checkRequired(payload: JwtPayload, requiredClaims: readonly string[]): void {
  for (const claim of requiredClaims) {
    if (payload[claim] === undefined) {
      throw claimError(claim, "missing", `The token has no "${claim}" claim, which is required.`);
    }
  }
}

function numericClaim(payload: JwtPayload, claim: "exp" | "nbf" | "iat"): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw claimError(claim, "type", `The token's "${claim}" is not a number of seconds (NumericDate).`);
  }
  return value;
}

function checkMaxAge(iat: number | undefined, maxAge: number, tolerance: number, nowSeconds: number): void {
  if (iat === undefined) {
    throw claimError(
      "iat",
      "missing",
      'A maximum age is set, so the token needs an "iat" (issued at) claim.',
    );
  }
  if (nowSeconds - iat > maxAge + tolerance) {
    throw new JwtError(
      "ERR_JWT_EXPIRED",
      `The token was issued at ${isoDate(iat)}, more than the allowed ${maxAge} s ago.`,
      { claim: "iat", reason: "too-old", date: new Date((iat + maxAge) * 1000) },
    );
  }
}

function checkOneOf(payload: JwtPayload, claim: "iss" | "sub", expected: string | readonly string[]): void {
  const allowed = typeof expected === "string" ? [expected] : expected;
  const value = payload[claim];
  if (typeof value !== "string" || !allowed.includes(value)) {
    const got = value === undefined ? "none" : JSON.stringify(value);
    throw claimError(
      claim,
      value === undefined ? "missing" : "mismatch",
      `The token's "${claim}" is ${got}; expected ${list(allowed)}.`,
    );
  }
}

function checkAudience(payload: JwtPayload, expected: string | readonly string[]): void {
  const allowed = typeof expected === "string" ? [expected] : expected;
  const aud = payload.aud;
  const values = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!values.some((value) => typeof value === "string" && allowed.includes(value))) {
    const got = aud === undefined ? "none" : JSON.stringify(aud);
    throw claimError(
      "aud",
      aud === undefined ? "missing" : "mismatch",
      `The token's audience ("aud") is ${got}; expected ${list(allowed)}.`,
    );
  }
}

function list(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(" or ");
}

function claimError(claim: string, reason: string, message: string): JwtError {
  return new JwtError("ERR_JWT_CLAIM_INVALID", message, { claim, reason });
}
