import type { InputSpec } from "./input-spec.js";
import { inputDoc } from "./names.js";

/** A JSON Schema (draft 2020-12 subset) for one HTTP parameter, as Fastify validates and documents it. */
export interface ParameterSchema {
  type: "string" | "number" | "integer" | "boolean" | ("string" | "number" | "array")[];
  description: string;
  default?: string | number | boolean;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: { type: "string" };
  format?: "date-time";
  /** The input's form (an ECMAScript regular expression over the whole text). */
  pattern?: string;
  /** Secrets: accepted, never echoed. */
  writeOnly?: true;
}

/** One HTTP parameter generated from an input: the same name, a schema for its value. */
export interface HttpParameter {
  name: string;
  required: boolean;
  schema: ParameterSchema;
}

/**
 * The HTTP parameters of a list of inputs: a body or query member per input, named as the input, so
 * that a token-service route can take the same inputs as the plugin action and the CLI command.
 */
export function httpParameters(specs: readonly InputSpec[]): HttpParameter[] {
  return specs.map((spec) => ({
    name: spec.name,
    required: requiredInRequest(spec),
    schema: schemaOf(spec),
  }));
}

/**
 * Whether a request must carry the input: a required secret with a fallback key may come from the
 * service's environment instead, so only readInputs can tell it is missing.
 */
function requiredInRequest(spec: InputSpec): boolean {
  if (spec.required !== true) return false;
  return !(spec.type === "secret" && spec.fallbackKey !== undefined);
}

/** The inputs as one JSON Schema object (a route's `body` or `querystring` schema). */
export function inputsJsonSchema(specs: readonly InputSpec[]): {
  type: "object";
  properties: Record<string, ParameterSchema>;
  required: string[];
  additionalProperties: false;
} {
  const parameters = httpParameters(specs);
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema])),
    required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    additionalProperties: false,
  };
}

function schemaOf(spec: InputSpec): ParameterSchema {
  const schema: ParameterSchema = { type: "string", description: inputDoc(spec) };
  if (spec.default !== undefined) schema.default = spec.default;
  if (spec.pattern !== undefined) schema.pattern = spec.pattern;
  switch (spec.type) {
    case "number":
      schema.type = spec.integer === true ? "integer" : "number";
      if (spec.min !== undefined) schema.minimum = spec.min;
      if (spec.max !== undefined) schema.maximum = spec.max;
      if (spec.exclusiveMin !== undefined) schema.exclusiveMinimum = spec.exclusiveMin;
      break;
    case "boolean":
      schema.type = "boolean";
      break;
    case "date":
      // ISO 8601 text or milliseconds since 1970, as readInputs accepts.
      schema.type = ["string", "number"];
      break;
    case "list":
      // A list, or one text separated by commas: readInputs splits it.
      schema.type = ["string", "array"];
      schema.items = { type: "string" };
      break;
    case "choice":
      schema.enum = spec.options ?? [];
      break;
    case "secret":
      schema.writeOnly = true;
      break;
    default:
      break;
  }
  return schema;
}
