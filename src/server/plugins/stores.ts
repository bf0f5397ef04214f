import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import type { Clock } from "../../jwt/index.js";
import type { ServiceConfig } from "../config.js";
import { createMemoryRevocationStore } from "../stores/memory-revocation-store.js";
import { createRedisClient, type RedisClientOptions, waitForRedis } from "../stores/redis-client.js";
import { createRedisRevocationStore } from "../stores/redis-revocation-store.js";
import type { RevocationStore } from "../stores/revocation-store.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The process's one Redis connection (REDIS_URL), shared by revocations and the rate limiter; null without Redis. */
    redis: Redis | null;
    /** Where revoked tokens and users' cut-offs are kept: Redis when REDIS_URL is set, else this process's memory. */
    revocations: RevocationStore;
  }
}

export interface StoresOptions {
  config: ServiceConfig;
  clock: Clock;
  /** A store to use instead of the one the config names (tests); closed with the app. */
  store?: RevocationStore | undefined;
  /** Extra client settings (tests shorten the reconnection pause). */
  redisClientOptions?: Pick<RedisClientOptions, "maxReconnectDelayMs"> | undefined;
}

/**
 * Opens the shared stores once per process. With REDIS_URL: one Redis client (its state changes logged,
 * the password masked), awaited for at most REDIS_CONNECT_TIMEOUT_MS; the service starts anyway when Redis
 * is down (verification answers 503 until it returns, and the client reconnects by itself). Without it:
 * the in-memory revocation store. Both are closed when the app closes.
 */
const stores: FastifyPluginAsync<StoresOptions> = async (app, options) => {
  const { config, clock, redisClientOptions } = options;
  const settings = config.redis;
  if (settings === undefined || options.store !== undefined) {
    const store =
      options.store ??
      createMemoryRevocationStore({ clockToleranceSeconds: config.clockToleranceSeconds, clock });
    app.decorate("redis", null);
    app.decorate("revocations", store);
    app.addHook("onClose", async () => store.close());
    return;
  }
  const client = createRedisClient(settings.url, {
    ...redisClientOptions,
    connectTimeoutMs: settings.connectTimeoutMs,
    commandTimeoutMs: settings.commandTimeoutMs,
    onStatus: (event) => {
      if (event.status === "ready") app.log.info({ redis: event.url }, "Redis connected");
      else
        app.log.warn(
          { redis: event.url, reason: event.reason },
          "Redis unreachable: token checks answer 503 and rate limits are not counted until it returns",
        );
    },
  });
  const store = createRedisRevocationStore({
    client,
    keyPrefix: settings.keyPrefix,
    clockToleranceSeconds: config.clockToleranceSeconds,
    clock,
  });
  app.decorate("redis", client);
  app.decorate("revocations", store);
  app.addHook("onClose", async () => {
    await store.close();
    try {
      await client.quit();
    } catch {
      // Not connected: stop reconnecting instead.
      client.disconnect();
    }
  });
  await waitForRedis(client, settings.connectTimeoutMs);
};

/** Decorates the app with `redis` and `revocations` (plugins/rate-limits.ts and the routes use them). */
export default fp(stores, { name: "bubble-jwt-stores", fastify: "5.x" });
