import type { FastifyPluginCallback } from "fastify";
import fp from "fastify-plugin";

/**
 * Headers every answer carries, and the only place `Cache-Control: no-store` is set: tokens and
 * claims must never sit in a cache. A route that serves something cacheable (the JWKS, the page's
 * files) overrides Cache-Control itself; the test page widens the CSP to its own script and style.
 */
export const SECURITY_HEADERS = Object.freeze({
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cache-control": "no-store",
});

const securityHeaders: FastifyPluginCallback = (app, _options, done) => {
  app.addHook("onRequest", (_request, reply, hookDone) => {
    reply.headers(SECURITY_HEADERS);
    hookDone();
  });
  done();
};

/** Adds {@link SECURITY_HEADERS} to every answer of the app (not only of this plugin's routes). */
export default fp(securityHeaders, { name: "bubble-jwt-security-headers", fastify: "5.x" });
