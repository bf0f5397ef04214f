import type { FastifyPluginCallback } from "fastify";
import fp from "fastify-plugin";
import type { Clock } from "../../jwt/index.js";
import type { ServiceConfig } from "../config.js";
import { checkToken, type IssuedToken, issueToken, type Verification } from "../lib/token-service.js";

/** Signing and verifying with the service's keys and clock, as routes need them. */
export interface TokenService {
  /** Signs `claims` for the configured lifetime (at most `maxMinutes`). */
  issue(claims: Record<string, unknown>, maxMinutes?: number): IssuedToken;
  /** Verifies a token; a refusal is an answer, never a thrown error. */
  check(token: string): Verification;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The frozen config the app was built with. */
    serviceConfig: ServiceConfig;
    tokens: TokenService;
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
    check: (token: string) => checkToken(config, token, clock),
  });
  app.decorate("serviceConfig", config);
  app.decorate("tokens", service);
  done();
};

/** Decorates the app with `serviceConfig` and `tokens` (the keys and the clock stay inside). */
export default fp(tokens, { name: "bubble-jwt-tokens", fastify: "5.x" });
