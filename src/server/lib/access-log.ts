import {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from "fastify";

/**
 * The access log: one line per answered request, `{reqId, method, path, statusCode, ms}`, "request done".
 * The path only: a query string may carry a token.
 *
 * Written by Fastify's own log controller, where it already decides what to log when a request ends,
 * instead of an onResponse hook (a hook is one more step of Fastify's hook runner on every request).
 * The line goes through the root logger with the request id as a field: the same line a per-request
 * child logger would write, without building that child.
 */
export class AccessLogController extends LogController {
  constructor() {
    // Fastify's own request lines (incoming, completed, errors) are off: this line replaces them, and the
    // error handler (plugins/error-mapping.ts) logs refusals and failures itself.
    super({ disableRequestLogging: true });
  }

  override requestCompleted(
    _error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const url = request.url;
    const query = url.indexOf("?");
    reply.server.log.info(
      {
        reqId: request.id,
        method: request.method,
        path: query === -1 ? url : url.slice(0, query),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request done",
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
