import type { OutputSpec } from "../../inputs/index.js";

/**
 * JSON Schemas of the service's answers, for the route schemas that Fastify serializes with and
 * @fastify/swagger publishes at /openapi.json. Dates are milliseconds since 1970, as Bubble reads them
 * and as generate_token's `expires_at` is.
 */

/** Bubble's error body; open, so that a field added to an error is never dropped by the serializer. */
export const errorBodySchema = {
  type: "object",
  description: "Bubble's error body: the status again, and a status word, a message and a stable code.",
  properties: {
    statusCode: { type: "integer" },
    body: {
      type: "object",
      properties: {
        status: { type: "string", description: "MISSING_DATA, INVALID_DATA, UNAUTHORIZED, ..." },
        message: { type: "string", description: "What was wrong and how to fix it; never the input." },
        reason_code: { type: "string", description: "A stable code, e.g. ERR_OPTION_INVALID." },
        outputs: {
          type: "object",
          additionalProperties: { type: "string" },
          description: "Values that come with some refusals (DocuSign's consent_url).",
        },
      },
      required: ["status", "message"],
      additionalProperties: true,
    },
  },
  required: ["statusCode", "body"],
  additionalProperties: true,
} as const;

/** Error answers of every documented route: Fastify serializes 4xx and 5xx bodies with this schema. */
export const errorResponses = { "4xx": errorBodySchema, "5xx": errorBodySchema } as const;

/** Bubble's Workflow API success body around `response`. */
export function successBodySchema(response: Record<string, unknown>, description?: string) {
  return {
    type: "object",
    ...(description === undefined ? {} : { description }),
    properties: { status: { type: "string", enum: ["success"] }, response },
    required: ["status", "response"],
  } as const;
}

/** The schema of one output's value as the service answers it; null when the operation gave none. */
export function outputSchema(spec: OutputSpec): Record<string, unknown> {
  switch (spec.type) {
    case "number":
      return { type: ["number", "null"], description: spec.doc };
    case "boolean":
      return { type: ["boolean", "null"], description: spec.doc };
    case "date":
      return { type: ["number", "null"], description: `${spec.doc} Milliseconds since 1970.` };
    case "list":
      return { type: ["array", "null"], items: { type: "string" }, description: spec.doc };
    default:
      return { type: ["string", "null"], description: spec.doc };
  }
}

/** The `response` object of an operation: every output, each present (null when empty). */
export function outputsSchema(outputs: readonly OutputSpec[]) {
  return {
    type: "object",
    properties: Object.fromEntries(outputs.map((spec) => [spec.name, outputSchema(spec)])),
    required: outputs.map((spec) => spec.name),
  } as const;
}

/** An output's value as answered: dates as milliseconds, absent as null. */
export function outputValue(spec: OutputSpec, value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (spec.type === "list" && Array.isArray(value)) return value.map(String);
  return value;
}

/**
 * The validator of a route whose body schema only documents it: the service's own workflows read their
 * parameters by hand (lib/parameters.ts), from a body or a query string, with Bubble's wording, and
 * generate_token takes any custom claim. Their schemas describe that for /openapi.json.
 */
export const documentOnly = () => () => true;

/** The media types a workflow's parameters come in. */
export const WORKFLOW_BODY_TYPES = ["application/json", "application/x-www-form-urlencoded"];

/** A parameter that Bubble may send as a text or a number (ids, dates as milliseconds). */
export const textOrNumber = (description: string) => ({ type: ["string", "number"], description }) as const;
