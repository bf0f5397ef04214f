import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import {
  type Algorithm,
  DEFAULT_EXPIRES_IN_MINUTES,
  DEFAULT_MAX_TOKEN_BYTES,
  isJwtError,
  type Jwks,
  type JwtKey,
  type JwtKeySet,
  parseAlgorithm,
  SECRET_ENCODINGS,
} from "../jwt/index.js";
import { parseEndpointOverrides } from "../recipes/endpoint-overrides.js";
import type { DevKeys } from "./dev-keys.js";
import { ConfigError } from "./errors.js";
import { EnvReader, problemLine } from "./lib/env-reader.js";
import { readKeys } from "./lib/service-keys.js";
import { serviceOperations } from "./lib/service-operations.js";
import { adminTokenProblem, MIN_ADMIN_TOKEN_LENGTH } from "./lib/strength.js";
import { parseRedisUrl, type RedisEndpoint } from "./stores/redis-client.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The values NODE_ENV may take; unset means development. Anything else stops the start. */
export const RUN_MODES = ["development", "production", "test"] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** The service's settings, read from the environment once at start-up, then frozen. */
export interface ServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly mode: RunMode;
  readonly production: boolean;
  /** The algorithm new tokens are signed with. */
  readonly alg: Algorithm;
  /** The current key: signs every new token (its `kid` goes in the header). */
  readonly signingKey: JwtKey;
  /** The current key and the previous one (rotation): verify only. */
  readonly verifyKeys: JwtKeySet;
  /** Public keys for /.well-known/jwks.json (empty when only HMAC is used). */
  readonly jwks: Jwks;
  /** Lifetime of new tokens, in whole minutes. */
  readonly expiresInMinutes: number;
  readonly issuer: string | undefined;
  readonly audience: readonly string[] | undefined;
  /** Bearer token for generate_token (Bubble's "admin only" workflows). */
  readonly adminApiToken: string | undefined;
  readonly allowAnonymousTokens: boolean;
  readonly corsOrigins: readonly string[];
  /** generate_token calls per client per minute; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  readonly trustProxy: boolean | number | string;
  readonly workers: number;
  readonly logLevel: LogLevel;
  readonly enableTestPage: boolean;
  /**
   * True only when the test page's token route may exist: the service signs with its generated
   * development keys (no secret, private key, previous key or admin token configured) on a loopback
   * listen address.
   */
  readonly testPageTokens: boolean;
  /** Longest token accepted anywhere (characters). */
  readonly maxTokenBytes: number;
  /** Seconds of clock difference allowed on exp/nbf between machines. */
  readonly clockToleranceSeconds: number;
  /** The development keys from `.data/`, when the key loader used them. */
  readonly devKeys: DevKeys | undefined;
  /**
   * The shared store (REDIS_URL): rate limits and revocations of every process and machine on it.
   * Undefined: both live in this process's memory.
   */
  readonly redis: RedisSettings | undefined;
  /**
   * Endpoint URLs of the operations by name (OPERATION_ENDPOINTS, e.g. `google.token=https://...`): a
   * proxy, a private deployment, tests. Only the configuration sets them, never a request.
   */
  readonly operationEndpoints: Readonly<Record<string, string>>;
  /** A certificate authority (PEM) the operations trust for their calls (OPERATION_CA_FILE). */
  readonly operationCa: string | undefined;
  /** How long an operation's call to a provider may take (OPERATION_TIMEOUT_MS); then 504. */
  readonly operationTimeoutMs: number;
  /**
   * The operations' secrets from the environment, by their fallback key (GHOST_ADMIN_API_KEY, ...): an
   * operation called without the secret uses this one. Never answered, never logged.
   */
  readonly operationSecrets: Readonly<Record<string, string>>;
  /** Every secret text the logs must never show (secrets, admin token, private key, Redis password). */
  readonly secretTexts: readonly string[];
}

/** REDIS_URL and its companions, checked. */
export interface RedisSettings {
  /** The URL as given (it may hold a password: never log it; `endpoint.display` is masked). */
  readonly url: string;
  readonly endpoint: RedisEndpoint;
  /** Prefix of every key the service writes (REDIS_KEY_PREFIX). */
  readonly keyPrefix: string;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
}

export { ConfigError } from "./errors.js";

export interface ReadConfigOptions {
  /** The development keys, loaded by {@link loadConfig} (src/server/load-config.ts) when needed. */
  devKeys?: DevKeys | undefined;
}

export const DEFAULTS = Object.freeze({
  host: "127.0.0.1",
  port: 3000,
  expiresInMinutes: DEFAULT_EXPIRES_IN_MINUTES,
  rateLimitPerMinute: 600,
  workers: 1,
  logLevel: "info" as LogLevel,
  maxTokenBytes: DEFAULT_MAX_TOKEN_BYTES,
  clockToleranceSeconds: 30,
  redisKeyPrefix: "bubble-jwt:",
  redisConnectTimeoutMs: 1000,
  redisCommandTimeoutMs: 500,
  /** The exchanges' own default (DEFAULT_TIMEOUT_MS). */
  operationTimeoutMs: 10_000,
});

const MAX_EXPIRATION_MINUTES = 525_600; // one year

/** The run mode NODE_ENV names, development when unset, undefined when it names none. */
export function runModeOf(env: NodeJS.ProcessEnv): RunMode | undefined {
  const raw = env.NODE_ENV?.trim() ?? "";
  if (raw === "") return "development";
  return (RUN_MODES as readonly string[]).includes(raw) ? (raw as RunMode) : undefined;
}

/** Which development keys a start needs: none in production or when the variables give them. */
export function devKeysNeeded(env: NodeJS.ProcessEnv): { secret: boolean; adminToken: boolean } {
  const mode = runModeOf(env);
  const development = mode !== undefined && mode !== "production";
  const hasKey = (env.JWT_SECRET ?? "").trim() !== "" || hasPrivateKeyText(env);
  return {
    secret: development && !hasKey,
    adminToken: development && (env.ADMIN_API_TOKEN ?? "").trim() === "",
  };
}

function hasPrivateKeyText(env: NodeJS.ProcessEnv): boolean {
  return (env.JWT_PRIVATE_KEY ?? "") !== "" || (env.JWT_PRIVATE_KEY_FILE ?? "") !== "";
}

/**
 * Reads and checks every variable the service uses, and nothing else: no file is written (the
 * development keys come in `options.devKeys`, from the key loader). Throws one {@link ConfigError}
 * listing all problems.
 */
export function readConfig(env: NodeJS.ProcessEnv, options: ReadConfigOptions = {}): ServiceConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);
  const mode = readRunMode(read, env);
  const production = mode === "production";
  const host = read.text("HOST") ?? DEFAULTS.host;
  const port = read.integer("PORT", { min: 0, max: 65_535, example: "3000" }) ?? DEFAULTS.port;
  const secretEncoding = read.oneOf("JWT_SECRET_ENCODING", SECRET_ENCODINGS, "text") ?? "text";
  const requestedAlg = readAlgorithm(read);
  const expiresInMinutes = read.integer("JWT_EXPIRATION_MINUTES", {
    min: 1,
    max: MAX_EXPIRATION_MINUTES,
    unit: "minutes",
    example: "60",
  });
  const issuer = read.text("JWT_ISSUER");
  const audience = read.list("JWT_AUDIENCE");
  const allowAnonymousTokens = read.flag("ALLOW_ANONYMOUS_TOKENS") ?? false;
  const corsOrigins = readOrigins(read);
  const rateLimitPerMinute = read.integer("RATE_LIMIT_PER_MINUTE", {
    min: 0,
    max: 1_000_000_000,
    example: "600",
  });
  const workers = readWorkers(read);
  const logLevel = read.oneOf("LOG_LEVEL", LOG_LEVELS, "info") ?? DEFAULTS.logLevel;
  const enableTestPage = read.flag("ENABLE_TEST_PAGE") ?? !production;
  const trustProxy = readTrustProxy(read);
  const redis = readRedis(read);
  const operationEndpoints = readOperationEndpoints(read);
  const operationCa = readOperationCa(read, problems);
  const operationSecrets = readOperationSecrets(read);
  const operationTimeoutMs =
    read.integer("OPERATION_TIMEOUT_MS", { min: 100, max: 60_000, unit: "milliseconds", example: "10000" }) ??
    DEFAULTS.operationTimeoutMs;

  const devKeys = production ? undefined : options.devKeys;
  const keys = readKeys(
    env,
    { production, secretEncoding, requestedAlg, devSecret: devKeys?.secret },
    problems,
  );
  const configuredAdmin = readAdminToken(read);
  const adminApiToken = configuredAdmin ?? devKeys?.adminToken;
  if (production && read.text("ADMIN_API_TOKEN") === undefined && !allowAnonymousTokens) {
    read.report(
      "ADMIN_API_TOKEN",
      undefined,
      "not set: in production generate_token needs it (callers send Authorization: Bearer <ADMIN_API_TOKEN>); " +
        `use at least ${MIN_ADMIN_TOKEN_LENGTH} random characters, or ALLOW_ANONYMOUS_TOKENS=1 for a closed network`,
      '"$(openssl rand -base64 32 | tr -d =)"',
    );
  }
  if (problems.length > 0 || keys === undefined) throw new ConfigError(problems);

  const testPageTokens =
    !production &&
    keys.signsWithDevSecret &&
    configuredAdmin === undefined &&
    read.text("JWT_SECRET_PREVIOUS") === undefined &&
    isLoopback(host);
  return Object.freeze({
    host,
    port,
    mode,
    production,
    alg: keys.signingKey.alg,
    signingKey: keys.signingKey,
    verifyKeys: keys.verifyKeys,
    jwks: keys.jwks,
    expiresInMinutes: expiresInMinutes ?? DEFAULTS.expiresInMinutes,
    issuer,
    audience: audience === undefined ? undefined : Object.freeze(audience),
    adminApiToken,
    allowAnonymousTokens,
    corsOrigins: Object.freeze(corsOrigins),
    rateLimitPerMinute: rateLimitPerMinute ?? DEFAULTS.rateLimitPerMinute,
    trustProxy,
    workers,
    logLevel,
    enableTestPage,
    testPageTokens,
    maxTokenBytes: DEFAULTS.maxTokenBytes,
    clockToleranceSeconds: DEFAULTS.clockToleranceSeconds,
    devKeys: keys.signsWithDevSecret || configuredAdmin === undefined ? devKeys : undefined,
    redis,
    operationEndpoints: Object.freeze(operationEndpoints),
    operationCa,
    operationTimeoutMs,
    operationSecrets: Object.freeze(operationSecrets),
    secretTexts: Object.freeze(
      [
        ...keys.secretTexts,
        adminApiToken,
        ...Object.values(operationSecrets),
        // The URL may carry a password: both the whole text and the password alone stay out of logs.
        ...(redis?.endpoint.password === undefined ? [] : [redis.url, redis.endpoint.password]),
      ].filter((text): text is string => typeof text === "string"),
    ),
  });
}

function readRunMode(read: EnvReader, env: NodeJS.ProcessEnv): RunMode {
  const mode = runModeOf(env);
  if (mode !== undefined) return mode;
  read.report(
    "NODE_ENV",
    env.NODE_ENV ?? "",
    `not one of ${RUN_MODES.join(", ")} (unset means development); a staging service runs as production`,
    "production",
  );
  // Read the rest as production would, so no development key or test page is used meanwhile.
  return "production";
}

function readAlgorithm(read: EnvReader): Algorithm | undefined {
  const raw = read.text("JWT_ALG");
  if (raw === undefined) return undefined;
  try {
    return parseAlgorithm(raw, "JWT_ALG");
  } catch (error) {
    if (!isJwtError(error)) throw error;
    read.report("JWT_ALG", raw, error.problem ?? error.message, "HS256");
    return undefined;
  }
}

function readAdminToken(read: EnvReader): string | undefined {
  const token = read.text("ADMIN_API_TOKEN");
  if (token === undefined) return undefined;
  const problem = adminTokenProblem(token);
  if (problem === undefined) return token;
  read.report("ADMIN_API_TOKEN", undefined, problem, '"$(openssl rand -base64 32 | tr -d =)"');
  return undefined;
}

function readOrigins(read: EnvReader): string[] {
  const origins = read.list("CORS_ORIGINS") ?? [];
  for (const origin of origins) {
    if (origin === "*") continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin) {
      read.report(
        "CORS_ORIGINS",
        origin,
        "not an origin: write scheme://host[:port] with no path or trailing slash",
        "https://myapp.bubbleapps.io",
      );
    }
  }
  return origins;
}

function readWorkers(read: EnvReader): number {
  if (read.text("WORKERS") === "auto") return availableParallelism();
  return (
    read.integer("WORKERS", { min: 1, max: 256, unit: "processes", example: "4 (or auto)" }) ??
    DEFAULTS.workers
  );
}

const REDIS_URL_EXAMPLE = "redis://:password@10.0.0.5:6379/0";

/** REDIS_URL (value never shown: it may hold a password), REDIS_KEY_PREFIX and the two timeouts. */
function readRedis(read: EnvReader): RedisSettings | undefined {
  const keyPrefix = read.text("REDIS_KEY_PREFIX") ?? DEFAULTS.redisKeyPrefix;
  if (keyPrefix.length > 128 || /\s/.test(keyPrefix)) {
    read.report("REDIS_KEY_PREFIX", keyPrefix, "at most 128 characters and no spaces", '"bubble-jwt:"');
  }
  const timeout = (name: string, fallback: number) =>
    read.integer(name, { min: 1, max: 60_000, unit: "milliseconds", example: String(fallback) }) ?? fallback;
  const connectTimeoutMs = timeout("REDIS_CONNECT_TIMEOUT_MS", DEFAULTS.redisConnectTimeoutMs);
  const commandTimeoutMs = timeout("REDIS_COMMAND_TIMEOUT_MS", DEFAULTS.redisCommandTimeoutMs);
  const url = read.text("REDIS_URL");
  if (url === undefined) return undefined;
  let endpoint: RedisEndpoint;
  try {
    endpoint = parseRedisUrl(url, "REDIS_URL");
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // The parser's message names the variable and never holds the value.
    const problem = error.message.replace(/^REDIS_URL /, "").replace(/; e\.g\. .*$/, "");
    read.report("REDIS_URL", undefined, problem, REDIS_URL_EXAMPLE);
    return undefined;
  }
  return Object.freeze({ url, endpoint, keyPrefix, connectTimeoutMs, commandTimeoutMs });
}

/** Every endpoint name an operation calls, with its default URL: the names OPERATION_ENDPOINTS may set. */
function operationEndpointTable(): Record<string, string> {
  return Object.assign({}, ...serviceOperations().map((operation) => operation.endpoints));
}

/**
 * OPERATION_ENDPOINTS: `NAME=URL` entries separated by commas or new lines, each name an endpoint of
 * an operation and each URL https. The value is never shown (a URL may carry a token in its query).
 */
function readOperationEndpoints(read: EnvReader): Record<string, string> {
  const raw = read.text("OPERATION_ENDPOINTS");
  if (raw === undefined) return {};
  try {
    return parseEndpointOverrides(raw.split(/[\n,]/), operationEndpointTable(), "OPERATION_ENDPOINTS");
  } catch (error) {
    if (!isJwtError(error)) throw error;
    read.report(
      "OPERATION_ENDPOINTS",
      undefined,
      `${error.problem ?? error.message}${error.fix === undefined ? "" : ` (${error.fix.replace(/\.$/, "")})`}`,
      "google.token=https://oauth-proxy.example.com/token",
    );
    return {};
  }
}

/** OPERATION_CA_FILE: a PEM file of certificate authorities the operations trust (a private PKI, a proxy). */
function readOperationCa(read: EnvReader, problems: string[]): string | undefined {
  const file = read.text("OPERATION_CA_FILE");
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? "unreadable";
    problems.push(
      problemLine("OPERATION_CA_FILE", file, `cannot be read (${why})`, "/etc/ssl/private-ca.pem"),
    );
    return undefined;
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    problems.push(
      problemLine(
        "OPERATION_CA_FILE",
        file,
        "holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
        "/etc/ssl/private-ca.pem",
      ),
    );
    return undefined;
  }
  return text;
}

/** The secrets the operations fall back to, read under their fallback keys (the plugin keys' names). */
function readOperationSecrets(read: EnvReader): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const operation of serviceOperations()) {
    for (const input of operation.inputs) {
      if (input.type !== "secret" || input.fallbackKey === undefined) continue;
      const value = read.text(input.fallbackKey);
      if (value !== undefined) secrets[input.fallbackKey] = value;
    }
  }
  return secrets;
}

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY beside addresses and CIDRs. */
const PROXY_RANGE_NAMES = ["loopback", "linklocal", "uniquelocal"];
const TRUST_PROXY_EXAMPLE = "1 (one proxy hop), or 10.0.0.0/8,127.0.0.1";

function readTrustProxy(read: EnvReader): boolean | number | string {
  const raw = read.text("TRUST_PROXY");
  if (raw === undefined || raw === "false") return false;
  if (raw === "true") return true;
  if (/^[0-9]/.test(raw) && !raw.includes(".") && !raw.includes(":")) {
    return (
      read.integer("TRUST_PROXY", { min: 0, max: 64, unit: "proxy hops", example: TRUST_PROXY_EXAMPLE }) ??
      false
    );
  }
  const bad = (read.list("TRUST_PROXY") ?? []).find((item) => !isProxyAddress(item));
  if (bad !== undefined) {
    read.report(
      "TRUST_PROXY",
      raw,
      `"${bad}" is not true, false, a number of hops, an IP address, a CIDR or one of ${PROXY_RANGE_NAMES.join(", ")}`,
      TRUST_PROXY_EXAMPLE,
    );
    return false;
  }
  return raw;
}

function isProxyAddress(item: string): boolean {
  if (PROXY_RANGE_NAMES.includes(item) || isIP(item) !== 0) return true;
  const [address = "", prefix, extra] = item.split("/");
  if (extra !== undefined || prefix === undefined || !/^[0-9]{1,3}$/.test(prefix)) return false;
  const version = isIP(address);
  return version !== 0 && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** A listen address only this machine reaches. */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return bare === "localhost" || bare === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
