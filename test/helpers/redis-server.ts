import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

/** A real redis-server on 127.0.0.1, no persistence, started by a test and stopped after. */
export interface TestRedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s), as an outage; resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was saved); resolves once it answers PING. */
  restart(): Promise<void>;
  /** Suspends the process (SIGSTOP): connections stay open, nothing answers, as a hung server. */
  freeze(): void;
  /** Resumes a frozen server (SIGCONT). */
  thaw(): void;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Starts `redis-server --save "" --appendonly no --port N --bind 127.0.0.1` on a free port and waits until
 * it answers PING. Fails with a clear message when redis-server is not installed (CI installs it:
 * `.ci/run`, or `apt-get install redis-server`): a store test never passes by skipping.
 */
export async function startRedisServer(options: { password?: string } = {}): Promise<TestRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-redis-"));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once("exit", removeDir);
  const extra = options.password === undefined ? [] : ["--requirepass", options.password];
  let child = await launch(port, dir, extra);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopChild(child),
    restart: async () => {
      await stopChild(child);
      child = await launch(port, dir, extra);
    },
    freeze: () => {
      child.kill("SIGSTOP");
    },
    thaw: () => {
      child.kill("SIGCONT");
    },
    close: async () => {
      child.kill("SIGCONT");
      await stopChild(child);
      removeDir();
      process.removeListener("exit", removeDir);
    },
  };
}

async function launch(port: number, dir: string, extra: readonly string[]): Promise<ChildProcess> {
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
    "--daemonize",
    "no",
    "--loglevel",
    "warning",
    ...extra,
  ];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"], env: withoutFakeClock() });
  // A test process that dies without its after() hooks must not leave a redis-server behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.removeListener("exit", killOnExit));
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, delay(50).then(() => undefined)]);
    if (failed !== undefined) {
      const missing = (failed as NodeJS.ErrnoException).code === "ENOENT";
      throw new Error(
        missing
          ? "redis-server is not installed, and the Redis store tests need a real one: " +
              "run `apt-get install -y redis-server` (.ci/run installs it on CI)."
          : `redis-server could not start: ${failed.message}`,
      );
    }
    if (child.exitCode !== null) {
      throw new Error(`redis-server exited with code ${child.exitCode} on port ${port}:\n${output}`);
    }
    if (await answersPing(port)) return child;
  }
  await stopChild(child);
  throw new Error(
    `redis-server did not answer PING on port ${port} within ${READY_TIMEOUT_MS} ms:\n${output}`,
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** One raw `PING` over a fresh socket: true when `+PONG` (or `-NOAUTH`) comes back within 500 ms. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), 500);
    let reply = "";
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    });
    socket.once("error", () => finish(false));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The environment for redis-server without libfaketime: CI runs the suites under a clock shifted 400
 * days ahead, and redis-server cannot start with libfaketime preloaded (its allocator calls
 * clock_gettime before libfaketime is ready). The service gives Redis relative lifetimes (EX seconds),
 * so Redis on the real clock keeps the same entries for the same time.
 */
function withoutFakeClock(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  const preload = (env.LD_PRELOAD ?? "")
    .split(/[:\s]+/)
    .filter((library) => library !== "" && !library.includes("faketime"));
  if (preload.length > 0) env.LD_PRELOAD = preload.join(":");
  else delete env.LD_PRELOAD;
  for (const name of Object.keys(env)) if (name.startsWith("FAKETIME")) delete env[name];
  return env;
}
