import { STATUS_CODES } from "node:http";
import type { FastifyError } from "fastify";
import { isJwtError, type JwtErrorCode } from "../jwt/index.js";
import { type BubbleErrorStatus, errorBody } from "./lib/bubble-body.js";
import { isStoreError, type StoreErrorCode } from "./stores/errors.js";

/**
 * The service's errors and the one translation of failures into HTTP answers: engine codes, Fastify's
 * own errors (bad JSON, body too large, wrong content type) and the service's refusals. A leaf module:
 * routes, lib/ and plugins/ import it; it imports only the engine and the body shapes. Every answer is
 * a Bubble-style body `{statusCode, body: {status, message}}` and never echoes input.
 */

/** What a {@link ServiceError} says: the HTTP answer, and the headers some refusals carry. */
export interface ServiceErrorOptions {
  readonly statusCode: number;
  readonly status: BubbleErrorStatus;
  /** Says what was wrong and how to fix it; never a secret or a whole token. */
  readonly message: string;
  /** The stable code, the body's `reason_code`. */
  readonly reasonCode?: string;
  /** A `WWW-Authenticate` header (401). */
  readonly challenge?: string;
  /** An `Allow` header (405). */
  readonly allow?: string;
  /** A `Retry-After` header (503, 429), in seconds. */
  readonly retryAfterSeconds?: number;
  /** Values the body carries with the refusal (a provider's consent URL); never a secret. */
  readonly outputs?: Readonly<Record<string, string>>;
}

/** An error a route throws on purpose, answered as a Bubble-style error body with its headers. */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
  readonly statusCode: number;
  readonly status: BubbleErrorStatus;
  readonly reasonCode?: string;
  readonly challenge?: string;
  readonly allow?: string;
  readonly retryAfterSeconds?: number;
  readonly outputs?: Readonly<Record<string, string>>;

  constructor(options: ServiceErrorOptions) {
    super(options.message);
    this.statusCode = options.statusCode;
    this.status = options.status;
    if (options.reasonCode !== undefined) this.reasonCode = options.reasonCode;
    if (options.challenge !== undefined) this.challenge = options.challenge;
    if (options.allow !== undefined) this.allow = options.allow;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.outputs !== undefined) this.outputs = options.outputs;
  }
}

/** Why a token is refused: an engine code, or the service's own revocation list. */
export type TokenRefusalCode = JwtErrorCode | "ERR_JWT_REVOKED";

interface TokenFailure {
  /** The HTTP status when this failure concerns a token presented as a credential. */
  statusCode: number;
  /** A short RFC 6750 `error_description` (printable ASCII, no quotes). */
  description: string;
}

/** What each refusal means for a token presented to the API. */
export const TOKEN_FAILURES: Readonly<Record<TokenRefusalCode, TokenFailure>> = Object.freeze({
  ERR_JWT_REVOKED: { statusCode: 401, description: "The token has been revoked" },
  ERR_JWT_MALFORMED: { statusCode: 401, description: "The token is malformed" },
  ERR_TOKEN_TOO_LARGE: { statusCode: 401, description: "The token is too long" },
  ERR_JWS_SIGNATURE_INVALID: { statusCode: 401, description: "The token signature is invalid" },
  ERR_JWT_EXPIRED: { statusCode: 401, description: "The token has expired" },
  ERR_JWT_NOT_YET_VALID: { statusCode: 401, description: "The token is not valid yet" },
  ERR_JWT_CLAIM_INVALID: { statusCode: 401, description: "A claim of the token is missing or wrong" },
  ERR_KID_UNKNOWN: { statusCode: 401, description: "The token was signed with an unknown key" },
  ERR_ALG_NOT_ALLOWED: { statusCode: 401, description: "The token algorithm is not accepted" },
  ERR_PAYLOAD_REQUIRED: { statusCode: 400, description: "The claims are missing" },
  ERR_PAYLOAD_INVALID: { statusCode: 400, description: "The claims are invalid" },
  ERR_OPTION_INVALID: { statusCode: 400, description: "A parameter is invalid" },
  ERR_INPUT_RULE: { statusCode: 400, description: "A parameter breaks the provider's rule" },
  ERR_KEY_MISSING: { statusCode: 500, description: "The service has no key" },
  ERR_KEY_INVALID: { statusCode: 500, description: "The service key cannot be used" },
  ERR_KEY_WEAK: { statusCode: 500, description: "The service key is too weak" },
  ERR_JWKS_FETCH_FAILED: { statusCode: 500, description: "A key set could not be fetched" },
  ERR_DISCOVERY_FAILED: { statusCode: 500, description: "An issuer's configuration could not be fetched" },
  ERR_JWE_DECRYPTION_FAILED: { statusCode: 401, description: "The token cannot be decrypted" },
  ERR_JWE_INVALID: { statusCode: 401, description: "The encrypted token is invalid" },
  ERR_JWT_ENCRYPTED: { statusCode: 401, description: "The token is encrypted" },
});

/**
 * The 401 for a bad Bearer token, with RFC 6750's challenge telling expired, bad signature and
 * malformed apart. `message` is the service's wording of the failure (lib/token-service.ts).
 */
export function invalidTokenError(code: TokenRefusalCode, message: string): ServiceError {
  const failure = TOKEN_FAILURES[code];
  if (failure.statusCode !== 401)
    return new ServiceError({
      statusCode: 500,
      status: "ERROR",
      message: "Internal error: the service logged the details.",
      reasonCode: code,
    });
  return new ServiceError({
    statusCode: 401,
    status: "UNAUTHORIZED",
    message,
    reasonCode: code,
    challenge: `Bearer realm="bubble-jwt", error="invalid_token", error_description="${failure.description}"`,
  });
}

/**
 * An engine failure while making a token from the caller's parameters: a claim or option the caller
 * sent is a 400; a key problem is the service's own fault and stays an error (500, logged).
 */
export function engineError(error: unknown): unknown {
  if (!isJwtError(error) || KEY_FAULTS.has(error.code)) return error;
  return new ServiceError({
    statusCode: 400,
    status: "INVALID_DATA",
    message: error.message,
    reasonCode: error.code,
  });
}

const KEY_FAULTS: ReadonlySet<JwtErrorCode> = new Set([
  "ERR_KEY_MISSING",
  "ERR_KEY_INVALID",
  "ERR_KEY_WEAK",
  "ERR_JWKS_FETCH_FAILED",
  "ERR_DISCOVERY_FAILED",
]);

/** Seconds a client should wait before retrying when the shared store does not answer. */
export const STORE_RETRY_AFTER_SECONDS = 2;

/**
 * What each store failure means for a request. Verification fails closed: a token that cannot be
 * checked against the revocation list is refused with a 503, never a 500 and never "valid".
 */
export const STORE_FAILURES: Readonly<Record<StoreErrorCode, string>> = Object.freeze({
  ERR_STORE_UNAVAILABLE:
    "The revocation list (Redis) is not answering, so the token cannot be checked and is refused for now. " +
    "The service reconnects by itself: retry in a few seconds.",
  ERR_STORE_FULL:
    "The in-memory revocation list is full, so the revocation was not stored. Retry later, or set REDIS_URL.",
  ERR_STORE_CLOSED: "The service is shutting down. Retry in a few seconds (another instance will answer).",
});

/** The 503 for a store error: `Retry-After`, the store's code, a message that names no host or password. */
export function storeUnavailableError(code: StoreErrorCode): ServiceError {
  return new ServiceError({
    statusCode: 503,
    status: "SERVICE_UNAVAILABLE",
    message: STORE_FAILURES[code],
    reasonCode: code,
    retryAfterSeconds: STORE_RETRY_AFTER_SECONDS,
  });
}

const FASTIFY_ERRORS: Readonly<Record<string, [number, BubbleErrorStatus, string]>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [
    413,
    "PAYLOAD_TOO_LARGE",
    "The request body is too large: the limit is 16 KiB.",
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    "Unsupported Content-Type: send application/json, application/x-www-form-urlencoded, or a query string.",
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    400,
    "INVALID_DATA",
    "The body is empty but Content-Type says JSON: send a JSON object.",
  ],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, "INVALID_DATA", "The body is not valid JSON: send a JSON object."],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    "BAD_REQUEST",
    "The Content-Length header does not match the body.",
  ],
  FST_ERR_VALIDATION: [400, "INVALID_DATA", "The request parameters are invalid."],
};

/** Turns any error into a status and a body that says what went wrong without echoing the input. */
export function describeError(error: unknown): { statusCode: number; body: ReturnType<typeof errorBody> } {
  if (isStoreError(error)) return describeError(storeUnavailableError(error.code));
  if (error instanceof ServiceError) {
    return {
      statusCode: error.statusCode,
      body: errorBody(error.statusCode, error.status, error.message, error.reasonCode, error.outputs),
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code === undefined ? undefined : FASTIFY_ERRORS[fastifyError.code];
  if (known !== undefined) {
    return { statusCode: known[0], body: errorBody(known[0], known[1], known[2]) };
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    // JSON.parse's message quotes the body: never send or log it.
    return {
      statusCode: 400,
      body: errorBody(400, "INVALID_DATA", "The body is not valid JSON: send a JSON object."),
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return {
      statusCode: status,
      body: errorBody(status, "BAD_REQUEST", STATUS_CODES[status] ?? "Bad request"),
    };
  }
  return {
    statusCode: 500,
    body: errorBody(500, "ERROR", "Internal error: the service logged the details."),
  };
}

/** A start-up refusal: one line per variable that is wrong, each saying how to fix it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "ERR_CONFIG_INVALID";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`The service cannot start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.problems = problems;
  }
}
