import * as crypto from "node:crypto";
import type { FastifyPluginCallback, FastifyRequest, onRequestHookHandler } from "fastify";
import fp from "fastify-plugin";
import type { ServiceConfig } from "../config.js";
import { ServiceError } from "../errors.js";
import { malformedCredentialError, missingCredentialError, REALM, readBearer } from "../lib/bearer.js";

declare module "fastify" {
  interface FastifyInstance {
    /**
     * The onRequest hook of admin-only workflows (Bubble's "admin only"): admits only
     * `Authorization: Bearer <ADMIN_API_TOKEN>`; null when ALLOW_ANONYMOUS_TOKENS=1 opens them.
     */
    requireAdmin: onRequestHookHandler | null;
    /**
     * The onRequest hook of revoke_token and revoke_user: the admin token whenever one is configured, even
     * with ALLOW_ANONYMOUS_TOKENS=1 (minting for anyone does not mean logging anyone out); null only when
     * anonymous tokens are allowed and no admin token exists.
     */
    requireAdminToRevoke: onRequestHookHandler | null;
  }
}

export interface AdminGuardOptions {
  config: ServiceConfig;
}

/** SHA-256 of a text; the one-shot `crypto.hash` (Node 20.12+) skips a Hash object per call. */
const digest: (text: string) => Buffer =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "buffer")
    : (text) => crypto.createHash("sha256").update(text).digest();

/**
 * An onRequest hook that admits only `Authorization: Bearer <adminToken>`. Both sides are hashed first
 * so the comparison takes the same time whatever the lengths. It runs before the body is read: a
 * caller without the token costs no parsing, and the route needs no preHandler step.
 */
export function createAdminGuard(adminToken: string | undefined): onRequestHookHandler {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  // A callback hook rather than an async one: this runs on every generate_token call.
  return function requireAdmin(request, _reply, done) {
    const credential = readBearer(request.headers.authorization);
    if (credential.kind === "missing") {
      done(
        missingCredentialError(
          `Workflow ${workflowOf(request)} is admin only: send Authorization: Bearer <ADMIN_API_TOKEN>.`,
        ),
      );
    } else if (credential.kind === "malformed") {
      done(malformedCredentialError(credential.why));
    } else if (expected === undefined || !crypto.timingSafeEqual(digest(credential.token), expected)) {
      done(
        new ServiceError({
          statusCode: 401,
          status: "UNAUTHORIZED",
          message: `Workflow ${workflowOf(request)} is admin only and the Bearer token is not the admin API token.`,
          reasonCode: "ERR_AUTH_INVALID",
          challenge: `${REALM}, error="invalid_token", error_description="Not the admin API token"`,
        }),
      );
    } else {
      done();
    }
  };
}

/** The workflow's name, for refusals only: `routeOptions` builds a new object on every read. */
function workflowOf(request: FastifyRequest): string {
  return request.routeOptions.config.workflow ?? "this workflow";
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** The Bubble workflow a route serves, for messages. */
    workflow?: string;
  }
}

const adminGuard: FastifyPluginCallback<AdminGuardOptions> = (app, { config }, done) => {
  const guard = createAdminGuard(config.adminApiToken);
  app.decorate("requireAdmin", config.allowAnonymousTokens ? null : guard);
  app.decorate(
    "requireAdminToRevoke",
    config.allowAnonymousTokens && config.adminApiToken === undefined ? null : guard,
  );
  done();
};

/** Decorates the app with `requireAdmin` and `requireAdminToRevoke` for the admin-only workflows. */
export default fp(adminGuard, { name: "bubble-jwt-admin-guard", fastify: "5.x" });
