// One real HTTPS server on 127.0.0.1 playing OpenID issuers: each issuer's
// /.well-known/openid-configuration (with Cache-Control) and the JWKS its jwks_uri names, requests
// counted by path; tests sign ID and access tokens with the engine on a frozen clock.
import type { ServerResponse } from "node:http";
import {
  encodeJws,
  type GeneratedKeyPair,
  generateKeyPair,
  type JwtHeader,
  type JwtPayload,
} from "../../../src/jwt/index.js";
import { startHttpsServer, type TestHttpsServer } from "../../helpers/https-server.js";

export const NOW = Date.parse("2026-12-01T10:00:00Z");
export const NOW_S = NOW / 1000;
export const CLIENT_ID = "my-app-client";
export const OTHER_CLIENT = "someone-elses-client";
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const CONSUMERS = "9188040d-6c67-4c5b-b112-36a304b66dad";

export const KEYS = {
  rsa: generateKeyPair("RS256"),
  ec: generateKeyPair("ES256"),
  ed: generateKeyPair("EdDSA"),
  stranger: generateKeyPair("RS256"),
};

/** What one path answers. */
export interface Route {
  status?: number;
  body: () => unknown;
  cacheControl?: string;
  /** Answers with this text instead of JSON. */
  raw?: string;
  /** Never answers. */
  silent?: boolean;
}

export interface FakeOpenId {
  readonly server: TestHttpsServer;
  readonly origin: string;
  readonly routes: Map<string, Route>;
  /** Requests by path. */
  requests(path: string): number;
  /** Every request so far. */
  total(): number;
  /** Serves an issuer's configuration at `<path>/.well-known/openid-configuration`; returns that path. */
  issuer(path: string, document: Record<string, unknown>, cacheControl?: string): string;
  reset(): void;
  close(): Promise<void>;
}

export const WELL_KNOWN = "/.well-known/openid-configuration";

export async function startFakeOpenId(): Promise<FakeOpenId> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, number>();
  let total = 0;
  const server = await startHttpsServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    total++;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    answer(res, routes.get(path));
  });
  const origin = server.origin;
  const fake: FakeOpenId = {
    server,
    origin,
    routes,
    requests: (path) => counts.get(path) ?? 0,
    total: () => total,
    issuer(path, document, cacheControl = "public, max-age=300") {
      const at = `${path.replace(/\/+$/, "")}${WELL_KNOWN}`;
      routes.set(at, { body: () => document, cacheControl });
      return at;
    },
    reset() {
      routes.clear();
      counts.clear();
      total = 0;
      routes.set("/jwks", {
        body: () => ({ keys: [KEYS.rsa.publicJwk, KEYS.ec.publicJwk, KEYS.ed.publicJwk] }),
        cacheControl: "public, max-age=600",
      });
    },
    close: () => server.close(),
  };
  fake.reset();
  return fake;
}

function answer(res: ServerResponse, route: Route | undefined): void {
  if (route === undefined) {
    res.writeHead(404).end();
    return;
  }
  if (route.silent === true) return;
  res.writeHead(route.status ?? 200, {
    "content-type": "application/json",
    ...(route.cacheControl === undefined ? {} : { "cache-control": route.cacheControl }),
  });
  res.end(route.raw ?? JSON.stringify(route.body()));
}

/** A configuration document for this issuer, its keys at the server's /jwks. */
export function configurationOf(fake: FakeOpenId, issuer: string, more: Record<string, unknown> = {}) {
  return {
    issuer,
    jwks_uri: `${fake.origin}/jwks`,
    authorization_endpoint: `${fake.origin}/authorize`,
    token_endpoint: `${fake.origin}/token`,
    response_types_supported: ["code", "id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256", "ES256", "EdDSA"],
    ...more,
  };
}

/** A valid ID token's claims for this issuer. */
export function idClaims(issuer: string, change: JwtPayload = {}): JwtPayload {
  const claims: JwtPayload = {
    iss: issuer,
    sub: "248289761001",
    aud: CLIENT_ID,
    email: "ada@example.com",
    email_verified: true,
    name: "Ada Lovelace",
    iat: NOW_S - 60,
    exp: NOW_S + 3540,
    auth_time: NOW_S - 120,
  };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}

/**
 * Signs exactly these claims (nothing added: a test may leave iat out) with a key (RS256 by default),
 * its kid and typ JWT, as an issuer would; `header` adds or replaces members.
 */
export function signWith(
  claims: JwtPayload,
  options: { pair?: GeneratedKeyPair; header?: Partial<JwtHeader> & Record<string, unknown> } = {},
): string {
  const pair = options.pair ?? KEYS.rsa;
  return encodeJws(JSON.stringify(claims), {
    key: pair.privateKeyPem,
    alg: pair.alg,
    header: { typ: "JWT", kid: pair.kid, ...options.header },
  });
}
