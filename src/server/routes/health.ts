import type { FastifyPluginAsync } from "fastify";
import { STORE_FAILURES, storeUnavailableError } from "../errors.js";
import type { StoreHealth } from "../stores/revocation-store.js";

/** The store's state as /healthz and /readyz show it: its kind, state and a fixed message (no host). */
function storeState(health: StoreHealth) {
  if (health.status === "ok") return { kind: health.store, status: "ok", latency_ms: health.latencyMs };
  return {
    kind: health.store,
    status: "down",
    reason_code: health.code,
    message: STORE_FAILURES[health.code],
  };
}

/**
 * GET /healthz (liveness, always 200 while the process serves: it says whether the revocation store
 * answers), GET /readyz (readiness for load balancers: 503 with Retry-After while the store does not
 * answer, or before the first connection) and GET /.well-known/jwks.json with the public keys.
 */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  const jwksBody = JSON.stringify(app.serviceConfig.jwks);
  app.get("/healthz", async () => {
    const health = await app.revocations.health();
    return { status: health.status === "ok" ? "ok" : "degraded", store: storeState(health) };
  });
  app.get("/readyz", async () => {
    const health = await app.revocations.health();
    if (health.status !== "ok") throw storeUnavailableError(health.code);
    return { status: "ready", store: storeState(health) };
  });
  app.get("/.well-known/jwks.json", async (_request, reply) => {
    // Public keys may be cached, unlike every other answer (plugins/security-headers.ts).
    reply.header("cache-control", "public, max-age=300");
    reply.type("application/json; charset=utf-8");
    return jwksBody;
  });
};
