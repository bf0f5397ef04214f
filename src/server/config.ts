import { availableParallelism } from "node:os";
import { join } from "node:path";
import {
  ALGORITHMS,
  type Algorithm,
  type Jwks,
  type JwtKey,
  type JwtKeySet,
  SECRET_ENCODINGS,
} from "../jwt/index.js";
import { type DevKeys, loadDevKeys } from "./dev-keys.js";
import { hasPrivateKey, KEY_HINT, nonEmpty, readKeys } from "./lib/service-keys.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The service's settings, read from the environment once at start-up, then frozen. */
export interface ServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly production: boolean;
  /** The algorithm new tokens are signed with. */
  readonly alg: Algorithm;
  /** The current key: signs every new token (its `kid` goes in the header). */
  readonly signingKey: JwtKey;
  /** The current key and the previous one (rotation): verify only. */
  readonly verifyKeys: JwtKeySet;
  /** Public keys for /.well-known/jwks.json (empty when only HMAC is used). */
  readonly jwks: Jwks;
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
  /** Longest token accepted anywhere (characters). */
  readonly maxTokenBytes: number;
  /** Seconds of clock difference allowed on exp/nbf between machines. */
  readonly clockToleranceSeconds: number;
  /** Where the keys came from: the environment, or the development files in `.data/`. */
  readonly devKeys: DevKeys | undefined;
  /** Every secret text the logs must never show (secrets, admin token, private key). */
  readonly secretTexts: readonly string[];
}

/** A start-up refusal: one line per variable that is wrong, each saying how to fix it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "ERR_CONFIG_INVALID";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`The service cannot start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.problems = problems;
  }
}

export interface ReadConfigOptions {
  /** Where development keys live (default `<cwd>/.data`). */
  dataDir?: string;
}

export const DEFAULTS = Object.freeze({
  host: "127.0.0.1",
  port: 3000,
  expiresInMinutes: 60,
  rateLimitPerMinute: 600,
  workers: 1,
  logLevel: "info" as LogLevel,
  maxTokenBytes: 8192,
  clockToleranceSeconds: 30,
});

const MAX_EXPIRATION_MINUTES = 525_600; // one year
const MIN_ADMIN_TOKEN_LENGTH = 32;

/**
 * Reads and checks every variable the service uses. Throws one {@link ConfigError} listing all problems.
 * In development with no key, creates (or reuses) a secret and an admin token in `.data/`.
 */
export function readConfig(env: NodeJS.ProcessEnv, options: ReadConfigOptions = {}): ServiceConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);
  const production = env.NODE_ENV === "production";
  const host = read.text("HOST") ?? DEFAULTS.host;
  const port = read.integer("PORT", 0, 65_535) ?? DEFAULTS.port;
  const secretEncoding = read.oneOf("JWT_SECRET_ENCODING", SECRET_ENCODINGS) ?? "text";
  const requestedAlg = read.oneOf("JWT_ALG", ALGORITHMS);
  const expiresInMinutes = read.number("JWT_EXPIRATION_MINUTES", 0, MAX_EXPIRATION_MINUTES);
  const issuer = read.text("JWT_ISSUER");
  const audience = read.list("JWT_AUDIENCE");
  const allowAnonymousTokens = read.flag("ALLOW_ANONYMOUS_TOKENS") ?? false;
  const corsOrigins = readOrigins(read, problems);
  const rateLimitPerMinute = read.integer("RATE_LIMIT_PER_MINUTE", 0, 1_000_000_000);
  const workers = readWorkers(read, problems);
  const logLevel = read.oneOf("LOG_LEVEL", LOG_LEVELS) ?? DEFAULTS.logLevel;
  const enableTestPage = read.flag("ENABLE_TEST_PAGE") ?? !production;
  const trustProxy = readTrustProxy(read);

  const needsDevKeys =
    !production && (env.JWT_SECRET === undefined || env.JWT_SECRET === "") && !hasPrivateKey(env);
  const needsDevAdmin = !production && (env.ADMIN_API_TOKEN ?? "") === "";
  const devKeys =
    needsDevKeys || needsDevAdmin ? loadDevKeys(options.dataDir ?? join(process.cwd(), ".data")) : undefined;

  const keys = readKeys(env, { production, secretEncoding, requestedAlg, devKeys, needsDevKeys }, problems);
  let adminApiToken = read.text("ADMIN_API_TOKEN");
  if (adminApiToken !== undefined && adminApiToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    problems.push(
      `ADMIN_API_TOKEN is ${adminApiToken.length} characters long; use at least ${MIN_ADMIN_TOKEN_LENGTH} random characters (${KEY_HINT}).`,
    );
  }
  if (adminApiToken === undefined) adminApiToken = devKeys?.adminToken;
  if (production && adminApiToken === undefined && !allowAnonymousTokens) {
    problems.push(
      "ADMIN_API_TOKEN is not set: in production generate_token needs it (callers send `Authorization: Bearer <ADMIN_API_TOKEN>`). " +
        `Set it to at least ${MIN_ADMIN_TOKEN_LENGTH} random characters.`,
    );
  }
  if (problems.length > 0 || keys === undefined) throw new ConfigError(problems);

  return Object.freeze({
    host,
    port,
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
    maxTokenBytes: DEFAULTS.maxTokenBytes,
    clockToleranceSeconds: DEFAULTS.clockToleranceSeconds,
    devKeys,
    secretTexts: Object.freeze(
      [keys.secretTexts, adminApiToken].flat().filter((text): text is string => typeof text === "string"),
    ),
  });
}

function readOrigins(read: EnvReader, problems: string[]): string[] {
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
      problems.push(
        `CORS_ORIGINS: "${origin}" is not an origin; write scheme://host[:port] with no path or trailing slash, ` +
          "e.g. https://myapp.bubbleapps.io",
      );
    }
  }
  return origins;
}

function readWorkers(read: EnvReader, problems: string[]): number {
  const raw = read.text("WORKERS");
  if (raw === undefined) return DEFAULTS.workers;
  if (raw === "auto") return availableParallelism();
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    problems.push(`WORKERS is "${raw}"; use a whole number from 1 to 256, or "auto" (one per CPU).`);
    return DEFAULTS.workers;
  }
  return workers;
}

function readTrustProxy(read: EnvReader): boolean | number | string {
  const raw = read.text("TRUST_PROXY");
  if (raw === undefined || raw === "0" || raw === "false") return false;
  if (raw === "true") return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

class EnvReader {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly problems: string[],
  ) {}

  text(name: string): string | undefined {
    const value = nonEmpty(this.env[name]?.trim());
    return value;
  }

  integer(name: string, min: number, max: number): number | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} is "${raw}"; use a whole number from ${min} to ${max}.`);
      return undefined;
    }
    return value;
  }

  number(name: string, exclusiveMin: number, max: number): number | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= exclusiveMin || value > max) {
      this.problems.push(
        `${name} is "${raw}"; use a number of minutes above ${exclusiveMin} and at most ${max}.`,
      );
      return undefined;
    }
    return value;
  }

  flag(name: string): boolean | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    if (raw === "1" || raw === "true") return true;
    if (raw === "0" || raw === "false") return false;
    this.problems.push(`${name} is "${raw}"; use 1 (on) or 0 (off).`);
    return undefined;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} is "${raw}"; use one of: ${allowed.join(", ")}.`);
    return undefined;
  }

  list(name: string): string[] | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const items = raw
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
    return items.length === 0 ? undefined : items;
  }
}
