// Each exchange against a fake provider that checks the assertion as the provider's docs say.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { isJwtError } from "../../../src/jwt/index.js";
import {
  EXCHANGES,
  getExchange,
  type RunExchangeOptions,
  runExchange,
} from "../../../src/recipes/exchanges/index.js";
import { NOW, serviceAccountJson, testKeys } from "../helpers.js";
import { endpointsOf, type Fake, startFakeProviders } from "./fake-providers.js";

const keys = testKeys();
let fake: Fake;
let now = NOW.getTime();
const options = (more: RunExchangeOptions = {}): RunExchangeOptions => ({
  clock: () => now,
  endpoints: endpointsOf(fake),
  ca: fake.ca,
  cache: false,
  ...more,
});
const IK = "0f6e1d2c-3b4a-4958-8a7b-6c5d4e3f2a1b";
const USER = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

before(async () => {
  fake = await startFakeProviders(keys.rsa, now);
});
after(() => fake.close());
beforeEach(() => {
  now = NOW.getTime();
  fake.now = now;
  fake.override = undefined;
  fake.seen.length = 0;
  fake.problems.length = 0;
});

describe("registry", () => {
  it("lists issue 10's four exchanges with exactly its outputs", () => {
    assert.deepEqual(
      EXCHANGES.map((each) => [each.id, each.display, each.outputs.map((output) => output.name)]),
      [
        [
          "google-access-token",
          "Google: access token",
          ["access_token", "id_token", "token_type", "expires_in", "expires_at", "authorization_header"],
        ],
        [
          "docusign-access-token",
          "DocuSign: access token",
          ["access_token", "expires_at", "authorization_header", "consent_url"],
        ],
        [
          "salesforce-access-token",
          "Salesforce: access token",
          ["access_token", "instance_url", "authorization_header"],
        ],
        [
          "github-installation-token",
          "GitHub: installation token",
          ["access_token", "expires_at", "permissions_json", "authorization_header"],
        ],
        [
          "box-access-token",
          "Box: access token",
          ["access_token", "token_type", "expires_in", "expires_at", "authorization_header"],
        ],
        [
          "client-credentials-token",
          "OAuth: client credentials token",
          ["access_token", "token_type", "expires_in", "expires_at", "scope", "authorization_header"],
        ],
      ],
    );
  });

  it("has issue 10's inputs (redirect_uri added for DocuSign's consent_url), required ones marked", () => {
    const inputs = Object.fromEntries(
      EXCHANGES.map((each) => [
        each.id,
        each.inputs.map((spec) => `${spec.name}${spec.required ? "*" : ""}`),
      ]),
    );
    assert.deepEqual(inputs, {
      "google-access-token": ["service_account_json*", "scopes", "subject", "target_audience"],
      "docusign-access-token": [
        "integration_key*",
        "user_id*",
        "private_key*",
        "environment",
        "scopes",
        "redirect_uri",
      ],
      "salesforce-access-token": ["consumer_key*", "username*", "private_key*", "login_url"],
      "github-installation-token": [
        "app_id*",
        "private_key*",
        "installation_id*",
        "repositories",
        "permissions_json",
      ],
      "box-access-token": ["config_json*", "subject_type", "user_id", "algorithm"],
      "client-credentials-token": [
        "preset",
        "token_url",
        "issuer",
        "client_id*",
        "scope",
        "audience",
        "resource",
        "auth_method",
        "private_key",
        "client_secret",
        "certificate",
        "algorithm",
        "key_id",
        "entra_legacy_thumbprint",
        "assertion_audience",
      ],
    });
  });

  it("falls back for secrets to the recipes' key names", () => {
    const fallbacks = EXCHANGES.flatMap((each) => each.inputs.flatMap((spec) => spec.fallbackKey ?? []));
    assert.deepEqual(fallbacks, [
      "GOOGLE_SERVICE_ACCOUNT_JSON",
      "DOCUSIGN_PRIVATE_KEY",
      "SALESFORCE_PRIVATE_KEY",
      "GITHUB_PRIVATE_KEY",
      "BOX_CONFIG_JSON",
      "CLIENT_ASSERTION_PRIVATE_KEY",
      "OAUTH_CLIENT_SECRET",
    ]);
  });

  it("refuses an unknown id, an unknown input, an unknown endpoint name and a plain-http endpoint", async () => {
    assert.throws(() => getExchange("nope"), { code: "ERR_OPTION_INVALID", option: "exchange" });
    const input = { service_account_json: serviceAccountJson(), scopes: "a" };
    await assert.rejects(runExchange("google-access-token", { ...input, scope: "x" }, options()), {
      code: "ERR_OPTION_INVALID",
      option: "scope",
    });
    await assert.rejects(
      runExchange("google-access-token", input, options({ endpoints: { "google.tokn": "https://x" } })),
      {
        option: "endpoints",
        reason: "unknown",
      },
    );
    await assert.rejects(
      runExchange(
        "google-access-token",
        input,
        options({ endpoints: { "google.token": "http://127.0.0.1/t" } }),
      ),
      { option: "endpoints", reason: "invalid" },
    );
    assert.equal(fake.seen.length, 0);
  });
});

describe("google-access-token", () => {
  const SCOPES =
    "https://www.googleapis.com/auth/spreadsheets, https://www.googleapis.com/auth/drive.readonly";
  it("POSTs the form grant with an RS256 assertion (iss, aud token_uri, space-delimited scope, 1 h) and reads the answer", async () => {
    const out = await runExchange(
      "google-access-token",
      { service_account_json: serviceAccountJson(), scopes: SCOPES },
      options(),
    );
    assert.deepEqual(fake.problems, []);
    assert.equal(fake.seen.length, 1);
    const { header, claims } = fake.seen[0] ?? assert.fail();
    assert.deepEqual(header, { alg: "RS256", typ: "JWT", kid: "0123456789abcdef0123456789abcdef01234567" });
    assert.equal(
      claims.scope,
      "https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive.readonly",
    );
    assert.equal(claims.sub, undefined);
    assert.equal(Number(claims.exp) - Number(claims.iat), 3600);
    assert.match(String(out.access_token), /^ya29\.test-\d+$/);
    assert.equal(out.id_token, null);
    assert.equal(out.token_type, "Bearer");
    assert.equal(out.expires_in, 3599);
    assert.deepEqual(out.expires_at, new Date(now + 3599_000));
    assert.equal(out.authorization_header, `Bearer ${out.access_token}`);
  });

  it("puts the subject in sub for domain-wide delegation", async () => {
    await runExchange(
      "google-access-token",
      { service_account_json: serviceAccountJson(), scopes: SCOPES, subject: "ada@example.com" },
      options(),
    );
    assert.equal(fake.seen[0]?.claims.sub, "ada@example.com");
  });

  it("asks for an ID token with target_audience instead of scope", async () => {
    const out = await runExchange(
      "google-access-token",
      { service_account_json: serviceAccountJson(), target_audience: "https://my-service-abc.a.run.app" },
      options(),
    );
    assert.deepEqual(fake.problems, []);
    assert.equal(fake.seen[0]?.claims.target_audience, "https://my-service-abc.a.run.app");
    assert.equal(fake.seen[0]?.claims.scope, undefined);
    assert.equal(out.access_token, null);
    assert.equal(out.authorization_header, `Bearer ${out.id_token}`);
    assert.deepEqual(out.expires_at, new Date(Math.floor(now / 1000) * 1000 + 3600_000));
  });

  it("reads the key file from GOOGLE_SERVICE_ACCOUNT_JSON when the input is empty", async () => {
    const fallback = (name: string) =>
      name === "GOOGLE_SERVICE_ACCOUNT_JSON" ? serviceAccountJson() : undefined;
    const out = await runExchange("google-access-token", { scopes: SCOPES }, options({ fallback }));
    assert.match(String(out.access_token), /^ya29/);
  });

  it("refuses before any request: both or neither of scopes and target_audience, a bad subject, a broken key file", async () => {
    const sa = serviceAccountJson();
    const cases: [Record<string, unknown>, string][] = [
      [{ service_account_json: sa }, "scopes"],
      [{ service_account_json: sa, scopes: "a", target_audience: "b" }, "target_audience"],
      [{ service_account_json: sa, scopes: "a", subject: "not an email" }, "subject"],
      [{ service_account_json: '{"type":"service_account"}', scopes: "a" }, "service_account_json"],
      [{ scopes: "a" }, "service_account_json"],
    ];
    for (const [input, option] of cases) {
      await assert.rejects(runExchange("google-access-token", input, options()), (error) => {
        assert.ok(isJwtError(error), String(error));
        assert.equal(error.option, option);
        return true;
      });
    }
    assert.equal(fake.seen.length, 0);
  });
});

describe("docusign-access-token", () => {
  const input = { integration_key: IK, user_id: USER, private_key: keys.rsaPkcs1 };
  it("signs iss, sub, aud bare demo host, scope 'signature impersonation' by default, and reads the answer", async () => {
    const out = await runExchange("docusign-access-token", input, options());
    assert.deepEqual(fake.problems, []);
    const { claims, path } = fake.seen[0] ?? assert.fail();
    assert.equal(path, "/docusign-demo/oauth/token");
    assert.deepEqual(
      {
        iss: claims.iss,
        sub: claims.sub,
        aud: claims.aud,
        scope: claims.scope,
        life: Number(claims.exp) - Number(claims.iat),
      },
      { iss: IK, sub: USER, aud: "account-d.docusign.com", scope: "signature impersonation", life: 3600 },
    );
    assert.match(String(out.access_token), /^eyDS-/);
    assert.deepEqual(out.expires_at, new Date(now + 3600_000));
    assert.equal(out.authorization_header, `Bearer ${out.access_token}`);
    assert.equal(out.consent_url, null);
  });

  it("uses the production host and aud for environment production", async () => {
    await runExchange(
      "docusign-access-token",
      { ...input, environment: "production", scopes: "signature impersonation click.manage" },
      options(),
    );
    assert.deepEqual(fake.problems, []);
    assert.equal(fake.seen[0]?.path, "/docusign-production/oauth/token");
    assert.equal(fake.seen[0]?.claims.aud, "account.docusign.com");
    assert.equal(fake.seen[0]?.claims.scope, "signature impersonation click.manage");
  });

  it("refuses ids that are not GUIDs and scopes without impersonation", async () => {
    for (const [more, option] of [
      [{ integration_key: "abc" }, "integration_key"],
      [{ user_id: "ada@example.com" }, "user_id"],
      [{ scopes: "signature" }, "scopes"],
      [{ private_key: keys.ecPkcs8 }, "private_key"],
    ] as const) {
      await assert.rejects(runExchange("docusign-access-token", { ...input, ...more }, options()), {
        option,
      });
    }
    assert.equal(fake.seen.length, 0);
  });
});

describe("salesforce-access-token", () => {
  const input = {
    consumer_key: "3MVG9A2kN3Bn17hs.consumer_key",
    username: "integration@acme.com",
    private_key: keys.rsaPkcs8,
  };
  it("signs iss, sub, aud login URL, exp within 3 minutes, and reads access_token and instance_url", async () => {
    const out = await runExchange("salesforce-access-token", input, options());
    assert.deepEqual(fake.problems, []);
    const { claims, path } = fake.seen[0] ?? assert.fail();
    assert.equal(path, "/salesforce/services/oauth2/token");
    assert.equal(claims.iss, input.consumer_key);
    assert.equal(claims.sub, input.username);
    assert.equal(claims.aud, "https://login.salesforce.com");
    assert.ok(Number(claims.exp) <= Math.floor(now / 1000) + 180);
    assert.deepEqual(out, {
      access_token: out.access_token,
      instance_url: "https://acme.my.salesforce.com",
      authorization_header: `Bearer ${out.access_token}`,
    });
  });

  it("takes a sandbox or My Domain login_url as aud", async () => {
    await runExchange(
      "salesforce-access-token",
      { ...input, login_url: "https://test.salesforce.com/" },
      options(),
    );
    await runExchange(
      "salesforce-access-token",
      { ...input, login_url: "https://acme.my.salesforce.com" },
      options(),
    );
    assert.deepEqual(
      fake.seen.map((seen) => seen.claims.aud),
      ["https://test.salesforce.com", "https://acme.my.salesforce.com"],
    );
  });

  it("refuses an http login_url, a username that is not one, and a consumer key with spaces", async () => {
    for (const [more, option] of [
      [{ login_url: "http://login.salesforce.com" }, "login_url"],
      [{ username: "integration" }, "username"],
      [{ consumer_key: "has spaces in it" }, "consumer_key"],
    ] as const) {
      await assert.rejects(runExchange("salesforce-access-token", { ...input, ...more }, options()), {
        option,
      });
    }
    assert.equal(fake.seen.length, 0);
  });
});

describe("github-installation-token", () => {
  const input = { app_id: "123456", private_key: keys.rsaPkcs1, installation_id: "4242" };
  it("sends the App JWT (iat 60 s back, exp 9 min ahead) and reads token, expires_at, permissions", async () => {
    const out = await runExchange("github-installation-token", input, options());
    assert.deepEqual(fake.problems, []);
    const { claims, path, body } = fake.seen[0] ?? assert.fail();
    assert.equal(path, "/github/app/installations/4242/access_tokens");
    assert.equal(body, "");
    const seconds = Math.floor(now / 1000);
    assert.deepEqual(claims, { iat: seconds - 60, exp: seconds + 540, iss: 123456 });
    assert.match(String(out.access_token), /^ghs_test\d+$/);
    assert.deepEqual(out.expires_at, new Date(now + 3600_000));
    assert.deepEqual(JSON.parse(String(out.permissions_json)), { contents: "read", metadata: "read" });
    assert.equal(out.authorization_header, `Bearer ${out.access_token}`);
  });

  it("sends repositories and permissions as JSON", async () => {
    const out = await runExchange(
      "github-installation-token",
      { ...input, repositories: "api, web", permissions_json: '{"contents": "write"}' },
      options(),
    );
    assert.deepEqual(fake.problems, []);
    assert.deepEqual(JSON.parse(fake.seen[0]?.body ?? ""), {
      repositories: ["api", "web"],
      permissions: { contents: "write" },
    });
    assert.equal(out.permissions_json, '{"contents":"write"}');
  });

  it("refuses a non-numeric installation, owner/repo names, and permissions that are not levels", async () => {
    for (const [more, option] of [
      [{ installation_id: "abc" }, "installation_id"],
      [{ repositories: "octo/api" }, "repositories"],
      [{ permissions_json: '{"contents": 1}' }, "permissions_json"],
      [{ permissions_json: "[]" }, "permissions_json"],
      [{ app_id: "my app" }, "app_id"],
    ] as const) {
      await assert.rejects(runExchange("github-installation-token", { ...input, ...more }, options()), {
        option,
      });
    }
    assert.equal(fake.seen.length, 0);
  });
});
