import { ServiceError } from "../errors.js";
import type { WorkflowParameters } from "./parameters.js";

/** Below this a "milliseconds" value is surely seconds (it would be a date in 1973). */
const SMALLEST_MILLISECONDS = 1e11;
/** The last date a JavaScript Date holds (ECMA-262), in milliseconds. */
const LAST_DATE_MS = 8.64e15;

/**
 * An optional date parameter as Bubble sends dates: milliseconds since 1970 (a number or its digits, as
 * generate_token's `expires_at`), or an ISO 8601 text with a time zone (`2026-01-15T12:00:00Z`).
 * Undefined when absent; a 400 naming the parameter otherwise. A number of seconds is refused rather
 * than read as a date in 1970.
 */
export function readBubbleDate(
  parameters: WorkflowParameters,
  name: string,
  workflow: string,
): number | undefined {
  const value = parameters[name];
  if (value === undefined || value === null || value === "") return undefined;
  const ms = toMilliseconds(value);
  const wrong = (why: string) =>
    new ServiceError({
      statusCode: 400,
      status: "INVALID_DATA",
      message:
        `Parameter ${name} of workflow ${workflow} ${why}: send milliseconds since 1970 (as generate_token's ` +
        "expires_at) or an ISO 8601 date with a time zone, e.g. 2026-01-15T12:00:00Z.",
      reasonCode: "ERR_DATE_INVALID",
    });
  if (ms === undefined) throw wrong("is not a date");
  if (ms < SMALLEST_MILLISECONDS) throw wrong("looks like seconds, not milliseconds");
  if (ms > LAST_DATE_MS) throw wrong("is beyond the last date a date can hold");
  return ms;
}

function toMilliseconds(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d{1,16}$/.test(text)) return Number(text);
  // A date without a time zone means a different instant on each machine: refused.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(text))
    return undefined;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}
