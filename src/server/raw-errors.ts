import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type BubbleErrorStatus, errorBody } from "./lib/bubble-body.js";
import { SECURITY_HEADERS } from "./plugins/security-headers.js";

/**
 * Failures that happen before Fastify has a route for the request, so its hooks and handlers never
 * see them. Both are given to Fastify at construction (`clientErrorHandler`, `frameworkErrors`).
 */

/** Answers malformed HTTP (a header of 100 KB, a broken request line) with a JSON body, then closes. */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed || !socket.writable) return;
  const [statusCode, status, message]: [number, BubbleErrorStatus, string] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "HEADERS_TOO_LARGE", "The request headers are too large: the limit is 16 KiB."]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "BAD_REQUEST", "The request took too long to arrive."]
        : [400, "BAD_REQUEST", "The request is not valid HTTP."];
  const body = JSON.stringify(errorBody(statusCode, status, message));
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const BAD_URL_BODY = errorBody(
  400,
  "BAD_REQUEST",
  "The request URL cannot be decoded: every % must start an escape of two hex digits (%2F).",
  "ERR_URL_MALFORMED",
);

/**
 * Fastify's framework errors (a URL that cannot be percent-decoded, a path parameter too long): the
 * service's own body, the security headers and a log line, instead of Fastify's default answer that
 * quotes the URL (and whatever secret its query string holds).
 */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.headers(SECURITY_HEADERS);
  const code = error.code === "FST_ERR_BAD_URL" ? "ERR_URL_MALFORMED" : error.code;
  request.log.info({ code, statusCode: 400, method: request.method }, "request refused");
  if (error.code === "FST_ERR_BAD_URL") {
    reply.code(400).send(BAD_URL_BODY);
    return;
  }
  reply.code(400).send(errorBody(400, "BAD_REQUEST", "The request cannot be routed.", code));
}
