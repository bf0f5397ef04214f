import rateLimit from "@fastify/rate-limit";
import type { FastifyPluginAsync, onRequestHookHandler } from "fastify";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import type { Clock } from "../../jwt/index.js";
import { ServiceError } from "../errors.js";
import { MemoryRateCounter, rateLimitClient } from "../stores/memory-rate-counter.js";

declare module "fastify" {
  interface FastifyInstance {
    /**
     * Per-client limiters (RATE_LIMIT_PER_MINUTE), null when the limit is off: one for generate_token
     * (live and version-test paths count together), one for the test page's token route.
     */
    limiters: { generateToken: onRequestHookHandler | null; testPageToken: onRequestHookHandler | null };
  }
}

export interface RateLimitsOptions {
  perMinute: number;
  /**
   * The process's Redis client: counts are then shared by every process and machine on that Redis (keys
   * `<keyPrefix>rate-limit:<limiter>:...`, expiring with their minute). Null: counted in this process.
   */
  redis: Redis | null;
  keyPrefix: string;
  /** The clock of the in-memory counts (tests freeze it); Redis counts with its own. */
  clock: Clock;
}

/** Each limit counts calls per client per minute. */
const WINDOW_MS = 60_000;

/**
 * The limiters. Both kinds answer alike: `x-ratelimit-limit`, `x-ratelimit-remaining` and
 * `x-ratelimit-reset` (seconds) on every counted call, and past the limit a 429 with `retry-after`.
 *
 * - With Redis: `@fastify/rate-limit` and its own Redis support, each limiter in its own context so that
 *   each has its own key space. When Redis does not answer, a call is let through uncounted
 *   (`skipOnError`): generate_token is admin only, so an outage of the shared counter must not stop every
 *   Bubble app from logging users in; the limit returns with Redis by itself.
 * - In memory: a callback hook over {@link MemoryRateCounter}. It does what `@fastify/rate-limit`'s
 *   local store does, without the three promises its hook awaits on every call: the limit sits on
 *   generate_token, the service's busiest route.
 */
const rateLimits: FastifyPluginAsync<RateLimitsOptions> = async (
  app,
  { perMinute, redis, keyPrefix, clock },
) => {
  const limiter = async (name: string): Promise<onRequestHookHandler | null> => {
    if (perMinute === 0) return null;
    if (redis === null) return memoryLimiter(perMinute, clock);
    let hook: onRequestHookHandler | null = null;
    await app.register(async (scope) => {
      await scope.register(rateLimit, {
        global: false,
        redis,
        nameSpace: `${keyPrefix}rate-limit:${name}:`,
        skipOnError: true,
        errorResponseBuilder: (_request, context) =>
          tooManyRequests(context.max, Math.ceil(context.ttl / 1000)),
      });
      hook = scope.rateLimit({ max: perMinute, timeWindow: WINDOW_MS });
    });
    return hook;
  };
  app.decorate("limiters", {
    generateToken: await limiter("generate_token"),
    testPageToken: await limiter("test_page_token"),
  });
};

/** The in-memory limiter: a callback hook (no promise per call), counting in this process. */
function memoryLimiter(perMinute: number, clock: Clock): onRequestHookHandler {
  const counter = new MemoryRateCounter(WINDOW_MS);
  const limitText = String(perMinute);
  return function rateLimitInMemory(request, reply, done) {
    const now = clock();
    const { count, resetAtMs } = counter.hit(rateLimitClient(request.ip), now);
    const resetSeconds = Math.ceil((resetAtMs - now) / 1000);
    reply.header("x-ratelimit-limit", limitText);
    reply.header("x-ratelimit-remaining", Math.max(0, perMinute - count));
    reply.header("x-ratelimit-reset", resetSeconds);
    if (count <= perMinute) {
      done();
      return;
    }
    done(tooManyRequests(perMinute, resetSeconds));
  };
}

/** The 429 of both limiters; the error handler turns `retryAfterSeconds` into `Retry-After`. */
function tooManyRequests(max: number, retrySeconds: number): ServiceError {
  const wait = retrySeconds === 1 ? "1 second" : `${retrySeconds} seconds`;
  return new ServiceError({
    statusCode: 429,
    status: "TOO_MANY_REQUESTS",
    message: `Too many requests: at most ${max} per minute for each client. Retry in ${wait}.`,
    reasonCode: "ERR_RATE_LIMITED",
    retryAfterSeconds: retrySeconds,
  });
}

export default fp(rateLimits, { name: "bubble-jwt-rate-limits", fastify: "5.x" });
