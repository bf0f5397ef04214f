import type { FastifyPluginAsync } from "fastify";
import type { ServiceConfig } from "../config.js";

export interface HealthRoutesOptions {
  config: ServiceConfig;
}

/** GET /healthz for load balancers, and GET /.well-known/jwks.json with the public keys and their kid. */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { config }) => {
  const jwksBody = JSON.stringify(config.jwks);
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/.well-known/jwks.json", async (_request, reply) => {
    reply.header("cache-control", "public, max-age=300");
    reply.type("application/json; charset=utf-8");
    return jwksBody;
  });
};
