import { createHash, type KeyObject } from "node:crypto";
import type { JwtKey } from "../../jwt/index.js";
import type { ExchangeResult } from "./types.js";

export interface ExchangeCacheOptions {
  /** At most this many tokens are kept; the least recently used goes first (default 256). */
  readonly maxEntries?: number;
  /** A token is fetched again this long before it expires (default 5 minutes). */
  readonly refreshBeforeMs?: number;
}

export const DEFAULT_CACHE_ENTRIES = 256;
export const REFRESH_BEFORE_MS = 5 * 60 * 1000;

interface Entry {
  readonly result: ExchangeResult;
  /** Reused while the clock is before this. */
  readonly reuseUntil: number;
}

/**
 * Access tokens kept in this process, by a hash of everything that changes them, reused until
 * `refreshBeforeMs` before they expire. Concurrent requests for one key share one call; a failed call
 * is not remembered. Bounded: the least recently used token is dropped past `maxEntries`.
 */
export class ExchangeCache {
  readonly maxEntries: number;
  readonly refreshBeforeMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<ExchangeResult>>();

  constructor(options: ExchangeCacheOptions = {}) {
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_CACHE_ENTRIES));
    this.refreshBeforeMs = Math.max(0, options.refreshBeforeMs ?? REFRESH_BEFORE_MS);
  }

  /** Tokens held now. */
  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }

  /** The cached result for `key` while still fresh on `now`, else the one from `fetch` (shared). */
  get(key: string, now: () => number, fetch: () => Promise<ExchangeResult>): Promise<ExchangeResult> {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      if (now() < entry.reuseUntil) {
        this.#entries.set(key, entry);
        return Promise.resolve(entry.result);
      }
    }
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const started = now();
    const call = fetch()
      .then((result) => {
        this.#store(key, result, started);
        return result;
      })
      .finally(() => {
        this.#pending.delete(key);
      });
    this.#pending.set(key, call);
    return call;
  }

  #store(key: string, result: ExchangeResult, started: number): void {
    const expires =
      result.expiresAt?.getTime() ??
      (result.assumedLifetimeMs === undefined ? undefined : started + result.assumedLifetimeMs);
    if (expires === undefined) return;
    const reuseUntil = expires - this.refreshBeforeMs;
    if (!(reuseUntil > started)) return;
    this.#entries.set(key, { result, reuseUntil });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}

/** A new cache; `runExchange` uses one shared per process unless given another (or `false`). */
export function createExchangeCache(options: ExchangeCacheOptions = {}): ExchangeCache {
  return new ExchangeCache(options);
}

/** The cache `runExchange` uses by default: one per process, as Bubble keeps a warm action's process. */
export const sharedExchangeCache = new ExchangeCache();

const FINGERPRINTS = new WeakMap<KeyObject, string>();

/**
 * A key's fingerprint for a cache key: SHA-256 of its public key (SPKI DER), so a rotated key gets
 * new tokens while the key itself is never kept or hashed in the clear. Remembered per key object.
 */
export function keyFingerprint(key: JwtKey): string {
  const known = FINGERPRINTS.get(key.keyObject);
  if (known !== undefined) return known;
  const spki = key.verifyKey.export({ type: "spki", format: "der" });
  const fingerprint = createHash("sha256").update(spki).digest("base64url");
  FINGERPRINTS.set(key.keyObject, fingerprint);
  return fingerprint;
}

/** The cache key: SHA-256 of the exchange id and the parts, in a stable JSON form (object keys sorted). */
export function cacheKeyOf(id: string, parts: readonly unknown[]): string {
  return createHash("sha256")
    .update(stableJson([id, ...parts]))
    .digest("base64url");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
