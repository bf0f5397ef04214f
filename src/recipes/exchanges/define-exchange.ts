import type { InputSpec, InputValues, OperationContext } from "../../inputs/index.js";
import { cacheKeyOf, sharedExchangeCache } from "./cache.js";
import { readEndpoints } from "./endpoints.js";
import type {
  Exchange,
  ExchangeContext,
  ExchangeDeclaration,
  ExchangeOutputValue,
  ExchangeResult,
} from "./types.js";

/** Declares an exchange: `run` is check, then the cached token or the provider's answer. */
export function defineExchange<const Specs extends readonly InputSpec[]>(
  declaration: ExchangeDeclaration<Specs>,
): Exchange<Specs> {
  const exchange: Exchange<Specs> = Object.freeze({
    ...declaration,
    kind: "exchange" as const,
    exchange(values: InputValues<Specs>, context: ExchangeContext): Promise<ExchangeResult> {
      try {
        return declaration.prepare(values, context).request();
      } catch (error) {
        return Promise.reject(error);
      }
    },
    run: (values: InputValues<Specs>, context: OperationContext) =>
      runExchangeValues(exchange as unknown as Exchange, values, context),
  });
  return exchange;
}

/**
 * Runs an exchange on values already read against its inputs: checks the endpoints and the provider's
 * rules (a JwtError naming the input, before any request), then returns the cached token or calls the
 * provider. A provider's refusal, a time-out, an oversized answer or a redirect is an ExchangeError.
 */
export async function runExchangeValues(
  exchange: Exchange,
  values: InputValues<Exchange["inputs"]>,
  options: OperationContext,
): Promise<Record<string, ExchangeOutputValue>> {
  readEndpoints(options.endpoints);
  const { clock } = options;
  const context: ExchangeContext = {
    clock,
    ...(options.endpoints === undefined ? {} : { endpoints: options.endpoints }),
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
  };
  const prepared = exchange.prepare(values, context);
  const cache = options.cache === undefined ? sharedExchangeCache : options.cache;
  const result =
    cache === false
      ? await prepared.request()
      : ((await cache.get(cacheKeyOf(exchange.id, prepared.cacheKey), clock, () =>
          prepared.request(),
        )) as ExchangeResult);
  const outputs: Record<string, ExchangeOutputValue> = {};
  for (const spec of exchange.outputs) outputs[spec.name] = result.outputs[spec.name] ?? null;
  // A cached token has less time left than when it was fetched.
  if (typeof outputs.expires_in === "number" && result.expiresAt !== undefined) {
    outputs.expires_in = Math.max(0, Math.floor((result.expiresAt.getTime() - clock()) / 1000));
  }
  return outputs;
}
