import type {
  ExampleInput,
  InputSpec,
  InputValues,
  Operation,
  OutputSpec,
  ProviderRule,
} from "../../inputs/index.js";
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

/** What a provider module declares for an exchange: the operation's data, its URLs and `prepare`. */
export interface ExchangeDeclaration<Specs extends readonly InputSpec[]> {
  /** Stable kebab-case id: the library's `runOperation(id)`. */
  readonly id: string;
  /** The Bubble action's name, e.g. "Google: access token". */
  readonly display: string;
  readonly provider: string;
  /** One line: what the token is for. */
  readonly summary: string;
  readonly inputs: Specs;
  readonly outputs: readonly OutputSpec[];
  /** One valid input (keys as `exampleKey(kind)`). */
  readonly example: ExampleInput<Specs>;
  /** The provider's rules `prepare` enforces, each with its source. */
  readonly rules: readonly ProviderRule[];
  /** The declaring module's `import.meta.url`. */
  readonly source: string;
  /** Every URL the exchange calls, by name, with its default; `context.endpoints` replaces them. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** Checks the inputs by the provider's rules (a JwtError naming the input) and plans the call. */
  prepare(values: InputValues<Specs>, context: ExchangeContext): PreparedExchange;
}

/**
 * A token exchange: an Operation whose `run` checks the inputs, then answers from the shared cache or
 * calls the provider; `prepare` and `exchange` (prepare, then one uncached call) stay for tests.
 */
export interface Exchange<Specs extends readonly InputSpec[] = readonly InputSpec[]>
  extends Operation<Specs, readonly OutputSpec[]> {
  readonly kind: "exchange";
  readonly endpoints: Readonly<Record<string, string>>;
  prepare(values: InputValues<Specs>, context: ExchangeContext): PreparedExchange;
  /** Prepares and calls the provider once, with no cache. */
  exchange(values: InputValues<Specs>, context: ExchangeContext): Promise<ExchangeResult>;
}
