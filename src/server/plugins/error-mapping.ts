import type { FastifyInstance, FastifyPluginCallback, HTTPMethods } from "fastify";
import fp from "fastify-plugin";
import { describeError, ServiceError, storeUnavailableError } from "../errors.js";
import { errorBody } from "../lib/bubble-body.js";
import { isStoreError } from "../stores/errors.js";

/**
 * Installs the error handler (every thrown error becomes a Bubble-style body through
 * {@link describeError}) and the not-found handler, which answers 405 with `Allow` when the path
 * exists under another method (a GET on a POST-only workflow) and 404 otherwise.
 */
const errorMapping: FastifyPluginCallback = (app, _options, done) => {
  app.setErrorHandler((thrown, request, reply) => {
    // A store that cannot answer: logged with its cause (a warning, not a crash), answered 503.
    const error = isStoreError(thrown) ? storeUnavailableError(thrown.code) : thrown;
    const { statusCode, body } = describeError(error);
    if (statusCode === 503) {
      // One short line per refused request during an outage (no stack): the client's status changes
      // are logged once each by plugins/stores.ts.
      const reason = isStoreError(thrown) ? thrown.message : undefined;
      request.log.warn(
        { code: body.body.reason_code, statusCode, reason },
        "request refused: store unavailable",
      );
    } else if (statusCode >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ code: body.body.reason_code ?? body.body.status, statusCode }, "request refused");
    if (error instanceof ServiceError) {
      if (error.challenge !== undefined) reply.header("www-authenticate", error.challenge);
      if (error.allow !== undefined) reply.header("allow", error.allow);
      if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
    }
    return reply.code(statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const allowed = allowedMethods(app, path);
    // reply.send(error) goes through the error handler above, like a thrown error would.
    if (allowed.length > 0) return reply.send(methodNotAllowed(path, request.method, allowed));
    const workflow = workflowOf(path);
    const message =
      workflow === undefined
        ? `Not found: ${request.method} ${truncate(path)}`
        : `Workflow not found: ${truncate(workflow)} (this service has generate_token, verify_token, revoke_token, ` +
          "revoke_user and the provider operations listed at /openapi.json)";
    return reply.code(404).send(errorBody(404, "NOT_FOUND", message));
  });
  done();
};

export default fp(errorMapping, { name: "bubble-jwt-error-mapping", fastify: "5.x" });

const METHODS: readonly HTTPMethods[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** The methods some route of `app` answers on `path`; empty for a path no route has. */
function allowedMethods(app: FastifyInstance, path: string): HTTPMethods[] {
  const url = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return METHODS.filter((method) => app.hasRoute({ method, url }));
}

function methodNotAllowed(path: string, method: string, allowed: readonly HTTPMethods[]): ServiceError {
  const workflow = workflowOf(path);
  const uses = allowed.filter((one) => one !== "HEAD").join(" or ");
  const message =
    workflow === undefined
      ? `${truncate(path)} answers ${uses}, not ${truncate(method)}.`
      : `Workflow ${workflow} is called with ${uses}, not ${truncate(method)}: ` +
        "send its parameters as a JSON body, a form body or a query string.";
  return new ServiceError({
    statusCode: 405,
    status: "METHOD_NOT_ALLOWED",
    message,
    reasonCode: "ERR_METHOD_NOT_ALLOWED",
    allow: allowed.join(", "),
  });
}

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

function workflowOf(path: string): string | undefined {
  return /^\/(?:version-test\/)?api\/1\.1\/wf\/([^/]+)\/?$/.exec(path)?.[1];
}

function truncate(text: string): string {
  const safe = text.replace(/[^\x20-\x7e]/g, "?");
  return safe.length > 80 ? `${safe.slice(0, 80)}...` : safe;
}
