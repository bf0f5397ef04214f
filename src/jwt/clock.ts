/**
 * The one notion of "now" every layer takes: a function returning milliseconds since 1970, so
 * `Date.now` itself is a clock. Tests pass {@link fixedClock} instead of waiting for real time.
 */
export type Clock = () => number;

/** The machine's clock. */
export const systemClock: Clock = Date.now;

/** A clock stopped at one instant (a Date, or milliseconds since 1970); for tests and examples. */
export function fixedClock(at: Date | number): Clock {
  const ms = typeof at === "number" ? at : at.getTime();
  return () => ms;
}

/** The time options shared by encoding and verifying, declared once. */
export interface ClockOptions {
  /**
   * Where "now" comes from: the signing time when encoding, the time checked against when verifying.
   * Pass {@link fixedClock} in tests.
   * @defaultValue {@link systemClock}
   */
  clock?: Clock | undefined;
  /**
   * Seconds of difference allowed between this clock and the issuer's or verifier's: when verifying,
   * for `exp`, `nbf`, `iat` and `maxAgeSeconds`; when encoding, how far ahead of the clock a payload's
   * own `iat` may be. A finite number, 0 or more.
   * @defaultValue 0
   */
  clockToleranceSeconds?: number | undefined;
}
