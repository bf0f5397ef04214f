import {
  encodeJwtDetailed,
  fixedClock,
  type JwtHeader,
  type JwtKey,
  type JwtPayload,
} from "../../jwt/index.js";
import type { RecipeResult } from "../types.js";

/** What a recipe has decided before signing: the key, the extra header members and every claim. */
export interface TokenPlan {
  readonly key: JwtKey;
  /** Header members besides `alg`, `typ` and the key's `kid` (Twilio's `cty`, WeatherKit's `id`). */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Every claim, `iat` and `exp` included (whole seconds); without `exp` the token never expires. */
  readonly claims: Readonly<Record<string, unknown>>;
}

export interface SignedToken {
  readonly token: string;
  readonly header: JwtHeader;
  readonly claims: JwtPayload;
  readonly expiresAt: Date | undefined;
  readonly warnings: string[];
}

/** Signs a plan with the engine, exactly as planned: the claims are given whole, nothing is added but `typ`. */
export function signPlan(plan: TokenPlan, nowMs: number): SignedToken {
  const noExpiry = plan.claims.exp === undefined;
  const signed = encodeJwtDetailed(plan.claims, {
    key: plan.key,
    header: plan.header,
    clock: fixedClock(nowMs),
    ...(noExpiry ? { noExpiry: true } : {}),
  });
  return {
    token: signed.token,
    header: signed.header,
    claims: signed.payload,
    expiresAt: signed.expiresAt,
    warnings: signed.warnings.map((warning) => warning.message),
  };
}

/** Whole seconds since 1970 on the recipe's clock. */
export function secondsOf(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/** `Bearer <token>`: the value of an Authorization header. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** A token used as `Authorization: Bearer <token>`: the recipe's result with that header as an output. */
export function bearerResult(signed: SignedToken, warnings: readonly string[] = []): RecipeResult {
  return {
    token: signed.token,
    expiresAt: signed.expiresAt,
    outputs: { authorization_header: bearer(signed.token) },
    warnings: [...warnings, ...signed.warnings],
  };
}
