import { type Clock, type ClockOptions, systemClock } from "./clock.js";
import { JwtError } from "./errors.js";
import { CachedDocument, type FetchedDocument } from "./lib/cached-document.js";
import { cacheControlMaxAgeMs, httpsGet } from "./lib/https-get.js";
import { invalidOption } from "./lib/option-error.js";
import type { FetchJwksOptions } from "./remote-key-set.js";

/**
 * An issuer's published configuration (OpenID Connect Discovery 1.0 section 3, the same document as
 * RFC 8414's authorization server metadata): the members read here, and every member as sent.
 */
export interface IssuerMetadata {
  /** Exactly the issuer that was asked for, or Microsoft's `{tenantid}` template when allowed. */
  readonly issuer: string;
  /** Where the issuer's signing keys are (required by Discovery). */
  readonly jwks_uri: string;
  readonly token_endpoint?: string;
  readonly id_token_signing_alg_values_supported?: readonly string[];
  readonly token_endpoint_auth_methods_supported?: readonly string[];
  readonly token_endpoint_auth_signing_alg_values_supported?: readonly string[];
  /** The whole document as the issuer sent it. */
  readonly document: Readonly<Record<string, unknown>>;
}

export interface RemoteIssuerOptions extends FetchJwksOptions, Pick<ClockOptions, "clock"> {
  /**
   * Where the configuration is read when the issuer publishes it elsewhere than
   * `<issuer>/.well-known/openid-configuration` (one document per user flow, a proxy): an https URL
   * chosen by the caller, never one a token names. The document's `issuer` must still be identical to
   * the configured issuer.
   * @defaultValue discoveryUrl(issuer)
   */
  url?: string;
  /**
   * Accept a document whose `issuer` holds the `{tenantid}` placeholder (Microsoft's multi-tenant
   * endpoints); the caller then fills it with the token's own `tid` and nothing else.
   * @defaultValue false
   */
  allowTenantTemplate?: boolean;
  /**
   * The document is kept as long as its `Cache-Control: max-age` says (`no-store` and `no-cache`
   * count as 0), at least this long.
   * @defaultValue 60000 (1 minute)
   */
  minCacheAgeMs?: number;
  /**
   * At most this long, whatever the header says; a document last fetched within this time also keeps
   * answering while the issuer cannot be reached.
   * @defaultValue 86400000 (24 hours)
   */
  maxCacheAgeMs?: number;
  /**
   * Kept this long when the answer has no `Cache-Control: max-age`.
   * @defaultValue 3600000 (1 hour)
   */
  cacheMaxAgeMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BYTES = 64 * 1024;
const DEFAULT_MIN_CACHE_AGE_MS = 60 * 1000;
const DEFAULT_MAX_CACHE_AGE_MS = 24 * 60 * 60 * 1000;
const DEFAULT_CACHE_MAX_AGE_MS = 60 * 60 * 1000;
const WELL_KNOWN = "/.well-known/openid-configuration";
/** Microsoft's multi-tenant discovery documents say this where the tenant's ID goes. */
export const TENANT_ID_TEMPLATE = "{tenantid}";

/**
 * The configuration of one issuer, fetched from `<issuer>/.well-known/openid-configuration` (the
 * issuer's own address, never one a token names), over https, within a time and size cap, without
 * following redirects, and trusted only when its `issuer` is exactly the issuer asked for (trailing
 * slash included). Cached by its Cache-Control within bounds; after a failure no new request is made
 * before a back-off (1 s, doubling, at most 5 minutes), and the document last fetched keeps answering.
 *
 * @example
 * const issuer = createRemoteIssuer("https://login.example.com/realms/acme");
 * const { jwks_uri } = await issuer.metadata();
 */
export class RemoteIssuer {
  /** The issuer as configured. */
  readonly issuer: string;
  /** Where its configuration is read. */
  readonly url: string;
  readonly #options: RemoteIssuerOptions;
  readonly #clock: Clock;
  readonly #metadata: CachedDocument<IssuerMetadata>;

  constructor(issuer: string, options: RemoteIssuerOptions = {}) {
    this.issuer = issuer;
    const wellKnown = discoveryUrl(issuer);
    this.url = options.url === undefined ? wellKnown : checkedMetadataUrl(options.url);
    this.#options = { ...options };
    for (const name of ["minCacheAgeMs", "maxCacheAgeMs", "cacheMaxAgeMs"] as const) {
      const value = options[name];
      if (value !== undefined && !(typeof value === "number" && value >= 0 && !Number.isNaN(value))) {
        throw invalidOption(name, "invalid", "must be a number of milliseconds, 0 or more");
      }
    }
    this.#clock = options.clock ?? systemClock;
    this.#metadata = new CachedDocument({
      clock: this.#clock,
      fetch: () => this.#fetch(),
      freshFor: (maxAgeMs) => this.#freshness(maxAgeMs),
      longestMs: options.maxCacheAgeMs ?? DEFAULT_MAX_CACHE_AGE_MS,
    });
  }

  /** The issuer's configuration: the cached one while fresh, else fetched (one request for all callers). */
  async metadata(): Promise<IssuerMetadata> {
    const now = this.#clock();
    const usable = this.#metadata.usable(now);
    if (usable !== undefined && this.#metadata.isFresh(now)) return usable;
    return this.#metadata.get(now);
  }

  async #fetch(): Promise<FetchedDocument<IssuerMetadata>> {
    const { text, cacheControl } = await httpsGet(new URL(this.url), {
      timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: this.#options.maxBytes ?? DEFAULT_MAX_BYTES,
      ca: this.#options.ca,
      accept: "application/json",
      where: "The issuer's OpenID configuration",
      what: "a JSON document",
    }).catch((error: unknown) => {
      throw discoveryFailed("fetch", error instanceof Error ? error.message : "could not be fetched.");
    });
    const value = readMetadata(text, this.issuer, this.#options.allowTenantTemplate === true);
    return { value, maxAgeMs: cacheControlMaxAgeMs(cacheControl) };
  }

  #freshness(maxAgeMs: number | undefined): number {
    const min = this.#options.minCacheAgeMs ?? DEFAULT_MIN_CACHE_AGE_MS;
    const max = Math.max(min, this.#options.maxCacheAgeMs ?? DEFAULT_MAX_CACHE_AGE_MS);
    const wanted = maxAgeMs ?? this.#options.cacheMaxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS;
    return Math.min(Math.max(wanted, min), max);
  }
}

/** A {@link RemoteIssuer} for this https issuer. */
export function createRemoteIssuer(issuer: string, options: RemoteIssuerOptions = {}): RemoteIssuer {
  return new RemoteIssuer(issuer, options);
}

/**
 * Where an issuer's configuration is (Discovery section 4.1: any trailing "/" of the issuer removed,
 * then `/.well-known/openid-configuration`). The issuer must be an https URL without credentials, query
 * or fragment.
 */
export function discoveryUrl(issuer: string): string {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw invalidOption(
      "issuer",
      "invalid",
      "must be an absolute https URL such as https://login.example.com",
    );
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "") {
    throw invalidOption("issuer", "invalid", "must be an https URL without credentials");
  }
  // An empty "?" or "#" parses as no query or fragment, yet would cut the well-known path off the request.
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(issuer)) {
    throw invalidOption(
      "issuer",
      "invalid",
      "must have no query (?) or fragment (#): an issuer is a plain URL",
    );
  }
  return `${issuer.replace(/\/+$/, "")}${WELL_KNOWN}`;
}

/** A configuration URL given as the `url` option: https, without credentials or fragment. */
function checkedMetadataUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    url.protocol !== "https:" ||
    url.username !== "" ||
    url.password !== "" ||
    url.hash !== ""
  ) {
    throw invalidOption("url", "invalid", "must be an https URL without credentials or fragment");
  }
  return url.href;
}

/**
 * Reads an issuer's configuration document (JSON text) and trusts it only for `issuer`: its `issuer`
 * must be identical (or the `{tenantid}` template when allowed) and its `jwks_uri` https.
 */
export function readIssuerMetadata(
  text: string,
  issuer: string,
  options: Pick<RemoteIssuerOptions, "allowTenantTemplate"> = {},
): IssuerMetadata {
  return readMetadata(text, issuer, options.allowTenantTemplate === true);
}

function readMetadata(text: string, issuer: string, allowTenantTemplate: boolean): IssuerMetadata {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw discoveryFailed("invalid", "is not JSON.");
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw discoveryFailed("invalid", "is not a JSON object.");
  }
  const fields = document as Record<string, unknown>;
  const said = fields.issuer;
  if (typeof said !== "string") throw discoveryFailed("invalid", "has no issuer.");
  const templated = allowTenantTemplate && isTenantTemplateOf(said, issuer);
  if (said !== issuer && !templated) {
    throw discoveryFailed(
      "issuer-mismatch",
      `says its issuer is ${JSON.stringify(said.slice(0, 200))}, not the configured ${JSON.stringify(issuer.slice(0, 200))}: they must be identical, trailing slash included.`,
    );
  }
  const jwksUri = fields.jwks_uri;
  if (!isHttpsUrl(jwksUri)) {
    throw discoveryFailed("invalid", "has no https jwks_uri (where the issuer's keys are).");
  }
  const tokenEndpoint = fields.token_endpoint;
  if (tokenEndpoint !== undefined && !isHttpsUrl(tokenEndpoint)) {
    throw discoveryFailed("invalid", "has a token_endpoint that is not an https URL.");
  }
  return {
    issuer: said,
    jwks_uri: jwksUri,
    ...(typeof tokenEndpoint === "string" ? { token_endpoint: tokenEndpoint } : {}),
    ...textList(fields, "id_token_signing_alg_values_supported"),
    ...textList(fields, "token_endpoint_auth_methods_supported"),
    ...textList(fields, "token_endpoint_auth_signing_alg_values_supported"),
    document: Object.freeze({ ...fields }),
  };
}

/** An absolute https URL with a host and no credentials. */
function isHttpsUrl(value: unknown): value is string {
  if (typeof value !== "string" || !value.startsWith("https://")) return false;
  try {
    const url = new URL(value);
    return url.hostname !== "" && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

/**
 * Whether `said` is `issuer` with one whole path segment (the configured tenant, such as `common`)
 * replaced by `{tenantid}`: the same origin and the same path otherwise. A template anywhere else, or
 * of another host, is another issuer.
 */
function isTenantTemplateOf(said: string, issuer: string): boolean {
  const parts = said.split(TENANT_ID_TEMPLATE);
  if (parts.length !== 2) return false;
  const [before = "", after = ""] = parts;
  let origin: string;
  try {
    origin = new URL(issuer).origin;
  } catch {
    return false;
  }
  if (!before.startsWith(`${origin}/`) || !before.endsWith("/") || before.length <= origin.length)
    return false;
  if (!(after === "" || after.startsWith("/"))) return false;
  if (!issuer.startsWith(before) || !issuer.endsWith(after)) return false;
  const segment = issuer.slice(before.length, issuer.length - after.length);
  return before.length + after.length < issuer.length && segment !== "" && !segment.includes("/");
}

function textList(fields: Record<string, unknown>, name: string): Record<string, readonly string[]> {
  const value = fields[name];
  if (!Array.isArray(value) || !value.every((each) => typeof each === "string")) return {};
  return { [name]: Object.freeze([...value]) };
}

function discoveryFailed(reason: "fetch" | "invalid" | "issuer-mismatch", problem: string): JwtError {
  return new JwtError("ERR_DISCOVERY_FAILED", {
    reason,
    problem: problem.startsWith("The issuer") ? problem : `The issuer's OpenID configuration ${problem}`,
    fix:
      reason === "issuer-mismatch"
        ? "Configure the issuer exactly as the provider's configuration states it."
        : "Check the issuer URL and that this server reaches it over https.",
  });
}
