import type { FastifyPluginAsync } from "fastify";
import { invalidTokenError } from "../errors.js";
import { malformedCredentialError, missingCredentialError, readBearer } from "../lib/bearer.js";
import { successBody } from "../lib/bubble-body.js";

/** GET /api/1.1/me: the example of an API called with `Authorization: Bearer <jwt>`; answers the verified claims. */
export const meRoutes: FastifyPluginAsync = async (app) => {
  app.get("/api/1.1/me", async (request) => {
    const credential = readBearer(request.headers.authorization);
    if (credential.kind === "missing") {
      throw missingCredentialError("This API needs a token: send Authorization: Bearer <jwt>.");
    }
    if (credential.kind === "malformed") throw malformedCredentialError(credential.why);
    const result = await app.tokens.check(credential.token);
    if (!result.valid) throw invalidTokenError(result.code, result.message);
    return successBody({ kid: result.kid ?? "", claims: result.payload });
  });
};
