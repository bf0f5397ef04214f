import type { Redis } from "ioredis";
import { systemClock } from "../../jwt/index.js";
import { StoreClosedError, StoreUnavailableError } from "./errors.js";
import {
  checkId,
  checkSeconds,
  checkTolerance,
  isBeforeCutoff,
  type LifetimeOptions,
  readCheck,
  secondsToKeep,
} from "./lib/lifetimes.js";
import { createRedisClient, type RedisClientOptions } from "./redis-client.js";
import type {
  RevocationCheck,
  RevocationStore,
  StoreHealth,
  TokenRevocation,
  UserRevocation,
} from "./revocation-store.js";

/** Prefix of every key the service writes (REDIS_KEY_PREFIX), so that it can share a Redis. */
export const DEFAULT_KEY_PREFIX = "bubble-jwt:";

/** The key that refuses the token `jti`: `<prefix>revoked:jti:<jti>`, value "1". */
export function tokenRevocationKey(prefix: string, jti: string): string {
  return `${prefix}revoked:jti:${jti}`;
}

/** The key that holds a user's cut-off: `<prefix>revoked:user:<user id>`, value the seconds. */
export function userRevocationKey(prefix: string, userId: string): string {
  return `${prefix}revoked:user:${userId}`;
}

export type RedisRevocationStoreOptions = LifetimeOptions & {
  /** Default {@link DEFAULT_KEY_PREFIX}. */
  keyPrefix?: string | undefined;
} & (
    | {
        /** A client the caller owns and closes (one per process, shared with the rate limiter). */
        client: Redis;
        url?: never;
      }
    | {
        /** A URL: the store opens its own client and closes it in `close()`. */
        url: string;
        clientOptions?: RedisClientOptions | undefined;
        client?: never;
      }
  );

// Both scripts never shorten an entry: revoking again can only keep a refusal longer, never end it early.
// A key without a TTL (-1, written by hand) gets one, so nothing outlives the tokens it refuses.
const REVOKE_TOKEN_LUA = `
local ttl = tonumber(ARGV[1])
local remaining = redis.call('TTL', KEYS[1])
if remaining < ttl then
  redis.call('SET', KEYS[1], '1', 'EX', ttl)
  return ttl
end
return remaining
`;

// One key per user holds the cut-off; a later cut-off wins.
const REVOKE_USER_LUA = `
local cutoff = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) and tonumber(current) >= cutoff then
  local remaining = redis.call('TTL', KEYS[1])
  if ttl > 0 and remaining < ttl then
    redis.call('EXPIRE', KEYS[1], ttl)
    remaining = ttl
  end
  return {current, remaining}
end
if ttl <= 0 then
  return {ARGV[1], 0}
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
return {ARGV[1], ttl}
`;

const REVOKE_TOKEN = "bubbleJwtRevokeToken";
const REVOKE_USER = "bubbleJwtRevokeUser";

/** The client with the two scripts defined on it (ioredis sends EVALSHA, and EVAL once if unknown). */
interface ScriptedRedis extends Redis {
  [REVOKE_TOKEN](key: string, ttlSeconds: number): Promise<number>;
  [REVOKE_USER](key: string, cutoff: string, ttlSeconds: number): Promise<[string, number]>;
}

/**
 * A revocation store in Redis, shared by every process and machine that uses the same Redis and key
 * prefix. Each revoked token is one key with `EX` = seconds until it would expire anyway; each user's
 * cut-off is one key living as long as the tokens it refuses; Redis drops both by itself.
 *
 * When Redis does not answer, every operation rejects with `ERR_STORE_UNAVAILABLE` within the client's
 * timeouts (at once while disconnected; `commandTimeoutMs` for a command in flight) and works again,
 * with the same client, once Redis is back.
 *
 * @example
 * const store = createRedisRevocationStore({ client, keyPrefix: "bubble-jwt:", clockToleranceSeconds: 30 });
 * await store.revokeUser("1700000000000x42", Math.floor(Date.now() / 1000), 3600);
 * await store.isRevoked({ userId: "1700000000000x42", iat: 1767225600 });
 */
export function createRedisRevocationStore(options: RedisRevocationStoreOptions): RevocationStore {
  return new RedisRevocationStore(options);
}

class RedisRevocationStore implements RevocationStore {
  readonly kind = "redis";
  readonly #client: ScriptedRedis;
  readonly #ownsClient: boolean;
  readonly #prefix: string;
  readonly #tolerance: number;
  readonly #now: () => number;
  #closed = false;

  constructor(options: RedisRevocationStoreOptions) {
    const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    if (typeof prefix !== "string" || prefix.length > 128 || /\s/.test(prefix)) {
      throw new TypeError("keyPrefix must be a text of at most 128 characters without spaces.");
    }
    this.#prefix = prefix;
    this.#tolerance = checkTolerance(options.clockToleranceSeconds);
    this.#now = options.clock ?? systemClock;
    const client = options.client ?? createRedisClient(options.url, options.clientOptions);
    this.#ownsClient = options.client === undefined;
    if (!(REVOKE_TOKEN in client))
      client.defineCommand(REVOKE_TOKEN, { numberOfKeys: 1, lua: REVOKE_TOKEN_LUA });
    if (!(REVOKE_USER in client))
      client.defineCommand(REVOKE_USER, { numberOfKeys: 1, lua: REVOKE_USER_LUA });
    this.#client = client as ScriptedRedis;
  }

  async revokeToken(jti: string, expiresAtSeconds: number): Promise<TokenRevocation> {
    this.#checkOpen();
    checkId(jti, "jti");
    checkSeconds(expiresAtSeconds, "expiresAtSeconds");
    const ttl = secondsToKeep(expiresAtSeconds, this.#tolerance, this.#now());
    if (ttl === 0) return { stored: false, ttlSeconds: 0 };
    const kept = await this.#call("revoke a token", () =>
      this.#client[REVOKE_TOKEN](tokenRevocationKey(this.#prefix, jti), ttl),
    );
    return { stored: true, ttlSeconds: Number(kept) };
  }

  async revokeUser(userId: string, beforeSeconds: number, ttlSeconds: number): Promise<UserRevocation> {
    this.#checkOpen();
    checkId(userId, "userId");
    checkSeconds(beforeSeconds, "beforeSeconds");
    checkSeconds(ttlSeconds, "ttlSeconds", { positive: true });
    const keep = secondsToKeep(beforeSeconds + ttlSeconds, this.#tolerance, this.#now());
    const [cutoff, kept] = await this.#call("revoke a user's tokens", () =>
      this.#client[REVOKE_USER](userRevocationKey(this.#prefix, userId), String(beforeSeconds), keep),
    );
    const ttl = Number(kept);
    return { stored: ttl > 0, cutoffSeconds: Number(cutoff), ttlSeconds: Math.max(0, ttl) };
  }

  async isRevoked(check: RevocationCheck): Promise<boolean> {
    this.#checkOpen();
    const { jti, userId, iat } = readCheck(check);
    if (jti === undefined && userId === undefined) return false;
    // One round trip for both questions.
    const tokenKey = jti === undefined ? undefined : tokenRevocationKey(this.#prefix, jti);
    const userKey = userId === undefined ? undefined : userRevocationKey(this.#prefix, userId);
    const [token, cutoff] = await this.#call("check a token", async () => {
      if (tokenKey === undefined) return [null, await this.#client.get(userKey as string)];
      if (userKey === undefined) return [await this.#client.get(tokenKey), null];
      return this.#client.mget(tokenKey, userKey);
    });
    if (tokenKey !== undefined && token !== null) return true;
    if (cutoff === null || cutoff === undefined) return false;
    const cutoffSeconds = Number(cutoff);
    // An unreadable cut-off (written by hand) refuses every token of the user: never a silent pass.
    return Number.isNaN(cutoffSeconds) || isBeforeCutoff(iat, cutoffSeconds);
  }

  async health(): Promise<StoreHealth> {
    const started = performance.now();
    const down = (code: "ERR_STORE_UNAVAILABLE" | "ERR_STORE_CLOSED", message: string): StoreHealth => ({
      status: "down",
      store: "redis",
      latencyMs: elapsed(started),
      code,
      message,
    });
    if (this.#closed) return down("ERR_STORE_CLOSED", "The Redis revocation store is closed.");
    if (this.#client.status !== "ready") {
      return down("ERR_STORE_UNAVAILABLE", `Redis is not connected (${this.#client.status}).`);
    }
    try {
      await this.#client.ping();
      return { status: "ok", store: "redis", latencyMs: elapsed(started) };
    } catch (error) {
      return down("ERR_STORE_UNAVAILABLE", `Redis did not answer PING: ${reasonOf(error)}.`);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#ownsClient) return;
    try {
      await this.#client.quit();
    } catch {
      // Not connected: nothing to say goodbye to; stop reconnecting.
      this.#client.disconnect();
    }
  }

  async #call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const status = this.#client.status;
      const reason = status === "ready" ? reasonOf(error) : `not connected: ${status}`;
      throw new StoreUnavailableError(
        `Redis could not ${what} (${reason}); the client reconnects by itself, retry shortly.`,
        { cause: error },
      );
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreClosedError("Redis");
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

/** The client's error in one short line; socket errors name host and port, never credentials. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\/\/[^@/\s]*@/g, "//***@").slice(0, 200);
}
