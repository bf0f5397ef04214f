import type { FastifyPluginAsync } from "fastify";

/** GET /healthz for load balancers, and GET /.well-known/jwks.json with the public keys and their kid. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  const jwksBody = JSON.stringify(app.serviceConfig.jwks);
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/.well-known/jwks.json", async (_request, reply) => {
    // Public keys may be cached, unlike every other answer (plugins/security-headers.ts).
    reply.header("cache-control", "public, max-age=300");
    reply.type("application/json; charset=utf-8");
    return jwksBody;
  });
};
