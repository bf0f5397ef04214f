import type { FastifyRequest } from "fastify";
import { ServiceError } from "../errors.js";
import { missingParameterMessage } from "./bubble-body.js";

/** A workflow's parameters: the query string and the body (JSON or form) merged, the body winning. */
export type WorkflowParameters = Record<string, unknown>;

/** The claims of RFC 7519 section 4.1: only the service sets them, from its clock and its config. */
export const REGISTERED_CLAIMS = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"] as const;

/** Deeper parameter values are refused: no claim needs more, and deep values are costly to walk. */
export const MAX_PARAMETER_DEPTH = 32;

/** A name that would reach an object's prototype if any code merged the claims naively. */
const FORBIDDEN_NAME = "__proto__";

/**
 * Reads the parameters of a Workflow API call, refusing a body that is not an object and a
 * `__proto__` parameter, the same way whether it came as JSON, a form or a query string.
 */
export function readParameters(request: FastifyRequest): WorkflowParameters {
  const query = (request.query ?? {}) as WorkflowParameters;
  refuseForbiddenName(query, "the query string");
  const body: unknown = request.body;
  if (body === undefined || body === null) return { ...query };
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new ServiceError({
      statusCode: 400,
      status: "INVALID_DATA",
      message: `The body must be a JSON object of parameters, not ${Array.isArray(body) ? "a list" : typeof body}.`,
    });
  }
  refuseForbiddenName(body as WorkflowParameters, "the body");
  return { ...query, ...(body as WorkflowParameters) };
}

function refuseForbiddenName(parameters: object, where: string): void {
  if (Object.hasOwn(parameters, FORBIDDEN_NAME)) throw forbiddenNameError(where);
}

function forbiddenNameError(where: string): ServiceError {
  return new ServiceError({
    statusCode: 400,
    status: "INVALID_DATA",
    message:
      `A parameter named __proto__ (in ${where}) is refused: it could change the prototype of objects ` +
      "built from the claims. Rename it.",
    reasonCode: "ERR_PARAMETER_FORBIDDEN",
  });
}

/**
 * Refuses a parameter that names a registered claim: a caller who set `iat` or `exp` would choose
 * the token's lifetime, and `iss`/`aud`/`jti` would let a caller pass for another issuer or audience.
 */
export function refuseRegisteredClaims(parameters: WorkflowParameters, workflow: string): void {
  const claim = REGISTERED_CLAIMS.find((name) => Object.hasOwn(parameters, name));
  if (claim === undefined) return;
  throw new ServiceError({
    statusCode: 400,
    status: "INVALID_DATA",
    message:
      `Parameter ${claim} of workflow ${workflow} is refused: ${claim} is a registered claim that only the ` +
      `service sets (sub from user_id; iat and exp from its clock and JWT_EXPIRATION_MINUTES; iss and aud ` +
      `from JWT_ISSUER and JWT_AUDIENCE). Remove it, or send the value under another name.`,
    reasonCode: "ERR_CLAIM_RESERVED",
  });
}

/**
 * Refuses values nested deeper than {@link MAX_PARAMETER_DEPTH}, and `__proto__` names inside them.
 * Walks with an explicit stack: a recursive walk is what a 5,000-level body would overflow.
 */
export function refuseDeepValues(parameters: WorkflowParameters, workflow: string): void {
  for (const name of Object.keys(parameters)) {
    const value = parameters[name];
    // Most parameters are texts and numbers: nothing to walk, no stack to allocate.
    if (value === null || typeof value !== "object") continue;
    const stack: [unknown, number][] = [[value, 1]];
    while (stack.length > 0) {
      const [item, depth] = stack.pop() as [unknown, number];
      if (item === null || typeof item !== "object") continue;
      if (depth > MAX_PARAMETER_DEPTH) {
        throw new ServiceError({
          statusCode: 400,
          status: "INVALID_DATA",
          message:
            `Parameter ${name} of workflow ${workflow} is nested more than ${MAX_PARAMETER_DEPTH} levels deep; ` +
            "flatten it.",
          reasonCode: "ERR_PARAMETER_TOO_DEEP",
        });
      }
      if (!Array.isArray(item) && Object.hasOwn(item, FORBIDDEN_NAME)) {
        throw forbiddenNameError(`parameter ${name}`);
      }
      for (const child of Object.values(item)) stack.push([child, depth + 1]);
    }
  }
}

/** A required text parameter (numbers are accepted as their text, as Bubble sends them either way). */
export function requireText(parameters: WorkflowParameters, name: string, workflow: string): string {
  const value = parameters[name];
  if (value === undefined || value === null || value === "") {
    throw new ServiceError({
      statusCode: 400,
      status: "MISSING_DATA",
      message: missingParameterMessage(workflow, name),
    });
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") {
    throw new ServiceError({
      statusCode: 400,
      status: "INVALID_DATA",
      message: `Parameter ${name} of workflow ${workflow} must be a text, not ${Array.isArray(value) ? "a list" : typeof value}.`,
    });
  }
  return value;
}
