import type { Clock } from "../clock.js";
import { JwtError } from "../errors.js";

/** After a failed fetch: the first wait before another, doubled with each failure in a row, capped. */
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 5 * 60 * 1000;

/** What one fetch gave: the document, and how long its answer says it may be kept (Cache-Control). */
export interface FetchedDocument<T> {
  readonly value: T;
  readonly maxAgeMs: number | undefined;
}

export interface CachedDocumentOptions<T> {
  readonly clock: Clock;
  readonly fetch: () => Promise<FetchedDocument<T>>;
  /** How long a document is fresh, from what its answer said. */
  readonly freshFor: (maxAgeMs: number | undefined) => number;
  /** A stale document keeps answering (while the source cannot be reached) this long after its fetch. */
  readonly longestMs: number;
}

/**
 * One document fetched from the network and kept (a key set, an issuer's configuration): fresh for a
 * bounded time, then still usable up to the longest age while a new fetch fails; concurrent callers
 * share one request; after a failure no new request is made before a back-off (1 s, doubling with each
 * failure in a row, at most 5 minutes), during which the failure is said again without a request.
 * Whoever holds it decides when a fetch is wanted.
 */
export class CachedDocument<T> {
  readonly #options: CachedDocumentOptions<T>;
  #value: T | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #freshForMs = 0;
  #pending: Promise<T> | undefined;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #failures = 0;
  #failure: unknown;
  #retryAt = Number.NEGATIVE_INFINITY;

  constructor(options: CachedDocumentOptions<T>) {
    this.#options = options;
  }

  /** When the last fetch started or failed. */
  get attemptedAt(): number {
    return this.#attemptedAt;
  }

  isFresh(now: number): boolean {
    return this.#value !== undefined && now - this.#fetchedAt < this.#freshForMs;
  }

  /** The document last fetched, while it may still answer: fresh, or stale within the longest age. */
  usable(now: number): T | undefined {
    if (this.#value === undefined) return undefined;
    const longest = Math.max(this.#freshForMs, this.#options.longestMs);
    return now - this.#fetchedAt < longest ? this.#value : undefined;
  }

  /**
   * The document, fetched unless a back-off lasts: then the usable one, or the last failure said again.
   * A failed fetch answers with the usable document when there is one.
   */
  get(now: number): Promise<T> {
    if (now < this.#retryAt) {
      const usable = this.usable(now);
      return usable !== undefined ? Promise.resolve(usable) : Promise.reject(this.#remembered(now));
    }
    if (this.#pending === undefined) {
      this.#attemptedAt = now;
      this.#pending = this.#fetch().finally(() => {
        this.#pending = undefined;
      });
    }
    return this.#pending.catch((error: unknown) => {
      const usable = this.usable(this.#options.clock());
      if (usable !== undefined) return usable;
      throw error;
    });
  }

  async #fetch(): Promise<T> {
    const { clock } = this.#options;
    try {
      const { value, maxAgeMs } = await this.#options.fetch();
      this.#value = value;
      this.#fetchedAt = clock();
      this.#freshForMs = this.#options.freshFor(maxAgeMs);
      this.#failures = 0;
      this.#failure = undefined;
      this.#retryAt = Number.NEGATIVE_INFINITY;
      return value;
    } catch (error) {
      const failedAt = clock();
      this.#failures++;
      this.#attemptedAt = failedAt;
      this.#retryAt =
        failedAt + Math.min(BACKOFF_FIRST_MS * 2 ** Math.min(this.#failures - 1, 30), BACKOFF_MAX_MS);
      this.#failure = error;
      throw error;
    }
  }

  /** The last failure, said again with how long until the next attempt. */
  #remembered(now: number): unknown {
    const failure = this.#failure;
    if (!(failure instanceof JwtError)) return failure;
    const seconds = Math.max(1, Math.ceil((this.#retryAt - now) / 1000));
    const attempts = `${this.#failures} failed attempt${this.#failures === 1 ? "" : "s"} in a row`;
    return new JwtError(
      failure.code,
      `${failure.message} Not fetched again for ${seconds} s (${attempts}; retries back off up to ${BACKOFF_MAX_MS / 60_000} minutes).`,
      { ...(failure.reason === undefined ? {} : { reason: failure.reason }), cause: failure },
    );
  }
}
