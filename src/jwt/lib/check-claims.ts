import { JwtError } from "../errors.js";
import type { JwtPayload } from "../types.js";
import { isDateInRange, isoDate } from "./numeric-date.js";

/** What a verifier expects of a token's claims. */
export interface ClaimExpectations {
  /** Expected `iss`: a text, or a list of accepted texts. */
  issuer?: string | readonly string[] | undefined;
  /** Expected `aud`: a text or a list; one match is enough. */
  audience?: string | readonly string[] | undefined;
  /** Expected `sub`. */
  subject?: string | undefined;
  /** Refuse tokens issued (`iat`) longer ago than this many seconds; the token then needs an `iat`. */
  maxAgeSeconds?: number | undefined;
  /** Claims that must be present, such as `["email"]`. */
  requiredClaims?: readonly string[] | undefined;
  /**
   * Refuse tokens without `exp`; only an explicit `false` accepts them.
   * @defaultValue true
   */
  requireExpiry?: boolean | undefined;
}

/** Checks the time claims and the expected values; throws the first failure found. */
export function checkClaims(
  payload: JwtPayload,
  expect: ClaimExpectations,
  tolerance: number,
  nowSeconds: number,
): void {
  const exp = numericClaim(payload, "exp");
  const nbf = numericClaim(payload, "nbf");
  const iat = numericClaim(payload, "iat");
  if (exp === undefined && expect.requireExpiry !== false) {
    throw claimError("exp", "missing", "is missing; tokens without an expiry are refused");
  }
  if (exp !== undefined && nowSeconds - tolerance >= exp) {
    throw new JwtError(
      "ERR_JWT_EXPIRED",
      `The token expired at ${isoDate(exp)} (${nowSeconds - exp} s ago). Get a new token; if this is too early, ` +
        "check the expiration setting (in minutes) where the token is made.",
      {
        claim: "exp",
        reason: "expired",
        date: new Date(exp * 1000),
        problem: `is ${isoDate(exp)}: the token expired ${nowSeconds - exp} s ago`,
      },
    );
  }
  if (nbf !== undefined && nowSeconds + tolerance < nbf) {
    throw new JwtError(
      "ERR_JWT_NOT_YET_VALID",
      `The token is not valid before ${isoDate(nbf)} (in ${nbf - nowSeconds} s). Check the clocks, or allow a clock tolerance.`,
      {
        claim: "nbf",
        reason: "not-yet-valid",
        date: new Date(nbf * 1000),
        problem: `is ${isoDate(nbf)}, ${nbf - nowSeconds} s ahead`,
      },
    );
  }
  if (iat !== undefined && nowSeconds + tolerance < iat) {
    // A token cannot have been issued in the future; one that says so was made with a wrong clock or
    // a hand-written iat, and would pass any maximum age.
    throw claimError(
      "iat",
      "in-the-future",
      `is ${isoDate(iat)}, ${iat - nowSeconds} s ahead: the token says it was issued in the future`,
      "Check the issuer's clock, or allow a clock tolerance.",
      new Date(iat * 1000),
    );
  }
  if (expect.maxAgeSeconds !== undefined) checkMaxAge(iat, expect.maxAgeSeconds, tolerance, nowSeconds);
  if (expect.issuer !== undefined) checkOneOf(payload, "iss", expect.issuer);
  if (expect.subject !== undefined) checkOneOf(payload, "sub", expect.subject);
  if (expect.audience !== undefined) checkAudience(payload, expect.audience);
  if (expect.requiredClaims !== undefined) checkRequired(payload, expect.requiredClaims);
}

function checkRequired(payload: JwtPayload, requiredClaims: readonly string[]): void {
  for (const claim of requiredClaims) {
    if (payload[claim] === undefined) throw claimError(claim, "missing", "is missing, and it is required");
  }
}

function numericClaim(payload: JwtPayload, claim: "exp" | "nbf" | "iat"): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw claimError(claim, "type", "is not a number of seconds since 1970 (a NumericDate)");
  }
  if (!isDateInRange(value)) {
    throw claimError(
      claim,
      "out-of-range",
      `is ${value}, a date outside what a JavaScript Date holds (years -271821 to 275760)`,
    );
  }
  return value;
}

function checkMaxAge(iat: number | undefined, maxAge: number, tolerance: number, nowSeconds: number): void {
  if (iat === undefined) {
    throw claimError("iat", "missing", "is missing; a maximum age is set, so the token needs one");
  }
  if (nowSeconds - iat > maxAge + tolerance) {
    throw new JwtError(
      "ERR_JWT_EXPIRED",
      `The token was issued at ${isoDate(iat)}, more than the allowed ${maxAge} s ago.`,
      {
        claim: "iat",
        reason: "too-old",
        date: new Date((iat + maxAge) * 1000),
        problem: `is ${isoDate(iat)}, more than the allowed ${maxAge} s ago`,
      },
    );
  }
}

function checkOneOf(payload: JwtPayload, claim: "iss" | "sub", expected: string | readonly string[]): void {
  const allowed = typeof expected === "string" ? [expected] : expected;
  const value = payload[claim];
  if (typeof value !== "string" || !allowed.includes(value)) {
    const got = value === undefined ? "missing" : JSON.stringify(value);
    throw claimError(
      claim,
      value === undefined ? "missing" : "mismatch",
      `is ${got}; expected ${list(allowed)}`,
    );
  }
}

function checkAudience(payload: JwtPayload, expected: string | readonly string[]): void {
  const allowed = typeof expected === "string" ? [expected] : expected;
  const aud = payload.aud;
  const values = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!values.some((value) => typeof value === "string" && allowed.includes(value))) {
    const got = aud === undefined ? "missing" : JSON.stringify(aud);
    throw claimError(
      "aud",
      aud === undefined ? "missing" : "mismatch",
      `is ${got}; expected ${list(allowed)}`,
    );
  }
}

function list(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(" or ");
}

/** An ERR_JWT_CLAIM_INVALID about a claim of the token being verified, worded from its facts. */
function claimError(claim: string, reason: string, problem: string, fix?: string, date?: Date): JwtError {
  const message = `The token's "${claim}" ${problem}.${fix === undefined ? "" : ` ${fix}`}`;
  return new JwtError("ERR_JWT_CLAIM_INVALID", message, {
    claim,
    reason,
    problem,
    ...(fix === undefined ? {} : { fix }),
    ...(date === undefined ? {} : { date }),
  });
}
