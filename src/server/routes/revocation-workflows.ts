import type { FastifyInstance } from "fastify";
import { decodeJwt } from "../../jwt/index.js";
import { ServiceError } from "../errors.js";
import { missingParameterMessage, successBody } from "../lib/bubble-body.js";
import { readBubbleDate } from "../lib/bubble-date.js";
import { readParameters, requireText, type WorkflowParameters } from "../lib/parameters.js";
import {
  documentOnly,
  errorResponses,
  successBodySchema,
  textOrNumber,
  WORKFLOW_BODY_TYPES,
} from "../lib/schemas.js";
import { MAX_ID_LENGTH } from "../stores/lib/lifetimes.js";

/** The longest a revocation is kept: the longest lifetime JWT_EXPIRATION_MINUTES allows (one year). */
const MAX_KEEP_MS = 525_600 * 60_000;

/** What revoke_token answers. */
export interface RevokedTokenBody {
  /** The revoked token's `jti`. */
  jti: string;
  /** When the token expires anyway (milliseconds, as Bubble dates): the entry goes then. */
  expires_at: number;
  /** False when the token had already expired: nothing to keep. */
  stored: boolean;
  /** How long the store keeps the entry (its `exp` plus the clock tolerance, from now). */
  ttl_seconds: number;
}

/** What revoke_user answers. */
export interface RevokedUserBody {
  user_id: string;
  /** The cut-off in force (milliseconds): the user's tokens issued before it are refused. */
  issued_before: number;
  /** False when every token issued before the cut-off has already expired. */
  stored: boolean;
  ttl_seconds: number;
}

/**
 * POST /api/1.1/wf/revoke_token (admin only): `token`, or `jti` with `expires_at`. The token is refused
 * by every instance on the same store until it expires; the entry then goes by itself (Redis `EX`).
 */
export function registerRevokeToken(app: FastifyInstance): void {
  const workflow = "revoke_token";
  const schema = {
    summary: "Revoke a token",
    description:
      "Refuses one token from now until it expires, on every instance sharing the revocation list. Give " +
      "the token, or its jti with expires_at.",
    tags: ["workflows"],
    operationId: workflow,
    security: [{ adminToken: [] }],
    consumes: WORKFLOW_BODY_TYPES,
    body: {
      type: "object",
      properties: {
        token: { type: "string", description: "The token to revoke." },
        jti: textOrNumber("Instead of token: its jti."),
        expires_at: textOrNumber("With jti: when the token expires (milliseconds since 1970, or ISO 8601)."),
      },
    },
    response: {
      200: successBodySchema({
        type: "object",
        properties: {
          jti: { type: "string" },
          expires_at: { type: "number", description: "Milliseconds since 1970." },
          stored: { type: "boolean", description: "False when the token had already expired." },
          ttl_seconds: { type: "number" },
        },
        required: ["jti", "expires_at", "stored", "ttl_seconds"],
      }),
      ...errorResponses,
    },
  };
  const options = { config: { workflow }, validatorCompiler: documentOnly, schema, ...adminOnly(app) };
  app.post(`/api/1.1/wf/${workflow}`, options, async (request) => {
    const parameters = readParameters(request);
    const target = readRevokedToken(app, parameters, workflow);
    if ("expired" in target) return successBody(target.expired);
    const result = await app.revocations.revokeToken(target.jti, Math.ceil(target.expiresAtMs / 1000));
    return successBody<RevokedTokenBody>({
      jti: target.jti,
      expires_at: target.expiresAtMs,
      stored: result.stored,
      ttl_seconds: result.ttlSeconds,
    });
  });
}

/**
 * POST /api/1.1/wf/revoke_user (admin only): `user_id`, and `issued_before` (default now). Every token
 * of the user issued before that time is refused ("log out everywhere"); one entry per user, kept as
 * long as such a token can live (JWT_EXPIRATION_MINUTES, plus the clock tolerance).
 */
export function registerRevokeUser(app: FastifyInstance): void {
  const workflow = "revoke_user";
  const { expiresInMinutes, clockToleranceSeconds } = app.serviceConfig;
  const schema = {
    summary: "Log a user out everywhere",
    description: "Refuses every token of user_id issued before issued_before (default now).",
    tags: ["workflows"],
    operationId: workflow,
    security: [{ adminToken: [] }],
    consumes: WORKFLOW_BODY_TYPES,
    body: {
      type: "object",
      properties: {
        user_id: textOrNumber("The user's id (the tokens' sub)."),
        issued_before: textOrNumber("The cut-off (milliseconds since 1970, or ISO 8601); now by default."),
      },
      required: ["user_id"],
    },
    response: {
      200: successBodySchema({
        type: "object",
        properties: {
          user_id: { type: "string" },
          issued_before: { type: "number", description: "Milliseconds since 1970." },
          stored: { type: "boolean" },
          ttl_seconds: { type: "number" },
        },
        required: ["user_id", "issued_before", "stored", "ttl_seconds"],
      }),
      ...errorResponses,
    },
  };
  const options = { config: { workflow }, validatorCompiler: documentOnly, schema, ...adminOnly(app) };
  app.post(`/api/1.1/wf/${workflow}`, options, async (request) => {
    const parameters = readParameters(request);
    const userId = requireId(parameters, "user_id", workflow);
    const now = app.clock();
    const before = readBubbleDate(parameters, "issued_before", workflow) ?? now;
    if (before > now + clockToleranceSeconds * 1000) {
      throw new ServiceError({
        statusCode: 400,
        status: "INVALID_DATA",
        message:
          `Parameter issued_before of workflow ${workflow} is in the future: it would also refuse tokens the ` +
          "user signs in for after this call. Leave it out to mean now.",
        reasonCode: "ERR_DATE_INVALID",
      });
    }
    // Tokens say when they were issued in whole seconds: a token of the same second as the cut-off
    // may have been issued before it, so that second counts as before.
    const result = await app.revocations.revokeUser(userId, Math.ceil(before / 1000), expiresInMinutes * 60);
    return successBody<RevokedUserBody>({
      user_id: userId,
      issued_before: result.cutoffSeconds * 1000,
      stored: result.stored,
      ttl_seconds: result.ttlSeconds,
    });
  });
}

type RevokedToken = { jti: string; expiresAtMs: number } | { expired: RevokedTokenBody };

function readRevokedToken(
  app: FastifyInstance,
  parameters: WorkflowParameters,
  workflow: string,
): RevokedToken {
  const given = (name: string) => parameters[name] !== undefined && parameters[name] !== null;
  if (given("token") && (given("jti") || given("expires_at"))) {
    throw new ServiceError({
      statusCode: 400,
      status: "INVALID_DATA",
      message: `Workflow ${workflow} takes token, or jti with expires_at, not both.`,
      reasonCode: "ERR_PARAMETER_CONFLICT",
    });
  }
  if (!given("token") && given("jti")) {
    const jti = requireId(parameters, "jti", workflow);
    const expiresAtMs = readBubbleDate(parameters, "expires_at", workflow);
    if (expiresAtMs === undefined) {
      throw new ServiceError({
        statusCode: 400,
        status: "MISSING_DATA",
        message: missingParameterMessage(workflow, "expires_at"),
      });
    }
    if (expiresAtMs > app.clock() + MAX_KEEP_MS) {
      throw new ServiceError({
        statusCode: 400,
        status: "INVALID_DATA",
        message:
          `Parameter expires_at of workflow ${workflow} is more than a year away; no token of this service ` +
          "lives that long. Send the token's own exp (generate_token's expires_at).",
        reasonCode: "ERR_DATE_INVALID",
      });
    }
    return { jti, expiresAtMs };
  }
  const token = requireText(parameters, "token", workflow).trim();
  const { maxTokenBytes } = app.serviceConfig;
  if (token.length > maxTokenBytes) {
    throw new ServiceError({
      statusCode: 400,
      status: "INVALID_DATA",
      message: `Parameter token is ${token.length} characters long; tokens longer than ${maxTokenBytes} are refused.`,
      reasonCode: "ERR_TOKEN_TOO_LARGE",
    });
  }
  const result = app.tokens.verify(token);
  if (!result.valid && result.code === "ERR_JWT_EXPIRED") {
    // The engine checks the signature before the dates: an expired token's claims are its own.
    const { payload } = decodeJwt(token);
    return {
      expired: {
        jti: typeof payload.jti === "string" ? payload.jti : "",
        expires_at: typeof payload.exp === "number" ? payload.exp * 1000 : 0,
        stored: false,
        ttl_seconds: 0,
      },
    };
  }
  if (!result.valid) {
    throw new ServiceError({
      statusCode: 400,
      status: "INVALID_DATA",
      message: `Parameter token of workflow ${workflow} is not a valid token of this service: ${result.message}`,
      reasonCode: result.code,
    });
  }
  const { jti, exp } = result.payload;
  if (typeof jti !== "string" || jti === "" || jti.length > MAX_ID_LENGTH || typeof exp !== "number") {
    throw new ServiceError({
      statusCode: 400,
      status: "INVALID_DATA",
      message:
        `The token has no usable jti or exp (it was made before tokens carried a jti, or elsewhere): ` +
        "revoke its user with revoke_user instead.",
      reasonCode: "ERR_JTI_MISSING",
    });
  }
  return { jti, expiresAtMs: exp * 1000 };
}

function adminOnly(app: FastifyInstance) {
  return app.requireAdminToRevoke === null ? {} : { onRequest: app.requireAdminToRevoke };
}

/** A required id (`user_id`, `jti`): text or number, at most {@link MAX_ID_LENGTH} characters. */
function requireId(parameters: WorkflowParameters, name: string, workflow: string): string {
  const value = requireText(parameters, name, workflow);
  if (value.length > MAX_ID_LENGTH) {
    throw new ServiceError({
      statusCode: 400,
      status: "INVALID_DATA",
      message: `Parameter ${name} of workflow ${workflow} is ${value.length} characters long; at most ${MAX_ID_LENGTH}.`,
    });
  }
  return value;
}
