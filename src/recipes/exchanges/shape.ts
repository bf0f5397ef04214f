import type { InputValues, OutputSpec } from "../../inputs/index.js";
import type { Clock } from "../../jwt/index.js";
import { cacheKeyOf, type ExchangeCache, sharedExchangeCache } from "./cache.js";
import { readEndpoints } from "./endpoints.js";
import type { Exchange, ExchangeContext, ExchangeOutputValue } from "./types.js";

/** What a layer passes to an exchange's run besides its values. */
export interface ExchangeRunContext {
  readonly clock: Clock;
  /** Endpoint URLs by name (the exchange's own `endpoints`), https only. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** A trusted certificate authority (PEM) for the calls. */
  readonly ca?: string | Buffer;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** The process's shared cache by default; `false` to always ask the provider. */
  readonly cache?: ExchangeCache | false;
}

/**
 * An exchange in the shape the layers read (src/spec's RecipeShape, with an async run): its inputs and
 * outputs as they are, its endpoint table, and run = check the inputs, then the cached token or the
 * provider's answer. Imports only this exchange's module, so a Bubble action bundles one provider.
 */
export interface ExchangeShape {
  readonly id: string;
  readonly display: string;
  readonly summary: string;
  readonly inputs: Exchange["inputs"];
  readonly outputs: readonly OutputSpec[];
  readonly endpoints: Readonly<Record<string, string>>;
  run(
    values: InputValues<Exchange["inputs"]>,
    context: ExchangeRunContext,
  ): Promise<Record<string, ExchangeOutputValue>>;
}

export function exchangeShape(exchange: Exchange): ExchangeShape {
  return {
    id: exchange.id,
    display: exchange.display,
    summary: exchange.summary,
    inputs: exchange.inputs,
    outputs: exchange.outputs,
    endpoints: exchange.endpoints,
    run: (values, context) => runExchangeValues(exchange, values, context),
  };
}

/**
 * Runs an exchange on values already read against its inputs: checks the endpoints and the provider's
 * rules (a JwtError naming the input, before any request), then returns the cached token or calls the
 * provider. A provider's refusal, a time-out, an oversized answer or a redirect is an ExchangeError.
 */
export async function runExchangeValues(
  exchange: Exchange,
  values: InputValues<Exchange["inputs"]>,
  options: ExchangeRunContext,
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
      : await cache.get(cacheKeyOf(exchange.id, prepared.cacheKey), clock, () => prepared.request());
  const outputs: Record<string, ExchangeOutputValue> = {};
  for (const spec of exchange.outputs) outputs[spec.name] = result.outputs[spec.name] ?? null;
  // A cached token has less time left than when it was fetched.
  if (typeof outputs.expires_in === "number" && result.expiresAt !== undefined) {
    outputs.expires_in = Math.max(0, Math.floor((result.expiresAt.getTime() - clock()) / 1000));
  }
  return outputs;
}
