import { JwtError } from "../errors.js";
import type { JwtWarning } from "../types.js";

/** JWT NumericDates (`exp`, `iat`, `nbf`) are whole seconds; milliseconds have 13 digits or more. */
const FIRST_MILLISECOND_VALUE = 1e12;

/**
 * Turns what people put in `exp`/`iat`/`nbf` into whole seconds: seconds as they are, milliseconds
 * (Bubble's "formatted as UNIX") and numeric text converted with a warning; anything else refused.
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
    throw new JwtError(
      "ERR_JWT_CLAIM_INVALID",
      `"${claim}" must be a date in seconds since 1970 (a NumericDate), but it is ${describe(value)}.`,
      { claim, reason: "type" },
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
  return Math.floor(seconds);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return value.length > 40 ? "a text" : `the text ${JSON.stringify(value)}`;
  if (typeof value === "number") return String(value);
  return Array.isArray(value) ? "a list" : `a ${typeof value}`;
}

export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
