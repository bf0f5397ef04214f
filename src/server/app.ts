import cors from "@fastify/cors";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { ServiceConfig } from "./config.js";
import { errorBody } from "./lib/bubble-body.js";
import { createRedactingStream, createRedactor } from "./lib/redact.js";
import { handleClientError, registerErrorMapping, ServiceError } from "./plugins/errors.js";
import { registerSecurityHeaders } from "./plugins/security-headers.js";
import { healthRoutes } from "./routes/health.js";
import { meRoutes } from "./routes/me.js";
import { testPageRoutes } from "./routes/test-page.js";
import { workflowRoutes } from "./routes/workflows.js";

/** The body cap of every request. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface BuildAppOptions {
  /** Where log lines go (after redaction); stdout by default. Tests capture it. */
  logStream?: { write(line: string): unknown };
  /** The clock, for tests. */
  now?: () => Date;
}

/**
 * Builds the service on a config from {@link readConfig}; test it with `app.inject()`, serve it with
 * `app.listen()` (startService does both the listening and the shutdown).
 */
export async function buildApp(
  config: ServiceConfig,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const redact = createRedactor(config.secretTexts);
  const app = Fastify({
    logger: {
      level: config.logLevel,
      stream: createRedactingStream(redact, options.logStream),
      serializers: {
        err: (error: Error & { code?: string }) => ({
          type: error.name,
          code: error.code,
          message: error.message,
          stack: error.stack ?? "",
        }),
      },
    },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: toTrustProxy(config.trustProxy),
    requestTimeout: 30_000,
    clientErrorHandler: handleClientError,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  registerErrorMapping(app);
  registerSecurityHeaders(app);
  logResponses(app);

  // Parameters come as JSON, a form or a query string; anything else (text/plain included) is a 415.
  app.removeContentTypeParser("text/plain");
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins.includes("*") ? "*" : [...config.corsOrigins],
      methods: ["GET", "POST"],
      allowedHeaders: ["Authorization", "Content-Type"],
      maxAge: 600,
    });
  }
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

  const perMinute = { max: config.rateLimitPerMinute, timeWindow: 60_000 };
  const limiter = () => (config.rateLimitPerMinute > 0 ? app.rateLimit(perMinute) : undefined);
  const routeOptions = { config, now: options.now };
  await app.register(healthRoutes, { config });
  await app.register(meRoutes, routeOptions);
  const workflowOptions = { ...routeOptions, rateLimiter: limiter() };
  await app.register(workflowRoutes, workflowOptions);
  await app.register(workflowRoutes, { ...workflowOptions, prefix: "/version-test" });
  if (config.enableTestPage) await app.register(testPageRoutes, { ...routeOptions, rateLimiter: limiter() });
  else app.get("/", async (_request, reply) => reply.code(404).send(pageDisabledBody));
  return app;
}

const pageDisabledBody = errorBody(
  404,
  "NOT_FOUND",
  "The test page is off (NODE_ENV=production). Set ENABLE_TEST_PAGE=1 to turn it on, for staging only.",
);

/**
 * One log line per answered request; the path only (query strings may carry tokens). A callback hook,
 * not an async one: it runs on every request, and a promise per request costs more than the line.
 */
function logResponses(app: FastifyInstance): void {
  app.addHook("onResponse", (request, reply, done) => {
    const url = request.url;
    const query = url.indexOf("?");
    request.log.info(
      {
        method: request.method,
        path: query === -1 ? url : url.slice(0, query),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request done",
    );
    done();
  });
}

/** TRUST_PROXY: a number of proxy hops becomes the function Fastify expects. */
function toTrustProxy(
  setting: ServiceConfig["trustProxy"],
): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof setting !== "number") return setting;
  return (_address, hop) => hop < setting;
}
