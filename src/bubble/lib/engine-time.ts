import type { Clock } from "../../jwt/index.js";

/**
 * The time options for encodeJwt/verifyJwt from the one clock. Spread into the options: the engine
 * reads `clock` (and, until every engine call takes a Clock, `now`).
 */
export function engineTime(clock: Clock): { clock: Clock; now: Date } {
  return { clock, now: new Date(clock()) };
}
