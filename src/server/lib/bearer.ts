import { ServiceError } from "../errors.js";

/** What an `Authorization` header holds, for the Bearer scheme (RFC 6750 section 2.1). */
export type BearerCredential =
  | { kind: "missing" }
  | { kind: "malformed"; why: string }
  | { kind: "token"; token: string };

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;
export const REALM = 'Bearer realm="bubble-jwt"';

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
  return new ServiceError({
    statusCode: 401,
    status: "UNAUTHORIZED",
    message,
    reasonCode: "ERR_AUTH_MISSING",
    challenge: REALM,
  });
}

/** The 400 for an `Authorization: Bearer` header that cannot be read. */
export function malformedCredentialError(why: string): ServiceError {
  return new ServiceError({
    statusCode: 400,
    status: "BAD_REQUEST",
    message: why,
    reasonCode: "ERR_AUTH_MALFORMED",
    challenge: `${REALM}, error="invalid_request", error_description="Malformed Authorization header"`,
  });
}
