// Real HTTPS servers on 127.0.0.1 that play the providers: they check each request as the provider's
// docs say (providers.md §1a, §11, §12, §13) and answer with the documented bodies and errors.
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeJwt } from "../../../src/jwt/index.js";
import { JWT_BEARER_GRANT } from "../../../src/recipes/exchanges/lib/jwt-bearer.js";
import { startHttpsServer, type TestHttpsServer } from "../../helpers/https-server.js";
import { BOX_TOKEN_PATH, boxAnswer } from "./fake-box.js";

export { JWT_BEARER_GRANT };

/** What a fake provider saw: the request and the assertion's header and claims. */
export interface Seen {
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
}

/** An answer: status, JSON body, extra headers. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface Fake {
  readonly server: TestHttpsServer;
  readonly ca: string;
  /** Every request received, in order. */
  readonly seen: Seen[];
  /** Broken provider rules found in requests; a test asserts it stays empty. */
  readonly problems: string[];
  /** The provider's clock, in ms (moved by tests). */
  now: number;
  /** Replaces the next answers (an error from the provider's table); undefined for the normal answer. */
  override: ((seen: Seen) => Answer | undefined) | undefined;
  /** How long the server waits before answering (ms). */
  delayMs: number;
  close(): Promise<void>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

export function send(res: ServerResponse, answer: Answer, now: number): void {
  res.writeHead(answer.status, {
    "content-type": "application/json",
    date: new Date(now).toUTCString(),
    ...answer.headers,
  });
  res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
}

/** Checks an RS256 JWS signature with the public key, as every provider here does. */
export function rs256Valid(token: string, key: KeyObject): boolean {
  const [header = "", payload = "", signature = ""] = token.split(".");
  return verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    createPublicKey(key),
    Buffer.from(signature, "base64url"),
  );
}

type Provider = (seen: Seen, fake: Fake, problems: string[]) => Answer;

/** Starts one server playing all the providers under path prefixes; see `endpointsOf`. */
export async function startFakeProviders(publicKey: KeyObject, start: number): Promise<Fake> {
  let tokens = 0;
  const next = (prefix: string) => `${prefix}${++tokens}`;
  const boxJtis = new Set<string>();
  const routes: [RegExp, Provider][] = [
    [/^\/google\/token$/, (seen, fake, problems) => google(seen, fake, problems, next)],
    [
      /^\/docusign-(demo|production)\/oauth\/token$/,
      (seen, fake, problems) => docusign(seen, fake, problems, next),
    ],
    [
      /^\/salesforce\/services\/oauth2\/token$/,
      (seen, fake, problems) => salesforce(seen, fake, problems, next),
    ],
    [
      /^\/client-credentials\/token$/,
      (seen, fake, problems) => clientCredentials(seen, fake, problems, next),
    ],
    [
      /^\/github\/app\/installations\/\d+\/access_tokens$/,
      (seen, fake, problems) => github(seen, fake, problems, next),
    ],
    [
      new RegExp(`^${BOX_TOKEN_PATH}$`),
      (seen, fake, problems) => boxAnswer(seen, fake.now, publicKey, boxJtis, problems, next),
    ],
  ];
  const fake: Fake = {
    server: undefined as unknown as TestHttpsServer,
    ca: "",
    seen: [],
    problems: [],
    now: start,
    override: undefined,
    delayMs: 0,
    close: () => fake.server.close(),
  };
  const server = await startHttpsServer(async (req, res) => {
    const body = await readBody(req);
    const path = new URL(req.url ?? "/", "https://x").pathname;
    const assertion = assertionOf(path, req, body);
    let decoded = { header: {}, payload: {} } as {
      header: Record<string, unknown>;
      payload: Record<string, unknown>;
    };
    try {
      if (assertion !== undefined) decoded = decodeJwt(assertion) as typeof decoded;
    } catch {
      fake.problems.push(`${path}: the assertion cannot be decoded`);
    }
    // Box's fake checks its own signatures (RS256, RS384 or RS512) and answers Box's error.
    if (assertion !== undefined && path !== BOX_TOKEN_PATH && !rs256Valid(assertion, publicKey)) {
      fake.problems.push(`${path}: the RS256 signature does not match the registered public key`);
    }
    const seen: Seen = { path, headers: req.headers, body, header: decoded.header, claims: decoded.payload };
    fake.seen.push(seen);
    const route = routes.find(([pattern]) => pattern.test(path));
    const answer =
      fake.override?.(seen) ??
      (route === undefined
        ? { status: 404, body: { message: "Not Found" } }
        : route[1](seen, fake, fake.problems));
    const reply = () => send(res, answer, fake.now);
    if (fake.delayMs > 0) setTimeout(reply, fake.delayMs);
    else reply();
  });
  Object.assign(fake, { server, ca: server.cert });
  return fake;
}

/** The endpoints override pointing every exchange at the fake. */
export function endpointsOf(fake: Fake): Record<string, string> {
  const origin = fake.server.origin;
  return {
    "google.token": `${origin}/google/token`,
    "docusign.demo": `${origin}/docusign-demo`,
    "docusign.production": `${origin}/docusign-production`,
    "salesforce.login": `${origin}/salesforce`,
    "github.api": `${origin}/github`,
    "box.token": `${origin}${BOX_TOKEN_PATH}`,
    "client-credentials.token": `${origin}/client-credentials/token`,
  };
}

function assertionOf(path: string, req: IncomingMessage, body: string): string | undefined {
  if (path.startsWith("/github/")) {
    const auth = String(req.headers.authorization ?? "");
    return auth.startsWith("Bearer ") ? auth.slice(7) : undefined;
  }
  const form = new URLSearchParams(body);
  if (path.startsWith("/client-credentials/")) return form.get("client_assertion") ?? undefined;
  return form.get("assertion") ?? undefined;
}

/** The JWT-bearer grant's form: POST, form content type, grant_type (RFC 7523 as each provider documents). */
function checkForm(seen: Seen, problems: string[]): void {
  if (!/^application\/x-www-form-urlencoded/.test(String(seen.headers["content-type"]))) {
    problems.push(`${seen.path}: content-type is ${seen.headers["content-type"]}`);
  }
  const form = new URLSearchParams(seen.body);
  if (form.get("grant_type") !== JWT_BEARER_GRANT)
    problems.push(`${seen.path}: grant_type is ${form.get("grant_type")}`);
  if ([...form.keys()].sort().join() !== "assertion,grant_type")
    problems.push(`${seen.path}: extra form members`);
}

function expect(problems: string[], where: string, name: string, actual: unknown, wanted: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
    problems.push(`${where}: ${name} is ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
  }
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** §1a: RS256 (kid optional), iss client_email, aud token_uri, exp ≤ iat + 3600, scope space-delimited or target_audience. */
function google(seen: Seen, fake: Fake, problems: string[], next: (prefix: string) => string): Answer {
  checkForm(seen, problems);
  const { header, claims } = seen;
  expect(problems, "google", "alg", header.alg, "RS256");
  expect(problems, "google", "aud", claims.aud, "https://oauth2.googleapis.com/token");
  expect(problems, "google", "iss", claims.iss, "signer@demo-project.iam.gserviceaccount.com");
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  if (!(exp > iat && exp - iat <= 3600)) problems.push("google: exp is not within one hour of iat");
  if (Math.abs(iat - seconds(fake.now)) > 60) problems.push("google: iat is not now");
  if (claims.target_audience !== undefined) {
    if (claims.scope !== undefined) problems.push("google: scope and target_audience both set");
    const exp = seconds(fake.now) + 3600;
    const idToken = `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.${Buffer.from(JSON.stringify({ aud: claims.target_audience, exp, n: next("") })).toString("base64url")}.c2ln`;
    return { status: 200, body: { id_token: idToken } };
  }
  if (typeof claims.scope !== "string" || claims.scope.includes(","))
    problems.push("google: scope is not space-delimited");
  return { status: 200, body: { access_token: next("ya29.test-"), expires_in: 3599, token_type: "Bearer" } };
}

/** §11: iss integration key, sub user, aud bare host of the environment, exp ≤ iat + 3600, scope with impersonation. */
function docusign(seen: Seen, fake: Fake, problems: string[], next: (prefix: string) => string): Answer {
  checkForm(seen, problems);
  const { header, claims } = seen;
  expect(problems, "docusign", "header", header, { alg: "RS256", typ: "JWT" });
  const host = seen.path.startsWith("/docusign-demo") ? "account-d.docusign.com" : "account.docusign.com";
  expect(problems, "docusign", "aud", claims.aud, host);
  const lifetime = Number(claims.exp) - Number(claims.iat);
  if (!(lifetime > 0 && lifetime <= 3600)) problems.push("docusign: lifetime above one hour");
  if (Math.abs(Number(claims.iat) - seconds(fake.now)) > 60) problems.push("docusign: iat is not now");
  if (!String(claims.scope).split(" ").includes("impersonation"))
    problems.push("docusign: no impersonation scope");
  return { status: 200, body: { access_token: next("eyDS-"), token_type: "Bearer", expires_in: 3600 } };
}

/** §12: RS256, iss consumer key, sub username, aud login URL, exp within 3 minutes of now. */
function salesforce(seen: Seen, fake: Fake, problems: string[], next: (prefix: string) => string): Answer {
  checkForm(seen, problems);
  const { header, claims } = seen;
  expect(problems, "salesforce", "alg", header.alg, "RS256");
  const exp = Number(claims.exp);
  if (!(exp > seconds(fake.now) && exp <= seconds(fake.now) + 180))
    problems.push("salesforce: exp not within 3 minutes");
  if (typeof claims.sub !== "string" || typeof claims.iss !== "string")
    problems.push("salesforce: iss/sub missing");
  return {
    status: 200,
    body: {
      access_token: next("00Dxx0000000001!"),
      scope: "api",
      instance_url: "https://acme.my.salesforce.com",
      id: "https://login.salesforce.com/id/00Dxx0000000001EAA/005xx000001SwiUAAS",
      token_type: "Bearer",
    },
  };
}

/** §13: Bearer App JWT, RS256, iat in the past, exp ≤ now + 600 on GitHub's clock; 201 {token, expires_at, permissions}. */
function github(seen: Seen, fake: Fake, problems: string[], next: (prefix: string) => string): Answer {
  const { header, claims } = seen;
  expect(problems, "github", "header", header, { alg: "RS256", typ: "JWT" });
  if (!String(seen.headers.accept).includes("application/vnd.github+json"))
    problems.push("github: accept header");
  const now = seconds(fake.now);
  if (Number(claims.iat) > now) {
    return { status: 401, body: githubMessage("'Issued at' claim ('iat') is in the future") };
  }
  if (Number(claims.exp) > now + 600) {
    return { status: 401, body: githubMessage("'Expiration time' claim ('exp') is too far in the future") };
  }
  const asked = seen.body === "" ? {} : (JSON.parse(seen.body) as { permissions?: Record<string, string> });
  if (seen.body !== "" && !String(seen.headers["content-type"]).startsWith("application/json")) {
    problems.push("github: body without a JSON content type");
  }
  return {
    status: 201,
    body: {
      token: next("ghs_test"),
      expires_at: new Date(fake.now + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      permissions: asked.permissions ?? { contents: "read", metadata: "read" },
      repository_selection: "selected",
    },
  };
}

/** RFC 6749 §4.4 with RFC 7523 §2.2 client authentication: iss = sub = client_id, a jti, exp within Okta's hour. */
function clientCredentials(
  seen: Seen,
  fake: Fake,
  problems: string[],
  next: (prefix: string) => string,
): Answer {
  const form = new URLSearchParams(seen.body);
  if (form.get("grant_type") !== "client_credentials")
    problems.push(`client-credentials: grant_type is ${form.get("grant_type")}`);
  if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    problems.push("client-credentials: client_assertion_type");
  const { claims } = seen;
  if (claims.iss !== claims.sub || claims.iss !== form.get("client_id"))
    problems.push("client-credentials: iss, sub and client_id differ");
  if (typeof claims.jti !== "string") problems.push("client-credentials: no jti");
  const exp = Number(claims.exp);
  if (!(exp > seconds(fake.now) && exp <= seconds(fake.now) + 3600))
    problems.push("client-credentials: exp not within one hour");
  return {
    status: 200,
    body: { access_token: next("cc-"), token_type: "Bearer", expires_in: 3600, scope: form.get("scope") },
  };
}

export function githubMessage(message: string): Record<string, string> {
  return { message, documentation_url: "https://docs.github.com/rest", status: "401" };
}
