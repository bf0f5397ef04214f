import rateLimit from "@fastify/rate-limit";
import type { FastifyPluginAsync, onRequestHookHandler } from "fastify";
import fp from "fastify-plugin";
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
}

const rateLimits: FastifyPluginAsync<RateLimitsOptions> = async (app, { perMinute }) => {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ServiceError(
        429,
        "TOO_MANY_REQUESTS",
        `Too many requests: at most ${context.max} per minute for each client. Retry in ${context.after}.`,
        "ERR_RATE_LIMITED",
      ),
  });
  const limiter = () => (perMinute > 0 ? app.rateLimit({ max: perMinute, timeWindow: 60_000 }) : null);
  app.decorate("limiters", { generateToken: limiter(), testPageToken: limiter() });
};

export default fp(rateLimits, { name: "bubble-jwt-rate-limits", fastify: "5.x" });
