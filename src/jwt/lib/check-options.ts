import { JwtError } from "../errors.js";

interface VerifyOptionValues {
  clockToleranceSeconds?: unknown;
  maxAgeSeconds?: unknown;
  maxTokenBytes?: unknown;
  now?: unknown;
  issuer?: unknown;
  audience?: unknown;
  subject?: unknown;
  typ?: unknown;
  requiredClaims?: unknown;
}

/**
 * Refuses option values that would silently switch a check off or crash it: a NaN tolerance or cap
 * compares false with everything, so an expired or oversized token would pass.
 */
export function checkVerifyOptions(options: unknown): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalid("options", "The options must be an object (or left out).");
  }
  const values = options as VerifyOptionValues;
  if (values.clockToleranceSeconds !== undefined)
    checkNumber("clockToleranceSeconds", values.clockToleranceSeconds, 0);
  if (values.maxAgeSeconds !== undefined) checkNumber("maxAgeSeconds", values.maxAgeSeconds, 0);
  if (values.maxTokenBytes !== undefined) checkNumber("maxTokenBytes", values.maxTokenBytes, 1);
  const { now } = values;
  if (now !== undefined && !(now instanceof Date && Number.isFinite(now.getTime()))) {
    throw invalid("now", "now must be a valid Date (it is only for tests).");
  }
  for (const name of ["issuer", "audience"] as const) {
    const value = values[name];
    if (value !== undefined && !isText(value) && !isTextList(value)) {
      throw invalid(name, `${name} must be a text or a non-empty list of texts.`);
    }
  }
  for (const name of ["subject", "typ"] as const) {
    if (values[name] !== undefined && !isText(values[name])) {
      throw invalid(name, `${name} must be a text.`);
    }
  }
  const { requiredClaims } = values;
  if (requiredClaims !== undefined && !(Array.isArray(requiredClaims) && requiredClaims.every(isText))) {
    throw invalid("requiredClaims", 'requiredClaims must be a list of claim names, such as ["email"].');
  }
}

function isText(value: unknown): value is string {
  return typeof value === "string";
}

function isTextList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every(isText);
}

function checkNumber(name: string, value: unknown, min: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    const got = typeof value === "string" ? `the text ${JSON.stringify(value.slice(0, 20))}` : String(value);
    throw invalid(name, `${name} must be a finite number of at least ${min}; got ${got}.`);
  }
}

function invalid(name: string, message: string): JwtError {
  return new JwtError("ERR_OPTION_INVALID", message, { reason: name, option: name });
}
