import type { ErrorObject } from "ajv";
import type { InputSpec } from "../../inputs/index.js";
import { describeJwtError, isJwtError } from "../../jwt/index.js";
import { type ExchangeErrorCode, isExchangeError } from "../../recipes/exchanges/errors.js";
import { ServiceError } from "../errors.js";
import { type BubbleErrorStatus, missingParameterMessage } from "./bubble-body.js";

/**
 * What each exchange failure means for the caller: the provider refusing what was sent is the
 * caller's to fix (400); a provider that cannot be reached or answers wrongly is a bad gateway (502),
 * one that does not answer in time a gateway time-out (504). Typed by the exchanges' codes, so a new
 * code does not compile until it is mapped here.
 */
export const EXCHANGE_FAILURES: Readonly<
  Record<ExchangeErrorCode, { statusCode: number; status: BubbleErrorStatus }>
> = Object.freeze({
  ERR_EXCHANGE_INVALID_GRANT: { statusCode: 400, status: "INVALID_DATA" },
  ERR_EXCHANGE_CONSENT_REQUIRED: { statusCode: 400, status: "INVALID_DATA" },
  ERR_EXCHANGE_INVALID_CLIENT: { statusCode: 400, status: "INVALID_DATA" },
  ERR_EXCHANGE_UNAUTHORIZED_CLIENT: { statusCode: 400, status: "INVALID_DATA" },
  ERR_EXCHANGE_INVALID_SCOPE: { statusCode: 400, status: "INVALID_DATA" },
  ERR_EXCHANGE_INVALID_REQUEST: { statusCode: 400, status: "INVALID_DATA" },
  ERR_EXCHANGE_NOT_FOUND: { statusCode: 400, status: "INVALID_DATA" },
  // The service's clock against the provider's: nothing the caller sent, but nothing a retry fixes.
  ERR_EXCHANGE_CLOCK_SKEW: { statusCode: 502, status: "BAD_GATEWAY" },
  ERR_EXCHANGE_RATE_LIMITED: { statusCode: 429, status: "TOO_MANY_REQUESTS" },
  ERR_EXCHANGE_HTTP: { statusCode: 502, status: "BAD_GATEWAY" },
  ERR_EXCHANGE_NETWORK: { statusCode: 502, status: "BAD_GATEWAY" },
  ERR_EXCHANGE_TIMEOUT: { statusCode: 504, status: "GATEWAY_TIMEOUT" },
  ERR_EXCHANGE_RESPONSE_TOO_LARGE: { statusCode: 502, status: "BAD_GATEWAY" },
  ERR_EXCHANGE_RESPONSE_INVALID: { statusCode: 502, status: "BAD_GATEWAY" },
});

/**
 * An operation's failure as the service answers it. A JwtError is about the caller's parameters (the
 * operation has no key of the service's): a 400 naming the parameter, MISSING_DATA with Bubble's own
 * message when one is missing. An ExchangeError is told by {@link EXCHANGE_FAILURES}. Anything else
 * stays as it is (a 500, logged).
 */
export function operationError(error: unknown, workflow: string, inputs: readonly InputSpec[]): unknown {
  if (isExchangeError(error)) {
    const failure = EXCHANGE_FAILURES[error.code];
    return new ServiceError({
      ...failure,
      message: error.message,
      reasonCode: error.code,
      ...(Object.keys(error.outputs).length > 0 ? { outputs: error.outputs } : {}),
    });
  }
  if (!isJwtError(error)) return error;
  const spec = inputs.find((input) => input.name === error.option);
  if (error.reason === "missing" && spec !== undefined) {
    // A secret's doc speaks of the plugin key; here the same name is the service's variable.
    const hint =
      spec.type === "secret" && spec.fallbackKey !== undefined
        ? ` (or set the service's environment variable ${spec.fallbackKey}).`
        : `. ${spec.doc}`;
    return new ServiceError({
      statusCode: 400,
      status: "MISSING_DATA",
      message: `${missingParameterMessage(workflow, spec.name)}${hint}`,
      reasonCode: error.code,
    });
  }
  return new ServiceError({
    statusCode: 400,
    status: "INVALID_DATA",
    message: describeJwtError(error, { option: (option) => `Parameter ${option} of workflow ${workflow}` }),
    reasonCode: error.code,
  });
}

/**
 * A body refused by its JSON Schema, worded as the other refusals: the parameter, what it must be,
 * never the value sent. Fastify calls this with Ajv's errors (the first is enough: Ajv stops there).
 */
export function schemaRefusal(errors: readonly Partial<ErrorObject>[], workflow: string): ServiceError {
  const first = errors[0] ?? {};
  const params = (first.params ?? {}) as Record<string, unknown>;
  if (first.keyword === "required" && typeof params.missingProperty === "string") {
    return new ServiceError({
      statusCode: 400,
      status: "MISSING_DATA",
      message: missingParameterMessage(workflow, params.missingProperty),
      reasonCode: "ERR_OPTION_INVALID",
    });
  }
  if (first.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    return new ServiceError({
      statusCode: 400,
      status: "INVALID_DATA",
      message:
        `Parameter ${printable(params.additionalProperty)} is not a parameter of workflow ${workflow}: ` +
        "remove it (/openapi.json lists the parameters).",
      reasonCode: "ERR_OPTION_INVALID",
    });
  }
  const name = (first.instancePath ?? "").split("/")[1];
  const subject = name === undefined || name === "" ? "The body" : `Parameter ${printable(name)}`;
  const allowed = Array.isArray(params.allowedValues) ? `: ${params.allowedValues.join(", ")}` : "";
  return new ServiceError({
    statusCode: 400,
    status: "INVALID_DATA",
    message: `${subject} of workflow ${workflow} ${first.message ?? "is invalid"}${allowed}.`,
    reasonCode: "ERR_OPTION_INVALID",
  });
}

/** A name the caller sent, safe to quote: printable ASCII, at most 40 characters. */
function printable(text: string): string {
  const safe = text.replace(/[^\x20-\x7e]/g, "?");
  return safe.length > 40 ? `${safe.slice(0, 40)}...` : safe;
}
