import { systemClock } from "../../jwt/index.js";
import { StoreClosedError, StoreFullError } from "./errors.js";
import {
  checkId,
  checkSeconds,
  checkTolerance,
  isBeforeCutoff,
  type LifetimeOptions,
  readCheck,
  secondsToKeep,
} from "./lib/lifetimes.js";
import type {
  RevocationCheck,
  RevocationStore,
  StoreHealth,
  TokenRevocation,
  UserRevocation,
} from "./revocation-store.js";

/** Default cap on live entries (revoked tokens plus users' cut-offs) of one in-memory store. */
export const DEFAULT_MAX_ENTRIES = 100_000;

export interface MemoryRevocationStoreOptions extends LifetimeOptions {
  /**
   * Most live entries held at once (tokens and users together). When full of live entries, a new
   * revocation is refused with `ERR_STORE_FULL` rather than dropping an older one: forgetting a
   * revocation would let a withdrawn token through. Default {@link DEFAULT_MAX_ENTRIES}.
   */
  maxEntries?: number | undefined;
}

interface Entry {
  /** For a user: the cut-off (seconds); for a token: unused (0). */
  value: number;
  /** When the entry may go (milliseconds). */
  dropAtMs: number;
}

/**
 * A revocation store in this process's memory: for one process only (with several workers or machines
 * each would hold its own list; use Redis there). Entries go when the tokens they refuse would have
 * expired anyway: checked on every read, and swept when the store reaches `maxEntries`.
 *
 * @example
 * const store = createMemoryRevocationStore({ clockToleranceSeconds: 30 });
 * await store.revokeToken(payload.jti, payload.exp);
 * await store.isRevoked({ jti: payload.jti }); // true
 */
export function createMemoryRevocationStore(options: MemoryRevocationStoreOptions = {}): RevocationStore {
  return new MemoryRevocationStore(options);
}

class MemoryRevocationStore implements RevocationStore {
  readonly kind = "memory";
  readonly #tokens = new Map<string, Entry>();
  readonly #users = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #tolerance: number;
  readonly #now: () => number;
  #closed = false;

  constructor(options: MemoryRevocationStoreOptions) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError(`maxEntries must be a whole number above 0; got ${maxEntries}.`);
    }
    this.#maxEntries = maxEntries;
    this.#tolerance = checkTolerance(options.clockToleranceSeconds);
    this.#now = options.clock ?? systemClock;
  }

  async revokeToken(jti: string, expiresAtSeconds: number): Promise<TokenRevocation> {
    this.#checkOpen();
    checkId(jti, "jti");
    checkSeconds(expiresAtSeconds, "expiresAtSeconds");
    const now = this.#now();
    const ttlSeconds = secondsToKeep(expiresAtSeconds, this.#tolerance, now);
    if (ttlSeconds === 0) return { stored: false, ttlSeconds: 0 };
    const existing = this.#live(this.#tokens, jti, now);
    if (existing !== undefined && existing.dropAtMs >= now + ttlSeconds * 1000) {
      return { stored: true, ttlSeconds: msToSeconds(existing.dropAtMs - now) };
    }
    if (existing === undefined) this.#makeRoom(now);
    this.#tokens.set(jti, { value: 0, dropAtMs: now + ttlSeconds * 1000 });
    return { stored: true, ttlSeconds };
  }

  async revokeUser(userId: string, beforeSeconds: number, ttlSeconds: number): Promise<UserRevocation> {
    this.#checkOpen();
    checkId(userId, "userId");
    checkSeconds(beforeSeconds, "beforeSeconds");
    checkSeconds(ttlSeconds, "ttlSeconds", { positive: true });
    const now = this.#now();
    const existing = this.#live(this.#users, userId, now);
    const keep = secondsToKeep(beforeSeconds + ttlSeconds, this.#tolerance, now);
    if (existing !== undefined && existing.value >= beforeSeconds) {
      // A later cut-off is in force: keep it, living at least as long as this one would have.
      existing.dropAtMs = Math.max(existing.dropAtMs, now + keep * 1000);
      return {
        stored: true,
        cutoffSeconds: existing.value,
        ttlSeconds: msToSeconds(existing.dropAtMs - now),
      };
    }
    if (keep === 0) return { stored: false, cutoffSeconds: beforeSeconds, ttlSeconds: 0 };
    if (existing === undefined) this.#makeRoom(now);
    this.#users.set(userId, { value: beforeSeconds, dropAtMs: now + keep * 1000 });
    return { stored: true, cutoffSeconds: beforeSeconds, ttlSeconds: keep };
  }

  async isRevoked(check: RevocationCheck): Promise<boolean> {
    return this.isRevokedNow(check);
  }

  isRevokedNow(check: RevocationCheck): boolean {
    this.#checkOpen();
    const { jti, userId, iat } = readCheck(check);
    const now = this.#now();
    if (jti !== undefined && this.#live(this.#tokens, jti, now) !== undefined) return true;
    if (userId === undefined) return false;
    const user = this.#live(this.#users, userId, now);
    return user !== undefined && isBeforeCutoff(iat, user.value);
  }

  async health(): Promise<StoreHealth> {
    if (this.#closed) {
      return {
        status: "down",
        store: "memory",
        latencyMs: 0,
        code: "ERR_STORE_CLOSED",
        message: "The memory revocation store is closed.",
      };
    }
    return { status: "ok", store: "memory", latencyMs: 0 };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#tokens.clear();
    this.#users.clear();
  }

  /** The entry if it is still needed; an expired one is dropped on the way. */
  #live(map: Map<string, Entry>, key: string, now: number): Entry | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.dropAtMs > now) return entry;
    map.delete(key);
    return undefined;
  }

  /** Before adding an entry: at the cap, drop every expired one; still full, refuse. */
  #makeRoom(now: number): void {
    if (this.#tokens.size + this.#users.size < this.#maxEntries) return;
    for (const map of [this.#tokens, this.#users]) {
      for (const [key, entry] of map) if (entry.dropAtMs <= now) map.delete(key);
    }
    if (this.#tokens.size + this.#users.size >= this.#maxEntries) {
      throw new StoreFullError(
        `The memory revocation store holds ${this.#maxEntries} live revocations, its maximum; ` +
          "nothing was stored. Raise the limit or use Redis (REDIS_URL).",
      );
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreClosedError("memory");
  }
}

function msToSeconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}
