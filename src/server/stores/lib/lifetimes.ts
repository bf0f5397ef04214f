import type { Clock } from "../../../jwt/index.js";
import type { RevocationCheck } from "../revocation-store.js";

/** Longest `jti` or user id a store accepts (tokens are at most 8192 characters in all). */
export const MAX_ID_LENGTH = 1024;

/** The store options both implementations share. */
export interface LifetimeOptions {
  /**
   * Seconds a token is still accepted after its `exp` (the verifier's clock tolerance); entries live that
   * much longer so that a revoked token is refused for as long as it could verify. Default 0.
   */
  clockToleranceSeconds?: number | undefined;
  /** The one clock (tests freeze it). Default the system's. */
  clock?: Clock | undefined;
}

/** Seconds an entry must live to outlast a token accepted until `untilSeconds` (+ tolerance); 0: none. */
export function secondsToKeep(untilSeconds: number, toleranceSeconds: number, nowMs: number): number {
  const remaining = untilSeconds + toleranceSeconds - nowMs / 1000;
  return remaining > 0 ? Math.ceil(remaining) : 0;
}

export function checkTolerance(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`clockToleranceSeconds must be a number of seconds, 0 or more; got ${value}.`);
  }
  return value;
}

export function checkId(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_ID_LENGTH) {
    throw new TypeError(`${name} must be a non-empty text of at most ${MAX_ID_LENGTH} characters.`);
  }
  return value;
}

export function checkSeconds(value: unknown, name: string, { positive = false } = {}): number {
  if (typeof value !== "number" || !Number.isFinite(value) || (positive ? value <= 0 : value < 0)) {
    throw new TypeError(
      `${name} must be a number of seconds${positive ? " above 0" : ""}; got ${String(value)}.`,
    );
  }
  return value;
}

/** The check's fields, each kept only when usable (a wrong type counts as absent, never as a match). */
export function readCheck(check: RevocationCheck): {
  jti: string | undefined;
  userId: string | undefined;
  iat: number | undefined;
} {
  const usable = (text: unknown) =>
    typeof text === "string" && text !== "" && text.length <= MAX_ID_LENGTH ? text : undefined;
  return {
    jti: usable(check.jti),
    userId: usable(check.userId),
    iat: typeof check.iat === "number" && Number.isFinite(check.iat) ? check.iat : undefined,
  };
}

/** A user's cut-off applies to tokens issued strictly before it, and to tokens that do not say when. */
export function isBeforeCutoff(iat: number | undefined, cutoffSeconds: number): boolean {
  return iat === undefined || iat < cutoffSeconds;
}
