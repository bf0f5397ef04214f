import { refuseInput, shown } from "./refuse.js";

/** A value that must match a provider's id format (an Apple Team ID, a Twilio SID). */
export interface IdRule {
  /** The whole value must match. */
  readonly pattern: RegExp;
  /** What it must be, read after the input's name: "must be your 10-character Apple Team ID". */
  readonly problem: string;
  /** The provider's rule and where to find the right value. */
  readonly rule: string;
}

/** Returns the trimmed value when it matches the rule; refuses it naming the input otherwise. */
export function checkId(input: string, value: string, rule: IdRule): string {
  const trimmed = value.trim();
  if (!rule.pattern.test(trimmed)) {
    throw refuseInput(
      input,
      `${rule.problem}; got ${shown(trimmed)} (${trimmed.length} characters)`,
      rule.rule,
    );
  }
  return trimmed;
}

/**
 * Returns the trimmed secret when it matches the rule; refuses it naming the input otherwise, by its
 * length and form only: even a malformed secret may be most of the real one (a key pasted one
 * character short), so none of it is quoted.
 */
export function checkSecretForm(input: string, value: string, rule: IdRule): string {
  const trimmed = value.trim();
  if (!rule.pattern.test(trimmed)) {
    throw refuseInput(input, `${rule.problem}; got ${secretForm(trimmed)}`, rule.rule);
  }
  return trimmed;
}

/** What a secret looks like without any of it: its length and the kinds of characters in it. */
export function secretForm(value: string): string {
  if (value === "") return "nothing";
  const length = `${value.length} character${value.length === 1 ? "" : "s"}`;
  if (value.startsWith("-----BEGIN")) return `${length}, a PEM block`;
  if (value.startsWith("{")) return `${length} of JSON-looking text`;
  if (/^[0-9a-f]+$/i.test(value)) return `${length}, all hexadecimal digits`;
  const kinds = [
    /[A-Za-z]/.test(value) ? "letters" : undefined,
    /[0-9]/.test(value) ? "digits" : undefined,
    /\s/.test(value) ? "spaces" : undefined,
    /[^A-Za-z0-9\s]/.test(value) ? "other symbols" : undefined,
  ].filter((kind) => kind !== undefined);
  const listed = kinds.length > 1 ? `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}` : kinds[0];
  return `${length}: ${listed}`;
}

/** A lifetime limit as a provider states it, in seconds. */
export interface LifetimeRule {
  readonly input: string;
  /** The unit the input is given in. */
  readonly unit: "minutes" | "days";
  readonly minSeconds?: number;
  readonly maxSeconds?: number;
  /** The provider's rule, e.g. "Apple refuses a client secret that lives longer than 15777000 s (about 6 months)." */
  readonly rule: string;
}

const SECONDS_PER: Record<LifetimeRule["unit"], number> = { minutes: 60, days: 86_400 };

/** The lifetime in whole seconds, refused when it is not positive or outside the provider's limits. */
export function lifetimeSeconds(value: number, limit: LifetimeRule): number {
  const seconds = Math.round(value * SECONDS_PER[limit.unit]);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw refuseInput(limit.input, `must be a positive number of ${limit.unit}; got ${value}`, limit.rule);
  }
  if (limit.maxSeconds !== undefined && seconds > limit.maxSeconds) {
    throw refuseInput(
      limit.input,
      `is too long: ${value} ${limit.unit} is ${seconds} s, above the maximum of ${limit.maxSeconds} s`,
      limit.rule,
      "out-of-range",
    );
  }
  if (limit.minSeconds !== undefined && seconds < limit.minSeconds) {
    throw refuseInput(
      limit.input,
      `is too short: ${value} ${limit.unit} is ${seconds} s, below the minimum of ${limit.minSeconds} s`,
      limit.rule,
      "out-of-range",
    );
  }
  return seconds;
}

/** Reads a JSON object typed into an input (extra claims, parameters); refuses anything else. */
export function parseJsonObject(input: string, text: string, rule: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : "invalid JSON";
    throw refuseInput(input, `is not valid JSON (${why})`, rule);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw refuseInput(input, 'must be a JSON object such as {"name": "value"}', rule);
  }
  return parsed as Record<string, unknown>;
}

/** Refuses members of an object that the recipe sets itself or the provider reserves. */
export function refuseReserved(
  input: string,
  object: Readonly<Record<string, unknown>>,
  reserved: readonly string[],
  rule: string,
): void {
  const found = Object.keys(object).filter((name) => reserved.includes(name));
  if (found.length > 0) {
    throw refuseInput(input, `may not set ${found.map((name) => `"${name}"`).join(", ")}`, rule, "reserved");
  }
}
