import { readFileSync } from "node:fs";
import { defineInputs } from "../../inputs/index.js";
import { CliError, EXIT_OK } from "../errors.js";
import type { CliIo } from "../io.js";
import { defineCommand } from "../lib/command-spec.js";
import { checkPositionals } from "../lib/option-values.js";

export interface ServeOptions {
  /** Overrides PORT (0 picks a free port). */
  port?: number | undefined;
  /** Overrides HOST. */
  host?: string | undefined;
}

/** The running service, as src/server/start.ts returns it. */
export interface ServeHandle {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the token service with the environment plus --port/--host. The service prints its own
 * start-up line and closes gracefully on SIGTERM/SIGINT. Fastify is loaded only here.
 */
export async function startServe(options: ServeOptions, io: CliIo): Promise<ServeHandle> {
  const env: NodeJS.ProcessEnv = { ...io.env };
  if (options.port !== undefined) env.PORT = String(options.port);
  if (options.host !== undefined) env.HOST = options.host;
  const { startService, ConfigError } = await loadService();
  try {
    return await startService(env);
  } catch (error) {
    // The service's configuration errors are expected: they say which variable to fix.
    if (error instanceof ConfigError) {
      throw new CliError("ERR_CONFIG_INVALID", error.message.trim());
    }
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new CliError("ERR_CONFIG_INVALID", `The port is already in use: ${(error as Error).message}`);
    }
    throw error;
  }
}

/**
 * The service's modules. Its packages (Fastify, its plugins, ioredis) are optional peer dependencies, so
 * that the engine and the recipes install nothing: when one is missing, say which command installs them.
 */
async function loadService() {
  try {
    const { startService } = await import("../../server/start.js");
    const { ConfigError } = await import("../../server/config.js");
    return { startService, ConfigError };
  } catch (error) {
    const missing = missingPackage(error);
    const packages = servicePackages();
    if (missing === undefined || !(missing in packages)) throw error;
    const install = Object.entries(packages).map(([name, range]) => `${name}@${range}`);
    throw new CliError(
      "ERR_SERVICE_NOT_INSTALLED",
      `The token service needs packages that are not installed here (${missing} is missing): ` +
        `${Object.keys(packages).join(", ")}. Install them beside bubble-jwt: npm install ${install.join(" ")}`,
    );
  }
}

/** The package an ERR_MODULE_NOT_FOUND names ("Cannot find package 'fastify' imported from ..."). */
function missingPackage(error: unknown): string | undefined {
  if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") return undefined;
  return /Cannot find package '([^']+)'/.exec((error as Error).message)?.[1];
}

/** The service's packages and their version ranges: package.json's peerDependencies, the one list. */
function servicePackages(): Record<string, string> {
  const text = readFileSync(new URL("../../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { peerDependencies?: Record<string, string> }).peerDependencies ?? {};
}

/** Runs the service until a signal stops it; the process stays alive while it listens. */
export async function runServe(options: ServeOptions, io: CliIo): Promise<number> {
  await startServe(options, io);
  return EXIT_OK;
}

export const SERVE_INPUTS = defineInputs([
  {
    name: "port",
    caption: "The port to listen on (sets PORT; default 3000)",
    type: "number",
    integer: true,
    min: 0,
    max: 65535,
    placeholder: "PORT",
    doc: "The port to listen on; sets `PORT` (default 3000; 0 picks a free port).",
  },
  {
    name: "host",
    caption: "The address to listen on (sets HOST; default 127.0.0.1)",
    type: "text",
    placeholder: "HOST",
    doc: "The address to listen on; sets `HOST` (default 127.0.0.1).",
  },
]);

export const serveCommand = defineCommand({
  name: "serve",
  summary: "Run the token service (the same as npm start), configured by environment variables.",
  usage: ["bubble-jwt serve [--port PORT] [--host HOST]"],
  details: [
    "Reads JWT_SECRET, JWT_ALG, ADMIN_API_TOKEN and the other variables in docs/server.md.",
    "With nothing configured outside production, it makes development keys in .data/ and says so.",
    "SIGTERM or Ctrl-C stop it gracefully: requests in flight finish.",
  ],
  inputs: SERVE_INPUTS,
  examples: [
    "bubble-jwt serve",
    "JWT_SECRET=... ADMIN_API_TOKEN=... NODE_ENV=production bubble-jwt serve --port 8080",
  ],
  toOptions(values, positionals): ServeOptions {
    checkPositionals(positionals, 0, "serve");
    return { port: values.port, host: values.host };
  },
  run: runServe,
});
