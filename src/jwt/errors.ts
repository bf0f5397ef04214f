/**
 * Every failure of the engine is a {@link JwtError} with a stable `code` and structured facts
 * (`option`, `claim`, `reason`, `fault`, `problem`, `fix`). The engine words a neutral message from
 * those facts; a layer with its own names (a form field, a command-line flag) words its own message
 * from the same facts with {@link describeJwtError}, never by editing the message text.
 * Messages never contain a secret, a private key or a whole token.
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
  ERR_INPUT_RULE: "An input breaks a rule of the party that will receive the token.",
  ERR_JWKS_FETCH_FAILED: "The remote key set (JWKS URL) could not be fetched or read.",
  ERR_DISCOVERY_FAILED:
    "The issuer's OpenID configuration could not be fetched or read, or names another issuer.",
  ERR_JWE_DECRYPTION_FAILED: "The encrypted token could not be decrypted: another key, or it was altered.",
  ERR_JWE_INVALID:
    "The encrypted token breaks a rule of JWE (IV, tag, ephemeral key, PBES2 count, compression).",
  ERR_JWT_ENCRYPTED: "The token is encrypted (JWE): its claims cannot be read without the key.",
} as const;

export type JwtErrorCode = keyof typeof JWT_ERROR_CODES;

/** The kinds of mistake found in a JSON text typed by a person. */
export type JsonFaultKind =
  | "syntax"
  | "curly-quotes"
  | "control-character"
  | "trailing-comma"
  | "missing-value"
  | "unquoted-value"
  | "quote-in-value"
  | "single-quotes"
  | "unquoted-name"
  | "not-an-object";

/** Where and what is wrong in a JSON text (1-based line and column). */
export interface JsonFault {
  readonly kind: JsonFaultKind;
  readonly line: number;
  readonly column: number;
  /** A short piece of the text around the fault, with `>>>` where it is; never the whole text. */
  readonly excerpt: string;
  /** What the parser expected there, e.g. "a value". */
  readonly expected: string;
}

export interface JwtErrorFacts {
  /** The caller's option (or input) at fault: `expiresInMinutes`, `audience`, ... */
  option?: string;
  /** The claim concerned, for claim errors (`exp`, `aud`, ...). */
  claim?: string;
  /** A short machine-readable reason, such as `missing`, `mismatch`, `out-of-range`. */
  reason?: string;
  /** For JSON texts: where and what is wrong. */
  fault?: JsonFault;
  /** For time errors: the instant concerned. */
  date?: Date;
  /** The error this one words again, kept for whoever debugs it. */
  cause?: unknown;
  /**
   * What is wrong, worded so that it reads after the option's or claim's name:
   * "must be a positive number of minutes; got -5". A layer puts its own name in front.
   */
  problem?: string;
  /** How to fix it, in neutral words (no product, no field or flag names). */
  fix?: string;
}

export class JwtError extends Error {
  override readonly name = "JwtError";
  readonly code: JwtErrorCode;
  readonly option?: string;
  readonly claim?: string;
  readonly reason?: string;
  readonly fault?: JsonFault;
  readonly date?: Date;
  readonly problem?: string;
  readonly fix?: string;

  /**
   * `new JwtError(code, facts)` words the message from the facts (the subject, then `problem`, then
   * `fix`); `new JwtError(code, message, facts)` is for errors whose message has no subject to rename.
   */
  constructor(code: JwtErrorCode, messageOrFacts: string | JwtErrorFacts, facts: JwtErrorFacts = {}) {
    const given = typeof messageOrFacts === "string" ? facts : messageOrFacts;
    super(
      typeof messageOrFacts === "string" ? messageOrFacts : wordMessage(code, given),
      given.cause === undefined ? undefined : { cause: given.cause },
    );
    this.code = code;
    if (given.option !== undefined) this.option = given.option;
    if (given.claim !== undefined) this.claim = given.claim;
    if (given.reason !== undefined) this.reason = given.reason;
    if (given.fault !== undefined) this.fault = given.fault;
    if (given.date !== undefined) this.date = given.date;
    if (given.problem !== undefined) this.problem = given.problem;
    if (given.fix !== undefined) this.fix = given.fix;
  }

  /** Where a JSON fault is, as before the facts were structured. */
  get line(): number | undefined {
    return this.fault?.line;
  }

  get column(): number | undefined {
    return this.fault?.column;
  }
}

/** The names a layer uses for the engine's options and claims, and advice it adds. */
export interface ErrorWording {
  /** The layer's name for an engine option (a field caption, a flag), or undefined to keep it. */
  option?: (option: string) => string | undefined;
  /** Extra advice for a JSON fault, in the layer's own terms. */
  faultAdvice?: (fault: JsonFault) => string | undefined;
}

/**
 * The error's message in a layer's terms: the option's name replaced by the layer's own, built from
 * the facts (never by editing the engine's message), and the layer's advice for a JSON fault added.
 */
export function describeJwtError(error: JwtError, wording: ErrorWording): string {
  const label = error.option === undefined ? undefined : wording.option?.(error.option);
  let message =
    label !== undefined && error.problem !== undefined
      ? joinSentences(`${label} ${error.problem}`, error.fix)
      : error.message;
  const advice = error.fault === undefined ? undefined : wording.faultAdvice?.(error.fault);
  if (advice !== undefined) message = joinSentences(message, advice);
  return message;
}

function wordMessage(code: JwtErrorCode, facts: JwtErrorFacts): string {
  const subject = facts.option ?? facts.claim;
  const main =
    facts.problem === undefined
      ? JWT_ERROR_CODES[code]
      : subject === undefined
        ? facts.problem
        : `${subject} ${facts.problem}`;
  return joinSentences(main, facts.fix);
}

function joinSentences(first: string, second: string | undefined): string {
  const head = /[.!?]$/.test(first) ? first : `${first}.`;
  if (second === undefined || second === "") return head;
  return `${head} ${second}`;
}

/** True when `error` is a {@link JwtError}, optionally with the given code. */
export function isJwtError(error: unknown, code?: JwtErrorCode): error is JwtError {
  return error instanceof JwtError && (code === undefined || error.code === code);
}
