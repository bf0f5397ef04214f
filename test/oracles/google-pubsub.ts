// google-pubsub against google-auth-library's OAuth2Client.verifySignedJwtWithCertsAsync, offline: the
// library is given the keys as Google's PEM certificate map, the check fetches the same keys as JWKS
// from a real HTTPS server on 127.0.0.1. Both must accept and refuse the same push tokens; where the
// check is stricter by design (60 s of clock tolerance against the library's 300 s; the service
// account and email_verified, which the library leaves to the caller as the Pub/Sub page says), the
// difference is asserted on its own. The library reads `new Date()`: node:test's mock timers freeze
// Date at the test's instant for each of its calls, so no token depends on today's date.
// google-pubsub.test.ts loads this file when test/oracles/node_modules is installed.
import assert from "node:assert/strict";
import { after, before, describe, it, mock } from "node:test";
import { OAuth2Client } from "google-auth-library";
import {
  encodeJws,
  fixedClock,
  type GeneratedKeyPair,
  generateKeyPair,
  type JwtPayload,
} from "../../src/jwt/index.js";
import { PUBSUB_ISSUERS, verifyPubSubPush } from "../../src/recipes/sign-in/google-pubsub.js";
import { createSignInKeySets } from "../../src/recipes/sign-in/index.js";
import { selfSignedCertificate } from "../helpers/certificates.js";
import { sendJson, startHttpsServer, type TestHttpsServer } from "../helpers/https-server.js";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const NOW_S = NOW / 1000;
const clock = fixedClock(NOW);

const google = generateKeyPair("RS256");
const stranger = generateKeyPair("RS256");
const AUDIENCE = "https://example.com/push";
const ACCOUNT = "push-invoker@my-project.iam.gserviceaccount.com";

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

function push(change: JwtPayload = {}, pair: GeneratedKeyPair = google, kid = pair.kid): string {
  const claims: JwtPayload = { ...CLAIMS };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return encodeJws(JSON.stringify(claims), {
    key: pair.privateKeyPem,
    alg: "RS256",
    header: { kid, typ: "JWT" },
  });
}

let server: TestHttpsServer;
before(async () => {
  server = await startHttpsServer(sendJson({ keys: [google.publicJwk] }));
});
after(() => server.close());

/** Ours: accepted or the reason code. */
async function ours(token: string): Promise<string> {
  const outputs = await verifyPubSubPush(
    { token, audience: AUDIENCE, service_account_email: ACCOUNT },
    {
      clock,
      endpoints: { "google.keys": `${server.origin}/oauth2/v3/certs` },
      ca: server.cert,
      cache: createSignInKeySets({ clock }),
    },
  );
  return outputs.valid ? "accepted" : String(outputs.reason_code);
}

/** The library's: accepted or its message, with Date frozen at NOW during the call. */
async function theirs(token: string): Promise<string> {
  const certs = { [google.kid]: selfSignedCertificate(google.privateKeyPem, "google-test") };
  mock.timers.enable({ apis: ["Date"], now: NOW });
  try {
    const ticket = await new OAuth2Client().verifySignedJwtWithCertsAsync(token, certs, AUDIENCE, [
      ...PUBSUB_ISSUERS,
    ]);
    assert.deepEqual(
      ticket.getPayload(),
      JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()),
    );
    return "accepted";
  } catch (error) {
    return `refused: ${(error as Error).message.slice(0, 60)}`;
  } finally {
    mock.timers.reset();
  }
}

describe("google-pubsub against google-auth-library (offline certificates, Date frozen)", () => {
  it("the library's clock is frozen at the test's instant while it runs", async () => {
    mock.timers.enable({ apis: ["Date"], now: NOW });
    try {
      assert.equal(Date.now(), NOW);
      assert.equal(new Date().toISOString(), "2026-12-01T10:00:00.000Z");
    } finally {
      mock.timers.reset();
    }
  });

  const agreed: Array<[string, () => string, "accepted" | string]> = [
    ["a push token as Pub/Sub sends it", () => push(), "accepted"],
    ["iss without https://", () => push({ iss: "accounts.google.com" }), "accepted"],
    ["exp 30 s ago (within both tolerances)", () => push({ exp: NOW_S - 30 }), "accepted"],
    ["exp a day ahead less a second", () => push({ exp: NOW_S + 86_399 }), "accepted"],
    ["another audience", () => push({ aud: "https://example.com/other" }), "ERR_SIGNIN_AUDIENCE"],
    ["an audience list", () => push({ aud: [AUDIENCE] }), "ERR_SIGNIN_AUDIENCE"],
    ["no audience", () => push({ aud: undefined }), "ERR_SIGNIN_AUDIENCE"],
    ["another issuer", () => push({ iss: "https://securetoken.google.com/p" }), "ERR_SIGNIN_ISSUER"],
    ["expired 10 minutes ago", () => push({ exp: NOW_S - 600, iat: NOW_S - 4200 }), "ERR_JWT_EXPIRED"],
    ["issued 10 minutes in the future", () => push({ iat: NOW_S + 600 }), "ERR_JWT_CLAIM_INVALID"],
    ["no iat", () => push({ iat: undefined }), "ERR_JWT_CLAIM_INVALID"],
    ["no exp", () => push({ exp: undefined }), "ERR_JWT_CLAIM_INVALID"],
    ["exp a day ahead", () => push({ exp: NOW_S + 86_400 }), "ERR_JWT_CLAIM_INVALID"],
    ["a kid Google does not publish", () => push({}, google, "unknown-kid"), "ERR_KID_UNKNOWN"],
    [
      "signed by another key under Google's kid",
      () => push({}, stranger, google.kid),
      "ERR_JWS_SIGNATURE_INVALID",
    ],
    [
      "an altered claim",
      () => {
        const [head, , signature] = push().split(".");
        const body = Buffer.from(JSON.stringify({ ...CLAIMS, sub: "1" })).toString("base64url");
        return `${head}.${body}.${signature}`;
      },
      "ERR_JWS_SIGNATURE_INVALID",
    ],
  ];
  for (const [name, make, expected] of agreed) {
    it(`agrees: ${name}`, async () => {
      const token = make();
      const [mine, library] = [await ours(token), await theirs(token)];
      assert.equal(mine, expected);
      if (expected === "accepted") assert.equal(library, "accepted");
      else assert.match(library, /^refused: /, `the library accepted what the check refuses (${mine})`);
    });
  }

  it("differs where the check is stricter by design, and only there", async () => {
    // 60 s of clock tolerance, not 300 s: the library still accepts a token expired 2 minutes ago.
    const late = push({ exp: NOW_S - 120, iat: NOW_S - 3720 });
    assert.deepEqual([await ours(late), await theirs(late)], ["ERR_JWT_EXPIRED", "accepted"]);
    // The Pub/Sub page's own checks, which the library leaves to its caller.
    const other = push({ email: "someone@else.iam.gserviceaccount.com" });
    assert.deepEqual([await ours(other), await theirs(other)], ["ERR_SIGNIN_SERVICE_ACCOUNT", "accepted"]);
    const unverified = push({ email_verified: false });
    assert.deepEqual(
      [await ours(unverified), await theirs(unverified)],
      ["ERR_SIGNIN_EMAIL_UNVERIFIED", "accepted"],
    );
  });
});
