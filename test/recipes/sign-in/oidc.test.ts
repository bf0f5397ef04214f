// Provider oidc against a real local HTTPS server playing OpenID issuers (discovery, JWKS, Microsoft's
// {tenantid} template): every rule and refusal with its reason code, on a frozen clock, with requests
// counted to show the caching and that the token's own URLs are never fetched.
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { main } from "../../../src/cli/main.js";
import { inputsJsonSchema } from "../../../src/inputs/index.js";
import { encodeJws, generateSecret, type JwtPayload } from "../../../src/jwt/index.js";
import {
  createSignInKeySets,
  SIGN_IN_INPUTS,
  type SignInKeySets,
  type SignInOutputs,
  verifySignInToken,
} from "../../../src/recipes/sign-in/index.js";
import { fakeIo } from "../../cli/fake-io.js";
import { startHttpsServer, type TestHttpsServer } from "../../helpers/https-server.js";
import {
  CLIENT_ID,
  CONSUMERS,
  configurationOf,
  type FakeOpenId,
  idClaims,
  KEYS,
  NOW,
  NOW_S,
  OTHER_CLIENT,
  signWith,
  startFakeOpenId,
  TENANT,
  WELL_KNOWN,
} from "./fake-openid.js";

let fake: FakeOpenId;
let evil: TestHttpsServer;
let cache: SignInKeySets;
let now = NOW;
/** Issuer A and B share one JWKS (the server's /jwks). */
let A: string;
let B: string;

before(async () => {
  fake = await startFakeOpenId();
  evil = await startHttpsServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [KEYS.stranger.publicJwk], issuer: "x", jwks_uri: "https://x" }));
  });
});
after(async () => {
  await fake.close();
  await evil.close();
});
beforeEach(() => {
  now = NOW;
  fake.reset();
  cache = createSignInKeySets({ clock: () => now });
  A = `${fake.origin}/a`;
  B = `${fake.origin}/b`;
  fake.issuer("/a", configurationOf(fake, A));
  fake.issuer("/b", configurationOf(fake, B));
});

function verify(input: Record<string, unknown>): Promise<SignInOutputs> {
  return verifySignInToken({ provider: "oidc", ...input }, { clock: () => now, ca: fake.server.cert, cache });
}

function idToken(issuer = A, change: JwtPayload = {}, options: Parameters<typeof signWith>[1] = {}) {
  return signWith(idClaims(issuer, change), options);
}

async function accepted(result: Promise<SignInOutputs>): Promise<SignInOutputs> {
  const outputs = await result;
  assert.equal(outputs.valid, true, `${outputs.reason_code}: ${outputs.error}`);
  return outputs;
}

async function refusedWith(result: Promise<SignInOutputs>, code: string, message?: RegExp) {
  const outputs = await result;
  assert.equal(outputs.valid, false, `expected ${code}, got a valid token`);
  assert.equal(outputs.reason_code, code, outputs.error ?? "");
  assert.ok((outputs.error ?? "").length > 10);
  if (message !== undefined) assert.match(outputs.error ?? "", message);
  assert.equal(outputs.subject, null);
}

async function inputError(input: Record<string, unknown>, option: string, code = "ERR_OPTION_INVALID") {
  await assert.rejects(verify(input), (error: { code?: string; option?: string; input?: string }) => {
    assert.equal(error.code, code);
    assert.equal(error.option ?? error.input, option);
    return true;
  });
}

const configPath = (path: string) => `${path}${WELL_KNOWN}`;

describe("provider oidc: ID tokens (OpenID Connect Core 1.0 section 3.1.3.7)", () => {
  it("accepts RS256, ES256 and EdDSA ID tokens of the configured issuer and gives the claims", async () => {
    for (const pair of [KEYS.rsa, KEYS.ec, KEYS.ed]) {
      const outputs = await accepted(
        verify({ token: idToken(A, {}, { pair }), issuer: A, client_id: CLIENT_ID }),
      );
      assert.equal(outputs.subject, "248289761001");
      assert.equal(outputs.issuer, A);
      assert.equal(outputs.audience, CLIENT_ID);
      assert.equal(outputs.email, "ada@example.com");
      assert.equal(outputs.email_verified, true);
      assert.deepEqual(outputs.issued_at, new Date((NOW_S - 60) * 1000));
    }
  });

  it("reads the configuration and the keys once, then from the cache; again after max-age", async () => {
    for (let i = 0; i < 3; i++) await accepted(verify({ token: idToken(), issuer: A, client_id: CLIENT_ID }));
    assert.equal(fake.requests(configPath("/a")), 1);
    assert.equal(fake.requests("/jwks"), 1);
    assert.equal(cache.issuerCount, 1);
    // The configuration says max-age=300, the keys max-age=600.
    now = NOW + 300_000;
    await accepted(verify({ token: idToken(), issuer: A, client_id: CLIENT_ID }));
    assert.equal(fake.requests(configPath("/a")), 2);
    assert.equal(fake.requests("/jwks"), 1);
  });

  it("refuses a token of issuer A for configured issuer B, though they share keys, before any request", async () => {
    await refusedWith(
      verify({ token: idToken(A), issuer: B, client_id: CLIENT_ID }),
      "ERR_SIGNIN_ISSUER",
      /configured issuer/,
    );
    assert.equal(fake.total(), 0);
    // B's own token passes with the same keys.
    await accepted(verify({ token: idToken(B), issuer: B, client_id: CLIENT_ID }));
    // A token whose iss differs only by a trailing slash is another issuer.
    await refusedWith(
      verify({ token: idToken(`${B}/`), issuer: B, client_id: CLIENT_ID }),
      "ERR_SIGNIN_ISSUER",
    );
  });

  it("never fetches the token's own URLs: an iss of another host, jku and x5u headers", async () => {
    const before = evil.requests();
    await refusedWith(
      verify({ token: idToken(evil.origin), issuer: A, client_id: CLIENT_ID }),
      "ERR_SIGNIN_ISSUER",
    );
    const pointed = idToken(
      A,
      {},
      {
        header: { jku: `${evil.origin}/jwks`, x5u: `${evil.origin}/cert.pem` },
      },
    );
    await accepted(verify({ token: pointed, issuer: A, client_id: CLIENT_ID }));
    // Signed by a key published only at the jku: refused, the jku still never asked.
    const stranger = idToken(A, {}, { pair: KEYS.stranger, header: { jku: `${evil.origin}/jwks` } });
    await refusedWith(verify({ token: stranger, issuer: A, client_id: CLIENT_ID }), "ERR_KID_UNKNOWN");
    assert.equal(evil.requests(), before);
  });

  it("refuses another audience, several audiences without azp, and an azp that is not the client", async () => {
    await refusedWith(
      verify({ token: idToken(A, { aud: OTHER_CLIENT }), issuer: A, client_id: CLIENT_ID }),
      "ERR_SIGNIN_AUDIENCE",
    );
    await refusedWith(
      verify({ token: idToken(A, { aud: [CLIENT_ID, OTHER_CLIENT] }), issuer: A, client_id: CLIENT_ID }),
      "ERR_SIGNIN_AZP",
      /several audiences/,
    );
    await accepted(
      verify({
        token: idToken(A, { aud: [CLIENT_ID, OTHER_CLIENT], azp: CLIENT_ID }),
        issuer: A,
        client_id: CLIENT_ID,
      }),
    );
    await refusedWith(
      verify({ token: idToken(A, { azp: OTHER_CLIENT }), issuer: A, client_id: CLIENT_ID }),
      "ERR_SIGNIN_AZP",
    );
  });

  it("refuses an expired token, one without exp, iat or sub, and one older than max_token_age", async () => {
    const input = { issuer: A, client_id: CLIENT_ID };
    await refusedWith(verify({ ...input, token: idToken(A, { exp: NOW_S - 61 }) }), "ERR_JWT_EXPIRED");
    await accepted(verify({ ...input, token: idToken(A, { exp: NOW_S - 59 }) }));
    await refusedWith(verify({ ...input, token: idToken(A, { exp: undefined }) }), "ERR_JWT_CLAIM_INVALID");
    await refusedWith(verify({ ...input, token: idToken(A, { iat: undefined }) }), "ERR_SIGNIN_TOKEN_AGE");
    await refusedWith(verify({ ...input, token: idToken(A, { sub: undefined }) }), "ERR_SIGNIN_SUBJECT");
    await refusedWith(verify({ ...input, token: idToken(A, { sub: "" }) }), "ERR_SIGNIN_SUBJECT");
    const old = idToken(A, { iat: NOW_S - 600 });
    await accepted(verify({ ...input, token: old, max_token_age: 600 }));
    await refusedWith(
      verify({ ...input, token: old, max_token_age: 500 }),
      "ERR_SIGNIN_TOKEN_AGE",
      /600 s ago/,
    );
  });

  it("checks the nonce when given", async () => {
    const input = { issuer: A, client_id: CLIENT_ID };
    await accepted(verify({ ...input, token: idToken(A, { nonce: "n-0S6_WzA2Mj" }), nonce: "n-0S6_WzA2Mj" }));
    await refusedWith(
      verify({ ...input, token: idToken(A, { nonce: "other" }), nonce: "n-0S6_WzA2Mj" }),
      "ERR_SIGNIN_NONCE",
    );
    await refusedWith(verify({ ...input, token: idToken(A), nonce: "n-0S6_WzA2Mj" }), "ERR_SIGNIN_NONCE");
  });

  it("with max_auth_age requires a recent auth_time", async () => {
    const input = { issuer: A, client_id: CLIENT_ID, max_auth_age: 300 };
    await accepted(verify({ ...input, token: idToken(A, { auth_time: NOW_S - 300 }) }));
    await accepted(verify({ ...input, token: idToken(A, { auth_time: NOW_S - 360 }) }));
    await refusedWith(
      verify({ ...input, token: idToken(A, { auth_time: NOW_S - 361 }) }),
      "ERR_SIGNIN_AUTH_TIME",
      /sign in again/,
    );
    await refusedWith(
      verify({ ...input, token: idToken(A, { auth_time: undefined }) }),
      "ERR_SIGNIN_AUTH_TIME",
    );
    await refusedWith(
      verify({ ...input, token: idToken(A, { auth_time: NOW_S + 3600 }) }),
      "ERR_SIGNIN_AUTH_TIME",
    );
    // Without max_auth_age, auth_time is not needed.
    await accepted(verify({ issuer: A, client_id: CLIENT_ID, token: idToken(A, { auth_time: undefined }) }));
  });

  it("refuses an access token (typ at+jwt) checked as an ID token", async () => {
    await refusedWith(
      verify({ token: idToken(A, {}, { header: { typ: "at+jwt" } }), issuer: A, client_id: CLIENT_ID }),
      "ERR_SIGNIN_TOKEN_TYPE",
    );
  });

  it("takes the algorithm from its keys: asymmetric only, within the configuration's list", async () => {
    const secret = generateSecret();
    const hs = encodeJws(JSON.stringify(idClaims(A)), {
      key: secret.secret,
      alg: "HS256",
      header: { typ: "JWT" },
    });
    await refusedWith(verify({ token: hs, issuer: A, client_id: CLIENT_ID }), "ERR_ALG_NOT_ALLOWED");
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(idClaims(A))).toString("base64url")}.`;
    const outputs = await verify({ token: none, issuer: A, client_id: CLIENT_ID });
    assert.equal(outputs.valid, false);
    assert.ok(
      ["ERR_ALG_NOT_ALLOWED", "ERR_JWT_MALFORMED"].includes(outputs.reason_code ?? ""),
      outputs.reason_code ?? "",
    );
    // The issuer signs ID tokens with ES256 only: an RS256 token is refused though its key is published.
    const es = `${fake.origin}/es`;
    fake.issuer("/es", configurationOf(fake, es, { id_token_signing_alg_values_supported: ["ES256"] }));
    await accepted(verify({ token: idToken(es, {}, { pair: KEYS.ec }), issuer: es, client_id: CLIENT_ID }));
    await refusedWith(
      verify({ token: idToken(es), issuer: es, client_id: CLIENT_ID }),
      "ERR_ALG_NOT_ALLOWED",
    );
    // A configuration that allows only HS256 allows nothing here.
    const hsOnly = `${fake.origin}/hs`;
    fake.issuer("/hs", configurationOf(fake, hsOnly, { id_token_signing_alg_values_supported: ["HS256"] }));
    await refusedWith(
      verify({ token: idToken(hsOnly), issuer: hsOnly, client_id: CLIENT_ID }),
      "ERR_SIGNIN_DISCOVERY_INVALID",
    );
  });

  it("refuses an unknown kid, fetching the keys again at most once per cooldown", async () => {
    const token = idToken(A, {}, { header: { kid: "unknown" } });
    await refusedWith(verify({ token, issuer: A, client_id: CLIENT_ID }), "ERR_KID_UNKNOWN");
    const first = fake.requests("/jwks");
    for (let i = 0; i < 3; i++)
      await refusedWith(verify({ token, issuer: A, client_id: CLIENT_ID }), "ERR_KID_UNKNOWN");
    assert.equal(fake.requests("/jwks"), first);
  });
});

describe("provider oidc: the issuer's configuration", () => {
  it("requires the configuration's issuer to be the configured one exactly, trailing slash included", async () => {
    const slash = `${fake.origin}/slash/`;
    fake.issuer("/slash", configurationOf(fake, slash));
    await accepted(verify({ token: idToken(slash), issuer: slash, client_id: CLIENT_ID }));
    const bare = `${fake.origin}/slash`;
    await refusedWith(
      verify({ token: idToken(bare), issuer: bare, client_id: CLIENT_ID }),
      "ERR_SIGNIN_DISCOVERY_ISSUER",
      /trailing slash/,
    );
    // A configuration naming another issuer (whose token this is) is not trusted for this one.
    const liar = `${fake.origin}/liar`;
    fake.issuer("/liar", configurationOf(fake, A));
    await refusedWith(
      verify({ token: idToken(liar), issuer: liar, client_id: CLIENT_ID }),
      "ERR_SIGNIN_DISCOVERY_ISSUER",
    );
    assert.equal(fake.requests("/jwks"), 1);
  });

  it("refuses a configuration that cannot be fetched, is not JSON, or has no https jwks_uri", async () => {
    const missing = `${fake.origin}/missing`;
    await refusedWith(
      verify({ token: idToken(missing), issuer: missing, client_id: CLIENT_ID }),
      "ERR_SIGNIN_DISCOVERY_FAILED",
      /HTTP 404/,
    );
    const text = `${fake.origin}/text`;
    fake.routes.set(configPath("/text"), { body: () => null, raw: "<html>login</html>" });
    await refusedWith(
      verify({ token: idToken(text), issuer: text, client_id: CLIENT_ID }),
      "ERR_SIGNIN_DISCOVERY_INVALID",
    );
    const plain = `${fake.origin}/plain`;
    fake.issuer("/plain", configurationOf(fake, plain, { jwks_uri: `http://127.0.0.1/jwks` }));
    await refusedWith(
      verify({ token: idToken(plain), issuer: plain, client_id: CLIENT_ID }),
      "ERR_SIGNIN_DISCOVERY_INVALID",
      /https jwks_uri/,
    );
    const moved = `${fake.origin}/moved`;
    fake.routes.set(configPath("/moved"), { status: 301, body: () => ({}) });
    await refusedWith(
      verify({ token: idToken(moved), issuer: moved, client_id: CLIENT_ID }),
      "ERR_SIGNIN_DISCOVERY_FAILED",
      /redirects are not followed/,
    );
  });

  it("backs off after a failure, and keeps answering with the configuration last read", async () => {
    const flaky = `${fake.origin}/flaky`;
    const path = fake.issuer("/flaky", configurationOf(fake, flaky), "max-age=60");
    const input = { token: idToken(flaky), issuer: flaky, client_id: CLIENT_ID };
    await accepted(verify(input));
    fake.routes.set(path, { status: 503, body: () => ({}) });
    now = NOW + 60_000;
    await accepted(verify(input));
    assert.equal(fake.requests(path), 2);
    now = NOW + 60_500;
    await accepted(verify(input));
    assert.equal(fake.requests(path), 2);
    // An issuer never read: refused, then not asked again during the back-off.
    const down = `${fake.origin}/down`;
    fake.routes.set(configPath("/down"), { status: 500, body: () => ({}) });
    const downInput = { token: idToken(down), issuer: down, client_id: CLIENT_ID };
    await refusedWith(verify(downInput), "ERR_SIGNIN_DISCOVERY_FAILED");
    await refusedWith(verify(downInput), "ERR_SIGNIN_DISCOVERY_FAILED", /Not fetched again/);
    assert.equal(fake.requests(configPath("/down")), 1);
  });
});

describe("provider oidc: Microsoft's {tenantid} template", () => {
  const tenantIssuer = (tid: string) => `${fake.origin}/${tid}/v2.0`;
  beforeEach(() => {
    for (const segment of ["common", "organizations", "consumers"]) {
      fake.issuer(`/${segment}/v2.0`, configurationOf(fake, `${fake.origin}/{tenantid}/v2.0`));
    }
  });

  it("fills the template with the token's own tid, and nothing else", async () => {
    const common = `${fake.origin}/common/v2.0`;
    const token = idToken(tenantIssuer(TENANT), { tid: TENANT });
    const outputs = await accepted(verify({ token, issuer: common, client_id: CLIENT_ID }));
    assert.equal(outputs.issuer, tenantIssuer(TENANT));
    // The iss names another tenant than tid, or there is no tid: another issuer.
    const other = "11111111-2222-4333-8444-555555555555";
    await refusedWith(
      verify({ token: idToken(tenantIssuer(other), { tid: TENANT }), issuer: common, client_id: CLIENT_ID }),
      "ERR_SIGNIN_ISSUER",
    );
    await refusedWith(
      verify({ token: idToken(tenantIssuer(TENANT)), issuer: common, client_id: CLIENT_ID }),
      "ERR_SIGNIN_ISSUER",
    );
    await refusedWith(
      verify({
        token: idToken(tenantIssuer(TENANT), { tid: "not-a-guid" }),
        issuer: common,
        client_id: CLIENT_ID,
      }),
      "ERR_SIGNIN_ISSUER",
    );
  });

  it("consumers admits only the personal-accounts tenant; organizations never does", async () => {
    const consumers = `${fake.origin}/consumers/v2.0`;
    const organizations = `${fake.origin}/organizations/v2.0`;
    await accepted(
      verify({
        token: idToken(tenantIssuer(CONSUMERS), { tid: CONSUMERS }),
        issuer: consumers,
        client_id: CLIENT_ID,
      }),
    );
    await refusedWith(
      verify({
        token: idToken(tenantIssuer(TENANT), { tid: TENANT }),
        issuer: consumers,
        client_id: CLIENT_ID,
      }),
      "ERR_SIGNIN_TENANT",
    );
    await refusedWith(
      verify({
        token: idToken(tenantIssuer(CONSUMERS), { tid: CONSUMERS }),
        issuer: organizations,
        client_id: CLIENT_ID,
      }),
      "ERR_SIGNIN_TENANT",
    );
  });

  it("is not accepted from an issuer that is not a multi-tenant one", async () => {
    const single = `${fake.origin}/single`;
    fake.issuer("/single", configurationOf(fake, `${fake.origin}/{tenantid}`));
    await refusedWith(
      verify({ token: idToken(single, { tid: TENANT }), issuer: single, client_id: CLIENT_ID }),
      "ERR_SIGNIN_DISCOVERY_ISSUER",
    );
  });
});

describe("provider oidc: access tokens (RFC 9068)", () => {
  const API = "https://api.example.com";
  const claims = (change: JwtPayload = {}) =>
    idClaims(A, {
      aud: API,
      client_id: CLIENT_ID,
      scope: "read",
      email: undefined,
      name: undefined,
      ...change,
    });
  const at = (change: JwtPayload = {}, typ = "at+jwt") => signWith(claims(change), { header: { typ } });
  // A is set for each test (the server's origin): read it when the test runs.
  let input: Record<string, unknown> = {};
  beforeEach(() => {
    input = { issuer: A, token_type: "access", audience: API };
  });

  it("accepts typ at+jwt (or application/at+jwt) with aud, sub, client_id and iat", async () => {
    await accepted(verify({ ...input, token: at() }));
    await accepted(verify({ ...input, token: at({}, "application/at+jwt") }));
    await accepted(verify({ ...input, client_id: CLIENT_ID, token: at() }));
  });

  it("refuses another typ, another audience, no client_id or another one, no sub", async () => {
    await refusedWith(verify({ ...input, token: at({}, "JWT") }), "ERR_SIGNIN_TOKEN_TYPE", /at\+jwt/);
    await refusedWith(
      verify({ ...input, token: at({ aud: "https://other.example.com" }) }),
      "ERR_SIGNIN_AUDIENCE",
    );
    await refusedWith(verify({ ...input, token: at({ client_id: undefined }) }), "ERR_SIGNIN_CLIENT_ID");
    await refusedWith(verify({ ...input, client_id: OTHER_CLIENT, token: at() }), "ERR_SIGNIN_CLIENT_ID");
    await refusedWith(verify({ ...input, token: at({ sub: undefined }) }), "ERR_SIGNIN_SUBJECT");
    await refusedWith(verify({ ...input, token: at({ iat: undefined }) }), "ERR_SIGNIN_TOKEN_AGE");
    await refusedWith(verify({ ...input, token: at({ exp: NOW_S - 120 }) }), "ERR_JWT_EXPIRED");
    await refusedWith(verify({ ...input, issuer: B, token: at() }), "ERR_SIGNIN_ISSUER");
  });
});

describe("provider oidc: inputs", () => {
  it("requires an https issuer without query or fragment, kept exactly", async () => {
    await inputError({ token: idToken(), client_id: CLIENT_ID }, "issuer");
    for (const bad of [
      "login.example.com",
      "http://login.example.com",
      "https://login.example.com/?a=1",
      "https://u:p@login.example.com",
      "https://login.example.com/#",
    ]) {
      await inputError({ token: idToken(), client_id: CLIENT_ID, issuer: bad }, "issuer");
    }
  });

  it("requires client_id for an ID token and audience for an access token, and each only there", async () => {
    await inputError({ token: idToken(), issuer: A }, "client_id");
    await inputError({ token: idToken(), issuer: A, token_type: "access" }, "audience");
    await inputError(
      { token: idToken(), issuer: A, client_id: CLIENT_ID, audience: "https://api" },
      "audience",
    );
    await inputError(
      { token: idToken(), issuer: A, token_type: "access", audience: "x", nonce: "n" },
      "nonce",
    );
    await inputError(
      { token: idToken(), issuer: A, client_id: CLIENT_ID, project_ref: "abc" },
      "project_ref",
    );
    await inputError({ token: idToken(), issuer: A, client_id: CLIENT_ID, max_auth_age: -1 }, "max_auth_age");
    await inputError(
      { token: idToken(), issuer: A, client_id: CLIENT_ID, audience: "has space" },
      "audience",
    );
    assert.equal(fake.total(), 0);
  });

  it("are declared once: the new inputs come last, each with a doc", () => {
    const names = SIGN_IN_INPUTS.map((spec) => spec.name);
    const added = [
      "issuer",
      "audience",
      "token_type",
      "max_auth_age",
      "max_token_age",
      "realm",
      "authorization_server",
      "policy",
    ];
    // After issuer, the Stytch and Memberstack inputs were appended before the others.
    assert.deepEqual(
      names.filter((name) => added.includes(name)),
      added,
    );
    assert.deepEqual(names.slice(-added.length + 1), added.slice(1));
    for (const spec of SIGN_IN_INPUTS.filter((each) => added.includes(each.name)))
      assert.ok(spec.doc.length > 40, spec.name);
    // The HTTP body's schema is made from the same list (the CLI's flags are tested below, the Bubble
    // fields by the released params fixture).
    const schema = inputsJsonSchema(SIGN_IN_INPUTS);
    for (const name of added) assert.ok(schema.properties[name] !== undefined, name);
    assert.equal(schema.properties.max_auth_age?.type, "integer");
  });

  it("keeps a bounded number of issuers' configurations, like the key sets", () => {
    const small = createSignInKeySets({ clock: () => now, maxSets: 2 });
    for (const path of ["/a", "/b", "/c"]) small.issuer(`${fake.origin}${path}`, { ca: fake.server.cert });
    assert.equal(small.issuerCount, 2);
    // The same issuer, CA and template choice is one shared object.
    const ca = fake.server.cert;
    assert.equal(small.issuer(B, { ca }), small.issuer(B, { ca }));
    assert.notEqual(small.issuer(B, { ca }), small.issuer(B, { ca, allowTenantTemplate: true }));
  });
});

describe("bubble-jwt verify --provider oidc", () => {
  it("takes --issuer, --client-id, --token-type, --max-auth-age from the inputs, and trusts --ca-file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bubble-jwt-oidc-"));
    const caFile = join(dir, "ca.pem");
    await writeFile(caFile, fake.server.cert);
    // The CLI reads the process's shared caches: a path of its own keeps this test apart.
    const issuer = `${fake.origin}/cli`;
    fake.issuer("/cli", configurationOf(fake, issuer));
    const flags = ["--provider", "oidc", "--issuer", issuer, "--client-id", CLIENT_ID, "--ca-file", caFile];
    const io = fakeIo({ now: new Date(NOW) });
    assert.equal(
      await main(["verify", idToken(issuer), ...flags, "--max-auth-age", "600", "--json"], io),
      0,
      io.err(),
    );
    assert.equal(JSON.parse(io.out()).subject, "248289761001");
    const refused = fakeIo({ now: new Date(NOW) });
    assert.equal(await main(["verify", idToken(A), ...flags], refused), 1);
    assert.match(refused.err(), /ERR_SIGNIN_ISSUER/);
    const access = fakeIo({ now: new Date(NOW) });
    assert.equal(
      await main(
        ["verify", idToken(issuer), ...flags, "--token-type", "access", "--audience", "https://api"],
        access,
      ),
      1,
    );
    assert.match(access.err(), /ERR_SIGNIN_TOKEN_TYPE/);
    // The process's shared caches: one read of the configuration for every run above.
    assert.equal(fake.requests(`/cli${WELL_KNOWN}`), 1);
    const down = `${fake.origin}/cli-down`;
    const unreachable = fakeIo({ now: new Date(NOW) });
    const downFlags = ["--provider", "oidc", "--issuer", down, "--client-id", CLIENT_ID, "--ca-file", caFile];
    assert.equal(await main(["verify", idToken(down), ...downFlags], unreachable), 2);
    assert.match(unreachable.err(), /ERR_SIGNIN_DISCOVERY_FAILED/);
  });
});
