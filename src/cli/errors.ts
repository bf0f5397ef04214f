import { isJwtError } from "../jwt/index.js";

/** Exit codes: 0 ok, 1 the token was refused (check failed), 2 the command could not run as asked. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;

export type CliErrorCode =
  | "ERR_USAGE"
  | "ERR_INPUT_MISSING"
  | "ERR_FILE_UNREADABLE"
  | "ERR_FILE_EXISTS"
  | "ERR_JSON_INVALID"
  | "ERR_CONFIG_INVALID"
  | "ERR_PLUGIN_ACTION";

/**
 * An expected failure of the command line: printed as one line with its code, never with a stack.
 * Its message must never hold a secret, a private key or a whole token.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly code: CliErrorCode;
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, exitCode: number = EXIT_USAGE) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}

export function usageError(message: string): CliError {
  return new CliError("ERR_USAGE", message);
}

/** Failures the user can act on (shown as one line) as opposed to bugs (shown with --debug). */
export function isExpectedError(error: unknown): error is CliError | { code: string; message: string } {
  return error instanceof CliError || isJwtError(error);
}

/** Engine codes that mean "this token is refused", as opposed to a problem with the key or options. */
const TOKEN_REFUSAL_CODES: ReadonlySet<string> = new Set([
  "ERR_JWT_MALFORMED",
  "ERR_TOKEN_TOO_LARGE",
  "ERR_JWS_SIGNATURE_INVALID",
  "ERR_JWT_EXPIRED",
  "ERR_JWT_NOT_YET_VALID",
  "ERR_JWT_CLAIM_INVALID",
  "ERR_KID_UNKNOWN",
  "ERR_ALG_NOT_ALLOWED",
]);

export function isTokenRefusal(error: { code: string }): boolean {
  return TOKEN_REFUSAL_CODES.has(error.code);
}
