import { randomBytes } from "node:crypto";
import { DEFAULT_EXPIRES_IN_MINUTES } from "../defaults.js";
import type { JwtPayload, JwtWarning } from "../types.js";
import { isDateInRange, isoDate, payloadClaimError, toNumericDate } from "./numeric-date.js";
import { describeValue, invalidOption } from "./option-error.js";

/** The claims a caller sets by option when encoding; each replaces the same claim of the payload. */
export interface ClaimOptions {
  /**
   * Minutes until the token expires, counted from the signing time (fractions allowed). When given,
   * it wins over an `exp` in the payload (a warning says so); when not given, a payload `exp` is kept.
   * @defaultValue 60 ({@link DEFAULT_EXPIRES_IN_MINUTES}), when the payload has no `exp`
   */
  expiresInMinutes?: number | undefined;
  /**
   * Make a token without `exp`; only when this is explicitly true.
   * @defaultValue false
   */
  noExpiry?: boolean | undefined;
  /** The token is not valid before the signing time plus this many minutes (`nbf`). */
  notBeforeMinutes?: number | undefined;
  /** Sets `iss` (non-empty text). */
  issuer?: string | undefined;
  /** Sets `sub` (non-empty text). */
  subject?: string | undefined;
  /** Sets `aud`: a text or a non-empty list of texts. */
  audience?: string | readonly string[] | undefined;
  /** Sets `jti`: this text, or `true` for a random 128-bit id. */
  jwtId?: string | true | undefined;
}

/**
 * The claims of a new token: the caller's members, then the registered claims.
 * What wins: an option the caller passes (expiresInMinutes, issuer, ...) replaces the same claim in
 * the payload, with a warning; a payload `exp` is kept only when expiresInMinutes is not passed.
 * Lifetimes count from the signing time, never from a payload's `iat`, and a payload `iat` later than
 * the signing time (beyond the tolerance) is refused: either would let a token outlive its lifetime.
 */
export function buildClaims(
  input: Readonly<Record<string, unknown>>,
  options: ClaimOptions,
  nowSeconds: number,
  toleranceSeconds: number,
  warnings: JwtWarning[],
): JwtPayload {
  // Spread copies own members as data: a "__proto__" key stays a plain member, no prototype changes.
  const claims: JwtPayload = { ...input };
  claims.iat =
    input.iat === undefined ? nowSeconds : issuedAt(input.iat, nowSeconds, toleranceSeconds, warnings);
  if (input.nbf !== undefined) claims.nbf = toNumericDate("nbf", input.nbf, warnings);
  if (options.notBeforeMinutes !== undefined) {
    const nbf = nowSeconds + minutesToSeconds(options.notBeforeMinutes, "notBeforeMinutes");
    setClaim(claims, "nbf", dateFromOption(nbf, "notBeforeMinutes"), warnings);
  }
  applyExpiry(claims, input, options, nowSeconds, warnings);
  if (options.issuer !== undefined) setClaim(claims, "iss", nonEmptyText(options.issuer, "issuer"), warnings);
  if (options.subject !== undefined)
    setClaim(claims, "sub", nonEmptyText(options.subject, "subject"), warnings);
  if (options.audience !== undefined) setClaim(claims, "aud", audienceClaim(options.audience), warnings);
  if (options.jwtId !== undefined) {
    const jti =
      options.jwtId === true ? randomBytes(16).toString("base64url") : nonEmptyText(options.jwtId, "jwtId");
    setClaim(claims, "jti", jti, warnings);
  }
  return claims;
}

function issuedAt(
  value: unknown,
  nowSeconds: number,
  toleranceSeconds: number,
  warnings: JwtWarning[],
): number {
  const iat = toNumericDate("iat", value, warnings);
  if (iat > nowSeconds + toleranceSeconds) {
    throw payloadClaimError(
      "ERR_PAYLOAD_INVALID",
      "iat",
      "in-the-future",
      `is ${isoDate(iat)}, later than the signing time (${isoDate(nowSeconds)})`,
      'Leave "iat" out of the payload: it is set to the signing time.',
      new Date(iat * 1000),
    );
  }
  return iat;
}

function applyExpiry(
  claims: JwtPayload,
  input: Readonly<Record<string, unknown>>,
  options: ClaimOptions,
  nowSeconds: number,
  warnings: JwtWarning[],
): void {
  if (options.noExpiry === true) {
    if (options.expiresInMinutes !== undefined) {
      throw invalidOption(
        "noExpiry",
        "conflict",
        "cannot be combined with expiresInMinutes",
        "Give either expiresInMinutes or noExpiry: true, not both.",
      );
    }
    if (input.exp !== undefined) claims.exp = toNumericDate("exp", input.exp, warnings);
    return;
  }
  if (options.expiresInMinutes !== undefined) {
    const exp = nowSeconds + minutesToSeconds(options.expiresInMinutes, "expiresInMinutes", true);
    setClaim(claims, "exp", dateFromOption(exp, "expiresInMinutes"), warnings);
    return;
  }
  claims.exp =
    input.exp === undefined
      ? nowSeconds + DEFAULT_EXPIRES_IN_MINUTES * 60
      : toNumericDate("exp", input.exp, warnings);
}

function setClaim(claims: JwtPayload, name: string, value: unknown, warnings: JwtWarning[]): void {
  const previous = claims[name];
  if (previous !== undefined && JSON.stringify(previous) !== JSON.stringify(value)) {
    warnings.push({
      code: "WARN_CLAIM_REPLACED",
      claim: name,
      message: `The payload's "${name}" was replaced by the value of the ${name} option.`,
    });
  }
  claims[name] = value;
}

/** Minutes to whole seconds; `positive` refuses zero and negatives (an expiry must lie ahead). */
function minutesToSeconds(minutes: unknown, option: string, positive = false): number {
  const valid = typeof minutes === "number" && Number.isFinite(minutes) && (!positive || minutes > 0);
  if (!valid) {
    const rule = positive
      ? "a positive number of minutes (fractions allowed, e.g. 0.5 for 30 s)"
      : "a number of minutes";
    const reason = typeof minutes === "number" && !Number.isNaN(minutes) ? "out-of-range" : "type";
    throw invalidOption(option, reason, `must be ${rule}; got ${describeValue(minutes)}`);
  }
  return Math.round(minutes * 60);
}

/** A date computed from a number of minutes, refused when no Date can hold it. */
function dateFromOption(seconds: number, option: string): number {
  if (!isDateInRange(seconds)) {
    throw invalidOption(
      option,
      "out-of-range",
      "gives a date outside what a JavaScript Date holds (years -271821 to 275760)",
      "Give a realistic number of minutes.",
    );
  }
  return seconds;
}

function nonEmptyText(value: unknown, option: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw invalidOption(option, "type", `must be a non-empty text; got ${describeValue(value)}`);
  }
  return value;
}

function audienceClaim(audience: string | readonly string[]): string | string[] {
  if (typeof audience === "string") return nonEmptyText(audience, "audience");
  if (!Array.isArray(audience) || audience.length === 0) {
    throw invalidOption(
      "audience",
      "type",
      `must be a text or a non-empty list of texts; got ${describeValue(audience)}`,
    );
  }
  return audience.map((item) => nonEmptyText(item, "audience"));
}
