import type { Clock } from "../clock.js";
import { JwtError } from "../errors.js";
import type { JwtWarning } from "../types.js";
import { describeValue, invalidOption } from "./option-error.js";

/** JWT NumericDates (`exp`, `iat`, `nbf`) are whole seconds; milliseconds have 13 digits or more. */
const FIRST_MILLISECOND_VALUE = 1e12;

/**
 * The largest NumericDate, in seconds, that a JavaScript Date holds (8.64e15 ms, in the year 275760).
 * Beyond it a date cannot be shown or compared reliably, so it is refused as out of range.
 */
const MAX_NUMERIC_DATE = 8.64e12;

/** True when `seconds` is a number a Date can hold: finite and within +-{@link MAX_NUMERIC_DATE}. */
export function isDateInRange(seconds: number): boolean {
  return seconds >= -MAX_NUMERIC_DATE && seconds <= MAX_NUMERIC_DATE;
}

/**
 * The clock's time in whole seconds. The clock is the caller's option: one that is not a function,
 * or returns something that is not a time, is refused rather than silently replaced.
 */
export function readClock(clock: Clock | undefined): number {
  if (clock === undefined) return Math.floor(Date.now() / 1000);
  if (typeof clock !== "function") {
    throw invalidOption(
      "clock",
      "type",
      `must be a function returning milliseconds since 1970, such as Date.now; got ${describeValue(clock)}`,
    );
  }
  const ms: unknown = clock();
  if (typeof ms !== "number" || !isDateInRange(ms / 1000)) {
    throw invalidOption(
      "clock",
      "out-of-range",
      `must return milliseconds since 1970 as a number a Date can hold; it returned ${describeValue(ms)}`,
    );
  }
  return Math.floor(ms / 1000);
}

/**
 * Turns what people put in a payload's `exp`/`iat`/`nbf` into whole seconds: seconds as they are,
 * milliseconds (13 digits or more, as many form tools and `Date.now()` give) and numeric text
 * converted with a warning; anything else refused, and so is a date no Date can hold.
 */
export function toNumericDate(claim: string, value: unknown, warnings: JwtWarning[]): number {
  if (value instanceof Date && Number.isFinite(value.getTime())) return Math.floor(value.getTime() / 1000);
  let seconds: number | undefined;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) seconds = value;
  if (typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value)) {
    seconds = Number(value);
    warnings.push({
      code: "WARN_NUMERIC_TEXT_CONVERTED",
      claim,
      message: `"${claim}" was text (${JSON.stringify(value.trim())}); it was converted to a number.`,
    });
  }
  if (seconds === undefined) {
    throw payloadClaimError(
      "ERR_JWT_CLAIM_INVALID",
      claim,
      "type",
      `must be a date in seconds since 1970 (a NumericDate), but it is ${describeValue(value)}`,
    );
  }
  if (seconds >= FIRST_MILLISECOND_VALUE) {
    seconds = seconds / 1000;
    warnings.push({
      code: "WARN_MILLISECONDS_CONVERTED",
      claim,
      message: `"${claim}" looked like milliseconds (13 digits); JWT dates are seconds, so it was divided by 1000.`,
    });
  }
  seconds = Math.floor(seconds);
  if (!isDateInRange(seconds)) {
    throw payloadClaimError(
      "ERR_PAYLOAD_INVALID",
      claim,
      "out-of-range",
      `is ${describeValue(value)}, a date later than any a JavaScript Date holds (the year 275760)`,
      "Give the date in seconds since 1970.",
    );
  }
  return seconds;
}

/** An error about a claim of the payload being signed, worded from its facts. */
export function payloadClaimError(
  code: "ERR_PAYLOAD_INVALID" | "ERR_JWT_CLAIM_INVALID",
  claim: string,
  reason: string,
  problem: string,
  fix?: string,
  date?: Date,
): JwtError {
  const message = `The payload's "${claim}" ${problem}.${fix === undefined ? "" : ` ${fix}`}`;
  return new JwtError(code, message, {
    claim,
    reason,
    problem,
    ...(fix === undefined ? {} : { fix }),
    ...(date === undefined ? {} : { date }),
  });
}

/** A NumericDate as an ISO text; callers have checked it is in range. */
export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
