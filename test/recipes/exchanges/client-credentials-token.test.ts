// The client credentials grant against a real HTTPS token server on 127.0.0.1 that plays Okta, Auth0
// and Entra ID: it checks each request's client authentication the way the provider documents it (the
// assertion's signature with the registered key or secret, iss = sub = client_id, aud exact, exp within
// the cap, a jti used once, Entra's x5t#S256 from the certificate's DER; Basic and form secrets), and
// serves an issuer's discovery document. Every refusal by code, the provider's errors mapped, and the
// cache counted in requests, all on a frozen clock.
import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { after, before, beforeEach, describe, it } from "node:test";
import { isJwtError, type JwtErrorCode } from "../../../src/jwt/index.js";
import {
  createExchangeCache,
  type ExchangeCache,
  isExchangeError,
  type RunExchangeOptions,
  runExchange,
} from "../../../src/recipes/exchanges/index.js";
import { selfSignedCertificate } from "../../helpers/certificates.js";
import { startHttpsServer, type TestHttpsServer } from "../../helpers/https-server.js";
import { NOW, testKeys } from "../helpers.js";
import { checkAssertion, type Preset } from "./assertion-checker.js";

const keys = testKeys();
const CERT = selfSignedCertificate(keys.rsaPkcs8, "entra-app");
const CLIENT_ID = "0oa1b2c3d4e5f6g7h8i9";
const ENTRA_CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e";
const SECRET = "okta-client-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

interface Seen {
  readonly path: string;
  readonly method: string;
  readonly form: URLSearchParams;
  readonly authorization: string | undefined;
}

let server: TestHttpsServer;
let now = NOW.getTime();
let cache: ExchangeCache;
const seen: Seen[] = [];
const problems: string[] = [];
const usedJti = new Set<string>();
/** Replaces the server's next answers. */
let override: ((request: Seen) => { status: number; body: unknown } | undefined) | undefined;

const seconds = () => Math.floor(now / 1000);
const url = (path: string) => `${server.origin}${path}`;
const OKTA_PATH = "/okta/oauth2/default/v1/token";
const AUTH0_PATH = "/oauth/token";
const ENTRA_PATH = "/11111111-2222-4333-8444-555555555555/oauth2/v2.0/token";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

let issued = 0;
const token = (prefix: string) => ({
  access_token: `${prefix}-${++issued}`,
  token_type: "Bearer",
  expires_in: 3600,
  scope: "orders:read",
});

/** Client authentication as each provider documents it; problems found become invalid_client. */
function authenticate(request: Seen, preset: Preset, audience: string, clientId: string): string[] {
  const found: string[] = [];
  const { form } = request;
  const assertion = form.get("client_assertion");
  if (assertion !== null) {
    if (form.get("client_assertion_type") !== ASSERTION_TYPE) found.push("client_assertion_type is wrong");
    if (request.authorization !== undefined || form.has("client_secret"))
      found.push("two authentication methods");
    const hmac =
      JSON.parse(Buffer.from(assertion.split(".")[0] ?? "", "base64url").toString()).alg === "HS256";
    found.push(
      ...checkAssertion(assertion, {
        preset,
        clientId,
        audience,
        key: hmac ? Buffer.from(SECRET) : keys.rsa,
        ...(preset === "entra" ? { certificate: CERT } : {}),
        nowSeconds: seconds(),
        usedJti,
      }),
    );
    return found;
  }
  if (request.authorization !== undefined) {
    const [scheme, value = ""] = request.authorization.split(" ");
    const [id, secret] = Buffer.from(value, "base64").toString().split(":").map(decodeURIComponent);
    if (scheme !== "Basic" || id !== clientId || secret !== SECRET) found.push("Basic credentials are wrong");
    return found;
  }
  if (form.get("client_id") !== clientId || form.get("client_secret") !== SECRET)
    found.push("client_secret_post credentials are wrong");
  return found;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const path = new URL(req.url ?? "/", "https://x").pathname;
  const request: Seen = {
    path,
    method: req.method ?? "",
    form: new URLSearchParams(body),
    authorization: req.headers.authorization,
  };
  seen.push(request);
  if (req.method === "GET") {
    if (path === "/issuer/.well-known/openid-configuration") {
      send(res, 200, {
        issuer: url("/issuer"),
        jwks_uri: url("/issuer/keys"),
        token_endpoint: url(OKTA_PATH),
        token_endpoint_auth_methods_supported: ["private_key_jwt", "client_secret_basic"],
      });
    } else if (path === "/elsewhere/.well-known/openid-configuration") {
      send(res, 200, {
        issuer: "https://attacker.example/",
        jwks_uri: url("/k"),
        token_endpoint: url(OKTA_PATH),
      });
    } else send(res, 404, {});
    return;
  }
  const answer = override?.(request);
  if (answer !== undefined) return send(res, answer.status, answer.body);
  if (!String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded"))
    problems.push("not a form");
  if (request.form.get("grant_type") !== "client_credentials")
    problems.push("grant_type is not client_credentials");
  let refused: string[];
  if (path === OKTA_PATH) refused = authenticate(request, "okta", url(OKTA_PATH), CLIENT_ID);
  else if (path === AUTH0_PATH) {
    refused = authenticate(request, "auth0", `${server.origin}/`, CLIENT_ID);
    if (refused.length === 0 && !request.form.has("audience")) {
      return send(res, 403, {
        error: "access_denied",
        error_description: "No audience parameter was provided, and no default audience has been configured",
      });
    }
  } else if (path === ENTRA_PATH) {
    refused = authenticate(request, "entra", url(ENTRA_PATH), ENTRA_CLIENT);
    if (request.form.get("client_id") !== ENTRA_CLIENT) refused.push("client_id is missing");
    if (!String(request.form.get("scope")).endsWith("/.default")) {
      return send(res, 400, {
        error: "invalid_scope",
        error_description: "AADSTS70011: The provided value for scope is not valid.",
      });
    }
  } else return send(res, 404, {});
  if (refused.length > 0) {
    return send(res, 401, {
      error: "invalid_client",
      error_description: `Client authentication failed: ${refused.join("; ")}`,
    });
  }
  send(res, 200, token(path.split("/")[1] ?? "t"));
}

const options = (more: RunExchangeOptions = {}): RunExchangeOptions => ({
  clock: () => now,
  ca: server.cert,
  cache,
  ...more,
});
const run = (input: Record<string, unknown>, more: RunExchangeOptions = {}) =>
  runExchange("client-credentials-token", input, options(more));
const okta = (more: Record<string, unknown> = {}) => ({
  preset: "okta",
  token_url: url(OKTA_PATH),
  client_id: CLIENT_ID,
  scope: "orders:read",
  private_key: keys.rsaPkcs8,
  ...more,
});
const posts = () => seen.filter((each) => each.method === "POST");

async function refused(input: Record<string, unknown>, code: JwtErrorCode, option: string, rule: RegExp) {
  const before = seen.length;
  await assert.rejects(run(input), (error: unknown) => {
    assert.ok(isJwtError(error), String(error));
    assert.equal(error.code, code, error.message);
    assert.equal(error.option, option, error.message);
    assert.match(error.message, rule);
    return true;
  });
  assert.equal(seen.length, before, "refused before any request");
}

before(async () => {
  server = await startHttpsServer((req, res) => void handle(req, res));
});
after(() => server.close());
beforeEach(() => {
  now = NOW.getTime();
  cache = createExchangeCache();
  seen.length = 0;
  problems.length = 0;
  override = undefined;
});

describe("client-credentials-token: private_key_jwt", () => {
  it("Okta: posts grant_type, scope, client_id and a fresh assertion the token server accepts; answers the token", async () => {
    const out = await run(okta());
    assert.deepEqual(problems, []);
    assert.match(String(out.access_token), /^okta-\d+$/);
    assert.equal(out.token_type, "Bearer");
    assert.equal(out.expires_in, 3600);
    assert.deepEqual(out.expires_at, new Date(now + 3600_000));
    assert.equal(out.scope, "orders:read");
    assert.equal(out.authorization_header, `Bearer ${out.access_token}`);
    const [request] = posts();
    assert.deepEqual([...(request?.form.keys() ?? [])].sort(), [
      "client_assertion",
      "client_assertion_type",
      "client_id",
      "grant_type",
      "scope",
    ]);
  });

  it("Auth0: aud is the tenant URL with its slash, audience is sent; without audience Auth0's error is mapped", async () => {
    const auth0 = {
      preset: "auth0",
      token_url: url(AUTH0_PATH),
      client_id: CLIENT_ID,
      private_key: keys.rsaPkcs8,
    };
    const out = await run({ ...auth0, audience: "https://api.example.com" });
    assert.match(String(out.access_token), /^oauth-\d+$/);
    assert.equal(posts()[0]?.form.get("audience"), "https://api.example.com");
    await assert.rejects(run(auth0, { cache: false }), (error: unknown) => {
      assert.ok(isExchangeError(error));
      assert.equal(error.code, "ERR_EXCHANGE_INVALID_REQUEST");
      assert.match(error.message, /API's Identifier/);
      return true;
    });
  });

  it("Entra ID: PS256 with x5t#S256, client_id and a /.default scope", async () => {
    const out = await run({
      preset: "entra",
      token_url: url(ENTRA_PATH),
      client_id: ENTRA_CLIENT,
      scope: "https://graph.microsoft.com/.default",
      private_key: keys.rsaPkcs8,
      certificate: CERT,
    });
    assert.match(String(out.access_token), /^11111111/);
    assert.deepEqual(problems, []);
  });

  it("reads the token endpoint from the issuer's discovery document, and refuses a document for another issuer", async () => {
    const out = await run(okta({ token_url: undefined, issuer: url("/issuer") }));
    assert.match(String(out.access_token), /^okta-/);
    assert.deepEqual(
      seen.map((each) => `${each.method} ${each.path}`),
      ["GET /issuer/.well-known/openid-configuration", `POST ${OKTA_PATH}`],
    );
    await assert.rejects(run(okta({ token_url: undefined, issuer: url("/elsewhere") })), {
      code: "ERR_DISCOVERY_FAILED",
    });
    await assert.rejects(
      run(
        okta({
          token_url: undefined,
          issuer: url("/issuer"),
          private_key: undefined,
          client_secret: SECRET,
          auth_method: "client_secret_post",
        }),
      ),
      (error: unknown) =>
        isJwtError(error) &&
        error.code === "ERR_INPUT_RULE" &&
        error.option === "auth_method" &&
        /does not list/.test(error.message),
    );
  });
});

describe("client-credentials-token: secrets", () => {
  it("client_secret_jwt (Okta): an HS256 assertion signed with the secret's characters", async () => {
    const out = await run(
      okta({ private_key: undefined, client_secret: SECRET, auth_method: "client_secret_jwt" }),
    );
    assert.match(String(out.access_token), /^okta-/);
    assert.deepEqual(problems, []);
  });

  it("client_secret_basic by default with a secret; client_secret_post on request; the secret never in the URL", async () => {
    await run(okta({ private_key: undefined, client_secret: SECRET }));
    await run(
      okta({
        private_key: undefined,
        client_secret: SECRET,
        auth_method: "client_secret_post",
        scope: "orders:write",
      }),
    );
    const [basic, post] = posts();
    assert.match(String(basic?.authorization), /^Basic /);
    assert.equal(basic?.form.has("client_secret"), false);
    assert.equal(post?.authorization, undefined);
    assert.equal(post?.form.get("client_secret"), SECRET);
  });
});

describe("client-credentials-token: the token server's refusals, mapped", () => {
  it("a key the server does not know is invalid_client, with what to register", async () => {
    const { privateKey } = await import("node:crypto").then((crypto) =>
      crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }),
    );
    await assert.rejects(
      run(okta({ private_key: privateKey.export({ type: "pkcs8", format: "pem" }) })),
      (error: unknown) => {
        assert.ok(isExchangeError(error));
        assert.equal(error.code, "ERR_EXCHANGE_INVALID_CLIENT");
        assert.equal(error.status, 401);
        assert.match(error.message, /signature/);
        return true;
      },
    );
  });

  it("a wrong assertion_audience is refused by the server (aud exact)", async () => {
    await assert.rejects(
      run(okta({ assertion_audience: url("/okta/oauth2/other/v1/token") })),
      (error: unknown) => {
        assert.ok(isExchangeError(error));
        assert.equal(error.code, "ERR_EXCHANGE_INVALID_CLIENT");
        assert.match(error.message, /aud/);
        return true;
      },
    );
  });

  it("maps unauthorized_client, invalid_scope, an expired assertion and a replayed jti, without echoing the assertion", async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ error: "unauthorized_client" }, "ERR_EXCHANGE_UNAUTHORIZED_CLIENT", /Client Credentials/],
      [{ error: "invalid_scope" }, "ERR_EXCHANGE_INVALID_SCOPE", /\.default/],
      [
        { error: "invalid_client", error_description: "The client_assertion token is expired." },
        "ERR_EXCHANGE_CLOCK_SKEW",
        /NTP/,
      ],
      [
        { error: "invalid_client", error_description: "The jti claim was already used." },
        "ERR_EXCHANGE_INVALID_CLIENT",
        /fresh one/,
      ],
    ];
    for (const [body, code, check] of cases) {
      let assertion = "";
      override = (request) => {
        assertion = request.form.get("client_assertion") ?? "";
        return { status: 400, body };
      };
      await assert.rejects(run(okta(), { cache: false }), (error: unknown) => {
        assert.ok(isExchangeError(error));
        assert.equal(error.code, code);
        assert.match(error.message, check);
        assert.ok(!error.message.includes(assertion.split(".")[2] ?? "x"));
        return true;
      });
    }
  });
});

describe("client-credentials-token: refusals before any request", () => {
  it("refuses no token URL, both token URL and issuer, a plain-http token URL and a bad issuer", async () => {
    await refused(okta({ token_url: undefined }), "ERR_INPUT_RULE", "token_url", /token endpoint/);
    await refused(okta({ issuer: url("/issuer") }), "ERR_INPUT_RULE", "issuer", /both/);
    await refused(
      okta({ token_url: "http://example.okta.com/oauth2/default/v1/token" }),
      "ERR_INPUT_RULE",
      "token_url",
      /https/,
    );
    await refused(
      okta({ token_url: undefined, issuer: "http://example.com" }),
      "ERR_OPTION_INVALID",
      "issuer",
      /https/,
    );
  });

  it("refuses Entra without a /.default scope, Auth0 and Entra client_secret_jwt, a missing credential", async () => {
    const entra = {
      preset: "entra",
      token_url: url(ENTRA_PATH),
      client_id: ENTRA_CLIENT,
      private_key: keys.rsaPkcs8,
      certificate: CERT,
    };
    await refused({ ...entra, scope: "User.Read" }, "ERR_INPUT_RULE", "scope", /\.default/);
    await refused(
      {
        ...entra,
        scope: "https://graph.microsoft.com/.default",
        private_key: undefined,
        certificate: undefined,
        client_secret: SECRET,
        auth_method: "client_secret_jwt",
      },
      "ERR_INPUT_RULE",
      "client_secret",
      /certificate/,
    );
    await refused(
      {
        preset: "auth0",
        token_url: url(AUTH0_PATH),
        client_id: CLIENT_ID,
        client_secret: SECRET,
        auth_method: "client_secret_jwt",
      },
      "ERR_INPUT_RULE",
      "client_secret",
      /Private Key JWT/,
    );
    await refused(okta({ private_key: undefined }), "ERR_INPUT_RULE", "private_key", /required/);
    await refused(okta({ client_secret: SECRET }), "ERR_INPUT_RULE", "client_secret", /choose auth_method/);
    await refused(
      okta({ private_key: undefined, auth_method: "client_secret_basic" }),
      "ERR_INPUT_RULE",
      "client_secret",
      /required/,
    );
  });

  it("refuses an Auth0 assertion_audience without its trailing slash, naming the input", async () => {
    await refused(
      {
        preset: "auth0",
        token_url: url(AUTH0_PATH),
        client_id: CLIENT_ID,
        private_key: keys.rsaPkcs8,
        assertion_audience: server.origin,
      },
      "ERR_INPUT_RULE",
      "assertion_audience",
      /trailing slash/,
    );
  });
});

describe("client-credentials-token: the shared cache", () => {
  it("reuses a token until 5 minutes before it expires, then asks again with a new assertion", async () => {
    const first = await run(okta());
    now += 30 * 60_000;
    const second = await run(okta());
    assert.equal(second.access_token, first.access_token);
    assert.equal(second.expires_in, 1800);
    assert.equal(posts().length, 1);
    now += 26 * 60_000;
    const third = await run(okta());
    assert.notEqual(third.access_token, first.access_token);
    assert.equal(posts().length, 2);
    assert.deepEqual(problems, []);
  });

  it("keys tokens by client, scope, URL and credential: another scope, key or secret asks again", async () => {
    await run(okta());
    await run(okta({ scope: "orders:write" }));
    await run(okta({ private_key: keys.rsaPkcs1 }));
    assert.equal(posts().length, 2, "the same key in another form is the same credential");
    await run(okta({ private_key: undefined, client_secret: SECRET }));
    await run(okta({ private_key: undefined, client_secret: `${SECRET}x` })).catch(() => undefined);
    assert.equal(posts().length, 4);
  });
});
