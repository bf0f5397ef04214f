import { JwtError } from "../jwt/index.js";
import type { InputSpec, InputType, InputValueOf, InputValues } from "./input-spec.js";

/** Where a secret input looks when it is empty: a plugin key, an environment variable. */
export type FallbackReader = (key: string) => string | undefined;

export interface ReadInputsOptions {
  /** Reads a secret's fallback key (plugin keys in Bubble, the environment in the CLI). */
  fallback?: FallbackReader;
  /** Inputs whose absence another step reports in its own words (the engine's "payload is required"). */
  missingReportedElsewhere?: readonly string[];
  /**
   * The id of the operation the inputs belong to: a name that is not one of its inputs is then refused
   * (a typo never passes silently), and a refusal without its own fix ends with the input's doc.
   */
  operation?: string;
}

/**
 * Reads raw values (Bubble properties, parsed flags, HTTP parameters, a JSON object) against their
 * specs: empty values (null, undefined, blank text) are absent, defaults apply, types are converted
 * and limits checked. A wrong value is a JwtError (ERR_OPTION_INVALID) whose `option` is the input's
 * name, so each layer words it with its own name for the input.
 */
export function readInputs<const Specs extends readonly InputSpec[]>(
  specs: Specs,
  raw: Readonly<Record<string, unknown>> | null | undefined,
  options: ReadInputsOptions = {},
): InputValues<Specs> {
  if (options.operation !== undefined) refuseUnknownNames(specs, raw, options.operation);
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    let value: unknown;
    try {
      value = readInput(spec, raw?.[spec.name], options);
    } catch (error) {
      if (options.operation === undefined || !(error instanceof JwtError) || error.fix !== undefined)
        throw error;
      throw new JwtError(error.code, {
        option: spec.name,
        reason: error.reason,
        problem: error.problem,
        fix: spec.doc,
        cause: error,
      });
    }
    if (value !== undefined) values[spec.name] = value;
  }
  return values as InputValues<Specs>;
}

function refuseUnknownNames(
  specs: readonly InputSpec[],
  raw: Readonly<Record<string, unknown>> | null | undefined,
  operation: string,
): void {
  const names = new Set(specs.map((spec) => spec.name));
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (names.has(name) || value === undefined) continue;
    throw new JwtError("ERR_OPTION_INVALID", {
      option: name,
      reason: "unknown",
      problem: `is not an input of ${operation}`,
      fix: `Its inputs are: ${[...names].join(", ")}.`,
    });
  }
}

/** One input's value, or undefined when empty with no default. */
export function readInput<Type extends InputType>(
  spec: InputSpec<string, Type>,
  raw: unknown,
  options: ReadInputsOptions = {},
): InputValueOf[Type] | undefined {
  let given = isEmpty(raw) ? undefined : raw;
  if (given === undefined && spec.type === "secret" && spec.fallbackKey !== undefined) {
    const fallback = options.fallback?.(spec.fallbackKey);
    given = isEmpty(fallback) ? undefined : fallback;
  }
  if (given === undefined) given = spec.default;
  if (given === undefined) {
    if (spec.required === true && !options.missingReportedElsewhere?.includes(spec.name)) {
      throw missing(spec);
    }
    return undefined;
  }
  return convert(spec, given) as InputValueOf[Type];
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim() === "";
  return Array.isArray(value) && value.length === 0;
}

function convert(spec: InputSpec, value: unknown): InputValueOf[InputType] {
  switch (spec.type) {
    case "text":
    case "long-text":
    case "secret":
      return checkForm(spec, toText(spec, value));
    case "number":
      return toNumber(spec, value);
    case "boolean":
      return value === true || value === "yes" || value === "true";
    case "date":
      return toDate(spec, value);
    case "list":
      return toList(spec, value);
    case "choice":
      return toChoice(spec, value);
  }
}

function toText(spec: InputSpec, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.toISOString();
  throw invalid(spec, `must be a text, not ${describe(value)}`);
}

/** A text must match its input's pattern; the value is never quoted (it may be a secret). */
function checkForm(spec: InputSpec, text: string): string {
  if (spec.pattern === undefined || new RegExp(spec.pattern, "u").test(text.trim())) return text;
  const form = spec.formDoc === undefined ? "" : `: ${spec.formDoc}`;
  throw invalid(
    spec,
    `does not have the expected form${form}; got ${text.trim().length} characters that do not fit`,
  );
}

function toNumber(spec: InputSpec, value: unknown): number {
  let number: number | undefined;
  if (typeof value === "number" && Number.isFinite(value)) number = value;
  else if (typeof value === "string" && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(value)) number = Number(value);
  if (number === undefined) {
    // A number input never holds a secret, so a short piece of what was given is shown.
    const got = typeof value === "string" ? JSON.stringify(value.trim().slice(0, 20)) : describe(value);
    throw invalid(spec, `must be a number; got ${got}`);
  }
  if (spec.integer === true && !Number.isInteger(number)) {
    throw invalid(spec, `must be a whole number; got ${number}`);
  }
  if (spec.min !== undefined && number < spec.min) throw invalid(spec, `${range(spec)}; got ${number}`);
  if (spec.max !== undefined && number > spec.max) throw invalid(spec, `${range(spec)}; got ${number}`);
  if (spec.exclusiveMin !== undefined && number <= spec.exclusiveMin) {
    throw invalid(spec, `must be more than ${spec.exclusiveMin}; got ${number}`);
  }
  return number;
}

function range(spec: InputSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return `must be from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `must be at least ${spec.min}`;
  return `must be at most ${spec.max}`;
}

function toDate(spec: InputSpec, value: unknown): Date {
  const date =
    value instanceof Date
      ? value
      : typeof value === "number"
        ? new Date(value)
        : typeof value === "string"
          ? new Date(/^\s*\d+\s*$/.test(value) ? Number(value) : value)
          : undefined;
  if (date === undefined || !Number.isFinite(date.getTime())) {
    throw invalid(
      spec,
      "must be a date (ISO 8601 text such as 2026-12-01T10:00:00Z, or milliseconds since 1970)",
    );
  }
  return date;
}

function toList(spec: InputSpec, value: unknown): string[] {
  const parts = Array.isArray(value) ? value : [value];
  const separator = spec.separator === "space" ? /[\s,]+/ : /,/;
  const items: string[] = [];
  for (const part of parts) {
    if (typeof part !== "string" && typeof part !== "number") {
      throw invalid(spec, `must be a list of texts, not ${describe(part)}`);
    }
    for (const item of String(part).split(separator)) {
      if (item.trim() !== "") items.push(item.trim());
    }
  }
  return items;
}

function toChoice(spec: InputSpec, value: unknown): string {
  const options = spec.options ?? [];
  const text = typeof value === "string" || typeof value === "number" ? String(value).trim() : undefined;
  const found =
    text === undefined ? undefined : options.find((option) => option.toLowerCase() === text.toLowerCase());
  if (found === undefined) {
    const got = text === undefined ? describe(value) : JSON.stringify(text.slice(0, 20));
    throw invalid(spec, `must be one of ${options.join(", ")}; got ${got}`);
  }
  return found;
}

function describe(value: unknown): string {
  if (typeof value === "string") return "a text that does not fit";
  if (typeof value === "number") return "a number that is not finite";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "an invalid date";
  return `a ${typeof value}`;
}

function invalid(spec: InputSpec, problem: string): JwtError {
  return new JwtError("ERR_OPTION_INVALID", { option: spec.name, reason: "invalid", problem });
}

function missing(spec: InputSpec): JwtError {
  const where =
    spec.type === "secret" && spec.fallbackKey !== undefined
      ? ` (or its fallback key ${spec.fallbackKey})`
      : "";
  return new JwtError("ERR_OPTION_INVALID", {
    option: spec.name,
    reason: "missing",
    problem: `is required${where}`,
    fix: spec.doc,
  });
}
