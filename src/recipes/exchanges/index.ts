/**
 * Token exchanges (issue 10): a recipe's assertion sent to the provider's token endpoint, the access
 * token it answers reused in the process until 5 minutes before it expires. `runExchange(id, input)`
 * reads the inputs, checks the provider's rules, and returns the outputs, from the cache or the provider.
 */

import { type FallbackReader, readInputs } from "../../inputs/index.js";
import { type Clock, JwtError, systemClock } from "../../jwt/index.js";
import { OPERATIONS } from "../registry.js";
import type { ExchangeCache } from "./cache.js";
import { runExchangeValues } from "./define-exchange.js";
import { readEndpoints } from "./endpoints.js";
import type { Exchange, ExchangeOutputValue } from "./types.js";

export {
  createExchangeCache,
  ExchangeCache,
  type ExchangeCacheOptions,
  keyFingerprint,
  REFRESH_BEFORE_MS,
  sharedExchangeCache,
} from "./cache.js";
export { defineExchange, runExchangeValues } from "./define-exchange.js";
export { DOCUSIGN_AUDIENCE } from "./docusign.js";
export { type EndpointName, EXCHANGE_ENDPOINTS } from "./endpoints.js";
export {
  EXCHANGE_ERROR_CODES,
  ExchangeError,
  type ExchangeErrorCode,
  type ExchangeErrorFacts,
  isExchangeError,
} from "./errors.js";
export { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS } from "./lib/https-post.js";
export { SALESFORCE_ASSUMED_LIFETIME_MS, SALESFORCE_EXP_SECONDS } from "./salesforce.js";
export type {
  Exchange,
  ExchangeContext,
  ExchangeDeclaration,
  ExchangeOutputValue,
  ExchangeResult,
  PreparedExchange,
} from "./types.js";

/** Every exchange of the registry, in its order. */
export const EXCHANGES: readonly Exchange[] = Object.freeze(
  OPERATIONS.filter((operation): operation is Exchange => operation.kind === "exchange"),
);

const BY_ID = new Map(EXCHANGES.map((exchange) => [exchange.id, exchange]));

/** The exchange with this id; an unknown id is refused (ERR_OPTION_INVALID, option "exchange"). */
export function getExchange(id: string): Exchange {
  const exchange = BY_ID.get(id);
  if (exchange === undefined) {
    throw new JwtError("ERR_OPTION_INVALID", {
      option: "exchange",
      reason: "unknown",
      problem: `has no exchange named ${JSON.stringify(String(id).slice(0, 40))}`,
      fix: `The exchanges are: ${EXCHANGES.map((each) => each.id).join(", ")}.`,
    });
  }
  return exchange;
}

export interface RunExchangeOptions {
  /** The clock (milliseconds since 1970); the machine's by default. Also the cache's clock. */
  clock?: Clock;
  /** Reads a secret input's fallback key when the input is empty (plugin keys, the environment). */
  fallback?: FallbackReader;
  /** Endpoint URLs by name (see EXCHANGE_ENDPOINTS), https only: tests, proxies, private deployments. */
  endpoints?: Readonly<Record<string, string>>;
  /** Extra trusted certificate authority (PEM) for the endpoints. */
  ca?: string | Buffer;
  /** The whole request must finish within this (default 10000 ms). */
  timeoutMs?: number;
  /** Answers larger than this are refused (default 1 MiB). */
  maxBytes?: number;
  /** Where tokens are kept: the process's shared cache by default; `false` to always ask the provider. */
  cache?: ExchangeCache | false;
}

/** What `runExchange` returns: the exchange's outputs by name (null when the provider gave none). */
export type ExchangeOutputs = Record<string, ExchangeOutputValue>;

/**
 * Runs one exchange: reads `input` against its specs (defaults, types, fallback keys), checks the
 * provider's rules (a JwtError naming the input), then returns a cached token or calls the provider.
 * A provider's refusal, a time-out, an oversized answer or a redirect is an ExchangeError.
 *
 * @example
 * const { authorization_header } = await runExchange(
 *   "google-access-token",
 *   { scopes: "https://www.googleapis.com/auth/spreadsheets" },
 *   { fallback: (name) => process.env[name] },
 * );
 */
export async function runExchange(
  id: string,
  input: Readonly<Record<string, unknown>>,
  options: RunExchangeOptions = {},
): Promise<ExchangeOutputs> {
  const exchange = getExchange(id);
  readEndpoints(options.endpoints);
  const values = readInputs(exchange.inputs, input, { fallback: options.fallback, operation: exchange.id });
  return runExchangeValues(exchange, values, {
    clock: options.clock ?? systemClock,
    ...(options.endpoints === undefined ? {} : { endpoints: options.endpoints }),
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  });
}
