import type { FastifyRequest } from "fastify";
import { ServiceError } from "../plugins/errors.js";
import { missingParameterMessage } from "./bubble-body.js";

/** A workflow's parameters: the query string and the body (JSON or form) merged, the body winning. */
export type WorkflowParameters = Record<string, unknown>;

/** Reads the parameters of a Workflow API call, refusing a body that is not an object. */
export function readParameters(request: FastifyRequest): WorkflowParameters {
  const query = (request.query ?? {}) as WorkflowParameters;
  const body: unknown = request.body;
  if (body === undefined || body === null) return { ...query };
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new ServiceError(
      400,
      "INVALID_DATA",
      `The body must be a JSON object of parameters, not ${Array.isArray(body) ? "a list" : typeof body}.`,
    );
  }
  return { ...query, ...(body as WorkflowParameters) };
}

/** A required text parameter (numbers are accepted as their text, as Bubble sends them either way). */
export function requireText(parameters: WorkflowParameters, name: string, workflow: string): string {
  const value = parameters[name];
  if (value === undefined || value === null || value === "") {
    throw new ServiceError(400, "MISSING_DATA", missingParameterMessage(workflow, name));
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") {
    throw new ServiceError(
      400,
      "INVALID_DATA",
      `Parameter ${name} of workflow ${workflow} must be a text, not ${Array.isArray(value) ? "a list" : typeof value}.`,
    );
  }
  return value;
}
