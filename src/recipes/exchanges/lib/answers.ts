import { ExchangeError, type ExchangeErrorCode, type ExchangeSite, quoteProvider } from "../errors.js";
import type { HttpsAnswer } from "./https-post.js";

/**
 * One line of a provider's error table (providers.md): when the answer matches every given field,
 * it becomes `code` and the message says `check`.
 */
export interface ProviderErrorRule {
  readonly status?: number;
  /** The OAuth `error` member (`invalid_grant`), or for GitHub nothing (it answers `message`). */
  readonly error?: string;
  /** Matched against `error` and `error_description` (OAuth), or `message` (GitHub). */
  readonly description?: RegExp;
  readonly code: ExchangeErrorCode;
  readonly check: string;
}

/** The OAuth 2.0 error names (RFC 6749 §5.2 and the providers' own) when no provider rule matched. */
const OAUTH_ERRORS: Readonly<Record<string, { code: ExchangeErrorCode; check: string }>> = {
  invalid_grant: {
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check: "Check that the private key is the one registered with the provider, and the account or user.",
  },
  invalid_client: {
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check: "Check the client or integration key and that the app is enabled.",
  },
  unauthorized_client: {
    code: "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    check: "Check that the app is allowed the JWT bearer grant and these scopes.",
  },
  invalid_scope: {
    code: "ERR_EXCHANGE_INVALID_SCOPE",
    check: "Check the scopes' spelling and that they are granted.",
  },
  consent_required: {
    code: "ERR_EXCHANGE_CONSENT_REQUIRED",
    check: "The user must approve the app once before it can act for them.",
  },
  invalid_request: {
    code: "ERR_EXCHANGE_INVALID_REQUEST",
    check: "The provider could not read the request; check the endpoint.",
  },
};

/** The body of an error answer: OAuth's `{error, error_description}` or GitHub's `{message}`. */
export interface ProviderErrorBody {
  readonly error?: string;
  readonly description?: string;
}

export function readErrorBody(body: unknown): ProviderErrorBody {
  if (body === null || typeof body !== "object") return {};
  const { error, error_description, message } = body as Record<string, unknown>;
  return {
    ...(typeof error === "string" ? { error } : {}),
    ...(typeof error_description === "string"
      ? { description: error_description }
      : typeof message === "string"
        ? { description: message }
        : {}),
  };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The ExchangeError for an answer that is not a success: the provider's rules first, then the OAuth
 * names, then the status (a redirect, a rate limit, a server error).
 */
export function answerError(
  answer: HttpsAnswer,
  site: ExchangeSite,
  rules: readonly ProviderErrorRule[],
  outputs?: (rule: ProviderErrorBody) => Record<string, string> | undefined,
): ExchangeError {
  const { status } = answer;
  const body = readErrorBody(parseJson(answer.body));
  // Both members are the provider's text: quoted (clipped, one line, secrets removed) before use.
  const quotedError = quoteProvider(body.error, 100);
  const quotedDescription = quoteProvider(body.description, 100);
  const providerError = quotedError || quotedDescription || undefined;
  const said = [quotedError, quoteProvider(body.description)].filter((part) => part).join(": ");
  const what = `${site.provider} refused the token exchange (HTTP ${status}${said === "" ? "" : `, ${said}`}).`;
  const facts = { ...site, status, ...(providerError === undefined ? {} : { providerError }) };
  const rule = rules.find(
    (each) =>
      (each.status === undefined || each.status === status) &&
      (each.error === undefined || each.error === body.error) &&
      (each.description === undefined ||
        each.description.test(`${body.error ?? ""} ${body.description ?? ""}`)),
  );
  // Own names only: an error named "__proto__" or "constructor" is not an Object member.
  const known =
    rule ??
    (body.error !== undefined && Object.hasOwn(OAUTH_ERRORS, body.error)
      ? OAUTH_ERRORS[body.error]
      : undefined);
  if (known !== undefined) {
    const extra = outputs?.(body);
    return new ExchangeError(known.code, what, {
      ...facts,
      check: known.check,
      ...(extra ? { outputs: extra } : {}),
    });
  }
  if (status >= 300 && status < 400) {
    return new ExchangeError("ERR_EXCHANGE_HTTP", `${site.provider} answered HTTP ${status} (a redirect).`, {
      ...facts,
      check: "Redirects are not followed: give the endpoint's final https URL.",
    });
  }
  if (status === 429) {
    return new ExchangeError("ERR_EXCHANGE_RATE_LIMITED", what, {
      ...facts,
      check: "Wait before trying again; cached tokens avoid most exchanges.",
    });
  }
  return new ExchangeError("ERR_EXCHANGE_HTTP", what, {
    ...facts,
    check:
      status >= 500
        ? "The provider had a problem; try again later."
        : "Check the endpoint and the inputs; the provider's answer is quoted above.",
  });
}

/** A success answer that is not the documented JSON object, or lacks the token member. */
export function invalidAnswer(site: ExchangeSite, status: number, missing: string): ExchangeError {
  return new ExchangeError(
    "ERR_EXCHANGE_RESPONSE_INVALID",
    `${site.provider} answered HTTP ${status} without ${missing}.`,
    { ...site, status, check: "Check that the endpoint is the provider's token endpoint." },
  );
}

/** The JSON object of a success answer, refused when it is not one or lacks the text member `field`. */
export function readSuccess(answer: HttpsAnswer, site: ExchangeSite, field: string): Record<string, unknown> {
  const parsed = parseJson(answer.body);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw invalidAnswer(site, answer.status, "a JSON object");
  }
  const value = (parsed as Record<string, unknown>)[field];
  if (typeof value !== "string" || value === "") throw invalidAnswer(site, answer.status, `"${field}"`);
  return parsed as Record<string, unknown>;
}
