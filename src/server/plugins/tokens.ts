import type { FastifyPluginCallback } from "fastify";
import fp from "fastify-plugin";
import type { Clock } from "../../jwt/index.js";
import type { ServiceConfig } from "../config.js";
import {
  checkToken,
  checkTokenNotRevoked,
  type IssuedToken,
  issueToken,
  type Verification,
} from "../lib/token-service.js";

/** Signing and verifying with the service's keys, clock and revocation list, as routes need them. */
export interface TokenService {
  /** Signs `claims` (with a random `jti`) for the configured lifetime (at most `maxMinutes`). */
  issue(claims: Record<string, unknown>, maxMinutes?: number): IssuedToken;
  /**
   * Verifies a token and asks the revocation list; a refusal is an answer, never a thrown error. Throws or
   * rejects with a StoreError when the list cannot answer (the caller answers 503: fail closed). A promise
   * only when the list is elsewhere (Redis); in memory the answer comes at once.
   */
  check(token: string): Verification | Promise<Verification>;
  /** Verifies signature, dates and claims only, without the revocation list (for revoke_token). */
  verify(token: string): Verification;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The frozen config the app was built with. */
    serviceConfig: ServiceConfig;
    tokens: TokenService;
    /** The app's clock (milliseconds since 1970); tests freeze it. */
    clock: Clock;
  }
}

export interface TokensOptions {
  config: ServiceConfig;
  clock: Clock;
}

const tokens: FastifyPluginCallback<TokensOptions> = (app, { config, clock }, done) => {
  const service: TokenService = Object.freeze({
    issue: (claims: Record<string, unknown>, maxMinutes?: number) =>
      issueToken(config, claims, clock, maxMinutes),
    check: (token: string) => checkTokenNotRevoked(config, token, clock, app.revocations),
    verify: (token: string) => checkToken(config, token, clock),
  });
  app.decorate("serviceConfig", config);
  app.decorate("tokens", service);
  app.decorate("clock", clock);
  done();
};

/** Decorates the app with `serviceConfig`, `tokens` (the keys stay inside) and `clock`. */
export default fp(tokens, {
  name: "bubble-jwt-tokens",
  fastify: "5.x",
  dependencies: ["bubble-jwt-stores"],
});
