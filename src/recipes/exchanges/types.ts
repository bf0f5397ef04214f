import type { InputSpec, InputValues, OutputSpec } from "../../inputs/index.js";
import type { Clock } from "../../jwt/index.js";
import type { HttpsOptions } from "./lib/https-post.js";

/** An exchange's output value: text, a number of seconds, an instant; null when the provider gave none. */
export type ExchangeOutputValue = string | number | Date | null;

/** What an exchange needs from outside: the time, where to call, and how. */
export interface ExchangeContext extends HttpsOptions {
  readonly clock: Clock;
  /** Endpoint URLs by name (`google.token`, `github.api`, ...), replacing the defaults; https only. */
  readonly endpoints?: Readonly<Record<string, string>>;
}

/** The provider's answer, as outputs. */
export interface ExchangeResult {
  /** Keyed by the names of the exchange's `outputs`. */
  readonly outputs: Readonly<Record<string, ExchangeOutputValue>>;
  /** When the token expires, as the provider said; absent when it did not say. */
  readonly expiresAt?: Date;
  /** For a provider that does not say when its token expires: how long it may be assumed to live. */
  readonly assumedLifetimeMs?: number;
}

/**
 * An exchange whose inputs were checked (every refusal happens here, before any request) and that
 * is ready to call the provider. `cacheKey` lists everything that changes the token (never a secret:
 * a key is named by its fingerprint); `request` signs a fresh assertion and calls the provider.
 */
export interface PreparedExchange {
  readonly cacheKey: readonly unknown[];
  request(): Promise<ExchangeResult>;
}

/**
 * A token exchange as data, like a Recipe: inputs and outputs declared once, the provider's URLs as
 * named endpoints, plus `prepare` (check the inputs, sync) and `exchange` (prepare, then call).
 */
export interface Exchange<Specs extends readonly InputSpec[] = readonly InputSpec[]> {
  /** Stable kebab-case id: the library's `runExchange(id)`. */
  readonly id: string;
  /** The Bubble action's name, e.g. "Google: access token". */
  readonly display: string;
  readonly provider: string;
  /** One line: what the token is for. */
  readonly summary: string;
  readonly inputs: Specs;
  readonly outputs: readonly OutputSpec[];
  /** Every URL the exchange calls, by name, with its default; `context.endpoints` replaces them. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** Checks the inputs by the provider's rules (a JwtError naming the input) and plans the call. */
  prepare(values: InputValues<Specs>, context: ExchangeContext): PreparedExchange;
  /** Prepares and calls the provider once, with no cache. */
  exchange(values: InputValues<Specs>, context: ExchangeContext): Promise<ExchangeResult>;
}

/** Declares an exchange; `exchange` is `prepare` then `request`. */
export function defineExchange<const Specs extends readonly InputSpec[]>(
  exchange: Omit<Exchange<Specs>, "exchange">,
): Exchange<Specs> {
  return Object.freeze({
    ...exchange,
    exchange(values: InputValues<Specs>, context: ExchangeContext): Promise<ExchangeResult> {
      try {
        return exchange.prepare(values, context).request();
      } catch (error) {
        return Promise.reject(error);
      }
    },
  });
}
