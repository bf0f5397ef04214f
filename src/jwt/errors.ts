/**
 * Every failure of the engine is a {@link JwtError} with a stable `code`.
 * Messages say what was wrong and how to fix it; they never contain a secret,
 * a private key or a whole token.
 */
export const JWT_ERROR_CODES = {
  ERR_PAYLOAD_REQUIRED: "The payload (claims) is empty or missing.",
  ERR_PAYLOAD_INVALID: "The payload is not a valid JSON object.",
  ERR_KEY_MISSING: "No key or secret was given.",
  ERR_KEY_INVALID: "The key cannot be read, or does not fit the algorithm or the operation.",
  ERR_KEY_WEAK: "The key is too short for the algorithm.",
  ERR_ALG_NOT_ALLOWED: "The token's algorithm is not one the key or the options allow.",
  ERR_JWT_MALFORMED: "The token is not a well-formed compact JWS/JWT.",
  ERR_JWS_SIGNATURE_INVALID: "The signature does not match the key.",
  ERR_JWT_EXPIRED: "The token has expired.",
  ERR_JWT_NOT_YET_VALID: "The token is not valid yet (nbf in the future).",
  ERR_JWT_CLAIM_INVALID: "A claim is missing or does not have the expected value.",
  ERR_KID_UNKNOWN: "The token's key id (kid) is not in the key set.",
  ERR_TOKEN_TOO_LARGE: "The token is longer than the allowed maximum.",
  ERR_OPTION_INVALID: "An option passed by the caller is invalid.",
  ERR_JWKS_FETCH_FAILED: "The remote key set (JWKS URL) could not be fetched or read.",
} as const;

export type JwtErrorCode = keyof typeof JWT_ERROR_CODES;

export interface JwtErrorDetails {
  /** The claim concerned, for claim errors (`exp`, `aud`, ...). */
  claim?: string;
  /** A short machine-readable reason, such as `missing` or `mismatch`. */
  reason?: string;
  /**
   * For ERR_OPTION_INVALID: the caller's option at fault (`expiresInMinutes`, ...). Its message starts
   * with that name, so a layer with its own names (a Bubble field, a CLI flag) can put its own first.
   */
  option?: string;
  /** Where in a JSON text the fault is (1-based). */
  line?: number;
  column?: number;
  /** For time errors: the instant concerned, as a Date. */
  date?: Date;
}

export class JwtError extends Error {
  override readonly name = "JwtError";
  readonly code: JwtErrorCode;
  readonly claim?: string;
  readonly reason?: string;
  readonly option?: string;
  readonly line?: number;
  readonly column?: number;
  readonly date?: Date;

  constructor(code: JwtErrorCode, message: string, details: JwtErrorDetails = {}) {
    super(message);
    this.code = code;
    if (details.claim !== undefined) this.claim = details.claim;
    if (details.reason !== undefined) this.reason = details.reason;
    if (details.option !== undefined) this.option = details.option;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.date !== undefined) this.date = details.date;
  }
}

/** True when `error` is a {@link JwtError}, optionally with the given code. */
export function isJwtError(error: unknown, code?: JwtErrorCode): error is JwtError {
  return error instanceof JwtError && (code === undefined || error.code === code);
}
