import { ALGORITHMS, type Algorithm, SECRET_ENCODINGS, type SecretEncoding } from "../../jwt/index.js";
import { usageError } from "../errors.js";
import type { ParsedValues } from "./command-spec.js";

/** A string option, or undefined when it was not given. */
export function stringValue(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  if (Array.isArray(value)) return stringList(values, name).at(-1);
  return typeof value === "string" ? value : undefined;
}

export function booleanValue(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

/** A repeatable option; each value may also hold several items separated by commas. */
export function stringList(values: ParsedValues, name: string): string[] {
  const value = values[name];
  const raw = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return raw
    .filter((item): item is string => typeof item === "string")
    .flatMap((item) => item.split(","))
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** A number option, checked to be finite and at least `min`. */
export function numberValue(values: ParsedValues, name: string, min = 0): number | undefined {
  const text = stringValue(values, name);
  if (text === undefined) return undefined;
  const number = Number(text);
  if (text.trim() === "" || !Number.isFinite(number) || number < min) {
    throw usageError(`--${name} must be a number of at least ${min}, not ${JSON.stringify(text)}.`);
  }
  return number;
}

export function algorithmValue(text: string, option = "--alg"): Algorithm {
  const match = ALGORITHMS.find((alg) => alg.toLowerCase() === text.toLowerCase());
  if (match === undefined) {
    throw usageError(
      `${option} ${JSON.stringify(text)} is not an algorithm. Use one of: ${ALGORITHMS.join(", ")}.`,
    );
  }
  return match;
}

export function secretEncodingValue(values: ParsedValues): SecretEncoding | undefined {
  const text = stringValue(values, "secret-encoding");
  if (text === undefined) return undefined;
  const match = SECRET_ENCODINGS.find((encoding) => encoding === text.toLowerCase());
  if (match === undefined) {
    throw usageError(
      `--secret-encoding ${JSON.stringify(text)} is not known. Use one of: ${SECRET_ENCODINGS.join(", ")}.`,
    );
  }
  return match;
}

/** Refuses positional arguments beyond `max`, without echoing them (one could be a token or a secret). */
export function checkPositionals(positionals: readonly string[], max: number, command: string): void {
  if (positionals.length > max) {
    const allowed = max === 0 ? "no arguments" : max === 1 ? "one argument" : `${max} arguments`;
    throw usageError(
      `"${command}" takes ${allowed} but got ${positionals.length}. See bubble-jwt ${command} --help.`,
    );
  }
}
