import { randomBytes } from "node:crypto";
import { JwtError } from "../errors.js";
import type { JwtPayload, JwtWarning } from "../types.js";
import { toNumericDate } from "./numeric-date.js";

export interface ClaimOptions {
  expiresInMinutes?: number | undefined;
  noExpiry?: boolean | undefined;
  notBeforeMinutes?: number | undefined;
  issuer?: string | undefined;
  subject?: string | undefined;
  audience?: string | readonly string[] | undefined;
  jwtId?: string | true | undefined;
}

export const DEFAULT_EXPIRES_IN_MINUTES = 60;

/**
 * The claims of a new token: the caller's members, then the registered claims.
 * What wins: an option the caller passes (expiresInMinutes, issuer, ...) replaces the same claim in
 * the payload, with a warning; a payload `exp` is kept only when expiresInMinutes is not passed.
 */
export function buildClaims(
  input: Readonly<Record<string, unknown>>,
  options: ClaimOptions,
  nowSeconds: number,
  warnings: JwtWarning[],
): JwtPayload {
  if (!Number.isFinite(nowSeconds)) {
    throw new JwtError("ERR_OPTION_INVALID", "now must be a valid Date (it is only for tests).", {
      reason: "now",
    });
  }
  // Spread copies own members as data: a "__proto__" key stays a plain member, no prototype changes.
  const claims: JwtPayload = { ...input };
  claims.iat = input.iat === undefined ? nowSeconds : toNumericDate("iat", input.iat, warnings);
  if (input.nbf !== undefined) claims.nbf = toNumericDate("nbf", input.nbf, warnings);
  if (options.notBeforeMinutes !== undefined) {
    setClaim(
      claims,
      "nbf",
      nowSeconds + minutesToSeconds(options.notBeforeMinutes, "notBeforeMinutes"),
      warnings,
    );
  }
  applyExpiry(claims, input, options, warnings);
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

function applyExpiry(
  claims: JwtPayload,
  input: Readonly<Record<string, unknown>>,
  options: ClaimOptions,
  warnings: JwtWarning[],
): void {
  if (options.noExpiry === true) {
    if (options.expiresInMinutes !== undefined) {
      throw new JwtError("ERR_OPTION_INVALID", "Give either expiresInMinutes or noExpiry: true, not both.");
    }
    if (input.exp !== undefined) claims.exp = toNumericDate("exp", input.exp, warnings);
    return;
  }
  // exp = iat + minutes: the lifetime counts from the token's own iat (the signing time unless the
  // payload sets one), so exp - iat is always exactly the lifetime asked for.
  const issuedAt = claims.iat as number;
  if (options.expiresInMinutes !== undefined) {
    const exp = issuedAt + minutesToSeconds(options.expiresInMinutes, "expiresInMinutes", true);
    setClaim(claims, "exp", exp, warnings);
    return;
  }
  claims.exp =
    input.exp === undefined
      ? issuedAt + DEFAULT_EXPIRES_IN_MINUTES * 60
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
export function minutesToSeconds(minutes: unknown, option: string, positive = false): number {
  const valid = typeof minutes === "number" && Number.isFinite(minutes) && (!positive || minutes > 0);
  if (!valid) {
    const got = typeof minutes === "string" ? `the text ${JSON.stringify(minutes)}` : String(minutes);
    const rule = positive
      ? "a positive number of minutes (fractions allowed, e.g. 0.5 for 30 s)"
      : "a number of minutes";
    throw new JwtError("ERR_OPTION_INVALID", `${option} must be ${rule}; got ${got}.`, {
      reason: option,
      option,
    });
  }
  return Math.round(minutes * 60);
}

function nonEmptyText(value: unknown, option: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new JwtError("ERR_OPTION_INVALID", `${option} must be a non-empty text.`, { option });
  }
  return value;
}

function audienceClaim(audience: string | readonly string[]): string | string[] {
  if (typeof audience === "string") return nonEmptyText(audience, "audience");
  if (!Array.isArray(audience) || audience.length === 0) {
    throw new JwtError("ERR_OPTION_INVALID", "audience must be a text or a non-empty list of texts.", {
      option: "audience",
    });
  }
  return audience.map((item) => nonEmptyText(item, "audience"));
}
