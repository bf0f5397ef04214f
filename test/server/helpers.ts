import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { fixedClock } from "../../src/jwt/index.js";
import { type BuildAppOptions, buildApp } from "../../src/server/app.js";
import type { ServiceConfig } from "../../src/server/config.js";
import { loadConfig } from "../../src/server/load-config.js";

export const SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
export const PREVIOUS_SECRET = "previous-secret-0123456789-abcdefghijklmnopqrstuv";
export const ADMIN_TOKEN = "admin-token-0123456789-abcdefghijklmnopqrstuvwxyz";
export const NOW = new Date("2026-01-15T12:00:00Z");

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "bubble-jwt-server-"));
}

/** A config as production would have it, plus the given variables. */
export function makeConfig(env: Record<string, string> = {}): ServiceConfig {
  return loadConfig(
    { NODE_ENV: "test", JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN, LOG_LEVEL: "silent", ...env },
    { dataDir: tempDir() },
  );
}

export interface TestApp {
  app: FastifyInstance;
  config: ServiceConfig;
  lines: string[];
}

/** The app on a frozen clock, with its log lines captured. */
export async function makeApp(env: Record<string, string> = {}, now: Date = NOW): Promise<TestApp> {
  return appOn(makeConfig(env), now);
}

/** The app with its log lines captured and the given options (a clock that moves, a store, ...). */
export async function makeAppWith(env: Record<string, string>, options: BuildAppOptions): Promise<TestApp> {
  const config = makeConfig(env);
  const lines: string[] = [];
  const app = await buildApp(config, {
    clock: fixedClock(NOW),
    ...options,
    logStream: { write: (line: string) => lines.push(line) },
  });
  return { app, config, lines };
}

/** A clock the test moves: `clock.set(ms)`, `clock.advance(ms)`. */
export function movableClock(start: Date = NOW): (() => number) & {
  set(ms: number): void;
  advance(ms: number): void;
} {
  let now = start.getTime();
  return Object.assign(() => now, {
    set: (ms: number) => {
      now = ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  });
}

/** The app as `npm start` runs it with nothing configured: generated development keys in a temp `.data`. */
export async function makeDevApp(env: Record<string, string> = {}, now: Date = NOW): Promise<TestApp> {
  return appOn(
    loadConfig({ NODE_ENV: "development", LOG_LEVEL: "silent", ...env }, { dataDir: tempDir() }),
    now,
  );
}

async function appOn(config: ServiceConfig, now: Date): Promise<TestApp> {
  const lines: string[] = [];
  const app = await buildApp(config, {
    clock: fixedClock(now),
    logStream: { write: (line: string) => lines.push(line) },
  });
  return { app, config, lines };
}

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Makes a token through generate_token. */
export async function generateToken(
  app: FastifyInstance,
  parameters: Record<string, unknown> = { user_id: "u1", email: "u1@example.com" },
): Promise<string> {
  const response = await app.inject({
    method: "POST",
    url: "/api/1.1/wf/generate_token",
    headers: adminHeaders,
    payload: parameters,
  });
  if (response.statusCode !== 200)
    throw new Error(`generate_token answered ${response.statusCode}: ${response.body}`);
  return response.json().response.token as string;
}

export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[index] as string, "base64url").toString("utf8"));
}
