import { readFileSync } from "node:fs";
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { engineError, ServiceError } from "../errors.js";
import { successBody } from "../lib/bubble-body.js";
import { readParameters, requireText } from "../lib/parameters.js";

/** Tokens minted by the page live at most this long, whatever JWT_EXPIRATION_MINUTES says. */
export const TEST_PAGE_MAX_MINUTES = 15;

/** The page's only script and style sources are these files: no inline code, no other origin. */
export const PAGE_CSP = [
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
 * The test page at `/`, and its own token endpoint. POST /test-page/token mints a short-lived token for
 * the typed user_id and email without the admin token, so the page never holds a secret. It exists only
 * while the service signs with its generated development keys and listens on a loopback address
 * (`config.testPageTokens`), answers only a Host naming that address (no DNS rebinding), and only
 * same-origin JSON requests (a cross-site fetch with a JSON body needs CORS, which is off).
 */
export const testPageRoutes: FastifyPluginAsync = async (app) => {
  const config = app.serviceConfig;
  for (const [route, { body, type }] of readPageFiles()) {
    app.get(route, async (_request, reply) => {
      reply.header("content-security-policy", PAGE_CSP);
      // The page's own files may be revalidated from cache; answers with tokens stay no-store.
      reply.header("cache-control", "no-cache");
      reply.type(type);
      return body;
    });
  }
  if (!config.testPageTokens) return;
  const limiter = app.limiters.testPageToken;
  app.post("/test-page/token", limiter === null ? {} : { onRequest: limiter }, async (request) => {
    refuseForeignHost(request, config.host);
    refuseCrossSite(request);
    const parameters = readParameters(request);
    const userId = requireText(parameters, "user_id", "generate_token");
    const email = requireText(parameters, "email", "generate_token");
    try {
      return successBody(app.tokens.issue({ user_id: userId, email, sub: userId }, TEST_PAGE_MAX_MINUTES));
    } catch (error) {
      throw engineError(error);
    }
  });
};

/**
 * Also guards the plugin playground (routes/plugin-playground.ts). A DNS-rebinding page (`http://rebind.attacker.example:3000/` resolving to 127.0.0.1) is same-origin
 * with itself, so Origin checks pass; only the Host it sends gives it away. The Host must name the
 * listen address (or `localhost` for a loopback address), and the listening port once there is one.
 */
export function refuseForeignHost(request: FastifyRequest, listenHost: string): void {
  const { hostname, port } = splitHost(request.headers.host ?? "");
  const address = request.server.server.address();
  const listeningPort = typeof address === "object" && address !== null ? String(address.port) : undefined;
  const names = [unbracket(listenHost), "localhost"];
  const hostOk = names.includes(hostname.toLowerCase());
  const portOk = listeningPort === undefined || port === listeningPort;
  if (!hostOk || !portOk) {
    throw new ServiceError({
      statusCode: 403,
      status: "FORBIDDEN",
      message:
        "The development page's endpoints answer only requests addressed to the service's own loopback address.",
      reasonCode: "ERR_HOST_REFUSED",
    });
  }
}

function splitHost(host: string): { hostname: string; port: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.trim());
  return { hostname: unbracket(match?.[1] ?? ""), port: match?.[2] ?? "80" };
}

function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

export function refuseCrossSite(request: FastifyRequest): void {
  const site = request.headers["sec-fetch-site"];
  const origin = request.headers.origin;
  const sameOrigin = origin === undefined || origin === `${request.protocol}://${request.host}`;
  const contentType = request.headers["content-type"] ?? "";
  if (
    (site !== undefined && site !== "same-origin") ||
    !sameOrigin ||
    !contentType.startsWith("application/json")
  ) {
    throw new ServiceError({
      statusCode: 403,
      status: "FORBIDDEN",
      message: "The development page's endpoints answer only the page itself (same origin, JSON body).",
      reasonCode: "ERR_CROSS_SITE",
    });
  }
}
