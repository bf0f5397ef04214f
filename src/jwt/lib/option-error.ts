import { JwtError, type JwtErrorCode, type JwtErrorFacts } from "../errors.js";

/**
 * An ERR_OPTION_INVALID about one of the caller's options, worded from its facts: `problem` reads
 * after the option's name ("must be a positive number of minutes; got 0"), so a layer can put its own
 * name for the option in front with describeJwtError.
 */
export function invalidOption(
  option: string,
  reason: string,
  problem: string,
  fix?: string,
  extra: Omit<JwtErrorFacts, "option" | "reason" | "problem" | "fix"> = {},
): JwtError {
  return new JwtError("ERR_OPTION_INVALID", {
    ...extra,
    option,
    reason,
    problem,
    ...(fix === undefined ? {} : { fix }),
  });
}

/** A wrong value as a message shows it: short, and a long text is never repeated (it may be a secret). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (typeof value === "string") {
    return value.length > 40 ? "a long text" : `the text ${JSON.stringify(value)}`;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? "a Date" : "an invalid Date";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}

/**
 * An error about an input the caller gave (the key, the payload), worded from its facts: the message
 * is `${subject} ${problem}. ${fix}` ("The payload is not valid JSON: ..."), and a layer can put its
 * own name for the input in front of `problem` with describeJwtError.
 */
export function inputError(
  code: JwtErrorCode,
  option: string,
  subject: string,
  reason: string,
  problem: string,
  fix?: string,
  extra: Omit<JwtErrorFacts, "option" | "reason" | "problem" | "fix"> = {},
): JwtError {
  return new JwtError(code, `${subject} ${problem}.${fix === undefined ? "" : ` ${fix}`}`, {
    ...extra,
    option,
    reason,
    problem,
    ...(fix === undefined ? {} : { fix }),
  });
}

/** An error about the key the caller gave (option `key`); see {@link inputError}. */
export function keyError(
  code: "ERR_KEY_MISSING" | "ERR_KEY_INVALID" | "ERR_KEY_WEAK",
  reason: string,
  problem: string,
  fix?: string,
  subject = "The key",
): JwtError {
  return inputError(code, "key", subject, reason, problem, fix);
}
