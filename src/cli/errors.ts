import { flagName, type InputSpec } from "../inputs/index.js";
import {
  describeJwtError,
  isJwtError,
  type JsonFaultKind,
  type JwtError,
  type JwtErrorCode,
} from "../jwt/index.js";

/** Exit codes: 0 ok, 1 the token was refused (check failed), 2 the command could not run as asked. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_CHECK_FAILED | typeof EXIT_USAGE;

/**
 * The command line's one translation of engine codes: 1 when the token is refused (an answer), 2 when
 * the command could not run as asked (a key, an option, the claims). A new code does not compile until mapped.
 */
export const CLI_EXIT_CODES: Readonly<Record<JwtErrorCode, ExitCode>> = {
  ERR_PAYLOAD_REQUIRED: EXIT_USAGE,
  ERR_PAYLOAD_INVALID: EXIT_USAGE,
  ERR_KEY_MISSING: EXIT_USAGE,
  ERR_KEY_INVALID: EXIT_USAGE,
  ERR_KEY_WEAK: EXIT_USAGE,
  ERR_ALG_NOT_ALLOWED: EXIT_CHECK_FAILED,
  ERR_JWT_MALFORMED: EXIT_CHECK_FAILED,
  ERR_JWS_SIGNATURE_INVALID: EXIT_CHECK_FAILED,
  ERR_JWT_EXPIRED: EXIT_CHECK_FAILED,
  ERR_JWT_NOT_YET_VALID: EXIT_CHECK_FAILED,
  ERR_JWT_CLAIM_INVALID: EXIT_CHECK_FAILED,
  ERR_KID_UNKNOWN: EXIT_CHECK_FAILED,
  ERR_TOKEN_TOO_LARGE: EXIT_CHECK_FAILED,
  ERR_OPTION_INVALID: EXIT_USAGE,
  ERR_INPUT_RULE: EXIT_USAGE,
  ERR_JWKS_FETCH_FAILED: EXIT_USAGE,
  ERR_DISCOVERY_FAILED: EXIT_USAGE,
  ERR_JWE_DECRYPTION_FAILED: EXIT_CHECK_FAILED,
  ERR_JWE_INVALID: EXIT_CHECK_FAILED,
  ERR_JWT_ENCRYPTED: EXIT_CHECK_FAILED,
};

const QUOTE = 'In a shell, put the JSON between single quotes: --data \'{"user_id": "42"}\'.';

/** Shell advice for each kind of mistake in a JSON text; a new kind does not compile until mapped. */
export const CLI_FAULT_ADVICE: Readonly<Record<JsonFaultKind, string | undefined>> = {
  "missing-value": `A shell variable that is empty leaves nothing after the colon. ${QUOTE}`,
  "quote-in-value": `The shell may have removed or split quotes. ${QUOTE} Or pass --data @claims.json.`,
  "control-character":
    "Escape line breaks and tabs inside texts as \\n and \\t, or pass --data @claims.json.",
  "unquoted-value": `The shell removes double quotes that are not inside single quotes. ${QUOTE}`,
  "curly-quotes": 'Type straight quotes ("), not the curly ones a word processor puts in.',
  "trailing-comma": undefined,
  "single-quotes":
    'JSON needs double quotes ("); keep the single quotes around the whole JSON for the shell.',
  "unquoted-name": `The shell removes double quotes that are not inside single quotes. ${QUOTE}`,
  "not-an-object": undefined,
  syntax: undefined,
};

export type CliErrorCode =
  | "ERR_USAGE"
  | "ERR_INPUT_MISSING"
  | "ERR_FILE_UNREADABLE"
  | "ERR_FILE_EXISTS"
  | "ERR_JSON_INVALID"
  | "ERR_CONFIG_INVALID"
  | "ERR_SERVICE_NOT_INSTALLED"
  | "ERR_PLUGIN_ACTION"
  // The Bubble ID ledger's own codes (plugin build, plugin docs); a type only, so the plugin builder
  // still loads only in its command.
  | import("../bubble/build/id-ledger.js").IdLedgerErrorCode
  // plugin build/install-kit --only naming no action or group.
  | import("../bubble/build/select-actions.js").ActionChoiceError["code"];

/**
 * An expected failure of the command line: printed as one line with its code, never with a stack.
 * Its message must never hold a secret, a private key or a whole token.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly code: CliErrorCode;
  readonly exitCode: ExitCode;

  constructor(code: CliErrorCode, message: string, exitCode: ExitCode = EXIT_USAGE) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}

export function usageError(message: string): CliError {
  return new CliError("ERR_USAGE", message);
}

/** Failures the user can act on (shown as one line) as opposed to bugs (shown with --debug). */
export function isExpectedError(error: unknown): error is CliError | JwtError {
  return error instanceof CliError || isJwtError(error);
}

/** True when the engine refused the token (exit 1), as opposed to a problem with the key or options. */
export function isTokenRefusal(error: JwtError): boolean {
  return CLI_EXIT_CODES[error.code] === EXIT_CHECK_FAILED;
}

/**
 * An engine error in the command line's terms: an option is named by its flag (`--exp`, found by the
 * input's name or the engine option it feeds), and a JSON fault gets shell advice.
 */
export function describeForCli(error: JwtError, inputs: readonly InputSpec[] = []): string {
  return describeJwtError(error, {
    option: (option) => {
      // A flag named like the option wins over one that only feeds an engine option of that name
      // (verify's --issuer, a sign-in input, beside --iss, the claim check).
      const input =
        inputs.find((item) => item.name === option) ?? inputs.find((item) => item.engineOption === option);
      return input === undefined ? undefined : `--${flagName(input)}`;
    },
    faultAdvice: (fault) => CLI_FAULT_ADVICE[fault.kind],
  });
}
