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

/** Whole seconds since 1970 on a clock: the unit of `iat`, `exp` and `nbf`. */
export function nowSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}
