// Every provider error of providers.md's tables becomes its stable code and a message saying what to
// check; every code is produced here (a Record keyed on the codes: a new code does not compile until
// a test makes it). Transport failures: time-out, a 10 MB answer, a redirect, an unreachable host.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  EXCHANGE_ERROR_CODES,
  ExchangeError,
  type ExchangeErrorCode,
  type RunExchangeOptions,
  runExchange,
} from "../../../src/recipes/exchanges/index.js";
import { startHttpsServer } from "../../helpers/https-server.js";
import { NOW, serviceAccountJson, testKeys } from "../helpers.js";
import { type Answer, endpointsOf, type Fake, githubMessage, startFakeProviders } from "./fake-providers.js";

const keys = testKeys();
let fake: Fake;
const options = (more: RunExchangeOptions = {}): RunExchangeOptions => ({
  clock: () => NOW.getTime(),
  endpoints: endpointsOf(fake),
  ca: fake.ca,
  cache: false,
  ...more,
});
const INPUTS = {
  google: { service_account_json: serviceAccountJson(), scopes: "https://www.googleapis.com/auth/drive" },
  docusign: {
    integration_key: "0f6e1d2c-3b4a-4958-8a7b-6c5d4e3f2a1b",
    user_id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    private_key: keys.rsaPkcs1,
    redirect_uri: "https://example.com/callback",
  },
  salesforce: {
    consumer_key: "3MVG9A2kN3Bn17hs.key",
    username: "integration@acme.com",
    private_key: keys.rsaPkcs8,
  },
  github: { app_id: "123456", private_key: keys.rsaPkcs1, installation_id: "4242" },
} as const;
type Provider = keyof typeof INPUTS;
const IDS: Record<Provider, string> = {
  google: "google-access-token",
  docusign: "docusign-access-token",
  salesforce: "salesforce-access-token",
  github: "github-installation-token",
};

before(async () => {
  fake = await startFakeProviders(keys.rsa, NOW.getTime());
});
after(() => fake.close());
beforeEach(() => {
  fake.now = NOW.getTime();
  fake.override = undefined;
  fake.delayMs = 0;
  fake.seen.length = 0;
});

/** Runs the provider's exchange against `answer` and returns the ExchangeError it must throw. */
async function failure(
  provider: Provider,
  answer: Answer,
  more: RunExchangeOptions = {},
): Promise<ExchangeError> {
  fake.override = () => answer;
  try {
    await runExchange(IDS[provider], INPUTS[provider], options(more));
  } catch (error) {
    assert.ok(error instanceof ExchangeError, String(error));
    return error;
  }
  return assert.fail("the exchange did not fail");
}

const oauth = (status: number, error: string, error_description?: string): Answer => ({
  status,
  body: { error, ...(error_description === undefined ? {} : { error_description }) },
});

/** One row per provider error: the answer, the code, the providerError, a word the message must hold. */
const TABLE: [Provider, Answer, ExchangeErrorCode, string, RegExp][] = [
  [
    "google",
    oauth(
      400,
      "invalid_grant",
      "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
    ),
    "ERR_EXCHANGE_CLOCK_SKEW",
    "invalid_grant",
    /clock/,
  ],
  [
    "google",
    oauth(400, "invalid_grant", "Invalid JWT Signature."),
    "ERR_EXCHANGE_INVALID_GRANT",
    "invalid_grant",
    /new JSON key/,
  ],
  [
    "google",
    oauth(400, "invalid_grant", "Invalid grant: account not found"),
    "ERR_EXCHANGE_INVALID_GRANT",
    "invalid_grant",
    /still exist/,
  ],
  ["google", oauth(400, "invalid_scope"), "ERR_EXCHANGE_INVALID_SCOPE", "invalid_scope", /scope/],
  [
    "google",
    oauth(
      401,
      "unauthorized_client",
      "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.",
    ),
    "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    "unauthorized_client",
    /Domain-wide delegation/,
  ],
  [
    "google",
    oauth(401, "invalid_client", "The OAuth client was disabled."),
    "ERR_EXCHANGE_INVALID_CLIENT",
    "invalid_client",
    /disabled or deleted/,
  ],
  [
    "docusign",
    oauth(400, "consent_required"),
    "ERR_EXCHANGE_CONSENT_REQUIRED",
    "consent_required",
    /consent_url/,
  ],
  [
    "docusign",
    oauth(400, "invalid_grant", "no_valid_keys_or_signatures"),
    "ERR_EXCHANGE_INVALID_GRANT",
    "invalid_grant",
    /RSA keys/,
  ],
  [
    "docusign",
    oauth(400, "invalid_grant", "issuer_not_found"),
    "ERR_EXCHANGE_INVALID_CLIENT",
    "invalid_grant",
    /integration_key/,
  ],
  [
    "docusign",
    oauth(400, "invalid_grant", "user_not_found"),
    "ERR_EXCHANGE_INVALID_GRANT",
    "invalid_grant",
    /user_id/,
  ],
  ["docusign", oauth(400, "invalid_request"), "ERR_EXCHANGE_INVALID_REQUEST", "invalid_request", /endpoint/],
  [
    "salesforce",
    oauth(400, "invalid_grant", "user hasn't approved this consumer"),
    "ERR_EXCHANGE_CONSENT_REQUIRED",
    "invalid_grant",
    /pre-authorized/,
  ],
  [
    "salesforce",
    oauth(400, "invalid_grant", "audience is invalid"),
    "ERR_EXCHANGE_INVALID_GRANT",
    "invalid_grant",
    /login_url/,
  ],
  [
    "salesforce",
    oauth(400, "invalid_grant", "expired authorization code"),
    "ERR_EXCHANGE_CLOCK_SKEW",
    "invalid_grant",
    /3 minutes/,
  ],
  [
    "salesforce",
    oauth(400, "invalid_grant", "invalid assertion"),
    "ERR_EXCHANGE_INVALID_GRANT",
    "invalid_grant",
    /certificate/,
  ],
  [
    "salesforce",
    oauth(400, "invalid_client_id", "client identifier invalid"),
    "ERR_EXCHANGE_INVALID_CLIENT",
    "invalid_client_id",
    /Consumer Key/,
  ],
  [
    "salesforce",
    oauth(400, "invalid_app_access", "user is not admin approved to access this app"),
    "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    "invalid_app_access",
    /permission set/,
  ],
  [
    "github",
    { status: 401, body: githubMessage("A JSON web token could not be decoded") },
    "ERR_EXCHANGE_INVALID_GRANT",
    "A JSON web token could not be decoded",
    /\.pem/,
  ],
  [
    "github",
    {
      status: 401,
      body: githubMessage(
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
      ),
    },
    "ERR_EXCHANGE_INVALID_REQUEST",
    "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    /times/,
  ],
  [
    "github",
    { status: 401, body: githubMessage("Integration not found") },
    "ERR_EXCHANGE_INVALID_CLIENT",
    "Integration not found",
    /same app/,
  ],
  [
    "github",
    { status: 403, body: githubMessage("This installation has been suspended") },
    "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    "This installation has been suspended",
    /suspended/,
  ],
  [
    "github",
    { status: 404, body: githubMessage("Not Found") },
    "ERR_EXCHANGE_NOT_FOUND",
    "Not Found",
    /installation_id/,
  ],
  [
    "github",
    {
      status: 422,
      body: githubMessage(
        "There is at least one repository that does not exist or is not accessible to the parent installation.",
      ),
    },
    "ERR_EXCHANGE_INVALID_SCOPE",
    "There is at least one repository that does not exist or is not accessible to the parent installation.",
    /repositories/,
  ],
  ["google", { status: 429, body: { error: { code: 429 } } }, "ERR_EXCHANGE_RATE_LIMITED", "", /slow|Wait/],
  ["google", { status: 503, body: "<html>unavailable</html>" }, "ERR_EXCHANGE_HTTP", "", /try again later/],
  [
    "google",
    { status: 200, body: { token_type: "Bearer" } },
    "ERR_EXCHANGE_RESPONSE_INVALID",
    "",
    /token endpoint/,
  ],
  ["github", { status: 201, body: "not json" }, "ERR_EXCHANGE_RESPONSE_INVALID", "", /token endpoint/],
];

describe("provider errors", () => {
  for (const [provider, answer, code, providerError, check] of TABLE) {
    const body = JSON.stringify(answer.body).slice(0, 70);
    it(`${provider} ${answer.status} ${body} -> ${code}`, async () => {
      const error = await failure(provider, answer);
      assert.equal(error.code, code);
      assert.equal(error.exchange, IDS[provider]);
      assert.equal(error.status, answer.status);
      // GitHub's code is its message, clipped to 100 characters.
      const clipped = providerError.length > 100 ? `${providerError.slice(0, 100)}...` : providerError;
      assert.equal(error.providerError ?? "", clipped);
      assert.match(error.message, check);
      assert.match(error.check, check);
    });
  }

  it("DocuSign consent_required fills consent_url as providers.md §11 shapes it", async () => {
    const error = await failure("docusign", oauth(400, "consent_required"));
    assert.equal(
      error.outputs.consent_url,
      `${fake.server.origin}/docusign-demo/oauth/auth?response_type=code&scope=signature%20impersonation` +
        "&client_id=0f6e1d2c-3b4a-4958-8a7b-6c5d4e3f2a1b&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback",
    );
    const other = await failure("docusign", oauth(400, "invalid_grant", "user_not_found"));
    assert.deepEqual(other.outputs, {});
  });

  it("never quotes the assertion or the key, even when the provider echoes them", async () => {
    fake.override = (seen) => {
      const assertion = new URLSearchParams(seen.body).get("assertion");
      return oauth(400, "invalid_grant", `bad assertion ${assertion} for ${keys.rsaPkcs8}`);
    };
    const error = await runExchange("google-access-token", INPUTS.google, options()).catch(
      (caught) => caught,
    );
    assert.ok(error instanceof ExchangeError);
    const assertion = new URLSearchParams(fake.seen[0]?.body).get("assertion") ?? "";
    const everything = `${error.message} ${JSON.stringify(error)} ${error.providerError} ${error.stack}`;
    assert.ok(assertion.length > 100);
    assert.ok(!everything.includes(assertion.split(".")[2] ?? "-"), "no signature");
    assert.ok(!everything.includes(assertion.split(".")[1] ?? "-"), "no claims");
    assert.ok(!everything.includes("PRIVATE KEY"));
    assert.match(error.message, /\[token removed\]/);
  });
});

describe("GitHub clock skew", () => {
  it("retries once with the offset from the Date header when GitHub's clock is behind ('iat' in the future)", async () => {
    fake.now = NOW.getTime() - 5 * 60_000;
    const out = await runExchange("github-installation-token", INPUTS.github, options());
    assert.match(String(out.access_token), /^ghs_/);
    assert.equal(fake.seen.length, 2);
    const shifted = Math.floor(fake.now / 1000);
    assert.deepEqual(fake.seen[1]?.claims, { iat: shifted - 60, exp: shifted + 540, iss: 123456 });
  });

  it("retries once when GitHub's clock is ahead ('exp' too far in the future)", async () => {
    fake.now = NOW.getTime() + 5 * 60_000;
    // GitHub's check of exp with a clock that is ahead never fails; play its answer once to see the retry.
    let first = true;
    fake.override = () => {
      if (!first) return undefined;
      first = false;
      return { status: 401, body: githubMessage("'Expiration time' claim ('exp') is too far in the future") };
    };
    await runExchange("github-installation-token", INPUTS.github, options());
    assert.equal(fake.seen.length, 2);
    assert.equal(fake.seen[1]?.claims.iat, Math.floor(fake.now / 1000) - 60);
  });

  it("gives up after the one retry with ERR_EXCHANGE_CLOCK_SKEW", async () => {
    const error = await failure("github", {
      status: 401,
      body: githubMessage("'Issued at' claim ('iat') is in the future"),
    });
    assert.equal(error.code, "ERR_EXCHANGE_CLOCK_SKEW");
    assert.equal(fake.seen.length, 2);
  });
});

describe("transport", () => {
  it("times out against a server that never answers", async () => {
    const silent = await startHttpsServer(() => {});
    try {
      const started = Date.now();
      const error = await runExchange("google-access-token", INPUTS.google, {
        ...options({ endpoints: { "google.token": `${silent.origin}/token` }, ca: silent.cert }),
        timeoutMs: 300,
      }).catch((caught) => caught);
      assert.equal(error.code, "ERR_EXCHANGE_TIMEOUT");
      assert.ok(Date.now() - started < 3000);
      assert.equal(silent.requests(), 1);
    } finally {
      await silent.close();
    }
  });

  it("refuses a 10 MB answer, declared or streamed", async () => {
    const big = "x".repeat(10 * 1024 * 1024);
    const server = await startHttpsServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ access_token: big, expires_in: 3600 }));
    });
    const streamed = await startHttpsServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
      for (let i = 0; i < 10; i++) res.write("x".repeat(1024 * 1024));
      res.end();
    });
    try {
      for (const target of [server, streamed]) {
        const error = await runExchange(
          "google-access-token",
          INPUTS.google,
          options({ endpoints: { "google.token": `${target.origin}/token` }, ca: target.cert }),
        ).catch((caught) => caught);
        assert.equal(error.code, "ERR_EXCHANGE_RESPONSE_TOO_LARGE");
      }
    } finally {
      await server.close();
      await streamed.close();
    }
  });

  it("does not follow a redirect", async () => {
    const error = await failure("salesforce", {
      status: 302,
      body: "",
      headers: { location: `${fake.server.origin}/salesforce/services/oauth2/token` },
    });
    assert.equal(error.code, "ERR_EXCHANGE_HTTP");
    assert.match(error.message, /Redirects are not followed/);
    assert.equal(fake.seen.length, 1);
  });

  it("reports an unreachable host and an untrusted certificate as ERR_EXCHANGE_NETWORK", async () => {
    const closed = await startHttpsServer(() => {});
    const origin = closed.origin;
    await closed.close();
    const refused = await runExchange(
      "google-access-token",
      INPUTS.google,
      options({ endpoints: { "google.token": `${origin}/token` } }),
    ).catch((caught) => caught);
    assert.equal(refused.code, "ERR_EXCHANGE_NETWORK");
    const untrusted = await runExchange("google-access-token", INPUTS.google, {
      ...options(),
      ca: undefined,
    }).catch((caught) => caught);
    assert.equal(untrusted.code, "ERR_EXCHANGE_NETWORK");
  });
});

describe("error codes", () => {
  it("every code is produced by a test in this file", () => {
    const produced: Record<ExchangeErrorCode, true> = {
      ERR_EXCHANGE_INVALID_GRANT: true,
      ERR_EXCHANGE_CONSENT_REQUIRED: true,
      ERR_EXCHANGE_INVALID_CLIENT: true,
      ERR_EXCHANGE_UNAUTHORIZED_CLIENT: true,
      ERR_EXCHANGE_INVALID_SCOPE: true,
      ERR_EXCHANGE_INVALID_REQUEST: true,
      ERR_EXCHANGE_NOT_FOUND: true,
      ERR_EXCHANGE_CLOCK_SKEW: true,
      ERR_EXCHANGE_RATE_LIMITED: true,
      ERR_EXCHANGE_HTTP: true,
      ERR_EXCHANGE_NETWORK: true,
      ERR_EXCHANGE_TIMEOUT: true,
      ERR_EXCHANGE_RESPONSE_TOO_LARGE: true,
      ERR_EXCHANGE_RESPONSE_INVALID: true,
    };
    assert.deepEqual(Object.keys(produced).sort(), Object.keys(EXCHANGE_ERROR_CODES).sort());
    const inTable = new Set(TABLE.map((row) => row[2]));
    for (const code of Object.keys(produced)) {
      const elsewhere = ["ERR_EXCHANGE_NETWORK", "ERR_EXCHANGE_TIMEOUT", "ERR_EXCHANGE_RESPONSE_TOO_LARGE"];
      assert.ok(inTable.has(code as ExchangeErrorCode) || elsewhere.includes(code), code);
    }
  });
});
