import { type AnyOperation, type FallbackReader, type NetworkOptions, readInputs } from "../inputs/index.js";
import { type Clock, JwtError, systemClock } from "../jwt/index.js";
import { OPERATIONS } from "./registry.js";

const BY_ID = new Map(OPERATIONS.map((operation) => [operation.id, operation]));

/** The operation with this id; an unknown id is refused (ERR_OPTION_INVALID, option "operation"). */
export function getOperation(id: string): AnyOperation {
  const operation = BY_ID.get(id);
  if (operation === undefined) {
    throw new JwtError("ERR_OPTION_INVALID", {
      option: "operation",
      reason: "unknown",
      problem: `has no operation named ${JSON.stringify(String(id).slice(0, 40))}`,
      fix: `The operations are: ${OPERATIONS.map((each) => each.id).join(", ")}.`,
    });
  }
  return operation;
}

export interface RunOperationOptions extends NetworkOptions {
  /** The clock (milliseconds since 1970); the machine's by default. */
  clock?: Clock;
  /** Reads a secret input's fallback key when the input is empty (plugin keys, the environment). */
  fallback?: FallbackReader;
}

/** An operation's outputs by name: text, numbers, dates, lists; null where there is none. */
export type OperationOutputs = Record<string, string | number | boolean | Date | readonly string[] | null>;

/**
 * Runs any operation of the registry: reads `input` against its inputs (defaults, types, forms, fallback
 * keys; an unknown name is refused), then checks the provider's rules and makes, fetches or checks the
 * token. A wrong input is a JwtError naming it; a provider's refusal in an exchange is an ExchangeError;
 * a refused sign-in token is `valid: false` with its `reason_code`.
 *
 * @example
 * const { token } = await runOperation("ghost-admin", {}, { fallback: (name) => process.env[name] });
 */
export async function runOperation(
  id: string,
  input: Readonly<Record<string, unknown>>,
  options: RunOperationOptions = {},
): Promise<OperationOutputs> {
  const operation = getOperation(id);
  const { clock = systemClock, fallback, ...network } = options;
  const values = readInputs(operation.inputs, input, { fallback, operation: operation.id });
  return (await operation.run(values, { ...network, clock })) as OperationOutputs;
}
