import { Redis, type RedisOptions } from "ioredis";

/** Timeouts and backoff of the service's Redis connection, all in milliseconds. */
export const REDIS_DEFAULTS = Object.freeze({
  /** How long one connection attempt may take. */
  connectTimeoutMs: 1000,
  /** How long one command may wait for its answer before rejecting. */
  commandTimeoutMs: 500,
  /** Longest pause between reconnection attempts (they never stop). */
  maxReconnectDelayMs: 1000,
});

export interface RedisClientOptions {
  /** The variable the URL came from, named in every error about it. Default `REDIS_URL`. */
  variable?: string | undefined;
  connectTimeoutMs?: number | undefined;
  commandTimeoutMs?: number | undefined;
  maxReconnectDelayMs?: number | undefined;
  /** `CLIENT SETNAME` of the connection, to find it in `CLIENT LIST`. Default `bubble-jwt`. */
  connectionName?: string | undefined;
  /**
   * Told when the connection becomes ready or is lost, once per change (not once per retry), with a
   * message that never holds the password: the app logs it.
   */
  onStatus?: ((event: RedisStatusEvent) => void) | undefined;
}

export interface RedisStatusEvent {
  readonly status: "ready" | "down";
  /** Where Redis is, password masked: `redis://user:***@host:6379/0`. */
  readonly url: string;
  /** Why it is down (the client's last error), when known. */
  readonly reason?: string | undefined;
}

/** A `redis://` or `rediss://` URL, read and checked. */
export interface RedisEndpoint {
  readonly tls: boolean;
  readonly host: string;
  readonly port: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly db: number;
  /** The URL with the password masked, safe to log. */
  readonly display: string;
}

/**
 * Reads a Redis URL: `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. Throws a
 * `TypeError` naming `variable` and saying what to write; the message never holds the value, which may
 * carry a password.
 *
 * @example
 * parseRedisUrl("redis://:s3cret@cache.internal:6380/2").display; // "redis://:***@cache.internal:6380/2"
 */
export function parseRedisUrl(text: string, variable = "REDIS_URL"): RedisEndpoint {
  const example = "e.g. redis://127.0.0.1:6379, redis://:password@host:6379/0, or rediss://host:6380 for TLS";
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TypeError(`${variable} is not a URL (value not shown: it may hold a password); ${example}.`);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new TypeError(
      `${variable} must start with redis:// or rediss://, not ${url.protocol}//; ${example}.`,
    );
  }
  if (url.hostname === "") throw new TypeError(`${variable} has no host; ${example}.`);
  if (url.search !== "" || url.hash !== "") {
    throw new TypeError(`${variable} must not have a query string or a fragment; ${example}.`);
  }
  const dbText = url.pathname.replace(/^\//, "");
  if (dbText !== "" && !/^\d{1,2}$/.test(dbText)) {
    throw new TypeError(`${variable} names database "${dbText.slice(0, 20)}"; write a number such as /0.`);
  }
  const tls = url.protocol === "rediss:";
  const port = url.port === "" ? 6379 : Number(url.port);
  const username = url.username === "" ? undefined : decodeURIComponent(url.username);
  const password = url.password === "" ? undefined : decodeURIComponent(url.password);
  const auth =
    password !== undefined ? `${url.username}:***@` : username !== undefined ? `${url.username}@` : "";
  const db = dbText === "" ? 0 : Number(dbText);
  return Object.freeze({
    tls,
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port,
    username,
    password,
    db,
    display: `${url.protocol}//${auth}${url.host}/${db}`,
  });
}

/**
 * Opens the service's connection to Redis. Made for a service that must never hang on Redis:
 * - while disconnected, commands reject at once (no offline queue), and a command in flight rejects
 *   after `commandTimeoutMs`; a connection attempt gives up after `connectTimeoutMs`;
 * - reconnection never stops (pauses of at most `maxReconnectDelayMs`), so the same client works again
 *   when Redis returns;
 * - errors go to `onStatus` once per change instead of ioredis's default console output.
 *
 * The client starts connecting at once; `waitForRedis` says when it is ready. One client per process can
 * serve the revocation store and `@fastify/rate-limit` (its `redis` option); close it with `quit()`.
 *
 * @param url - `redis://` or `rediss://` URL (see {@link parseRedisUrl}); a wrong one throws a `TypeError`
 *   naming `options.variable`
 * @example
 * const client = createRedisClient(process.env.REDIS_URL ?? "", { onStatus: (e) => log.warn(e) });
 * await waitForRedis(client, 1000);
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const endpoint = parseRedisUrl(url, options.variable);
  const connectTimeout = checkMs(
    options.connectTimeoutMs,
    "connectTimeoutMs",
    REDIS_DEFAULTS.connectTimeoutMs,
  );
  const commandTimeout = checkMs(
    options.commandTimeoutMs,
    "commandTimeoutMs",
    REDIS_DEFAULTS.commandTimeoutMs,
  );
  const maxDelay = checkMs(
    options.maxReconnectDelayMs,
    "maxReconnectDelayMs",
    REDIS_DEFAULTS.maxReconnectDelayMs,
  );
  const redisOptions: RedisOptions = {
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.username,
    password: endpoint.password,
    db: endpoint.db,
    ...(endpoint.tls ? { tls: { servername: endpoint.host } } : {}),
    connectionName: options.connectionName ?? "bubble-jwt",
    connectTimeout,
    commandTimeout,
    enableOfflineQueue: false,
    // A command cut off by a lost connection rejects at once instead of waiting for a reconnection.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // Commands issued in the same event-loop turn (concurrent requests) leave in one write, and their
    // answers come back in one read: under load, one system call for many requests instead of one each.
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
  };
  const client = new Redis(redisOptions);
  watchStatus(client, endpoint.display, options.onStatus);
  return client;
}

/**
 * Resolves true once `client` is ready, false when `timeoutMs` passes first; never rejects, and leaves
 * the client reconnecting either way. At start-up: a service may start while Redis is down (verification
 * answers 503 until it returns), but should not turn requests away in the first milliseconds.
 *
 * @example
 * if (!(await waitForRedis(client, 1000))) log.warn("Redis is not reachable yet");
 */
export function waitForRedis(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === "ready") return Promise.resolve(true);
  if (client.status === "end") return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("end", onEnd);
      resolve(ready);
    };
    const onReady = () => done(true);
    const onEnd = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on("ready", onReady);
    client.on("end", onEnd);
  });
}

function watchStatus(client: Redis, display: string, onStatus: RedisClientOptions["onStatus"]): void {
  let last: "ready" | "down" | undefined;
  let reason: string | undefined;
  const report = (status: "ready" | "down") => {
    if (status === last) return;
    last = status;
    onStatus?.(
      status === "down" && reason !== undefined ? { status, url: display, reason } : { status, url: display },
    );
  };
  // Without an "error" listener ioredis prints every failed attempt to the console.
  client.on("error", (error: Error) => {
    reason = redactReason(error.message);
  });
  client.on("ready", () => {
    reason = undefined;
    report("ready");
  });
  client.on("close", () => report("down"));
}

/** Errors from the socket name host and port only; anything shaped like credentials is cut anyway. */
function redactReason(message: string): string {
  return message.replace(/\/\/[^@/\s]*@/g, "//***@").slice(0, 200);
}

function checkMs(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > 60_000) {
    throw new TypeError(`${name} must be a whole number of milliseconds from 1 to 60000; got ${value}.`);
  }
  return value;
}
