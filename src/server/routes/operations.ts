import type { FastifyInstance, FastifyPluginAsync, preValidationHookHandler } from "fastify";
import { inputsJsonSchema, readInputs } from "../../inputs/index.js";
import { ServiceError } from "../errors.js";
import { successBody } from "../lib/bubble-body.js";
import { operationError, schemaRefusal } from "../lib/operation-errors.js";
import {
  errorResponses,
  outputsSchema,
  outputValue,
  successBodySchema,
  WORKFLOW_BODY_TYPES,
} from "../lib/schemas.js";
import {
  type OperationContext,
  type ServiceOperation,
  serviceOperations,
} from "../lib/service-operations.js";
import { type SharedCompilers, sharedCompilers } from "../lib/shared-compilers.js";

/** The OpenAPI tag of the operations, so that a client generator groups them. */
export const OPERATIONS_TAG = "operations";

/**
 * Every operation of lib/service-operations.ts as a Bubble workflow, `POST /api/1.1/wf/<id>` (ids are
 * kebab-case, the service's own workflows snake_case: they cannot clash). Admin only, like
 * generate_token and with the same hooks; parameters as a JSON or form body, checked by Fastify against
 * the inputs' JSON Schema, then read with readInputs; secrets left out fall back to the service's
 * environment (config.operationSecrets). Endpoints and the CA come from the config only.
 */
export const operationRoutes: FastifyPluginAsync = async (app) => {
  const compilers = await sharedCompilers();
  for (const operation of serviceOperations()) registerOperation(app, operation, compilers);
};

/** Each operation's schemas, made once per process so that the shared compilers know them again. */
const SCHEMAS = new WeakMap<ServiceOperation, { body: object; success: object }>();

function schemasOf(operation: ServiceOperation): { body: object; success: object } {
  let schemas = SCHEMAS.get(operation);
  if (schemas === undefined) {
    schemas = {
      body: bodySchema(operation),
      success: successBodySchema(outputsSchema(operation.outputs), "The operation's outputs."),
    };
    SCHEMAS.set(operation, schemas);
  }
  return schemas;
}

function registerOperation(
  app: FastifyInstance,
  operation: ServiceOperation,
  compilers: SharedCompilers,
): void {
  const { requireAdmin, limiters, serviceConfig: config } = app;
  const workflow = operation.id;
  const context: OperationContext = {
    clock: app.clock,
    timeoutMs: config.operationTimeoutMs,
    ...(Object.keys(config.operationEndpoints).length === 0 ? {} : { endpoints: config.operationEndpoints }),
    ...(config.operationCa === undefined ? {} : { ca: config.operationCa }),
  };
  const fallback = (key: string): string | undefined =>
    Object.hasOwn(config.operationSecrets, key) ? config.operationSecrets[key] : undefined;
  app.post(
    `/api/1.1/wf/${workflow}`,
    {
      config: { workflow },
      // Counted first, then checked, as generate_token (they share its per-client budget).
      onRequest: [limiters.generateToken, requireAdmin].filter((hook) => hook !== null),
      preValidation: emptyMeansAbsent,
      schemaErrorFormatter: (errors) => schemaRefusal(errors, workflow),
      validatorCompiler: compilers.validator,
      serializerCompiler: compilers.serializer,
      schema: {
        summary: operation.display,
        description: operation.summary ?? operation.display,
        tags: [OPERATIONS_TAG],
        operationId: workflow,
        security: [{ adminToken: [] }],
        consumes: WORKFLOW_BODY_TYPES,
        body: schemasOf(operation).body,
        response: { 200: schemasOf(operation).success, ...errorResponses },
      },
    },
    async (request) => {
      if (request.query !== null && Object.keys(request.query as object).length > 0) {
        throw new ServiceError({
          statusCode: 400,
          status: "INVALID_DATA",
          message:
            `Workflow ${workflow} takes its parameters in the body (JSON or a form), not the query string: ` +
            "a query string ends up in logs and browser histories.",
          reasonCode: "ERR_PARAMETER_IN_QUERY",
        });
      }
      let outputs: Readonly<Record<string, unknown>>;
      try {
        const values = readInputs(operation.inputs, request.body as Record<string, unknown>, { fallback });
        outputs = await operation.run(values, context);
      } catch (error) {
        throw operationError(error, workflow, operation.inputs);
      }
      return successBody(
        Object.fromEntries(
          operation.outputs.map((spec) => [spec.name, outputValue(spec, outputs[spec.name])]),
        ),
      );
    },
  );
}

/** The inputs' JSON Schema, each secret's description saying where the service finds it when left out. */
function bodySchema(operation: ServiceOperation) {
  const schema = inputsJsonSchema(operation.inputs);
  for (const spec of operation.inputs) {
    const property = schema.properties[spec.name];
    if (spec.type !== "secret" || spec.fallbackKey === undefined || property === undefined) continue;
    property.description = `${property.description} Left out, the service uses its environment variable ${spec.fallbackKey}.`;
  }
  return schema;
}

/**
 * Bubble and form bodies send an empty field as "" (or null): readInputs reads that as absent, so it is
 * removed before the schema sees it ("" is not a number, and a secret left empty falls back).
 */
const emptyMeansAbsent: preValidationHookHandler = (request, _reply, done) => {
  // No body at all is no parameter: an operation whose secrets come from the environment needs none.
  if (request.body === undefined || request.body === null) request.body = {};
  const body = request.body;
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const fields = body as Record<string, unknown>;
    for (const name of Object.keys(fields)) {
      const value = fields[name];
      if (value === null || (typeof value === "string" && value.trim() === "")) delete fields[name];
    }
  }
  done();
};
