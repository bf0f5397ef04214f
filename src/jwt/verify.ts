import { JwtError } from "./errors.js";
import type { JwtKey } from "./key.js";
import type { VerifyKeyInput } from "./key-set.js";
import { isBase64Url } from "./lib/base64url.js";
import { type ClaimExpectations, checkClaims } from "./lib/check-claims.js";
import { checkVerifyOptions } from "./lib/check-options.js";
import { decodeJsonSegment, parseCompact } from "./lib/compact.js";
import { type SignatureOptions, verifySignature } from "./lib/verify-signature.js";
import type { JwtHeader, JwtPayload } from "./types.js";

export interface VerifyJwtOptions extends SignatureOptions, ClaimExpectations {
  /** Expected `typ` header (compared case-insensitively, "application/" optional). */
  typ?: string;
  /** Seconds of clock difference allowed for `exp`, `nbf` and the maximum age (default 0). */
  clockToleranceSeconds?: number;
  /** Refuse tokens issued (`iat`) longer ago than this. */
  maxAgeSeconds?: number;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
  /** Refuse tokens without `exp` (default true). */
  requireExpiry?: boolean;
  /** Longer tokens are refused before decoding (default 8192). */
  maxTokenBytes?: number;
  /** The time to check against; for tests. */
  now?: Date;
}

export interface VerifiedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  /** The key that matched: with a key set, tells which one (its `kid`, or the key itself). */
  key: JwtKey;
}

/**
 * Verifies a JWT: structure, algorithm (chosen by the key, never by the token), signature, then
 * `exp`/`nbf` and the expected claims. Returns the header and claims, or throws a JwtError.
 *
 * @example
 * const { payload } = verifyJwt(token, secret, { issuer: "https://myapp.example" });
 */
export function verifyJwt(token: string, key: VerifyKeyInput, options: VerifyJwtOptions = {}): VerifiedJwt {
  checkVerifyOptions(options);
  const parts = parseCompact(token, options.maxTokenBytes);
  // Structure before signature: a payload outside base64url is malformed, not merely mis-signed.
  if (!isBase64Url(parts.payloadSegment)) {
    throw new JwtError(
      "ERR_JWT_MALFORMED",
      "The token's payload is not base64url (only A-Z a-z 0-9 - _ are allowed, no padding or spaces).",
    );
  }
  if (options.typ !== undefined) checkTyp(parts.header.typ, options.typ);
  const matched = verifySignature(parts, key, options);
  const payload = decodeJsonSegment(parts.payloadSegment, "payload", true) as JwtPayload;
  const nowMs = options.now === undefined ? Date.now() : options.now.getTime();
  checkClaims(payload, options, Math.floor(nowMs / 1000));
  return { header: parts.header, payload, key: matched };
}

function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith("application/") ? lower.slice(12) : lower;
}

function checkTyp(actual: unknown, expected: string): void {
  if (typeof actual !== "string" || normalizeTyp(actual) !== normalizeTyp(expected)) {
    throw new JwtError(
      "ERR_JWT_CLAIM_INVALID",
      `The token's "typ" header is ${actual === undefined ? "missing" : JSON.stringify(actual)}; expected "${expected}".`,
      { claim: "typ", reason: actual === undefined ? "missing" : "mismatch" },
    );
  }
}
