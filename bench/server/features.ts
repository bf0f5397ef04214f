/**
 * The service's per-request features, made with the service's own built parts for a server without a
 * framework (the features floor, node-http-floor.ts with FLOOR_FEATURES=1), each in the cheapest way
 * node:http allows: headers written as one flat list, the access line on the response's `finish`, the
 * revocation list asked at once (in memory).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type * as AccessLog from "../../src/server/lib/access-log.js";
import type * as Redact from "../../src/server/lib/redact.js";
import type * as SecurityHeaders from "../../src/server/plugins/security-headers.js";
import type * as RateCounter from "../../src/server/stores/memory-rate-counter.js";
import type * as MemoryRevocations from "../../src/server/stores/memory-revocation-store.js";
import type * as Revocations from "../../src/server/stores/revocation-store.js";

const built = (path: string) => new URL(`../../dist/server/${path}`, import.meta.url).href;

export interface ResponseFeatures {
  /** Gives the request an id and writes its access line when its answer is sent. */
  accessLine(req: IncomingMessage, res: ServerResponse): void;
  /** Counts the call for its client and keeps the `x-ratelimit-*` values; false past the limit. */
  rateLimit(req: IncomingMessage, res: ServerResponse): boolean;
  /** The answer's headers: the security headers, the rate limit's if counted, then the content's. */
  headers(res: ServerResponse, contentType: string, contentLength: number): string[];
  /** Whether a verified token is on the revocation list (the service's in-memory store). */
  revoked(claims: Readonly<Record<string, unknown>>): boolean;
}

/** Per-response state, kept on the response under symbols (no Map lookups per request). */
const RATE_HEADERS = Symbol("rate headers");
type FeatureResponse = ServerResponse & { [RATE_HEADERS]?: string[] };

export async function responseFeatures(env: NodeJS.ProcessEnv): Promise<ResponseFeatures> {
  const { SECURITY_HEADERS } = (await import(built("plugins/security-headers.js"))) as typeof SecurityHeaders;
  const { AccessLogController } = (await import(built("lib/access-log.js"))) as typeof AccessLog;
  const { createRedactingStream, createRedactor } = (await import(built("lib/redact.js"))) as typeof Redact;
  const { MemoryRateCounter, rateLimitClient } = (await import(
    built("stores/memory-rate-counter.js")
  )) as typeof RateCounter;
  const { createMemoryRevocationStore } = (await import(
    built("stores/memory-revocation-store.js")
  )) as typeof MemoryRevocations;
  const { toRevocationCheck } = (await import(built("stores/revocation-store.js"))) as typeof Revocations;
  const revocations = createMemoryRevocationStore({ clockToleranceSeconds: 30 });

  const secrets = [env.JWT_SECRET ?? "", env.ADMIN_API_TOKEN ?? ""].filter((text) => text !== "");
  const stream = createRedactingStream(createRedactor(secrets));
  const log = new AccessLogController(stream);
  const security = Object.entries(SECURITY_HEADERS).flat();
  const perMinute = Number(env.RATE_LIMIT_PER_MINUTE ?? 60);
  const limitText = String(perMinute);
  const counter = new MemoryRateCounter(60_000);
  let nextId = 0;

  return {
    accessLine(req, res) {
      const reqId = `req-${(nextId++).toString(36)}`;
      const start = performance.now();
      res.once("finish", () => {
        const url = req.url ?? "/";
        const query = url.indexOf("?");
        stream.write(
          log.line(Date.now(), {
            reqId,
            method: req.method ?? "",
            path: query === -1 ? url : url.slice(0, query),
            statusCode: res.statusCode,
            ms: Math.round((performance.now() - start) * 10) / 10,
          }),
        );
      });
    },
    rateLimit(req, res) {
      const now = Date.now();
      const { count, resetAtMs } = counter.hit(rateLimitClient(req.socket.remoteAddress ?? ""), now);
      (res as FeatureResponse)[RATE_HEADERS] = [
        "x-ratelimit-limit",
        limitText,
        "x-ratelimit-remaining",
        String(Math.max(0, perMinute - count)),
        "x-ratelimit-reset",
        String(Math.ceil((resetAtMs - now) / 1000)),
      ];
      return count <= perMinute;
    },
    headers(res, contentType, contentLength) {
      const rate = (res as FeatureResponse)[RATE_HEADERS] ?? [];
      return [...security, ...rate, "content-type", contentType, "content-length", String(contentLength)];
    },
    revoked(claims) {
      return revocations.isRevokedNow?.(toRevocationCheck(claims)) ?? false;
    },
  };
}
