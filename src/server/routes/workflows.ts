import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";
import { engineError, ServiceError } from "../errors.js";
import { successBody } from "../lib/bubble-body.js";
import { readParameters, refuseDeepValues, refuseRegisteredClaims, requireText } from "../lib/parameters.js";
import {
  documentOnly,
  errorResponses,
  successBodySchema,
  textOrNumber,
  WORKFLOW_BODY_TYPES,
} from "../lib/schemas.js";
import { registerRevokeToken, registerRevokeUser } from "./revocation-workflows.js";

/**
 * Bubble's Workflow API, as `/api/1.1/wf/<name>` (registered again under `/version-test`):
 * generate_token, revoke_token and revoke_user (admin only unless ALLOW_ANONYMOUS_TOKENS=1) and
 * verify_token (open). Needs the `tokens`, `requireAdmin`, `limiters` and `revocations` decorations (plugins/).
 */
export const workflowRoutes: FastifyPluginAsync = async (app) => {
  registerGenerateToken(app);
  registerVerifyToken(app);
  registerRevokeToken(app);
  registerRevokeUser(app);
};

function registerGenerateToken(app: FastifyInstance) {
  const { requireAdmin, limiters } = app;
  const generateToken = (request: FastifyRequest) => {
    const parameters = readParameters(request);
    refuseRegisteredClaims(parameters, "generate_token");
    const userId = requireText(parameters, "user_id", "generate_token");
    requireText(parameters, "email", "generate_token");
    refuseDeepValues(parameters, "generate_token");
    try {
      return successBody(app.tokens.issue({ ...parameters, sub: userId }));
    } catch (error) {
      throw engineError(error);
    }
  };
  app.post(
    "/api/1.1/wf/generate_token",
    {
      config: { workflow: "generate_token" },
      // Counted first, then checked: a caller without the admin token is limited too.
      onRequest: [limiters.generateToken, requireAdmin].filter((hook) => hook !== null),
      validatorCompiler: documentOnly,
      schema: {
        summary: "Make a token for a user",
        description:
          "Signs a token for user_id (its sub) with the service's key; every other parameter becomes a claim. " +
          "Parameters come as a JSON body, a form body or a query string.",
        tags: ["workflows"],
        operationId: "generate_token",
        security: [{ adminToken: [] }],
        consumes: WORKFLOW_BODY_TYPES,
        body: {
          type: "object",
          properties: {
            user_id: textOrNumber("The user's id: the token's sub."),
            email: { type: "string", description: "The user's email, a claim of the token." },
          },
          required: ["user_id", "email"],
          additionalProperties: { description: "A custom claim (not iss, sub, aud, exp, nbf, iat or jti)." },
        },
        response: { 200: issuedTokenBodySchema, ...errorResponses },
      },
    },
    // Nothing here waits, so the handler is plain (Fastify answers a throw as it would a rejection):
    // 3% more calls per second in memory. With REDIS_URL, where the limiter's hook awaits Redis, the same
    // plain handler measured 10-11% slower (side by side on one CPU, twice, 2026-12-01): async there.
    app.redis === null ? generateToken : async (request) => generateToken(request),
  );
}

/**
 * generate_token's success body, so that Fastify serializes it with a compiled serializer instead of
 * JSON.stringify. Only the 200 answer: errors keep their own path (plugins/error-mapping.ts).
 */
const issuedTokenBodySchema = successBodySchema({
  type: "object",
  properties: {
    token: { type: "string", description: "The signed token." },
    expires_at: { type: "number", description: "When it expires, in milliseconds since 1970." },
    expires_in: { type: "number", description: "Seconds until it expires." },
  },
  required: ["token", "expires_at", "expires_in"],
});

const verificationBodySchema = successBodySchema({
  type: "object",
  properties: {
    valid: { type: "boolean" },
    reason_code: { type: "string", description: "OK, or why the token is refused (ERR_JWT_EXPIRED, ...)." },
    reason: { type: "string" },
    kid: { type: "string", description: "The key that signed it; empty when refused." },
    payload: {
      type: "object",
      additionalProperties: true,
      description: "The verified claims; empty when refused.",
    },
  },
  required: ["valid", "reason_code", "reason", "kid", "payload"],
});

function registerVerifyToken(app: FastifyInstance) {
  const { maxTokenBytes } = app.serviceConfig;
  const options = {
    config: { workflow: "verify_token" },
    validatorCompiler: documentOnly,
    schema: {
      summary: "Check a token",
      description:
        "Checks a token made by this service: signature, expiry, claims and the revocation list. A refused " +
        "token is an answer (valid false, with its reason), not an error. Open to anyone.",
      tags: ["workflows"],
      operationId: "verify_token",
      consumes: WORKFLOW_BODY_TYPES,
      body: {
        type: "object",
        properties: { token: { type: "string", description: "The token to check." } },
        required: ["token"],
      },
      response: { 200: verificationBodySchema, ...errorResponses },
    },
  };
  app.post("/api/1.1/wf/verify_token", options, async (request) => {
    const parameters = readParameters(request);
    const token = requireText(parameters, "token", "verify_token");
    if (token.length > maxTokenBytes * 2) {
      throw new ServiceError({
        statusCode: 400,
        status: "INVALID_DATA",
        message: `Parameter token is ${token.length} characters long; tokens longer than ${maxTokenBytes} are refused.`,
        reasonCode: "ERR_TOKEN_TOO_LARGE",
      });
    }
    const result = await app.tokens.check(token.trim());
    if (result.valid) {
      return successBody({
        valid: true,
        reason_code: "OK",
        reason: "The token is valid: signature, expiry and claims check out.",
        kid: result.kid ?? "",
        payload: result.payload,
      });
    }
    return successBody({
      valid: false,
      reason_code: result.code,
      reason: result.message,
      kid: "",
      payload: {},
    });
  });
}
