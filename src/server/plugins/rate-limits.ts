import rateLimit from "@fastify/rate-limit";
import type { FastifyPluginAsync, onRequestHookHandler } from "fastify";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import { ServiceError } from "../errors.js";

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
}

/**
 * The limiters, on `@fastify/rate-limit` (its own Redis support when a client is given). Each limiter
 * is registered in its own context so that, in Redis, each has its own key space.
 *
 * When Redis does not answer, a request is let through uncounted (`skipOnError`): generate_token is
 * admin only, so an outage of the shared counter must not stop every Bubble app from logging users in;
 * the limit returns with Redis by itself.
 */
const rateLimits: FastifyPluginAsync<RateLimitsOptions> = async (app, { perMinute, redis, keyPrefix }) => {
  const limiter = async (name: string): Promise<onRequestHookHandler | null> => {
    if (perMinute === 0) return null;
    let hook: onRequestHookHandler | null = null;
    await app.register(async (scope) => {
      await scope.register(rateLimit, {
        global: false,
        ...(redis === null ? {} : { redis, nameSpace: `${keyPrefix}rate-limit:${name}:`, skipOnError: true }),
        errorResponseBuilder: (_request, context) =>
          new ServiceError(
            429,
            "TOO_MANY_REQUESTS",
            `Too many requests: at most ${context.max} per minute for each client. Retry in ${context.after}.`,
            "ERR_RATE_LIMITED",
          ),
      });
      hook = scope.rateLimit({ max: perMinute, timeWindow: 60_000 });
    });
    return hook;
  };
  app.decorate("limiters", {
    generateToken: await limiter("generate_token"),
    testPageToken: await limiter("test_page_token"),
  });
};

export default fp(rateLimits, { name: "bubble-jwt-rate-limits", fastify: "5.x" });
