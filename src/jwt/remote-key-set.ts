import { type Clock, type ClockOptions, systemClock } from "./clock.js";
import { decodeJwt } from "./decode.js";
import { JwtError } from "./errors.js";
import { importKey } from "./import-key.js";
import type { JwtKey } from "./key.js";
import { importKeySet, JwtKeySet } from "./key-set.js";
import { CachedDocument } from "./lib/cached-document.js";
import { cacheControlMaxAgeMs, httpsGet } from "./lib/https-get.js";
import type { Jwks } from "./lib/jwk.js";
import { invalidOption } from "./lib/option-error.js";
import { type VerifiedJwt, type VerifyJwtOptions, verifyJwt } from "./verify.js";

/**
 * How keys are published at a URL: `jwks` is a JSON Web Key Set (`{"keys": [...]}`);
 * `certificate-map` is a JSON object of key id to X.509 certificate in PEM
 * (`{"<kid>": "-----BEGIN CERTIFICATE-----..."}`), each certificate's public key verifying the tokens
 * that name its kid.
 */
export type KeySetFormat = "jwks" | "certificate-map";

/** The formats a {@link RemoteKeySet} reads. */
export const KEY_SET_FORMATS: readonly KeySetFormat[] = Object.freeze(["jwks", "certificate-map"]);

export interface FetchJwksOptions {
  /**
   * The whole request (connect, TLS, headers, body) must finish within this many milliseconds.
   * @defaultValue 5000
   */
  timeoutMs?: number;
  /**
   * Larger responses are refused (a JWKS is a few kilobytes).
   * @defaultValue 65536 (64 KiB)
   */
  maxBytes?: number;
  /** Extra trusted certificate authority (PEM), for a private PKI or a test server. */
  ca?: string | Buffer;
}

/** The set's `clock` times its cache and cooldown; verifying takes its own `clock` option. */
export interface RemoteKeySetOptions extends FetchJwksOptions, Pick<ClockOptions, "clock"> {
  /**
   * How the keys are published.
   * @defaultValue "jwks"
   */
  format?: KeySetFormat;
  /**
   * Keys are fetched again after this long (when `useCacheControl` is off, or the answer has no
   * `Cache-Control: max-age`).
   * @defaultValue 600000 (10 minutes)
   */
  cacheMaxAgeMs?: number;
  /**
   * Keep the keys as long as the answer's `Cache-Control: max-age` says (`no-store` and `no-cache`
   * count as 0), bounded by `minCacheAgeMs` and `maxCacheAgeMs`.
   * @defaultValue false
   */
  useCacheControl?: boolean;
  /**
   * With `useCacheControl`: keys are kept at least this long, whatever the header says.
   * @defaultValue 60000 (1 minute)
   */
  minCacheAgeMs?: number;
  /**
   * With `useCacheControl`: keys are kept at most this long, whatever the header says.
   * @defaultValue 86400000 (24 hours)
   */
  maxCacheAgeMs?: number;
  /**
   * An unknown `kid` triggers a new fetch at most this often.
   * @defaultValue 30000 (30 s)
   */
  cooldownMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BYTES = 64 * 1024;
const DEFAULT_CACHE_MAX_AGE_MS = 10 * 60 * 1000;
const DEFAULT_MIN_CACHE_AGE_MS = 60 * 1000;
const DEFAULT_MAX_CACHE_AGE_MS = 24 * 60 * 60 * 1000;
const DEFAULT_COOLDOWN_MS = 30 * 1000;

/**
 * A key set published at an https URL (an identity provider's `jwks_uri`, or a map of certificates),
 * fetched on first use, cached, and fetched again when a token names a `kid` the cached set lacks (no
 * more than once per cooldown, so forged kids cannot make the verifier hammer the provider).
 * Verification itself stays synchronous: this only supplies the key set.
 *
 * @example
 * const remote = createRemoteKeySet("https://example.eu.auth0.com/.well-known/jwks.json");
 * const { payload } = await remote.verify(token, { issuer: "https://example.eu.auth0.com/" });
 */
export class RemoteKeySet {
  readonly url: string;
  readonly format: KeySetFormat;
  readonly #options: RemoteKeySetOptions;
  readonly #clock: Clock;
  readonly #keys: CachedDocument<JwtKeySet>;

  constructor(url: string, options: RemoteKeySetOptions = {}) {
    checkUrl(url);
    this.url = url;
    this.#options = { ...options };
    if (options.clock !== undefined && typeof options.clock !== "function") {
      throw invalidOption(
        "clock",
        "type",
        "must be a function returning milliseconds since 1970, such as Date.now",
      );
    }
    if (options.format !== undefined && !KEY_SET_FORMATS.includes(options.format)) {
      throw invalidOption("format", "invalid", `must be one of ${KEY_SET_FORMATS.join(", ")}`);
    }
    for (const name of ["cacheMaxAgeMs", "minCacheAgeMs", "maxCacheAgeMs", "cooldownMs"] as const) {
      const value = options[name];
      if (value !== undefined && !(typeof value === "number" && value >= 0 && !Number.isNaN(value))) {
        throw invalidOption(name, "invalid", "must be a number of milliseconds, 0 or more");
      }
    }
    this.format = options.format ?? "jwks";
    this.#clock = options.clock ?? systemClock;
    this.#keys = new CachedDocument({
      clock: this.#clock,
      fetch: async () => {
        const { keySet, maxAgeMs } = await fetchKeyDocument(this.url, this.format, this.#options);
        return { value: keySet, maxAgeMs };
      },
      freshFor: (maxAgeMs) => this.#freshness(maxAgeMs),
      longestMs: options.maxCacheAgeMs ?? DEFAULT_MAX_CACHE_AGE_MS,
    });
  }

  /**
   * The key set, fetched when missing or stale, or when `kid` is unknown and the cooldown since the
   * last attempt has passed. After a failed fetch no new one is tried before a back-off (1 s, doubling
   * with each failure in a row, at most 5 minutes), and the keys last fetched keep answering (for up to
   * `maxCacheAgeMs` after they were fetched), so that an outage of the provider neither stops known
   * keys from verifying nor lets forged kids make one request each.
   */
  async getKeySet(kid?: unknown): Promise<JwtKeySet> {
    const now = this.#clock();
    const usable = this.#keys.usable(now);
    const unknownKid =
      usable !== undefined && typeof kid === "string" && !usable.keys.some((key) => key.kid === kid);
    const cooldown = this.#options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    const wanted = !this.#keys.isFresh(now) || (unknownKid && now - this.#keys.attemptedAt >= cooldown);
    if (!wanted && usable !== undefined) return usable;
    return this.#keys.get(now);
  }

  /** Verifies a token with this key set: {@link verifyJwt} after fetching keys as needed. */
  async verify(token: string, options: VerifyJwtOptions = {}): Promise<VerifiedJwt> {
    const keySet = await this.getKeySet(decodeJwt(token, options).header.kid);
    return verifyJwt(token, keySet, options);
  }

  #freshness(maxAgeMs: number | undefined): number {
    const fallback = this.#options.cacheMaxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS;
    if (this.#options.useCacheControl !== true || maxAgeMs === undefined) return fallback;
    const min = this.#options.minCacheAgeMs ?? DEFAULT_MIN_CACHE_AGE_MS;
    const max = this.#options.maxCacheAgeMs ?? DEFAULT_MAX_CACHE_AGE_MS;
    return Math.min(Math.max(maxAgeMs, min), Math.max(min, max));
  }
}

/** A {@link RemoteKeySet} for this https URL. */
export function createRemoteKeySet(url: string, options: RemoteKeySetOptions = {}): RemoteKeySet {
  return new RemoteKeySet(url, options);
}

/** Fetches a JWKS over https with a time-out and a size cap; redirects are not followed. */
export async function fetchJwks(url: string, options: FetchJwksOptions = {}): Promise<Jwks> {
  const { text } = await httpsGet(checkUrl(url), getOptions("jwks", options));
  const jwks = parseJwks(text);
  if (jwks === undefined) throw fetchFailed(url, "jwks", 'did not return a JSON key set ({"keys": [...]}).');
  return jwks;
}

async function fetchKeyDocument(
  url: string,
  format: KeySetFormat,
  options: FetchJwksOptions,
): Promise<{ keySet: JwtKeySet; maxAgeMs: number | undefined }> {
  const { text, cacheControl } = await httpsGet(checkUrl(url), getOptions(format, options));
  let keySet: JwtKeySet;
  if (format === "jwks") {
    const jwks = parseJwks(text);
    if (jwks === undefined)
      throw fetchFailed(url, format, 'did not return a JSON key set ({"keys": [...]}).');
    keySet = importFetchedKeys(url, () => importKeySet(jwks));
  } else {
    const map = parseCertificateMap(text);
    if (map === undefined) {
      throw fetchFailed(
        url,
        format,
        'did not return a JSON map of certificates ({"<kid>": "-----BEGIN CERTIFICATE-----..."}).',
      );
    }
    keySet = importFetchedKeys(url, () => importCertificateMap(map));
  }
  return { keySet, maxAgeMs: cacheControlMaxAgeMs(cacheControl) };
}

function getOptions(format: KeySetFormat, options: FetchJwksOptions) {
  const jwks = format === "jwks";
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    ca: options.ca,
    accept: jwks ? "application/jwk-set+json, application/json" : "application/json",
    where: jwks ? "The JWKS URL" : "The certificates URL",
    what: jwks ? "a key set" : "a certificate map",
  };
}

function checkUrl(url: unknown): URL {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new JwtError("ERR_JWKS_FETCH_FAILED", "The JWKS URL is not a valid URL.");
  }
  if (parsed.protocol !== "https:") {
    throw new JwtError(
      "ERR_JWKS_FETCH_FAILED",
      `The JWKS URL must use https (got ${parsed.protocol.replace(":", "")}): keys fetched in clear text could be replaced.`,
    );
  }
  return parsed;
}

function fetchFailed(url: string, format: KeySetFormat, message: string): JwtError {
  const { where } = getOptions(format, {});
  return new JwtError("ERR_JWKS_FETCH_FAILED", `${where} (${new URL(url).host}) ${message}`);
}

function parseJwks(text: string): Jwks | undefined {
  const value = parseJson(text);
  const keys = value !== null && typeof value === "object" ? (value as { keys?: unknown }).keys : undefined;
  return Array.isArray(keys) ? (value as Jwks) : undefined;
}

function parseCertificateMap(text: string): Map<string, string> | undefined {
  const value = parseJson(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const map = new Map<string, string>();
  for (const [kid, pem] of Object.entries(value)) {
    if (typeof pem !== "string" || !pem.includes("-----BEGIN CERTIFICATE-----")) return undefined;
    map.set(kid, pem);
  }
  return map.size > 0 ? map : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function importCertificateMap(map: ReadonlyMap<string, string>): JwtKeySet {
  const keys: JwtKey[] = [];
  for (const [kid, pem] of map) keys.push(importKey(pem, { kid }));
  return new JwtKeySet(keys);
}

function importFetchedKeys(url: string, read: () => JwtKeySet): JwtKeySet {
  try {
    return read();
  } catch (error) {
    const why = error instanceof JwtError ? ` ${error.message}` : "";
    throw new JwtError("ERR_JWKS_FETCH_FAILED", `The key set at ${new URL(url).host} is not usable.${why}`);
  }
}
