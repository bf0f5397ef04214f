import cluster, { type Worker } from "node:cluster";
import type { AddressInfo } from "node:net";
import { relative } from "node:path";
import { buildApp } from "./app.js";
import type { ServiceConfig } from "./config.js";
import { type LoadConfigOptions, loadConfig } from "./load-config.js";

/** A running service: where it listens, and how to stop it (requests in flight finish first). */
export interface RunningService {
  url: string;
  close(): Promise<void>;
}

/** How long a graceful shutdown may take before the process gives up waiting. */
const SHUTDOWN_GRACE_MS = 10_000;
const LISTENING = "bubble-jwt:listening";

/**
 * Starts the token service from environment variables (see docs/server.md): checks the config, then
 * listens on HOST:PORT, or with WORKERS=N forks N processes sharing the port (node:cluster). SIGTERM and
 * SIGINT close it gracefully. Throws a ConfigError, naming every wrong variable, when it cannot start.
 * `options.dataDir` moves the development keys out of `<cwd>/.data` (tests).
 *
 * @example
 * const service = await startService({ ...process.env, PORT: "0" });
 * console.log(service.url);
 * await service.close();
 */
export async function startService(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions = {},
): Promise<RunningService> {
  const config = loadConfig(env, options);
  if (cluster.isPrimary && config.workers > 1) return startPrimary(config, env);
  const app = await buildApp(config);
  // A deep accept queue: a burst of new connections waits instead of being dropped and retried.
  await app.listen({ host: config.host, port: config.port, backlog: 4096 });
  const url = urlOf(config.host, (app.server.address() as AddressInfo).port);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      removeSignalHandlers();
      await app.close();
    })();
    return closing;
  };
  const removeSignalHandlers = onShutdownSignal(close);
  if (cluster.isWorker) {
    process.send?.({ type: LISTENING, url });
    // The primary went away: finish what is in flight and leave.
    process.once("disconnect", () => void close());
  } else {
    process.stdout.write(`${describeStart(config, url)}\n`);
  }
  return { url, close };
}

/** Runs `close` on SIGTERM or SIGINT, then exits; returns a function that removes the handlers. */
function onShutdownSignal(close: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    close().then(
      () => process.exit(signal === "SIGINT" ? 130 : 0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", handler);
  process.once("SIGINT", handler);
  return () => {
    process.removeListener("SIGTERM", handler);
    process.removeListener("SIGINT", handler);
  };
}

async function startPrimary(config: ServiceConfig, env: NodeJS.ProcessEnv): Promise<RunningService> {
  // Workers run main.js (main.ts under tsx) next to this file; the dev keys already exist, made above.
  const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  cluster.setupPrimary({
    exec: new URL(`./main${ext}`, import.meta.url).pathname,
    execArgv: process.execArgv.filter((arg) => !arg.startsWith("--test")),
  });
  const workerEnv = { ...env };
  let stopping = false;
  const workers = new Set<Worker>();
  const fork = () =>
    new Promise<string>((resolve, reject) => {
      const worker = cluster.fork(workerEnv);
      workers.add(worker);
      worker.on("message", (message: { type?: string; url?: string }) => {
        if (message?.type === LISTENING && typeof message.url === "string") resolve(message.url);
      });
      worker.once("exit", (code) => {
        workers.delete(worker);
        reject(new Error(`A worker exited (code ${code}) before listening.`));
        if (!stopping) setTimeout(() => void fork().catch(() => undefined), 1000).unref();
      });
    });
  const urls = await Promise.all(Array.from({ length: config.workers }, fork));
  const url = urls[0] as string;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopping = true;
      removeSignalHandlers();
      await Promise.all(
        [...workers].map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once("exit", () => resolve());
              worker.process.kill("SIGTERM");
            }),
        ),
      );
    })();
    return closing;
  };
  const removeSignalHandlers = onShutdownSignal(close);
  process.stdout.write(`${describeStart(config, url)} (${config.workers} workers)\n`);
  const perWorker = describePerWorker(config);
  if (perWorker !== undefined) process.stdout.write(`${perWorker}\n`);
  return { url, close };
}

function urlOf(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** The one start-up line: where the service is, the test page, and where development keys are. */
export function describeStart(config: ServiceConfig, url: string): string {
  const page = config.enableTestPage ? `test page ${url}/` : "test page off";
  const signing = `signing ${config.alg} kid ${config.signingKey.kid}`;
  const dev =
    config.devKeys === undefined
      ? ""
      : `; development keys in ${relative(process.cwd(), config.devKeys.secretFile) || config.devKeys.secretFile} ` +
        `and ${relative(process.cwd(), config.devKeys.adminTokenFile)} (mode 0600, never for production)`;
  const store =
    config.redis === undefined
      ? "rate limits and revocations in memory"
      : `rate limits and revocations in Redis ${config.redis.endpoint.display} (keys ${config.redis.keyPrefix}*)`;
  return `bubble-jwt service listening on ${url}; ${page}; ${signing}; ${store}${dev}`;
}

/** The warning for several workers without Redis: each counts and remembers alone. */
export function describePerWorker(config: ServiceConfig): string | undefined {
  if (config.workers <= 1 || config.redis !== undefined) return undefined;
  return (
    `warning: WORKERS=${config.workers} without REDIS_URL: limits and revocations are per worker ` +
    `(each of the ${config.workers} processes counts RATE_LIMIT_PER_MINUTE and keeps its own revocation list); ` +
    "set REDIS_URL to share them"
  );
}
