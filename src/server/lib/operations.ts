import type { InputSpec, InputValues, OutputSpec } from "../../inputs/index.js";
import type { Clock } from "../../jwt/index.js";
import { EXCHANGES, exchangeShape } from "../../recipes/exchanges/index.js";
import { RECIPES } from "../../recipes/index.js";
import { recipeShape } from "../../recipes/shape.js";
import { SIGN_IN_VERIFIER, type SignInInputValues } from "../../recipes/sign-in/index.js";

/**
 * The operations the service offers over HTTP, each `POST /api/1.1/wf/<id>`. This file is the only
 * one that knows where they come from (recipes, exchanges, the sign-in check): the routes, the config
 * and the OpenAPI document iterate {@link serviceOperations} and know one shape.
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
  const recipes: ServiceOperation[] = RECIPES.map((recipe) => {
    const shape = recipeShape(recipe);
    return {
      id: shape.id,
      display: shape.display,
      summary: shape.summary,
      inputs: shape.inputs,
      outputs: shape.outputs,
      endpoints: {},
      run: async (values, context) =>
        shape.run(values as InputValues<typeof shape.inputs>, { clock: context.clock }),
    };
  });
  const exchanges: ServiceOperation[] = EXCHANGES.map((exchange) => {
    const shape = exchangeShape(exchange);
    return {
      id: shape.id,
      display: shape.display,
      summary: shape.summary,
      inputs: shape.inputs,
      outputs: shape.outputs,
      endpoints: shape.endpoints,
      run: (values, context) =>
        shape.run(values as InputValues<typeof shape.inputs>, {
          clock: context.clock,
          ...where(shape.endpoints, context),
          ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs }),
        }),
    };
  });
  const signIn: ServiceOperation = {
    id: SIGN_IN_VERIFIER.id,
    display: SIGN_IN_VERIFIER.display,
    summary: SIGN_IN_VERIFIER.summary,
    inputs: SIGN_IN_VERIFIER.inputs,
    outputs: SIGN_IN_VERIFIER.outputs,
    endpoints: SIGN_IN_VERIFIER.endpoints,
    run: async (values, context) => {
      const outputs = await SIGN_IN_VERIFIER.run(values as SignInInputValues, {
        clock: context.clock,
        ...where(SIGN_IN_VERIFIER.endpoints, context),
      });
      return outputs as unknown as Readonly<Record<string, unknown>>;
    },
  };
  return Object.freeze([...recipes, ...exchanges, signIn]);
}

let operations: readonly ServiceOperation[] | undefined;

/** Every operation the service offers, built once. */
export function serviceOperations(): readonly ServiceOperation[] {
  operations ??= build();
  return operations;
}
