import { createHash } from "node:crypto";
import { type Clock, type KeySetFormat, RemoteIssuer, RemoteKeySet, systemClock } from "../../jwt/index.js";

export interface SignInKeySetsOptions {
  /** Times the key cache and the cooldown. */
  clock?: Clock;
  /** The whole key request must finish within this (default 5000 ms). */
  timeoutMs?: number;
  /** Key answers larger than this are refused (default 64 KiB). */
  maxBytes?: number;
  /** An unknown kid fetches the keys again at most this often (default 30 s). */
  cooldownMs?: number;
  /** Bounds on Cache-Control max-age (defaults 1 minute and 24 hours). */
  minCacheAgeMs?: number;
  maxCacheAgeMs?: number;
  /** How many key URLs are kept (default 64); the least recently used goes first. Issuers are bounded alike. */
  maxSets?: number;
}

/** Where an issuer's configuration is read, and whether Microsoft's `{tenantid}` template is allowed. */
export interface SignInIssuerOptions {
  /** The configuration's URL when not `<issuer>/.well-known/openid-configuration`. */
  readonly url?: string | undefined;
  readonly ca?: string | Buffer | undefined;
  readonly allowTenantTemplate?: boolean | undefined;
}

/**
 * The providers' key sets, one {@link RemoteKeySet} per URL (and format, and trusted CA), shared by
 * every verification in the process: a warm process fetches a provider's keys once per max-age.
 */
export class SignInKeySets {
  readonly #options: SignInKeySetsOptions;
  readonly #sets = new Map<string, RemoteKeySet>();
  readonly #issuers = new Map<string, RemoteIssuer>();

  constructor(options: SignInKeySetsOptions = {}) {
    this.#options = { ...options };
  }

  /** The shared key set for this URL, made on first use. */
  get(url: string, format: KeySetFormat, ca?: string | Buffer): RemoteKeySet {
    const caId = ca === undefined ? "" : createHash("sha256").update(ca).digest("hex");
    const id = `${format} ${caId} ${url}`;
    let set = this.#sets.get(id);
    if (set !== undefined) {
      this.#sets.delete(id); // most recently used last
    } else {
      const { maxSets: _, clock, ...rest } = this.#options;
      set = new RemoteKeySet(url, {
        ...rest,
        clock: clock ?? systemClock,
        format,
        useCacheControl: true,
        ...(ca === undefined ? {} : { ca }),
      });
    }
    this.#sets.set(id, set);
    this.#bound(this.#sets);
    return set;
  }

  /**
   * The shared configuration of this issuer (OpenID discovery), made on first use: one per issuer,
   * configuration URL, CA and template choice, so a warm process reads it once per max-age.
   */
  issuer(issuer: string, options: SignInIssuerOptions = {}): RemoteIssuer {
    const { url, ca, allowTenantTemplate } = options;
    const caId = ca === undefined ? "" : createHash("sha256").update(ca).digest("hex");
    const id = JSON.stringify([issuer, url ?? "", caId, allowTenantTemplate === true]);
    let remote = this.#issuers.get(id);
    if (remote !== undefined) {
      this.#issuers.delete(id); // most recently used last
    } else {
      const { clock, timeoutMs, maxBytes, minCacheAgeMs, maxCacheAgeMs } = this.#options;
      remote = new RemoteIssuer(issuer, {
        clock: clock ?? systemClock,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(maxBytes === undefined ? {} : { maxBytes }),
        ...(minCacheAgeMs === undefined ? {} : { minCacheAgeMs }),
        ...(maxCacheAgeMs === undefined ? {} : { maxCacheAgeMs }),
        ...(url === undefined ? {} : { url }),
        ...(ca === undefined ? {} : { ca }),
        ...(allowTenantTemplate === true ? { allowTenantTemplate: true } : {}),
      });
    }
    this.#issuers.set(id, remote);
    this.#bound(this.#issuers);
    return remote;
  }

  #bound(map: Map<string, unknown>): void {
    const max = this.#options.maxSets ?? 64;
    for (const oldest of map.keys()) {
      if (map.size <= max) break;
      map.delete(oldest);
    }
  }

  /** How many issuers' configurations are kept now. */
  get issuerCount(): number {
    return this.#issuers.size;
  }

  /** How many key URLs are kept now. */
  get size(): number {
    return this.#sets.size;
  }
}

/** The process's key sets, used when no `cache` is given. */
export const sharedSignInKeySets = new SignInKeySets();

/** A separate set of key caches (tests, or a process that wants its own bounds). */
export function createSignInKeySets(options: SignInKeySetsOptions = {}): SignInKeySets {
  return new SignInKeySets(options);
}
