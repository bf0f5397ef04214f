import { JwtError } from "../errors.js";

/**
 * Refuses option values that would silently switch a check off: a NaN tolerance or cap compares
 * false with everything, so an expired or oversized token would pass.
 */
export function checkVerifyOptions(options: {
  clockToleranceSeconds?: unknown;
  maxAgeSeconds?: unknown;
  maxTokenBytes?: unknown;
  now?: unknown;
}): void {
  const { clockToleranceSeconds, maxAgeSeconds, maxTokenBytes, now } = options;
  if (clockToleranceSeconds !== undefined) checkNumber("clockToleranceSeconds", clockToleranceSeconds, 0);
  if (maxAgeSeconds !== undefined) checkNumber("maxAgeSeconds", maxAgeSeconds, 0);
  if (maxTokenBytes !== undefined) checkNumber("maxTokenBytes", maxTokenBytes, 1);
  if (now !== undefined && !(now instanceof Date && Number.isFinite(now.getTime()))) {
    throw new JwtError("ERR_OPTION_INVALID", "now must be a valid Date (it is only for tests).", {
      reason: "now",
    });
  }
}

function checkNumber(name: string, value: unknown, min: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    const got = typeof value === "string" ? `the text ${JSON.stringify(value.slice(0, 20))}` : String(value);
    throw new JwtError(
      "ERR_OPTION_INVALID",
      `${name} must be a finite number of at least ${min}; got ${got}.`,
      { reason: name },
    );
  }
}
