/**
 * Every failure of a token exchange after its inputs were accepted is an {@link ExchangeError} with a
 * stable `code` from this table. (A refused input is the recipes' JwtError, thrown before any request.)
 * Messages say what to check; they never contain the assertion, the private key or a token.
 */
export const EXCHANGE_ERROR_CODES = {
  ERR_EXCHANGE_INVALID_GRANT:
    "The provider refused the signed assertion: the key, the account or user, or the audience is wrong.",
  ERR_EXCHANGE_CONSENT_REQUIRED: "The user has not approved the app yet (consent or pre-authorisation).",
  ERR_EXCHANGE_INVALID_CLIENT: "The provider does not know the app, client or integration key.",
  ERR_EXCHANGE_UNAUTHORIZED_CLIENT: "The app is not allowed this grant or these scopes for this user.",
  ERR_EXCHANGE_INVALID_SCOPE: "A scope, repository or permission asked for is unknown or not granted.",
  ERR_EXCHANGE_INVALID_REQUEST: "The provider could not read the request or the assertion.",
  ERR_EXCHANGE_NOT_FOUND: "The provider has no such installation or resource.",
  ERR_EXCHANGE_CLOCK_SKEW:
    "The assertion's times were refused: this machine's clock and the provider's differ.",
  ERR_EXCHANGE_RATE_LIMITED: "The provider asks to slow down (HTTP 429).",
  ERR_EXCHANGE_HTTP: "The provider answered with an unexpected HTTP status (a server error, a redirect).",
  ERR_EXCHANGE_NETWORK: "The provider could not be reached (DNS, connection, TLS).",
  ERR_EXCHANGE_TIMEOUT: "The provider did not answer within the time-out.",
  ERR_EXCHANGE_RESPONSE_TOO_LARGE: "The provider's answer was larger than the size cap.",
  ERR_EXCHANGE_RESPONSE_INVALID: "The provider's answer is not the documented JSON (no access token in it).",
} as const;

export type ExchangeErrorCode = keyof typeof EXCHANGE_ERROR_CODES;

export interface ExchangeErrorFacts {
  /** The exchange's id, e.g. "google-access-token". */
  readonly exchange: string;
  /** The provider's name, e.g. "Google". */
  readonly provider: string;
  /** The HTTP status the provider answered with, when it answered. */
  readonly status?: number;
  /** The provider's own error code (`invalid_grant`, `consent_required`, GitHub's message); never more. */
  readonly providerError?: string;
  /** What to check, in plain words. */
  readonly check: string;
  /** Outputs worth returning with the error (DocuSign's `consent_url`). */
  readonly outputs?: Readonly<Record<string, string>>;
}

export class ExchangeError extends Error {
  override readonly name = "ExchangeError";
  readonly code: ExchangeErrorCode;
  readonly exchange: string;
  readonly provider: string;
  readonly status?: number;
  readonly providerError?: string;
  readonly check: string;
  readonly outputs: Readonly<Record<string, string>>;

  /** `message` says what happened; the facts' `check` is appended to it. */
  constructor(code: ExchangeErrorCode, message: string, facts: ExchangeErrorFacts) {
    super(`${message} ${facts.check}`.trim());
    this.code = code;
    this.exchange = facts.exchange;
    this.provider = facts.provider;
    if (facts.status !== undefined) this.status = facts.status;
    if (facts.providerError !== undefined) this.providerError = facts.providerError;
    this.check = facts.check;
    this.outputs = Object.freeze({ ...facts.outputs });
  }
}

export function isExchangeError(error: unknown): error is ExchangeError {
  return error instanceof ExchangeError;
}

/** Who is calling whom: named in every error. */
export interface ExchangeSite {
  readonly exchange: string;
  readonly provider: string;
}

/** Only this much of a provider's text is read: a 900 KB answer gives a short message, quickly. */
const QUOTE_WINDOW = 4096;
/** Control characters become spaces (raw newlines, escape sequences must not reach a terminal). */
const CONTROL = /\p{Cc}/gu;
/** Invisible format characters (bidi overrides, zero-width spaces) and lone surrogates are dropped, so they neither reorder the text nor split a token past its redaction. */
const INVISIBLE = /[\p{Cf}\p{Cs}]/gu;
const PEM_BLOCK = /-----\s*BEGIN[\s\S]*?(?:-----\s*END[^-]*-----|$)/g;
/** A JWT: dot-separated base64url segments. */
const JWT_SHAPED = /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./;
/** A long run of base64 or base64url characters: a token segment, key bytes, a secret. */
const LONG_RUN = /[A-Za-z0-9+/_=-]{20,}/g;
/** A piece of at least 8 such characters (what a token split across lines leaves next to the rest). */
const PIECE = /^[^A-Za-z0-9+/_=-]*[A-Za-z0-9+/_=.-]{8,}[^A-Za-z0-9+/_=-]*$/;
const REMOVED = "[token removed]";

/** Random-looking: digits among letters, or mixed case (prose and snake_case error names are neither). */
function looksRandom(text: string): boolean {
  return (/[0-9]/.test(text) && /[A-Za-z]/.test(text)) || (/[a-z]/.test(text) && /[A-Z]/.test(text));
}

function isSecretWord(word: string): boolean {
  if (JWT_SHAPED.test(word)) return true;
  for (const run of word.match(LONG_RUN) ?? []) if (looksRandom(run)) return true;
  return false;
}

/**
 * A provider's text made safe to quote: read up to a bound, control characters turned into spaces and
 * invisible ones dropped, whitespace normalised to single spaces, then anything shaped like a JWT, a
 * PEM block or key bytes replaced (a provider that echoes the assertion back, even wrapped across
 * lines, must not make us print it), and clipped to `max` characters.
 */
export function quoteProvider(text: unknown, max = 160): string {
  if (typeof text !== "string") return "";
  const cut = text.length > QUOTE_WINDOW;
  let cleaned = (cut ? text.slice(0, QUOTE_WINDOW) : text)
    .replace(INVISIBLE, "")
    .replace(CONTROL, " ")
    .replace(/\s+/g, " ")
    .replace(PEM_BLOCK, " [key removed] ")
    .trim();
  // The window may end inside a token: its last piece is dropped rather than judged alone.
  if (cut) cleaned = cleaned.replace(/\S*$/, "").trimEnd();
  const words = cleaned.split(" ");
  const secret = words.map(isSecretWord);
  // A token split by whitespace leaves pieces next to the part judged secret: they go with it.
  for (let i = 0; i < words.length; i++) {
    if (!secret[i]) continue;
    for (let j = i - 1; j >= 0 && !secret[j] && isPiece(words[j] ?? ""); j--) secret[j] = true;
    for (let j = i + 1; j < words.length && !secret[j] && isPiece(words[j] ?? ""); j++) secret[j] = true;
  }
  const kept: string[] = [];
  words.forEach((word, i) => {
    if (!secret[i]) kept.push(word);
    else if (kept.at(-1) !== REMOVED) kept.push(REMOVED);
  });
  cleaned = kept
    .join(" ")
    .replace(/(?:\[key removed\] ?)+/g, "[key removed] ")
    .trim();
  if (cleaned.length <= max) return cleaned;
  // Never end on half a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(cleaned.charAt(max - 1)) ? max - 1 : max;
  return `${cleaned.slice(0, end)}...`;
}

function isPiece(word: string): boolean {
  return PIECE.test(word) && looksRandom(word);
}
