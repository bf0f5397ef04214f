import type { FastifyPluginAsync } from "fastify";
import { STORE_FAILURES, storeUnavailableError } from "../errors.js";
import { errorResponses } from "../lib/schemas.js";
import type { StoreHealth } from "../stores/revocation-store.js";

const storeSchema = {
  type: "object",
  description: "The revocation list: its kind (memory, redis), ok or down, and why when down.",
  properties: {
    kind: { type: "string" },
    status: { type: "string", enum: ["ok", "down"] },
    latency_ms: { type: "number" },
    reason_code: { type: "string" },
    message: { type: "string" },
  },
  required: ["kind", "status"],
} as const;

function healthSchema(operationId: string, summary: string, description: string, statuses: string[]) {
  return {
    summary,
    description,
    tags: ["service"],
    operationId,
    response: {
      200: {
        type: "object",
        properties: { status: { type: "string", enum: statuses }, store: storeSchema },
        required: ["status", "store"],
      },
      ...errorResponses,
    },
  };
}

const jwksSchema = {
  summary: "The public keys",
  description:
    "The JSON Web Key Set of the keys that verify the service's tokens (empty when it signs with a shared secret).",
  tags: ["service"],
  operationId: "jwks",
  response: {
    200: {
      type: "object",
      properties: { keys: { type: "array", items: { type: "object", additionalProperties: true } } },
      required: ["keys"],
    },
  },
};

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
  const liveness = healthSchema(
    "healthz",
    "Liveness",
    "200 while the process serves; says whether the revocation list answers.",
    ["ok", "degraded"],
  );
  const readiness = healthSchema(
    "readyz",
    "Readiness",
    "200 when the service can answer; 503 with Retry-After while the revocation list does not.",
    ["ready"],
  );
  app.get("/healthz", { schema: liveness }, async () => {
    const health = await app.revocations.health();
    return { status: health.status === "ok" ? "ok" : "degraded", store: storeState(health) };
  });
  app.get("/readyz", { schema: readiness }, async () => {
    const health = await app.revocations.health();
    if (health.status !== "ok") throw storeUnavailableError(health.code);
    return { status: "ready", store: storeState(health) };
  });
  app.get("/.well-known/jwks.json", { schema: jwksSchema }, async (_request, reply) => {
    // Public keys may be cached, unlike every other answer (plugins/security-headers.ts).
    reply.header("cache-control", "public, max-age=300");
    reply.type("application/json; charset=utf-8");
    return jwksBody;
  });
};
