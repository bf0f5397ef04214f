import * as crypto from "node:crypto";
import type { preHandlerHookHandler } from "fastify";
import { ServiceError } from "./errors.js";

/** What an `Authorization` header holds, for the Bearer scheme (RFC 6750 section 2.1). */
export type BearerCredential =
  | { kind: "missing" }
  | { kind: "malformed"; why: string }
  | { kind: "token"; token: string };

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;
const REALM = 'Bearer realm="bubble-jwt"';

/** Reads the Bearer credential of a request; another scheme counts as no credential. */
export function readBearer(header: string | undefined): BearerCredential {
  if (header === undefined || header.trim() === "") return { kind: "missing" };
  if (!/^bearer(?: |$)/i.test(header)) return { kind: "missing" };
  const match = BEARER.exec(header);
  if (match === null) {
    return {
      kind: "malformed",
      why: "The Authorization header must be `Bearer <token>`: one space, then the token, nothing else.",
    };
  }
  return { kind: "token", token: match[1] as string };
}

/** The 401 for a request that sent no credential: a bare challenge, no `error` (RFC 6750 section 3.1). */
export function missingCredentialError(message: string): ServiceError {
  return new ServiceError(401, "UNAUTHORIZED", message, "ERR_AUTH_MISSING", REALM);
}

/** The 400 for an `Authorization: Bearer` header that cannot be read. */
export function malformedCredentialError(why: string): ServiceError {
  return new ServiceError(
    400,
    "BAD_REQUEST",
    why,
    "ERR_AUTH_MALFORMED",
    `${REALM}, error="invalid_request", error_description="Malformed Authorization header"`,
  );
}

/** SHA-256 of a text; the one-shot `crypto.hash` (Node 20.12+) skips a Hash object per call. */
const digest: (text: string) => Buffer =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "buffer")
    : (text) => crypto.createHash("sha256").update(text).digest();

/**
 * A preHandler that admits only `Authorization: Bearer <adminToken>` (Bubble's "admin only" workflows).
 * Both sides are hashed first so the comparison takes the same time whatever the lengths.
 */
export function createAdminGuard(adminToken: string | undefined, workflow: string): preHandlerHookHandler {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  // A callback hook rather than an async one: this runs on every generate_token call.
  return function requireAdmin(request, _reply, done) {
    const credential = readBearer(request.headers.authorization);
    if (credential.kind === "missing") {
      done(
        missingCredentialError(
          `Workflow ${workflow} is admin only: send Authorization: Bearer <ADMIN_API_TOKEN>.`,
        ),
      );
    } else if (credential.kind === "malformed") {
      done(malformedCredentialError(credential.why));
    } else if (expected === undefined || !crypto.timingSafeEqual(digest(credential.token), expected)) {
      done(
        new ServiceError(
          401,
          "UNAUTHORIZED",
          `Workflow ${workflow} is admin only and the Bearer token is not the admin API token.`,
          "ERR_AUTH_INVALID",
          `${REALM}, error="invalid_token", error_description="Not the admin API token"`,
        ),
      );
    } else {
      done();
    }
  };
}
