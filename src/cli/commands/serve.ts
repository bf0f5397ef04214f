import { CliError, EXIT_OK, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import type { CommandSpec } from "../lib/command-spec.js";
import { checkPositionals, numberValue, stringValue } from "../lib/option-values.js";

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
  const { startService } = await import("../../server/start.js");
  try {
    return await startService(env);
  } catch (error) {
    // The service's configuration errors are expected: they say which variable to fix.
    if (error instanceof Error && error.name === "ConfigError") {
      throw new CliError("ERR_CONFIG_INVALID", error.message.trim());
    }
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new CliError("ERR_CONFIG_INVALID", `The port is already in use: ${(error as Error).message}`);
    }
    throw error;
  }
}

/** Runs the service until a signal stops it; the process stays alive while it listens. */
export async function runServe(options: ServeOptions, io: CliIo): Promise<number> {
  await startServe(options, io);
  return EXIT_OK;
}

export const serveCommand: CommandSpec<ServeOptions> = {
  name: "serve",
  summary: "Run the token service (the same as npm start), configured by environment variables.",
  usage: ["bubble-jwt serve [--port PORT] [--host HOST]"],
  details: [
    "Reads JWT_SECRET, JWT_ALG, ADMIN_API_TOKEN and the other variables in docs/server.md.",
    "With nothing configured outside production, it makes development keys in .data/ and says so.",
    "SIGTERM or Ctrl-C stop it gracefully: requests in flight finish.",
  ],
  options: {
    port: { type: "string", value: "PORT", description: "The port to listen on (sets PORT; default 3000)." },
    host: {
      type: "string",
      value: "HOST",
      description: "The address to listen on (sets HOST; default 127.0.0.1).",
    },
  },
  examples: [
    "bubble-jwt serve",
    "JWT_SECRET=... ADMIN_API_TOKEN=... NODE_ENV=production bubble-jwt serve --port 8080",
  ],
  toOptions(values, positionals) {
    checkPositionals(positionals, 0, "serve");
    const port = numberValue(values, "port");
    if (port !== undefined && (!Number.isInteger(port) || port > 65535)) {
      throw usageError(`--port must be a whole number from 0 to 65535, not ${port}.`);
    }
    return { port, host: stringValue(values, "host") };
  },
  run: runServe,
};
