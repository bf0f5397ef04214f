import { hostname } from "node:os";
import {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from "fastify";

/** The levels at which `info` lines are written (LOG_LEVEL takes pino's six levels and "silent"). */
const WRITES_INFO: ReadonlySet<string> = new Set(["info", "debug", "trace"]);

/** Where log lines go: the logger's own destination (lib/redact.ts), so the line is redacted like any other. */
export interface LogDestination {
  write(line: string): unknown;
}

/** The fields of an access line, in the order they are written. */
export interface AccessFields {
  reqId: string;
  method: string;
  path: string;
  statusCode: number;
  ms: number;
}

/**
 * The access log: one line per answered request, `{reqId, method, path, statusCode, ms}`, "request done",
 * at `info`. The path only: a query string may carry a token.
 *
 * Written by Fastify's own log controller, where it already decides what to log when a request ends,
 * instead of an onResponse hook (one more step of Fastify's hook runner on every request). The line is the
 * one pino would write for `log.info(fields, "request done")` (a test holds them equal), put together
 * here because it is the only line every request writes: going through pino's general path cost about 5%
 * of generate_token's throughput in the service benchmark (docs/server.md). Every other line goes through pino.
 */
export class AccessLogController extends LogController {
  private readonly prefix: string;

  constructor(
    private readonly destination: LogDestination,
    base: { pid: number; hostname: string } = { pid: process.pid, hostname: hostname() },
  ) {
    // Fastify's own request lines (incoming, completed, errors) are off: this line replaces them, and the
    // error handler (plugins/error-mapping.ts) logs refusals and failures itself.
    super({ disableRequestLogging: true });
    this.prefix = `,"pid":${base.pid},"hostname":${JSON.stringify(base.hostname)},"reqId":`;
  }

  override requestCompleted(
    _error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (!WRITES_INFO.has(reply.server.log.level)) return;
    const url = request.url;
    const query = url.indexOf("?");
    this.destination.write(
      this.line(Date.now(), {
        reqId: request.id,
        method: request.method,
        path: query === -1 ? url : url.slice(0, query),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      }),
    );
  }

  /** The JSON line for `fields` at `time` (milliseconds), newline included. */
  line(time: number, fields: AccessFields): string {
    return (
      `{"level":30,"time":${time}${this.prefix}${JSON.stringify(fields.reqId)},` +
      `"method":${JSON.stringify(fields.method)},"path":${JSON.stringify(fields.path)},` +
      `"statusCode":${fields.statusCode},"ms":${fields.ms},"msg":"request done"}\n`
    );
  }
}

/**
 * Fastify gives every request its own child logger (bound to its id), built before the request runs,
 * though most requests only ever write the access line above. This factory hands out a stand-in that
 * builds the real child on first use: a request that logs something else (a refusal, an error) gets
 * exactly the child it would have had.
 */
export const lazyChildLogger: NonNullable<FastifyServerOptions["childLoggerFactory"]> = (
  logger,
  bindings,
  options,
) => new LazyRequestLogger(logger, bindings, options);

/** What a log method takes: an object or a message first, then a message and format arguments. */
type LogArguments = [obj: unknown, msg?: string, ...args: unknown[]];
type ChildArguments = Parameters<FastifyBaseLogger["child"]>;

/** Forwards every call to the child it builds on first use; its methods live on the prototype (no closures per request). */
class LazyRequestLogger implements FastifyBaseLogger {
  private built: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: ChildArguments[0],
    private readonly options: ChildArguments[1],
  ) {}

  private real(): FastifyBaseLogger {
    this.built ??= this.parent.child(this.bindings, this.options);
    return this.built;
  }

  get level(): string {
    return this.real().level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  fatal(...args: LogArguments): void {
    this.real().fatal(...args);
  }

  error(...args: LogArguments): void {
    this.real().error(...args);
  }

  warn(...args: LogArguments): void {
    this.real().warn(...args);
  }

  info(...args: LogArguments): void {
    this.real().info(...args);
  }

  debug(...args: LogArguments): void {
    this.real().debug(...args);
  }

  trace(...args: LogArguments): void {
    this.real().trace(...args);
  }

  silent(...args: LogArguments): void {
    this.real().silent(...args);
  }

  child(...args: ChildArguments): FastifyBaseLogger {
    return this.real().child(...args);
  }
}
