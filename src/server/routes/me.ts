import type { FastifyPluginAsync } from "fastify";
import { invalidTokenError } from "../errors.js";
import { malformedCredentialError, missingCredentialError, readBearer } from "../lib/bearer.js";
import { successBody } from "../lib/bubble-body.js";
import { errorResponses, successBodySchema } from "../lib/schemas.js";
import type { Verification } from "../lib/token-service.js";

const schema = {
  summary: "The caller's verified claims",
  description:
    "The example of an API called with a token made by generate_token: answers its claims, or 401 with " +
    "an RFC 6750 challenge.",
  tags: ["workflows"],
  operationId: "me",
  security: [{ userToken: [] }],
  response: {
    200: successBodySchema({
      type: "object",
      properties: {
        kid: { type: "string" },
        claims: { type: "object", additionalProperties: true },
      },
      required: ["kid", "claims"],
    }),
    ...errorResponses,
  },
};

/** GET /api/1.1/me: the example of an API called with `Authorization: Bearer <jwt>`; answers the verified claims. */
export const meRoutes: FastifyPluginAsync = async (app) => {
  // Not async: with the revocation list in memory the whole answer is made at once, no promise on the
  // service's busiest read; with Redis, the lookup's promise is returned. Fastify answers a throw as it
  // would a rejection.
  app.get("/api/1.1/me", { schema }, (request) => {
    const credential = readBearer(request.headers.authorization);
    if (credential.kind === "missing") {
      throw missingCredentialError("This API needs a token: send Authorization: Bearer <jwt>.");
    }
    if (credential.kind === "malformed") throw malformedCredentialError(credential.why);
    const result = app.tokens.check(credential.token);
    return result instanceof Promise ? result.then(claimsBody) : claimsBody(result);
  });
};

/** The verified claims as /me answers them; a refusal becomes the 401 of RFC 6750. */
function claimsBody(result: Verification) {
  if (!result.valid) throw invalidTokenError(result.code, result.message);
  return successBody({ kid: result.kid ?? "", claims: result.payload });
}
