import type { VerifyJwtOptions } from "../verify.js";
import type { VerifyJwsOptions } from "../verify-jws.js";
import { ALGORITHMS, isAlgorithm } from "./algorithms.js";
import { describeValue, invalidOption } from "./option-error.js";

/** Every option a verifier takes, as declared (once) by its options interfaces. */
type VerifierOptions = VerifyJwtOptions & VerifyJwsOptions;

type Check = (option: string, value: unknown) => void;

/**
 * How each checked option is checked, keyed by its declared name: a misspelt or removed option does
 * not compile. Options absent here are checked where they are used (the secret encoding, the
 * detached payload) or cannot switch a check off (booleans).
 */
const CHECKS: { readonly [Name in keyof VerifierOptions]?: Check } = {
  algorithms: checkAlgorithmList,
  clock: checkFunction,
  clockToleranceSeconds: numberAtLeast(0),
  maxAgeSeconds: numberAtLeast(0),
  maxTokenBytes: numberAtLeast(1),
  issuer: checkTextOrList,
  audience: checkTextOrList,
  subject: checkText,
  typ: checkText,
  requiredClaims: checkClaimNames,
};

const CHECKED = Object.entries(CHECKS) as [string, Check][];

/**
 * Refuses option values that would silently switch a check off or crash it: a NaN tolerance or cap
 * compares false with everything, so an expired or oversized token would pass.
 */
export function checkVerifyOptions(options: unknown): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalidOption("options", "type", "must be an object (or left out)");
  }
  const values = options as Record<string, unknown>;
  for (const [name, check] of CHECKED) {
    const value = values[name];
    if (value !== undefined) check(name, value);
  }
}

/** Checks one option shared with the verifier (the encoder's clock tolerance, say) by the same rule. */
export function checkOption(name: keyof VerifierOptions, value: unknown): void {
  if (value !== undefined) CHECKS[name]?.(name, value);
}

function checkText(option: string, value: unknown): void {
  if (typeof value !== "string")
    throw invalidOption(option, "type", `must be a text; got ${describeValue(value)}`);
}

function isTextList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string");
}

function checkTextOrList(option: string, value: unknown): void {
  if (typeof value !== "string" && !isTextList(value)) {
    throw invalidOption(
      option,
      "type",
      `must be a text or a non-empty list of texts; got ${describeValue(value)}`,
    );
  }
}

function checkClaimNames(option: string, value: unknown): void {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw invalidOption(option, "type", 'must be a list of claim names, such as ["email"]');
  }
}

function checkAlgorithmList(option: string, value: unknown): void {
  if (!Array.isArray(value) || !value.every(isAlgorithm)) {
    throw invalidOption(option, "type", `must be a list of: ${ALGORITHMS.join(", ")}`);
  }
}

function checkFunction(option: string, value: unknown): void {
  if (typeof value !== "function") {
    throw invalidOption(
      option,
      "type",
      `must be a function returning milliseconds since 1970, such as Date.now; got ${describeValue(value)}`,
    );
  }
}

function numberAtLeast(min: number): Check {
  return (option, value) => {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
      const reason = typeof value === "number" && !Number.isNaN(value) ? "out-of-range" : "type";
      throw invalidOption(
        option,
        reason,
        `must be a finite number of at least ${min}; got ${describeValue(value)}`,
      );
    }
  };
}
