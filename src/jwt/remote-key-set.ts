import { request } from "node:https";
import { type Clock, type ClockOptions, systemClock } from "./clock.js";
import { decodeJwt } from "./decode.js";
import { JwtError } from "./errors.js";
import { importKeySet, type JwtKeySet } from "./key-set.js";
import type { Jwks } from "./lib/jwk.js";
import { invalidOption } from "./lib/option-error.js";
import { type VerifiedJwt, type VerifyJwtOptions, verifyJwt } from "./verify.js";

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
   * Keys are fetched again after this long.
   * @defaultValue 600000 (10 minutes)
   */
  cacheMaxAgeMs?: number;
  /**
   * An unknown `kid` triggers a new fetch at most this often.
   * @defaultValue 30000 (30 s)
   */
  cooldownMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BYTES = 64 * 1024;
const DEFAULT_CACHE_MAX_AGE_MS = 10 * 60 * 1000;
const DEFAULT_COOLDOWN_MS = 30 * 1000;

/**
 * A JWKS published at an https URL (an identity provider's `jwks_uri`), fetched on first use,
 * cached, and fetched again when a token names a `kid` the cached set lacks (no more than once per
 * cooldown, so forged kids cannot make the verifier hammer the provider). Verification itself stays
 * synchronous: this only supplies the key set.
 *
 * @example
 * const remote = createRemoteKeySet("https://example.eu.auth0.com/.well-known/jwks.json");
 * const { payload } = await remote.verify(token, { issuer: "https://example.eu.auth0.com/" });
 */
export class RemoteKeySet {
  readonly url: string;
  readonly #options: RemoteKeySetOptions;
  readonly #clock: Clock;
  #keySet: JwtKeySet | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #pending: Promise<JwtKeySet> | undefined;

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
    this.#clock = options.clock ?? systemClock;
  }

  /** The key set, fetched when missing or stale, or when `kid` is unknown and the cooldown has passed. */
  async getKeySet(kid?: unknown): Promise<JwtKeySet> {
    const age = this.#clock() - this.#fetchedAt;
    const maxAge = this.#options.cacheMaxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS;
    if (this.#keySet === undefined || age >= maxAge) return this.#refresh();
    const unknownKid = typeof kid === "string" && !this.#keySet.keys.some((key) => key.kid === kid);
    if (unknownKid && age >= (this.#options.cooldownMs ?? DEFAULT_COOLDOWN_MS)) return this.#refresh();
    return this.#keySet;
  }

  /** Verifies a token with this key set: {@link verifyJwt} after fetching keys as needed. */
  async verify(token: string, options: VerifyJwtOptions = {}): Promise<VerifiedJwt> {
    const keySet = await this.getKeySet(decodeJwt(token, options).header.kid);
    return verifyJwt(token, keySet, options);
  }

  #refresh(): Promise<JwtKeySet> {
    // Concurrent callers share one request.
    this.#pending ??= fetchJwks(this.url, this.#options)
      .then((jwks) => {
        const keySet = importFetchedKeys(jwks, this.url);
        this.#keySet = keySet;
        this.#fetchedAt = this.#clock();
        return keySet;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }
}

/** A {@link RemoteKeySet} for this https URL. */
export function createRemoteKeySet(url: string, options: RemoteKeySetOptions = {}): RemoteKeySet {
  return new RemoteKeySet(url, options);
}

/** Fetches a JWKS over https with a time-out and a size cap; redirects are not followed. */
export async function fetchJwks(url: string, options: FetchJwksOptions = {}): Promise<Jwks> {
  const target = checkUrl(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const where = `The JWKS URL (${target.host})`;
  return new Promise<Jwks>((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      req.destroy();
      reject(new JwtError("ERR_JWKS_FETCH_FAILED", `${where} ${message}`));
    };
    const req = request(target, {
      method: "GET",
      headers: { accept: "application/jwk-set+json, application/json" },
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    const timer = setTimeout(() => fail(`did not answer within ${timeoutMs} ms.`), timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => {
      fail(`cannot be reached (${error.code ?? "network error"}). Check the address and that it is public.`);
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        const redirect =
          status >= 300 && status < 400 ? " (redirects are not followed: use the final URL)" : "";
        res.resume();
        fail(`answered HTTP ${status}${redirect}; expected 200 with a JSON key set.`);
        return;
      }
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > maxBytes) {
        fail(`sent ${declared} bytes; a key set is refused above ${maxBytes} bytes.`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(`sent more than ${maxBytes} bytes; a key set is refused above that.`);
        else chunks.push(chunk);
      });
      res.on("error", () => fail("broke off while sending the key set."));
      res.on("end", () => {
        clearTimeout(timer);
        if (size > maxBytes) return;
        const jwks = parseJwks(Buffer.concat(chunks).toString("utf8"));
        if (jwks === undefined) fail('did not return a JSON key set ({"keys": [...]}).');
        else resolve(jwks);
      });
    });
    req.end();
  });
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

function parseJwks(text: string): Jwks | undefined {
  try {
    const value: unknown = JSON.parse(text);
    const keys = value !== null && typeof value === "object" ? (value as { keys?: unknown }).keys : undefined;
    return Array.isArray(keys) ? (value as Jwks) : undefined;
  } catch {
    return undefined;
  }
}

function importFetchedKeys(jwks: Jwks, url: string): JwtKeySet {
  try {
    return importKeySet(jwks);
  } catch (error) {
    const why = error instanceof JwtError ? ` ${error.message}` : "";
    throw new JwtError("ERR_JWKS_FETCH_FAILED", `The key set at ${new URL(url).host} is not usable.${why}`);
  }
}
