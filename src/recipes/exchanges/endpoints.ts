import { JwtError } from "../../jwt/index.js";

/**
 * Every URL an exchange calls, by name, with the provider's documented default (providers.md §1a,
 * §11, §12, §13; providers-2.md §19). Tests and private deployments replace them with `endpoints: { name: url }`.
 */
export const EXCHANGE_ENDPOINTS = Object.freeze({
  /** Google's OAuth 2.0 token endpoint (POST). */
  "google.token": "https://oauth2.googleapis.com/token",
  /** DocuSign's developer (demo) account server: /oauth/token, /oauth/auth. */
  "docusign.demo": "https://account-d.docusign.com",
  /** DocuSign's production account server. */
  "docusign.production": "https://account.docusign.com",
  /** Salesforce's login server: /services/oauth2/token (the login_url input replaces it per call). */
  "salesforce.login": "https://login.salesforce.com",
  /** GitHub's REST API: /app/installations/{id}/access_tokens. */
  "github.api": "https://api.github.com",
  /** Box's OAuth 2.0 token endpoint (POST), also the assertion's aud (providers-2.md §19). */
  "box.token": "https://api.box.com/oauth2/token",
  /**
   * The client-credentials exchange has no default: its token URL is an input (or the issuer's
   * token_endpoint). An override replaces where the request is sent (a proxy, a test), never the
   * assertion's aud. The reserved .invalid name (RFC 2606) stands for "none".
   */
  "client-credentials.token": "https://token-url.invalid/token",
});

export type EndpointName = keyof typeof EXCHANGE_ENDPOINTS;

/**
 * Checks an endpoints override once: every name must be known and every URL https (a token sent in
 * clear text could be read). Returns the parsed URLs by name.
 */
export function readEndpoints(endpoints: Readonly<Record<string, string>> | undefined): Map<string, URL> {
  const read = new Map<string, URL>();
  for (const [name, value] of Object.entries(endpoints ?? {})) {
    if (!Object.hasOwn(EXCHANGE_ENDPOINTS, name)) {
      throw new JwtError("ERR_OPTION_INVALID", {
        option: "endpoints",
        reason: "unknown",
        problem: `has no endpoint named ${JSON.stringify(name.slice(0, 40))}`,
        fix: `The endpoints are: ${Object.keys(EXCHANGE_ENDPOINTS).join(", ")}.`,
      });
    }
    read.set(name, httpsUrl(name, value));
  }
  return read;
}

/** The URL of the named endpoint: the override when given, else the default. */
export function endpointUrl(
  name: EndpointName,
  endpoints: Readonly<Record<string, string>> | undefined,
): URL {
  const override = endpoints?.[name];
  return httpsUrl(name, override ?? EXCHANGE_ENDPOINTS[name]);
}

/** A base URL with a path appended (`https://host/base` + `/oauth/token`), query and fragment dropped. */
export function joinPath(base: URL, path: string): URL {
  const joined = new URL(base.href);
  joined.pathname = `${base.pathname.replace(/\/+$/, "")}${path}`;
  joined.search = "";
  joined.hash = "";
  return joined;
}

function httpsUrl(name: string, value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new JwtError("ERR_OPTION_INVALID", {
      option: "endpoints",
      reason: "invalid",
      problem: `${name} is not a valid URL`,
      fix: "Give an absolute https URL such as https://oauth2.example.com/token.",
    });
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "") {
    throw new JwtError("ERR_OPTION_INVALID", {
      option: "endpoints",
      reason: "invalid",
      problem: `${name} must be an https URL without credentials (got ${url.protocol.replace(":", "")})`,
      fix: "Tokens and assertions are only sent over https.",
    });
  }
  return url;
}
