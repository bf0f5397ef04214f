import type { InputSpec, InputValues, OutputSpec } from "../../inputs/index.js";
import type { Clock } from "../../jwt/index.js";
import { OPERATIONS } from "../../recipes/registry.js";

/**
 * The operations the service offers over HTTP, each `POST /api/1.1/wf/<id>`: every operation of the
 * provider registry (src/recipes/registry.ts). The routes, the config and the OpenAPI document iterate
 * {@link serviceOperations} and know one shape.
 */

/** What the service passes to an operation's run besides its values. */
export interface OperationContext {
  readonly clock: Clock;
  /** Endpoint URLs by name, from the service's configuration only (OPERATION_ENDPOINTS). */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** A trusted certificate authority (PEM) for the calls, from OPERATION_CA_FILE. */
  readonly ca?: string;
  /** How long a call to a provider's token endpoint may take (OPERATION_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

/** One operation: inputs and outputs declared once, and a function from values read by readInputs to outputs. */
export interface ServiceOperation {
  /** kebab-case: the route's last segment. */
  readonly id: string;
  readonly display: string;
  readonly summary?: string;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  /** The URLs it calls by name, with their defaults (the names OPERATION_ENDPOINTS may set); empty when none. */
  readonly endpoints: Readonly<Record<string, string>>;
  run(
    values: Readonly<Record<string, unknown>>,
    context: OperationContext,
  ): Promise<Readonly<Record<string, unknown>>>;
}

/** Only the overrides of the endpoints `table` names: each provider's code refuses names it does not know. */
function ownEndpoints(
  table: Readonly<Record<string, string>>,
  endpoints: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> | undefined {
  const own = Object.entries(endpoints ?? {}).filter(([name]) => Object.hasOwn(table, name));
  return own.length === 0 ? undefined : Object.fromEntries(own);
}

function where(table: Readonly<Record<string, string>>, context: OperationContext) {
  const endpoints = ownEndpoints(table, context.endpoints);
  return {
    ...(endpoints === undefined ? {} : { endpoints }),
    ...(context.ca === undefined ? {} : { ca: context.ca }),
  };
}

function build(): readonly ServiceOperation[] {
  return Object.freeze(
    OPERATIONS.map((operation): ServiceOperation => {
      const endpoints = operation.endpoints ?? {};
      return {
        id: operation.id,
        display: operation.display,
        summary: operation.summary,
        inputs: operation.inputs,
        outputs: operation.outputs,
        endpoints,
        run: async (values, context) =>
          (await operation.run(values as InputValues<typeof operation.inputs>, {
            clock: context.clock,
            ...where(endpoints, context),
            ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs }),
          })) as Readonly<Record<string, unknown>>,
      };
    }),
  );
}

let operations: readonly ServiceOperation[] | undefined;

/** Every operation the service offers, built once. */
export function serviceOperations(): readonly ServiceOperation[] {
  operations ??= build();
  return operations;
}
