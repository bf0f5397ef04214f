import type { FastifyPluginAsync } from "fastify";
import type { ServiceConfig } from "../config.js";
import { successBody } from "../lib/bubble-body.js";
import { checkToken } from "../lib/token-service.js";
import { malformedCredentialError, missingCredentialError, readBearer } from "../plugins/bearer.js";
import { invalidTokenError } from "../plugins/errors.js";

export interface MeRoutesOptions {
  config: ServiceConfig;
  now?: (() => Date) | undefined;
}

/** GET /api/1.1/me: the example of an API called with `Authorization: Bearer <jwt>`; answers the verified claims. */
export const meRoutes: FastifyPluginAsync<MeRoutesOptions> = async (app, { config, now }) => {
  app.get("/api/1.1/me", async (request, reply) => {
    const credential = readBearer(request.headers.authorization);
    if (credential.kind === "missing") {
      throw missingCredentialError("This API needs a token: send Authorization: Bearer <jwt>.");
    }
    if (credential.kind === "malformed") throw malformedCredentialError(credential.why);
    const result = checkToken(config, credential.token, now?.());
    if (!result.valid) throw invalidTokenError(result.error);
    reply.header("cache-control", "no-store");
    return successBody({ kid: result.kid ?? "", claims: result.payload });
  });
};
