import type { SwaggerOptions } from "@fastify/swagger";
import type { FastifyPluginAsync } from "fastify";
import { OPERATIONS_TAG } from "./operations.js";

/**
 * The OpenAPI 3.1 document of the service, made by @fastify/swagger from the routes' own schemas (the
 * same schemas Fastify validates and serializes with): nothing here describes a route by hand. The
 * `/version-test` copies of the workflows and the development pages (routes without a schema) are
 * left out.
 */
export function openApiOptions(): SwaggerOptions {
  return {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "bubble-jwt token service",
        // The version of the API, as in its paths (Bubble's Workflow API 1.1), not of the package.
        version: "1.1",
        description:
          "Makes and checks JWTs for Bubble apps and any HTTP client: Bubble-style workflows " +
          "(POST /api/1.1/wf/<name>, answers {status, response}), the provider operations, and the public keys.",
      },
      tags: [
        { name: "workflows", description: "The service's own tokens: make, check, revoke." },
        {
          name: OPERATIONS_TAG,
          description:
            "Provider tokens, token exchanges and the sign-in check; admin only. Secrets left out come from the service's environment.",
        },
        { name: "service", description: "Health, readiness and the public keys." },
      ],
      components: {
        securitySchemes: {
          adminToken: {
            type: "http",
            scheme: "bearer",
            description:
              "The service's ADMIN_API_TOKEN: generate_token, revoke_token, revoke_user and the operations.",
          },
          userToken: {
            type: "http",
            scheme: "bearer",
            bearerFormat: "JWT",
            description: "A token made by generate_token.",
          },
        },
      },
    },
    transform: ({ schema, url }) => {
      const hidden = schema === undefined || schema === null || url.startsWith("/version-test/");
      return { schema: hidden ? { ...schema, hide: true } : schema, url };
    },
  };
}

/** GET /openapi.json: the document, open to anyone (it holds no secret, only the routes' schemas). */
export const openApiRoutes: FastifyPluginAsync = async (app) => {
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
};
