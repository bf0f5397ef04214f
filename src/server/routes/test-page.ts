import { readFileSync } from "node:fs";
import type { FastifyPluginAsync, FastifyRequest, onRequestHookHandler } from "fastify";
import type { ServiceConfig } from "../config.js";
import { successBody } from "../lib/bubble-body.js";
import { readParameters, requireText } from "../lib/parameters.js";
import { issueToken } from "../lib/token-service.js";
import { engineError, ServiceError } from "../plugins/errors.js";

export interface TestPageRoutesOptions {
  config: ServiceConfig;
  now?: (() => Date) | undefined;
  rateLimiter?: onRequestHookHandler | undefined;
}

/** Tokens minted by the page live at most this long, whatever JWT_EXPIRATION_MINUTES says. */
export const TEST_PAGE_MAX_MINUTES = 15;

/** The page's only script and style sources are these files: no inline code, no other origin. */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE_FILES = [
  { route: "/", file: "index.html", type: "text/html; charset=utf-8" },
  { route: "/page.js", file: "page.js", type: "text/javascript; charset=utf-8" },
  { route: "/page.css", file: "page.css", type: "text/css; charset=utf-8" },
] as const;

/** The page's files sit next to the compiled code (`npm run build` copies src/server/page to dist/server/page). */
export function readPageFiles(): Map<string, { body: string; type: string }> {
  const dir = new URL("../page/", import.meta.url);
  return new Map(
    PAGE_FILES.map(({ route, file, type }) => [
      route,
      { body: readFileSync(new URL(file, dir), "utf8"), type },
    ]),
  );
}

/**
 * The test page at `/` and its own token endpoint, mounted only when the page is enabled.
 * POST /test-page/token mints a short-lived token for the typed user_id and email without the admin
 * token, so the page never holds a secret. It answers same-origin JSON requests only: another web site
 * open in the same browser cannot use it (a cross-site fetch with a JSON body needs CORS, which is off).
 */
export const testPageRoutes: FastifyPluginAsync<TestPageRoutesOptions> = async (app, options) => {
  const { config, now, rateLimiter } = options;
  const files = readPageFiles();
  for (const [route, { body, type }] of files) {
    app.get(route, async (_request, reply) => {
      reply.header("content-security-policy", PAGE_CSP);
      reply.header("cache-control", "no-cache");
      reply.type(type);
      return body;
    });
  }
  const limit = rateLimiter === undefined ? {} : { onRequest: rateLimiter };
  app.post("/test-page/token", limit, async (request, reply) => {
    refuseCrossSite(request);
    const parameters = readParameters(request);
    const userId = requireText(parameters, "user_id", "generate_token");
    const email = requireText(parameters, "email", "generate_token");
    try {
      const issued = issueToken(
        config,
        { user_id: userId, email, sub: userId },
        { now: now?.(), maxMinutes: TEST_PAGE_MAX_MINUTES },
      );
      reply.header("cache-control", "no-store");
      return successBody(issued);
    } catch (error) {
      throw engineError(error);
    }
  });
};

function refuseCrossSite(request: FastifyRequest): void {
  const site = request.headers["sec-fetch-site"];
  const origin = request.headers.origin;
  const sameOrigin = origin === undefined || origin === `${request.protocol}://${request.host}`;
  const contentType = request.headers["content-type"] ?? "";
  if (
    (site !== undefined && site !== "same-origin") ||
    !sameOrigin ||
    !contentType.startsWith("application/json")
  ) {
    throw new ServiceError(
      403,
      "FORBIDDEN",
      "The test page's token endpoint answers only the page itself (same origin, JSON body).",
      "ERR_CROSS_SITE",
    );
  }
}
