// One real HTTPS server on 127.0.0.1 that publishes every provider's keys as the provider does
// (providers.md "Verifying sign-in ID tokens"): JWKS, or Firebase's map of X.509 certificates, with
// Cache-Control headers; tests rotate keys, count requests, and make it slow or huge.
import { createHash } from "node:crypto";
import {
  encodeJwt,
  fixedClock,
  type GeneratedKeyPair,
  generateKeyPair,
  type JwtPayload,
} from "../../../src/jwt/index.js";
import { selfSignedCertificate } from "../../helpers/certificates.js";
import { startHttpsServer, type TestHttpsServer } from "../../helpers/https-server.js";

export const NOW = Date.parse("2026-12-01T10:00:00Z");
export const NOW_S = NOW / 1000;

/** What a route serves: a body made at request time, and its Cache-Control. */
export interface Route {
  body: () => unknown;
  cacheControl?: string;
  /** never: no answer at all; huge: a 10 MB body. */
  behaviour?: "normal" | "never" | "huge";
}

export interface FakeIssuers {
  readonly server: TestHttpsServer;
  readonly routes: Map<string, Route>;
  /** Requests per first path segment ("google", "firebase", ...). */
  readonly counts: Map<string, number>;
  /** Every request's path, in order (which key URL a provider's inputs made). */
  readonly paths: string[];
  readonly endpoints: Readonly<Record<string, string>>;
  requests(route: string): number;
  /** Back to each provider's normal keys and headers. */
  reset(): void;
  close(): Promise<void>;
}

export const keys = {
  rsa: generateKeyPair("RS256"),
  rotated: generateKeyPair("RS256"),
  stranger: generateKeyPair("RS256"),
  ec: generateKeyPair("ES256"),
  ecStranger: generateKeyPair("ES256"),
};
export const certificates = {
  fb1: selfSignedCertificate(keys.rsa.privateKeyPem, "fb1"),
  fb2: selfSignedCertificate(keys.rotated.privateKeyPem, "fb2"),
};

export const IDS = {
  googleClient: "123456789-abc.apps.googleusercontent.com",
  appleClient: "com.example.web",
  firebaseProject: "my-app-12345",
  msClient: "6731de76-14a6-49ae-97bc-6eba6914391e",
  msTenant: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  otherTenant: "11111111-2222-4333-8444-555555555555",
  consumersTenant: "9188040d-6c67-4c5b-b112-36a304b66dad",
  auth0Domain: "example.us.auth0.com",
  auth0Client: "AbCdEfGhIjKlMnOpQrStUvWxYz012345",
  region: "eu-west-1",
  pool: "eu-west-1_AbC123xyz",
  cognitoClient: "1example23456789abcdefghij",
  clerkApi: "https://clerk.example.com",
  clerkOrigin: "https://app.example.com",
  supabaseRef: "abcdefghijklmnopqrst",
  stytchProject: "project-live-c60c0abe-c25a-4472-a9ed-320c6667d317",
  stytchTestProject: "project-test-3f1a7c2e-9b4d-4e8f-a1c6-5d2e7f9b0a14",
  workosClient: "client_01HBEQKA6K4QJAS93VPE39W1JT",
  linkedinClient: "86abcdefgh1234",
  memberstackApp: "app_clx1abc2d3e4f5",
} as const;

export async function startFakeIssuers(): Promise<FakeIssuers> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, number>();
  const paths: string[] = [];
  const jwks = (...pairs: GeneratedKeyPair[]) => ({ keys: pairs.map((pair) => pair.publicJwk) });
  const reset = () => {
    routes.clear();
    counts.clear();
    paths.length = 0;
    for (const name of [
      "google",
      "apple",
      "microsoft",
      "auth0",
      "cognito",
      "clerk",
      "stytch",
      "workos",
      "linkedin",
      "memberstack",
    ]) {
      routes.set(name, { body: () => jwks(keys.rsa), cacheControl: "public, max-age=300" });
    }
    routes.set("supabase", { body: () => jwks(keys.ec), cacheControl: "public, max-age=600" });
    routes.set("firebase", {
      body: () => ({ fb1: certificates.fb1 }),
      cacheControl: "public, max-age=21600",
    });
  };
  reset();
  const server = await startHttpsServer((req, res) => {
    const name = (req.url ?? "/").split("/")[1] ?? "";
    counts.set(name, (counts.get(name) ?? 0) + 1);
    paths.push(req.url ?? "/");
    const route = routes.get(name);
    if (route === undefined) {
      res.writeHead(404).end();
      return;
    }
    if (route.behaviour === "never") return;
    if (route.behaviour === "huge") {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = "x".repeat(1024 * 1024);
      for (let i = 0; i < 10; i++) res.write(chunk);
      res.end();
      return;
    }
    res.writeHead(200, {
      "content-type": "application/json",
      ...(route.cacheControl === undefined ? {} : { "cache-control": route.cacheControl }),
    });
    res.end(JSON.stringify(route.body()));
  });
  const o = server.origin;
  return {
    server,
    routes,
    counts,
    paths,
    endpoints: {
      "google.keys": `${o}/google/oauth2/v3/certs`,
      "apple.keys": `${o}/apple/auth/keys`,
      "firebase.keys": `${o}/firebase/x509/securetoken`,
      "microsoft.keys": `${o}/microsoft/{tenant}/discovery/v2.0/keys`,
      "auth0.keys": `${o}/auth0/{domain}/.well-known/jwks.json`,
      "cognito.keys": `${o}/cognito/{region}/{user_pool_id}/.well-known/jwks.json`,
      "clerk.keys": `${o}/clerk/{frontend_api}/.well-known/jwks.json`,
      "supabase.keys": `${o}/supabase/{project_ref}/auth/v1/.well-known/jwks.json`,
      "stytch.keys": `${o}/stytch/{custom_domain}/v1/sessions/jwks/{project_id}`,
      "workos.keys": `${o}/workos/sso/jwks/{client_id}`,
      "linkedin.keys": `${o}/linkedin/oauth/openid/jwks`,
      "memberstack.keys": `${o}/memberstack/jwks`,
    },
    requests: (route) => counts.get(route) ?? 0,
    reset,
    close: () => server.close(),
  };
}

/** Signs claims as a provider would: RS256 (ES256 for Supabase) with the kid of the key. */
export function sign(
  claims: JwtPayload,
  options: {
    pair?: GeneratedKeyPair;
    kid?: string;
    alg?: "RS256" | "RS384" | "ES256";
    /** The typ header (Stytch sets JWT); none by default. */
    typ?: string;
    /** The signer's clock: NOW by default; a test that hands the token to a process on the real clock passes Date.now. */
    clock?: () => number;
  } = {},
): string {
  const pair = options.pair ?? keys.rsa;
  const alg = options.alg ?? pair.alg;
  return encodeJwt(claims, {
    key: pair.privateKeyPem,
    alg,
    header: { kid: options.kid ?? pair.kid, ...(options.typ === undefined ? {} : { typ: options.typ }) },
    clock: options.clock ?? fixedClock(NOW + 3_600_000),
    clockToleranceSeconds: 86_400,
  });
}

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const times = { iat: NOW_S - 60, exp: NOW_S + 3540 };

/** Each provider's valid token claims and inputs. */
export const PROVIDER_CASES = {
  google: {
    input: { provider: "google", client_id: IDS.googleClient },
    claims: {
      iss: "https://accounts.google.com",
      aud: IDS.googleClient,
      azp: IDS.googleClient,
      sub: "110169484474386276334",
      email: "ada@example.com",
      email_verified: true,
      name: "Ada Lovelace",
      hd: "example.com",
      ...times,
    },
  },
  apple: {
    input: { provider: "apple", client_id: IDS.appleClient },
    claims: {
      iss: "https://appleid.apple.com",
      aud: IDS.appleClient,
      sub: "001234.0a1b2c3d4e5f.1234",
      email: "x2y@privaterelay.appleid.com",
      email_verified: "true",
      is_private_email: "true",
      ...times,
    },
  },
  firebase: {
    input: { provider: "firebase", project_id: IDS.firebaseProject },
    claims: {
      iss: `https://securetoken.google.com/${IDS.firebaseProject}`,
      aud: IDS.firebaseProject,
      sub: "6isO78SMpzWZnwCNNXKEOQMAhZ43",
      user_id: "6isO78SMpzWZnwCNNXKEOQMAhZ43",
      auth_time: NOW_S - 600,
      email: "ada@example.com",
      email_verified: false,
      firebase: { sign_in_provider: "password" },
      ...times,
    },
    kid: "fb1",
  },
  microsoft: {
    input: { provider: "microsoft", client_id: IDS.msClient, tenant: IDS.msTenant },
    claims: {
      iss: `https://login.microsoftonline.com/${IDS.msTenant}/v2.0`,
      aud: IDS.msClient,
      tid: IDS.msTenant,
      ver: "2.0",
      sub: "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
      oid: "00000000-0000-0000-66f3-3332eca7ea81",
      name: "Ada Lovelace",
      preferred_username: "ada@example.com",
      nbf: NOW_S - 60,
      ...times,
    },
  },
  auth0: {
    input: { provider: "auth0", client_id: IDS.auth0Client, domain: IDS.auth0Domain },
    claims: {
      iss: `https://${IDS.auth0Domain}/`,
      aud: IDS.auth0Client,
      sub: "auth0|64d7f1a2b3c4d5e6f7a8b9c0",
      email: "ada@example.com",
      email_verified: true,
      name: "Ada",
      ...times,
    },
  },
  cognito: {
    input: { provider: "cognito", region: IDS.region, user_pool_id: IDS.pool, client_id: IDS.cognitoClient },
    claims: {
      iss: `https://cognito-idp.${IDS.region}.amazonaws.com/${IDS.pool}`,
      aud: IDS.cognitoClient,
      token_use: "id",
      sub: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      "cognito:username": "ada",
      email: "ada@example.com",
      email_verified: true,
      auth_time: NOW_S - 60,
      ...times,
    },
  },
  clerk: {
    input: { provider: "clerk", frontend_api: IDS.clerkApi, authorized_parties: [IDS.clerkOrigin] },
    claims: {
      iss: IDS.clerkApi,
      azp: IDS.clerkOrigin,
      sid: "sess_2abc",
      sub: "user_2abcDEF",
      fva: [0, -1],
      iat: NOW_S - 10,
      nbf: NOW_S - 20,
      exp: NOW_S + 50,
    },
  },
  supabase: {
    input: { provider: "supabase", project_ref: IDS.supabaseRef },
    claims: {
      iss: `https://${IDS.supabaseRef}.supabase.co/auth/v1`,
      aud: "authenticated",
      role: "authenticated",
      sub: "8ccaa7af-909f-44e7-84cb-67cdccb56be6",
      email: "ada@example.com",
      aal: "aal1",
      session_id: "4f5c1b0e-2c1d-4b7e-9a8f-0c1d2e3f4a5b",
      is_anonymous: false,
      ...times,
    },
    pair: keys.ec,
  },
  stytch: {
    input: { provider: "stytch", project_id: IDS.stytchProject },
    claims: {
      iss: `stytch.com/${IDS.stytchProject}`,
      aud: [IDS.stytchProject],
      sub: "user-live-fde03dd1-fff8-4b9f-8e3b-12c2bbd5a2e0",
      "https://stytch.com/session": {
        id: "session-live-e26a0ccb-0dc0-4edb-a4bb-e70210f43555",
        started_at: "2026-12-01T09:55:00Z",
        last_accessed_at: "2026-12-01T09:59:00Z",
        expires_at: "2026-12-01T10:55:00Z",
        attributes: { user_agent: "", ip_address: "" },
        authentication_factors: [{ type: "magic_link", delivery_method: "email" }],
        roles: ["stytch_user"],
      },
      nbf: NOW_S - 60,
      iat: NOW_S - 60,
      exp: NOW_S + 240,
    },
    typ: "JWT",
  },
  workos: {
    input: { provider: "workos", client_id: IDS.workosClient },
    claims: {
      iss: `https://api.workos.com/user_management/${IDS.workosClient}`,
      sub: "user_01HBEQKA6K4QJAS93VPE39W1JT",
      org_id: "org_01HRDMC6CM357W30QMHMQ96Q0S",
      role: "member",
      roles: ["member"],
      permissions: ["posts:read"],
      sid: "session_01HQSXZGF8FHF7A9ZZFCW4387R",
      jti: "01HQSXZXPPFPKMDD32RKTFY6PV",
      iat: NOW_S - 60,
      exp: NOW_S + 240,
    },
  },
  linkedin: {
    input: { provider: "linkedin", client_id: IDS.linkedinClient },
    claims: {
      iss: "https://www.linkedin.com/oauth",
      aud: IDS.linkedinClient,
      sub: "782bbtaQ",
      name: "Ada Lovelace",
      given_name: "Ada",
      family_name: "Lovelace",
      email: "ada@example.com",
      email_verified: "true",
      locale: "en_US",
      ...times,
    },
  },
  memberstack: {
    input: { provider: "memberstack", app_id: IDS.memberstackApp },
    claims: {
      id: "mem_clx9member0001",
      type: "member",
      iss: "https://api.memberstack.com",
      aud: IDS.memberstackApp,
      iat: NOW_S - 60,
      exp: NOW_S + 14 * 86_400,
    },
    subject: "mem_clx9member0001",
  },
} as const satisfies Record<
  string,
  {
    input: Record<string, unknown>;
    claims: JwtPayload;
    kid?: string;
    pair?: GeneratedKeyPair;
    /** The header typ the provider sets (Stytch). */
    typ?: string;
    /** The subject output, when it is not the sub claim (Memberstack: id). */
    subject?: string;
  }
>;

export type ProviderCaseName = keyof typeof PROVIDER_CASES;

/** A provider's valid token, with claims changed (undefined removes a claim). */
export function tokenOf(
  name: ProviderCaseName,
  change: JwtPayload = {},
  options: Parameters<typeof sign>[1] = {},
) {
  const base = PROVIDER_CASES[name] as {
    claims: JwtPayload;
    kid?: string;
    pair?: GeneratedKeyPair;
    typ?: string;
  };
  const claims: JwtPayload = { ...base.claims };
  for (const [claim, value] of Object.entries(change)) {
    if (value === undefined) delete claims[claim];
    else claims[claim] = value;
  }
  return sign(claims, {
    ...(base.pair === undefined ? {} : { pair: base.pair }),
    ...(base.kid === undefined ? {} : { kid: base.kid }),
    ...(base.typ === undefined ? {} : { typ: base.typ }),
    ...options,
  });
}
