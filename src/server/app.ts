import cors from "@fastify/cors";
import formbody from "@fastify/formbody";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import { type Clock, systemClock } from "../jwt/index.js";
import type { ServiceConfig } from "./config.js";
import { AccessLogController, lazyChildLogger } from "./lib/access-log.js";
import { errorBody } from "./lib/bubble-body.js";
import { createRedactingStream, createRedactor } from "./lib/redact.js";
import { AJV_CUSTOM_OPTIONS } from "./lib/shared-compilers.js";
import adminGuard from "./plugins/admin-guard.js";
import errorMapping from "./plugins/error-mapping.js";
import rateLimits from "./plugins/rate-limits.js";
import securityHeaders from "./plugins/security-headers.js";
import stores from "./plugins/stores.js";
import tokens from "./plugins/tokens.js";
import { handleClientError, handleFrameworkError } from "./raw-errors.js";
import { healthRoutes } from "./routes/health.js";
import { meRoutes } from "./routes/me.js";
import { openApiOptions, openApiRoutes } from "./routes/openapi.js";
import { operationRoutes } from "./routes/operations.js";
import { type PlaygroundOptions, pluginPlaygroundRoutes } from "./routes/plugin-playground.js";
import { testPageRoutes } from "./routes/test-page.js";
import { workflowRoutes } from "./routes/workflows.js";
import type { RevocationStore } from "./stores/revocation-store.js";

/** The body cap of every request. */
export const BODY_LIMIT_BYTES = 16 * 1024;
/** A request that has not fully arrived after this long is answered 408 and closed. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface BuildAppOptions {
  /** Where log lines go (after redaction); stdout by default. Tests capture it. */
  logStream?: { write(line: string): unknown };
  /** The clock (milliseconds since 1970); tests freeze it. */
  clock?: Clock;
  /** Overrides {@link REQUEST_TIMEOUT_MS}, for tests. */
  requestTimeoutMs?: number;
  /** The plugin playground at /plugin: where the built plugin is, the run time-out (tests). */
  playground?: PlaygroundOptions;
  /** Longest pause between Redis reconnection attempts (default 1000 ms); tests shorten it. */
  redisMaxReconnectDelayMs?: number;
  /** A revocation store to use instead of the one the config names (tests); the app closes it. */
  revocationStore?: RevocationStore;
}

/**
 * Builds the service on a config from readConfig/loadConfig; test it with `app.inject()`, serve it with
 * `app.listen()` (startService does both the listening and the shutdown).
 */
export async function buildApp(
  config: ServiceConfig,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const logDestination = createRedactingStream(createRedactor(config.secretTexts), options.logStream);
  const app = Fastify({
    logger: {
      level: config.logLevel,
      stream: logDestination,
      serializers: {
        err: (error: Error & { code?: string }) => ({
          type: error.name,
          code: error.code,
          message: error.message,
          stack: error.stack ?? "",
        }),
      },
    },
    // One access line per request (lib/access-log.ts), and request loggers built only when used.
    logController: new AccessLogController(logDestination),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: toTrustProxy(config.trustProxy),
    requestTimeout,
    // Node reads requestTimeout (and derives headersTimeout from it) when the server is created, and
    // looks for late requests every 30 s by default: set later, as Fastify does, a slow client lived 35
    // to 60 s. Given here and checked every 1/30 of it, a late request is closed within about 3%.
    http: { requestTimeout, connectionsCheckingInterval: Math.max(100, Math.floor(requestTimeout / 30)) },
    // `__proto__` is refused by the parameters reader (lib/parameters.ts), the same for JSON, form
    // and query input, with a message naming it; the JSON parser keeps it so that reader sees it.
    onProtoPoisoning: "ignore",
    clientErrorHandler: handleClientError,
    frameworkErrors: handleFrameworkError,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The options of the operations' shared compilers (lib/shared-compilers.ts), for any other schema.
    ajv: { customOptions: { ...AJV_CUSTOM_OPTIONS } },
  });
  await app.register(errorMapping);
  await app.register(securityHeaders);

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
  const clock = options.clock ?? systemClock;
  await app.register(stores, {
    config,
    clock,
    store: options.revocationStore,
    redisClientOptions:
      options.redisMaxReconnectDelayMs === undefined
        ? undefined
        : { maxReconnectDelayMs: options.redisMaxReconnectDelayMs },
  });
  await app.register(tokens, { config, clock });
  await app.register(adminGuard, { config });
  await app.register(rateLimits, {
    perMinute: config.rateLimitPerMinute,
    redis: app.redis,
    keyPrefix: config.redis?.keyPrefix ?? "",
    clock,
  });

  // Before the routes: it collects each route's schema as the route is added.
  await app.register(swagger, openApiOptions());
  await app.register(healthRoutes);
  await app.register(meRoutes);
  await app.register(workflowRoutes);
  await app.register(workflowRoutes, { prefix: "/version-test" });
  // Live paths only: the operations are new, no Bubble app calls them under /version-test, and each
  // copy costs its body validators and serializers at every start.
  await app.register(operationRoutes);
  await app.register(openApiRoutes);
  if (config.enableTestPage) await app.register(testPageRoutes);
  else app.get("/", async (_request, reply) => reply.code(404).send(pageDisabledBody));
  // The plugin playground (/plugin): only where the test page's token route exists (see its file).
  if (config.enableTestPage)
    await app.register(pluginPlaygroundRoutes, { clock: options.clock, ...options.playground });
  return app;
}

const pageDisabledBody = errorBody(
  404,
  "NOT_FOUND",
  "The test page is off (NODE_ENV=production). Set ENABLE_TEST_PAGE=1 to turn it on, for staging only.",
);

/** TRUST_PROXY: a number of proxy hops becomes the function Fastify expects. */
function toTrustProxy(
  setting: ServiceConfig["trustProxy"],
): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof setting !== "number") return setting;
  return (_address, hop) => hop < setting;
}
