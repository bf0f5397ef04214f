import type { FastifyInstance, FastifyPluginAsync, onRequestHookHandler } from "fastify";
import type { ServiceConfig } from "../config.js";
import { successBody } from "../lib/bubble-body.js";
import { readParameters, requireText } from "../lib/parameters.js";
import { checkToken, issueToken } from "../lib/token-service.js";
import { createAdminGuard } from "../plugins/bearer.js";
import { engineError, ServiceError } from "../plugins/errors.js";

export interface WorkflowRoutesOptions {
  config: ServiceConfig;
  now?: (() => Date) | undefined;
  /** The per-client limiter of generate_token, one for the live and the version-test paths. */
  rateLimiter?: onRequestHookHandler | undefined;
}

/**
 * Bubble's Workflow API, as `/api/1.1/wf/<name>` (registered again under `/version-test`):
 * generate_token (admin only unless ALLOW_ANONYMOUS_TOKENS=1) and verify_token (open).
 */
export const workflowRoutes: FastifyPluginAsync<WorkflowRoutesOptions> = async (app, options) => {
  const { config, now } = options;
  registerGenerateToken(app, config, now, options.rateLimiter);
  registerVerifyToken(app, config, now);
};

function registerGenerateToken(
  app: FastifyInstance,
  config: ServiceConfig,
  now: WorkflowRoutesOptions["now"],
  rateLimiter: onRequestHookHandler | undefined,
) {
  const requireAdmin = config.allowAnonymousTokens
    ? undefined
    : createAdminGuard(config.adminApiToken, "generate_token");
  app.post(
    "/api/1.1/wf/generate_token",
    {
      ...(rateLimiter === undefined ? {} : { onRequest: rateLimiter }),
      ...(requireAdmin === undefined ? {} : { preHandler: requireAdmin }),
      schema: { response: { 200: issuedTokenBodySchema } },
    },
    async (request, reply) => {
      const parameters = readParameters(request);
      const userId = requireText(parameters, "user_id", "generate_token");
      requireText(parameters, "email", "generate_token");
      const claims = parameters.sub === undefined ? { ...parameters, sub: userId } : parameters;
      try {
        const issued = issueToken(config, claims, { now: now?.() });
        reply.header("cache-control", "no-store");
        return successBody(issued);
      } catch (error) {
        throw engineError(error);
      }
    },
  );
}

/**
 * generate_token's success body, so that Fastify serializes it with a compiled serializer instead of
 * JSON.stringify. Only the 200 answer: errors keep their own path (plugins/errors.ts).
 */
const issuedTokenBodySchema = {
  type: "object",
  properties: {
    status: { type: "string" },
    response: {
      type: "object",
      properties: {
        token: { type: "string" },
        expires_at: { type: "number" },
        expires_in: { type: "number" },
      },
      required: ["token", "expires_at", "expires_in"],
    },
  },
  required: ["status", "response"],
} as const;

function registerVerifyToken(app: FastifyInstance, config: ServiceConfig, now: WorkflowRoutesOptions["now"]) {
  app.post("/api/1.1/wf/verify_token", async (request, reply) => {
    const parameters = readParameters(request);
    const token = requireText(parameters, "token", "verify_token");
    if (token.length > config.maxTokenBytes * 2) {
      throw new ServiceError(
        400,
        "INVALID_DATA",
        `Parameter token is ${token.length} characters long; tokens longer than ${config.maxTokenBytes} are refused.`,
        "ERR_TOKEN_TOO_LARGE",
      );
    }
    const result = checkToken(config, token.trim(), now?.());
    reply.header("cache-control", "no-store");
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
