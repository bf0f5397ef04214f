// google-pubsub: Pub/Sub push tokens signed with real RSA keys, checked against a real HTTPS server on
// 127.0.0.1 that publishes Google-shaped keys (JWKS with Cache-Control) and counts every request.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ACTIONS } from "../../../src/bubble/actions/index.js";
import { buildPlugin, runPluginAction } from "../../../src/bubble/index.js";
import {
  encodeJws,
  encodeJwt,
  fixedClock,
  type GeneratedKeyPair,
  generateKeyPair,
  isJwtError,
  type JwtPayload,
} from "../../../src/jwt/index.js";
import { runOperation } from "../../../src/recipes/index.js";
import { googlePubsub, verifyPubSubPush } from "../../../src/recipes/sign-in/google-pubsub.js";
import { createSignInKeySets, type SignInKeySets } from "../../../src/recipes/sign-in/index.js";
import { startHttpsServer, type TestHttpsServer } from "../../helpers/https-server.js";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const NOW_S = NOW / 1000;
let now = NOW;
/** Frozen, moved on by hand only where a test says so (the key cache's cooldown). */
const clock = () => now;

const google = generateKeyPair("RS256");
const rotated = generateKeyPair("RS256");
const stranger = generateKeyPair("RS256");

const AUDIENCE = "https://example.com/push";
const ACCOUNT = "push-invoker@my-project.iam.gserviceaccount.com";
const INPUT = { audience: AUDIENCE, service_account_email: ACCOUNT };

/** A push token's claims as the Pub/Sub docs show them, issued a minute ago for an hour. */
const CLAIMS: JwtPayload = {
  aud: AUDIENCE,
  azp: "113774264463038321964",
  email: ACCOUNT,
  email_verified: true,
  exp: NOW_S + 3540,
  iat: NOW_S - 60,
  iss: "https://accounts.google.com",
  sub: "113774264463038321964",
};

function push(
  change: JwtPayload = {},
  options: { pair?: GeneratedKeyPair; kid?: string; header?: Record<string, unknown> } = {},
): string {
  const claims: JwtPayload = { ...CLAIMS };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  const pair = options.pair ?? google;
  // encodeJws: exactly these claims (encodeJwt would add iat and exp), under Google's header.
  return encodeJws(JSON.stringify(claims), {
    key: pair.privateKeyPem,
    alg: "RS256",
    header: { kid: options.kid ?? pair.kid, typ: "JWT", ...options.header },
  });
}

let server: TestHttpsServer;
/** Requests by path. */
const seen = new Map<string, number>();
let published: GeneratedKeyPair[] = [google];
let failing = false;
let cache: SignInKeySets;

before(async () => {
  server = await startHttpsServer((req, res) => {
    const path = req.url ?? "/";
    seen.set(path, (seen.get(path) ?? 0) + 1);
    if (path.split("?")[0] === "/oauth2/v3/certs" && !failing) {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=21600" });
      res.end(JSON.stringify({ keys: published.map((pair) => ({ ...pair.publicJwk, use: "sig" })) }));
      return;
    }
    // The token's own URLs (jku, x5u) answer with the stranger's keys: fetching them would accept forgeries.
    if (path.startsWith("/attacker/")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [stranger.publicJwk] }));
      return;
    }
    res.writeHead(failing ? 503 : 404).end();
  });
});
after(() => server.close());
beforeEach(() => {
  now = NOW;
  seen.clear();
  published = [google];
  failing = false;
  cache = createSignInKeySets({ clock });
});

const keysPath = "/oauth2/v3/certs";
const endpoints = () => ({ "google.keys": `${server.origin}${keysPath}` });

function verify(token: string, input: Partial<typeof INPUT> = {}) {
  return verifyPubSubPush(
    { token, ...INPUT, ...input },
    { clock, endpoints: endpoints(), ca: server.cert, cache },
  );
}

async function refusedWith(token: string, code: string, message?: RegExp, input: Partial<typeof INPUT> = {}) {
  const outputs = await verify(token, input);
  assert.equal(outputs.valid, false, `expected ${code}, got a valid token`);
  assert.equal(outputs.reason_code, code, outputs.error ?? "");
  if (message !== undefined) assert.match(outputs.error ?? "", message);
  for (const name of ["email", "subject", "audience", "issued_at", "expires_at", "claims_json"] as const) {
    assert.equal(outputs[name], null, name);
  }
  return outputs;
}

describe("google-pubsub: accepted pushes", () => {
  it("accepts the Authorization header's value as is, and the JWT alone, and gives the claims", async () => {
    const token = push();
    for (const given of [`Bearer ${token}`, token, `bearer  ${token} `]) {
      const outputs = await verify(given);
      assert.equal(outputs.valid, true, outputs.error ?? "");
      assert.deepEqual(outputs, {
        valid: true,
        reason_code: null,
        error: null,
        email: ACCOUNT,
        subject: "113774264463038321964",
        audience: AUDIENCE,
        issued_at: new Date((NOW_S - 60) * 1000),
        expires_at: new Date((NOW_S + 3540) * 1000),
        claims_json: JSON.stringify(CLAIMS),
      });
    }
  });

  it("accepts iss in both of Google's spellings, and email_verified written as text", async () => {
    assert.equal((await verify(push({ iss: "accounts.google.com" }))).valid, true);
    assert.equal((await verify(push({ email_verified: "true" }))).valid, true);
  });

  it("matches the service account whatever its case, and trims the inputs", async () => {
    const outputs = await verify(push(), {
      service_account_email: ` ${ACCOUNT.toUpperCase()} `,
      audience: ` ${AUDIENCE}`,
    });
    assert.equal(outputs.valid, true, outputs.error ?? "");
  });

  it("allows 60 s of clock difference on exp and iat", async () => {
    assert.equal((await verify(push({ exp: NOW_S - 59 }))).valid, true);
    assert.equal((await verify(push({ iat: NOW_S + 59 }))).valid, true);
  });

  it("runs from the registry (runOperation), reading its inputs as every layer does", async () => {
    const outputs = await runOperation(
      "google-pubsub",
      { token: `Bearer ${push()}`, ...INPUT },
      { clock, endpoints: endpoints(), ca: server.cert },
    );
    assert.equal(outputs.valid, true, String(outputs.error));
    assert.equal(outputs.email, ACCOUNT);
  });
});

describe("google-pubsub: keys", () => {
  it("fetches Google's keys once for many pushes (Cache-Control max-age), and a new kid once more", async () => {
    for (let i = 0; i < 5; i++) assert.equal((await verify(push())).valid, true);
    assert.equal(seen.get(keysPath), 1);
    // Google rotates: a token under the new kid fetches the keys again, once (after the 30 s cooldown).
    published = [google, rotated];
    now += 31_000;
    assert.equal((await verify(push({}, { pair: rotated }))).valid, true);
    assert.equal((await verify(push({}, { pair: rotated }))).valid, true);
    assert.equal(seen.get(keysPath), 2);
  });

  it("shares the process's key sets when no cache is given: a warm process asks once", async () => {
    const shared = {
      clock,
      endpoints: { "google.keys": `${server.origin}${keysPath}?shared` },
      ca: server.cert,
    };
    for (let i = 0; i < 3; i++) {
      const outputs = await googlePubsub.run({ token: push(), ...INPUT }, shared);
      assert.equal(outputs.valid, true);
    }
    assert.equal(seen.get(`${keysPath}?shared`), 1);
  });

  it("never fetches a URL the token names (jku, x5u, jwk): a forgery with its own keys is refused", async () => {
    const forged = push(
      {},
      {
        pair: stranger,
        header: {
          jku: `${server.origin}/attacker/jwks.json`,
          x5u: `${server.origin}/attacker/cert.pem`,
          jwk: stranger.publicJwk,
        },
      },
    );
    await refusedWith(forged, "ERR_KID_UNKNOWN");
    // The same kid as Google's key, signed by the stranger: the signature fails; still nothing fetched there.
    await refusedWith(
      push({}, { pair: stranger, kid: google.kid, header: { jku: `${server.origin}/attacker/jwks.json` } }),
      "ERR_JWS_SIGNATURE_INVALID",
    );
    assert.deepEqual(
      [...seen.keys()].filter((path) => path.startsWith("/attacker/")),
      [],
      "the token's own URLs were fetched",
    );
    assert.equal(seen.get(keysPath), 1);
  });

  it("refuses with ERR_JWKS_FETCH_FAILED when Google's keys cannot be fetched", async () => {
    failing = true;
    await refusedWith(push(), "ERR_JWKS_FETCH_FAILED");
  });

  it("fetches nothing for a token that is not Google's (issuer) or not RS256", async () => {
    await refusedWith(push({ iss: "https://securetoken.google.com/my-project" }), "ERR_SIGNIN_ISSUER");
    const hs = encodeJwt(CLAIMS, {
      key: "a-shared-secret-of-at-least-thirty-two-bytes!",
      alg: "HS256",
      clock: fixedClock(NOW),
    });
    await refusedWith(hs, "ERR_ALG_NOT_ALLOWED", /RS256/);
    assert.equal(seen.size, 0);
  });
});

describe("google-pubsub: every refusal has its reason code", () => {
  it("ERR_JWT_MALFORMED: not a JWT, or the Bearer word alone", async () => {
    await refusedWith("not-a-token", "ERR_JWT_MALFORMED");
    await refusedWith("Bearer ", "ERR_JWT_MALFORMED");
  });

  it("ERR_TOKEN_TOO_LARGE: a header value longer than 8192 characters", async () => {
    await refusedWith(`${push()}${"A".repeat(9000)}`, "ERR_TOKEN_TOO_LARGE");
  });

  it("ERR_SIGNIN_ISSUER: another issuer, or none", async () => {
    await refusedWith(
      push({ iss: "https://accounts.google.com/" }),
      "ERR_SIGNIN_ISSUER",
      /accounts\.google\.com/,
    );
    await refusedWith(push({ iss: undefined }), "ERR_SIGNIN_ISSUER", /missing/);
  });

  it("ERR_ALG_NOT_ALLOWED: RS384 under Google's kid", async () => {
    const rs384 = encodeJwt(CLAIMS, {
      key: google.privateKeyPem,
      alg: "RS384",
      header: { kid: google.kid },
      clock: fixedClock(NOW),
    });
    await refusedWith(rs384, "ERR_ALG_NOT_ALLOWED");
  });

  it("ERR_KID_UNKNOWN and ERR_JWS_SIGNATURE_INVALID: another key, an altered token", async () => {
    await refusedWith(push({}, { kid: "not-a-google-kid" }), "ERR_KID_UNKNOWN");
    const [head, body, signature] = push().split(".") as [string, string, string];
    const altered = JSON.parse(Buffer.from(body, "base64url").toString());
    altered.aud = "https://attacker.example/push";
    await refusedWith(
      `${head}.${Buffer.from(JSON.stringify(altered)).toString("base64url")}.${signature}`,
      "ERR_JWS_SIGNATURE_INVALID",
    );
  });

  it("ERR_JWT_EXPIRED: exp more than 60 s ago", async () => {
    await refusedWith(push({ exp: NOW_S - 61, iat: NOW_S - 3661 }), "ERR_JWT_EXPIRED");
  });

  it("ERR_JWT_NOT_YET_VALID: an nbf beyond the tolerance", async () => {
    await refusedWith(push({ nbf: NOW_S + 120 }), "ERR_JWT_NOT_YET_VALID");
  });

  it("ERR_JWT_CLAIM_INVALID: no exp, no iat, iat in the future, exp a day or more ahead", async () => {
    await refusedWith(push({ exp: undefined }), "ERR_JWT_CLAIM_INVALID", /exp/);
    await refusedWith(push({ iat: undefined }), "ERR_JWT_CLAIM_INVALID", /iat/);
    await refusedWith(push({ iat: NOW_S + 120 }), "ERR_JWT_CLAIM_INVALID", /iat/);
    await refusedWith(push({ exp: NOW_S + 86_400 }), "ERR_JWT_CLAIM_INVALID", /a day/);
    assert.equal((await verify(push({ exp: NOW_S + 86_399 }))).valid, true);
  });

  it("ERR_SIGNIN_AUDIENCE: another subscription's audience, none, or a list", async () => {
    await refusedWith(
      push({ aud: "https://example.com/other" }),
      "ERR_SIGNIN_AUDIENCE",
      /example\.com\/push/,
    );
    await refusedWith(push({ aud: undefined }), "ERR_SIGNIN_AUDIENCE", /missing/);
    // google-auth-library compares aud as one text: a list is refused there too.
    await refusedWith(push({ aud: [AUDIENCE] }), "ERR_SIGNIN_AUDIENCE");
  });

  it("ERR_SIGNIN_SERVICE_ACCOUNT: another service account, or no email", async () => {
    await refusedWith(
      push({ email: "someone-else@other-project.iam.gserviceaccount.com" }),
      "ERR_SIGNIN_SERVICE_ACCOUNT",
      /push-invoker@my-project/,
    );
    await refusedWith(push({ email: undefined }), "ERR_SIGNIN_SERVICE_ACCOUNT", /missing/);
  });

  it("ERR_SIGNIN_EMAIL_UNVERIFIED: email_verified false or missing", async () => {
    await refusedWith(push({ email_verified: false }), "ERR_SIGNIN_EMAIL_UNVERIFIED");
    await refusedWith(push({ email_verified: undefined }), "ERR_SIGNIN_EMAIL_UNVERIFIED");
  });
});

describe("google-pubsub: wrong inputs throw, naming them", () => {
  it("refuses an endpoint that is not https, or not google.keys", async () => {
    await assert.rejects(
      verifyPubSubPush(
        { token: push(), ...INPUT },
        { clock, endpoints: { "google.keys": "http://127.0.0.1/certs" } },
      ),
      (error: unknown) => isJwtError(error, "ERR_OPTION_INVALID") && error.option === "endpoints",
    );
    await assert.rejects(
      verifyPubSubPush(
        { token: push(), ...INPUT },
        { clock, endpoints: { "apple.keys": "https://x.example/k" } },
      ),
      (error: unknown) => isJwtError(error, "ERR_OPTION_INVALID") && /google\.keys/.test(error.message),
    );
  });

  it("refuses a missing audience and a service account that is no email", async () => {
    await assert.rejects(
      runOperation("google-pubsub", { token: push(), service_account_email: ACCOUNT }, { clock }),
      (error: unknown) => isJwtError(error) && error.option === "audience",
    );
    await assert.rejects(
      runOperation(
        "google-pubsub",
        { token: push(), audience: AUDIENCE, service_account_email: "push invoker" },
        { clock },
      ),
      (error: unknown) => isJwtError(error) && error.option === "service_account_email",
    );
  });
});

describe("google-pubsub as a Bubble action", () => {
  const action = ACTIONS.find((each) => each.key === "google-pubsub") ?? assert.fail("no action");

  it("has the advanced Endpoints and CA fields, and answers valid with the claims", async () => {
    const names = action.fields.map((field) => field.name);
    assert.deepEqual(names, [
      "token",
      "audience",
      "service_account_email",
      "endpoints",
      "ca_certificate",
      "stop_on_error",
    ]);
    const result = await action.run(
      {
        token: `Bearer ${push()}`,
        ...INPUT,
        endpoints: `google.keys=${server.origin}${keysPath}?bubble`,
        ca_certificate: server.cert,
      },
      { clock, keys: {} },
    );
    assert.equal(result.valid, true, String(result.error));
    assert.equal(result.email, ACCOUNT);
  });

  it("answers a refused push as valid = no with its reason code", async () => {
    const result = await action.run(
      {
        token: push({ email: "other@x.iam.gserviceaccount.com" }),
        ...INPUT,
        endpoints: `google.keys=${server.origin}${keysPath}?bubble`,
        ca_certificate: server.cert,
      },
      { clock, keys: {} },
    );
    assert.equal(result.valid, false);
    assert.equal(result.reason_code, "ERR_SIGNIN_SERVICE_ACCOUNT");
  });
});

// Bubble runs each action's built server.js, maybe on Node 18: this one alone, built, once per Node line,
// against the key server above (its CA in the "Trusted CA certificate" field).
const NODE18 = process.env.NODE18_BIN ?? fileURLToPath(new URL("../../../.tmp/node18/node", import.meta.url));
const RUNNER = fileURLToPath(new URL("../../bubble/node18/run-recipe-actions.cjs", import.meta.url));

describe("google-pubsub through the built plugin", () => {
  let dir = "";
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "bubble-jwt-pubsub-"));
    await buildPlugin({ outDir: dir, check: true, only: ["google-pubsub"] });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const fields = (token: string, path: string) => ({
    token: `Bearer ${token}`,
    ...INPUT,
    endpoints: `google.keys=${server.origin}${keysPath}?${path}`,
    ca_certificate: server.cert,
  });

  it("answers on this Node.js", async () => {
    const result = await runPluginAction({
      pluginDir: dir,
      action: "Google: verify Pub/Sub push",
      input: fields(push(), "built20"),
      clock,
    });
    assert.equal(result.valid, true, String(result.error));
    assert.equal(result.email, ACCOUNT);
  });

  it("answers the same on Node.js 18", {
    skip: existsSync(NODE18) ? false : `no Node 18 at ${NODE18}`,
  }, async () => {
    const display = "Google: verify Pub/Sub push";
    const runs = [
      { display, properties: fields(push(), "built18"), keys: {}, now: NOW },
      {
        display,
        properties: fields(push({ aud: "https://example.com/other" }), "built18"),
        keys: {},
        now: NOW,
      },
    ];
    const file = join(dir, "runs.json");
    writeFileSync(file, JSON.stringify(runs));
    // Asynchronous: the key server answers from this process while Node 18 runs.
    const { stdout } = await promisify(execFile)(NODE18, [RUNNER, dir, file], {
      encoding: "utf8",
      timeout: 60_000,
    });
    const output = JSON.parse(stdout);
    assert.match(output.node, /^v18\./);
    assert.equal(output.results[0].valid, true, output.results[0].error);
    assert.deepEqual(
      [output.results[1].valid, output.results[1].reason_code],
      [false, "ERR_SIGNIN_AUDIENCE"],
    );
    assert.equal(seen.get(`${keysPath}?built18`), 1, "the keys are fetched once for both runs");
  });
});
