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

/**
 * A provider's text made safe to quote: clipped, one line, and anything shaped like a JWT or a PEM
 * block replaced (a provider that echoes the assertion back must not make us print it).
 */
export function quoteProvider(text: unknown, max = 160): string {
  if (typeof text !== "string") return "";
  const cleaned = text
    .replace(/-----BEGIN[\s\S]*?(-----END[^-]*-----|$)/g, "[key removed]")
    .replace(/[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, "[token removed]")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}...` : cleaned;
}
