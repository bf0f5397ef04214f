// The token exchanges and Verify sign-in token as Bubble actions: generated from their data, stable IDs
// from the ledger (src/bubble/ids.json) by the exchange's id, secrets from fields or plugin keys, run through the built plugin in the
// local runtime against real HTTPS servers on 127.0.0.1 (the fake providers and key servers of
// test/recipes), reached through the "Endpoints (advanced)" and "Trusted CA certificate" fields.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { actionFolder, identifyPlugin, runPluginAction } from "../../src/bubble/index.js";
import { pluginKeys } from "../../src/bubble/plugin.js";
import { EXCHANGES } from "../../src/recipes/exchanges/index.js";
import { RECIPES } from "../../src/recipes/index.js";
import { SIGN_IN_VERIFIER } from "../../src/recipes/sign-in/index.js";
import { endpointsOf, type Fake, startFakeProviders } from "../recipes/exchanges/fake-providers.js";
import { NOW, serviceAccountJson, testKeys } from "../recipes/helpers.js";
import {
  type FakeIssuers,
  PROVIDER_CASES,
  type ProviderCaseName,
  startFakeIssuers,
  tokenOf,
} from "../recipes/sign-in/fake-issuers.js";
import { type BuiltTestPlugin, buildTestPlugin } from "./helpers/plugin.js";

const { actions: ACTIONS, keys: PLUGIN_KEYS } = identifyPlugin({ check: true });
const keys = testKeys();
const clock = () => NOW.getTime();
let plugin: BuiltTestPlugin;
let fake: Fake;
let issuers: FakeIssuers;

before(async () => {
  [plugin, fake, issuers] = await Promise.all([
    buildTestPlugin(),
    startFakeProviders(keys.rsa, NOW.getTime()),
    startFakeIssuers(),
  ]);
});
after(async () => {
  plugin.remove();
  await Promise.all([fake.close(), issuers.close()]);
});
beforeEach(() => {
  fake.override = undefined;
  fake.problems.length = 0;
});

const lines = (table: Readonly<Record<string, string>>) =>
  Object.entries(table)
    .map(([name, url]) => `${name}=${url}`)
    .join("\n");
/** The advanced fields pointing an exchange at the fake providers: its own endpoints only. */
function toFake(id: string) {
  const own = EXCHANGES.find((each) => each.id === id)?.endpoints ?? {};
  const table = Object.fromEntries(Object.entries(endpointsOf(fake)).filter(([name]) => name in own));
  return { endpoints: lines(table), ca_certificate: fake.ca };
}
/** ... and the sign-in action at the fake key servers. */
const toIssuers = () => ({ endpoints: lines(issuers.endpoints), ca_certificate: issuers.server.cert });

function actionOf(display: string) {
  const action = ACTIONS.find((each) => each.display === display);
  assert.ok(action, display);
  return action;
}

const IK = "0f6e1d2c-3b4a-4958-8a7b-6c5d4e3f2a1b";
const USER = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

interface ExchangeCase {
  id: string;
  /** Inputs without the secret; `vary(n)` makes the n-th run ask for a token of its own (no cache hit). */
  fields: (n: number) => Record<string, unknown>;
  secret: { field: string; key: string; value: string };
  check: (result: Record<string, unknown>) => void;
}

const CASES: ExchangeCase[] = [
  {
    id: "google-access-token",
    fields: (n) => ({ scopes: `https://www.googleapis.com/auth/spreadsheets https://example.com/s${n}` }),
    secret: {
      field: "service_account_json",
      key: "GOOGLE_SERVICE_ACCOUNT_JSON",
      value: serviceAccountJson(),
    },
    check: (result) => {
      assert.match(String(result.access_token), /^ya29\.test-\d+$/);
      assert.equal(result.token_type, "Bearer");
      assert.equal(result.expires_in, 3599);
      assert.deepEqual(result.expires_at, new Date(NOW.getTime() + 3599_000));
      assert.equal(result.id_token, null);
    },
  },
  {
    id: "docusign-access-token",
    fields: (n) => ({ integration_key: IK, user_id: USER, scopes: `signature impersonation s${n}` }),
    secret: { field: "private_key", key: "DOCUSIGN_PRIVATE_KEY", value: keys.rsaPkcs1 },
    check: (result) => {
      assert.match(String(result.access_token), /^eyDS-\d+$/);
      assert.deepEqual(result.expires_at, new Date(NOW.getTime() + 3600_000));
      assert.equal(result.consent_url, null);
    },
  },
  {
    id: "salesforce-access-token",
    fields: (n) => ({ consumer_key: "3MVG9A2kN3Bn17hs.consumer_key", username: `integration${n}@acme.com` }),
    secret: { field: "private_key", key: "SALESFORCE_PRIVATE_KEY", value: keys.rsaPkcs8 },
    check: (result) => {
      assert.match(String(result.access_token), /^00Dxx0000000001!\d+$/);
      assert.equal(result.instance_url, "https://acme.my.salesforce.com");
    },
  },
  {
    id: "github-installation-token",
    fields: (n) => ({
      app_id: "123456",
      installation_id: String(4240 + n),
      repositories: "hello-world, docs",
    }),
    secret: { field: "private_key", key: "GITHUB_PRIVATE_KEY", value: keys.rsaPkcs1 },
    check: (result) => {
      assert.match(String(result.access_token), /^ghs_test\d+$/);
      assert.deepEqual(result.expires_at, new Date(NOW.getTime() + 3600_000));
      assert.deepEqual(JSON.parse(String(result.permissions_json)), { contents: "read", metadata: "read" });
    },
  },
];

function displayOf(id: string): string {
  const exchange = EXCHANGES.find((each) => each.id === id);
  assert.ok(exchange, id);
  return exchange.display;
}

function run(
  action: string,
  input: Record<string, unknown>,
  pluginKeys: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  return runPluginAction({ pluginDir: plugin.dir, action, input, keys: pluginKeys, clock });
}

function runExchangeCase(each: ExchangeCase, n: number, from: "fields" | "keys", more = {}) {
  const input = { ...each.fields(n), ...toFake(each.id), ...more };
  if (from === "fields") return run(displayOf(each.id), { ...input, [each.secret.field]: each.secret.value });
  return run(displayOf(each.id), input, { [each.secret.key]: each.secret.value });
}

describe("the exchange and sign-in actions as data", () => {
  it("follow the recipes: the four exchanges in issue 10's order, then the sign-in checks", () => {
    assert.deepEqual(
      ACTIONS.slice(4 + RECIPES.length).map((action) => action.display),
      [
        "Google: access token",
        "DocuSign: access token",
        "Salesforce: access token",
        "GitHub: installation token",
        "Verify sign-in token",
        "Google: verify Pub/Sub push",
        "Shopify: verify session token",
        "Decrypt JWT (JWE)",
      ],
    );
  });

  it("give each exchange its inputs, the two advanced fields and Stop the workflow on error; its outputs and ok/error/error_code", () => {
    for (const exchange of EXCHANGES) {
      const action = actionOf(exchange.display);
      assert.deepEqual(
        action.fields.map((field) => field.name),
        [...exchange.inputs.map((input) => input.name), "endpoints", "ca_certificate", "stop_on_error"],
      );
      assert.deepEqual(
        action.returns.map((item) => item.name),
        [...exchange.outputs.map((output) => output.name), "ok", "error", "error_code"],
      );
      const captions = action.fields.map((field) => field.caption);
      assert.ok(captions.includes("Endpoints (advanced)"));
      assert.ok(captions.includes("Trusted CA certificate (PEM, advanced)"));
      assert.ok(action.fields.every((field) => field.name !== "endpoints" || field.longText === true));
    }
  });

  it("give Verify sign-in token the sign-in inputs and the advanced fields, and exactly its outputs", () => {
    const action = actionOf("Verify sign-in token");
    assert.equal(action.failure, "valid");
    assert.deepEqual(
      action.fields.map((field) => field.name),
      [...SIGN_IN_VERIFIER.inputs.map((input) => input.name), "endpoints", "ca_certificate", "stop_on_error"],
    );
    assert.deepEqual(
      action.returns.map((item) => item.name),
      SIGN_IN_VERIFIER.outputs.map((output) => output.name),
    );
  });

  it("are keyed by the exchange's id (Verify sign-in token by its own), so the ledger gives their released IDs", () => {
    const displays = [...EXCHANGES.map((exchange) => exchange.display), SIGN_IN_VERIFIER.display];
    assert.deepEqual(
      displays.map((display) => actionOf(display).key),
      [...EXCHANGES.map((exchange) => exchange.id), "verify-sign-in-token"],
    );
    assert.deepEqual(
      displays.map((display) => actionOf(display).id),
      ["AAY", "AAZ", "ABW", "ABX", "ABY"],
    );
  });

  it("add DOCUSIGN_PRIVATE_KEY and SALESFORCE_PRIVATE_KEY as secure keys; no ID is used twice in the plugin", () => {
    const shared = JSON.parse(readFileSync(join(plugin.dir, "shared_tech_params.json"), "utf8"));
    const byCaption = new Map(
      Object.entries(shared.shared_keys as Record<string, { caption: string; type: string }>).map(
        ([id, key]) => [key.caption, { id, type: key.type }],
      ),
    );
    assert.deepEqual(byCaption.get("DOCUSIGN_PRIVATE_KEY"), { id: "ABU", type: "secure" });
    assert.deepEqual(byCaption.get("SALESFORCE_PRIVATE_KEY"), { id: "ABV", type: "secure" });
    const google = pluginKeys().find((key) => key.caption === "GOOGLE_SERVICE_ACCOUNT_JSON");
    assert.match(google?.doc ?? "", /Google: self-signed JWT.*Google: access token/);
    const ids = [
      ...PLUGIN_KEYS.map((key) => key.id),
      ...ACTIONS.flatMap((action) => [
        action.id,
        ...action.fields.map((field) => field.id),
        ...action.returns.map((item) => item.id),
      ]),
    ];
    assert.equal(new Set(ids).size, ids.length);
  });

  it("bundle in each server.js its own exchange and no other, no recipe in the sign-in action", () => {
    const code = (display: string) =>
      readFileSync(join(plugin.dir, actionFolder(actionOf(display).id), "server.js"), "utf8");
    for (const exchange of EXCHANGES) {
      const text = code(exchange.display);
      assert.ok(text.includes(JSON.stringify(exchange.display)), exchange.id);
      for (const other of EXCHANGES.filter((each) => each !== exchange)) {
        assert.ok(!text.includes(JSON.stringify(other.display)), `${exchange.id} holds ${other.id}`);
      }
    }
    const signIn = code("Verify sign-in token");
    for (const recipe of [...RECIPES, ...EXCHANGES]) {
      assert.ok(!signIn.includes(JSON.stringify(recipe.display)), `sign-in holds ${recipe.id}`);
    }
  });
});

describe("every exchange through the built plugin against its fake provider", () => {
  for (const each of CASES) {
    it(`${each.id}: the secret from its field, then from its plugin key, each a request the provider accepts`, async () => {
      for (const [n, from] of [
        [1, "fields"],
        [2, "keys"],
      ] as const) {
        const before = fake.seen.length;
        const result = await runExchangeCase(each, n, from);
        assert.equal(result.ok, true, `${from}: ${String(result.error)}`);
        assert.equal(result.error, null);
        assert.equal(result.error_code, null);
        assert.equal(fake.seen.length, before + 1, `${from}: one request`);
        assert.deepEqual(fake.problems, []);
        assert.equal(result.authorization_header, `Bearer ${result.access_token}`);
        each.check(result);
      }
    });
  }

  it("reuses the token across runs of the warm action: the provider saw one request", async () => {
    for (const each of CASES) {
      const before = fake.seen.length;
      const first = await runExchangeCase(each, 3, "keys");
      const second = await runExchangeCase(each, 3, "fields");
      assert.equal(first.ok, true, String(first.error));
      assert.equal(second.ok, true, String(second.error));
      assert.equal(second.access_token, first.access_token, each.id);
      assert.equal(fake.seen.length, before + 1, `${each.id}: one request for two runs`);
    }
  });

  it("gives a provider's refusal as ok = no, its message with what to check, and its code", async () => {
    fake.override = () => ({
      status: 400,
      body: { error: "invalid_grant", error_description: "Invalid JWT Signature." },
    });
    const result = await runExchangeCase(CASES[0] as ExchangeCase, 4, "fields");
    assert.equal(result.ok, false);
    assert.equal(result.error_code, "ERR_EXCHANGE_INVALID_GRANT");
    assert.match(String(result.error), /Google/);
    assert.equal(result.access_token, null);
    assert.ok(!String(result.error).includes("BEGIN"), "no key in the message");
  });

  it("fills DocuSign's consent_url from the error on consent_required, and stops the workflow when asked", async () => {
    fake.override = () => ({ status: 400, body: { error: "consent_required" } });
    const docusign = CASES[1] as ExchangeCase;
    const result = await runExchangeCase(docusign, 5, "fields", {
      redirect_uri: "https://example.com/callback",
    });
    assert.equal(result.ok, false);
    assert.equal(result.error_code, "ERR_EXCHANGE_CONSENT_REQUIRED");
    assert.match(String(result.error), /consent_url/);
    assert.equal(
      result.consent_url,
      `${fake.server.origin}/docusign-demo/oauth/auth?response_type=code&scope=signature%20impersonation%20s5` +
        `&client_id=${IK}&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback`,
    );
    await assert.rejects(runExchangeCase(docusign, 5, "fields", { stop_on_error: true }), /consent/);
  });

  it("refuses inputs before any request, naming the field (and the plugin key of a missing secret)", async () => {
    const before = fake.seen.length;
    const github = CASES[3] as ExchangeCase;
    const missing = await run(displayOf(github.id), { ...github.fields(6), ...toFake(github.id) });
    assert.equal(missing.ok, false);
    assert.equal(missing.error_code, "ERR_OPTION_INVALID");
    assert.match(
      String(missing.error),
      /"Private key" is required \(or its fallback key GITHUB_PRIVATE_KEY\)/,
    );
    const badEndpoint = await runExchangeCase(github, 6, "fields", {
      endpoints: `github.api=http://127.0.0.1:1/github`,
    });
    assert.equal(badEndpoint.error_code, "ERR_OPTION_INVALID");
    assert.match(String(badEndpoint.error), /"Endpoints \(advanced\)".*https/);
    const otherProvider = await runExchangeCase(github, 6, "fields", {
      endpoints: `google.token=${fake.server.origin}/google/token`,
    });
    assert.match(String(otherProvider.error), /"Endpoints \(advanced\)".*not an endpoint here.*github\.api/);
    const badCa = await runExchangeCase(github, 6, "fields", { ca_certificate: "not a certificate" });
    assert.match(String(badCa.error), /"Trusted CA certificate \(PEM, advanced\)" is not a PEM certificate/);
    assert.equal(fake.seen.length, before);
  });

  it("trusts the local server only through the CA field", async () => {
    const result = await runExchangeCase(CASES[2] as ExchangeCase, 7, "fields", { ca_certificate: "" });
    assert.equal(result.ok, false);
    assert.equal(result.error_code, "ERR_EXCHANGE_NETWORK");
  });
});

const SIGN_IN = "Verify sign-in token";
const NAMES = Object.keys(PROVIDER_CASES) as ProviderCaseName[];

function signInInput(name: ProviderCaseName, token: string, more: Record<string, unknown> = {}) {
  const input: Record<string, unknown> = { ...PROVIDER_CASES[name].input, token, ...toIssuers(), ...more };
  if (Array.isArray(input.authorized_parties)) input.authorized_parties = input.authorized_parties.join(",");
  return input;
}

describe("Verify sign-in token through the built plugin against the fake key servers", () => {
  for (const name of NAMES) {
    it(`${name}: accepts its valid token with the claims, refuses an expired one`, async () => {
      const claims = PROVIDER_CASES[name].claims as Record<string, unknown>;
      const result = await run(SIGN_IN, signInInput(name, tokenOf(name)));
      assert.equal(result.valid, true, String(result.error));
      assert.equal(result.reason_code, null);
      assert.equal(result.subject, claims.sub);
      assert.equal(result.issuer, claims.iss);
      assert.deepEqual(result.expires_at, new Date((claims.exp as number) * 1000));
      assert.deepEqual(JSON.parse(String(result.claims_json)), claims);
      const past = Math.floor(NOW.getTime() / 1000) - 7200;
      const stale = { iat: past, exp: past + 3600, ...(claims.nbf === undefined ? {} : { nbf: past }) };
      const expired = await run(SIGN_IN, signInInput(name, tokenOf(name, stale)));
      assert.equal(expired.valid, false);
      assert.equal(expired.reason_code, "ERR_JWT_EXPIRED");
      assert.equal(expired.subject, null);
      assert.equal(expired.claims_json, null);
      await assert.rejects(
        run(SIGN_IN, signInInput(name, tokenOf(name, stale), { stop_on_error: true })),
        /expired/i,
      );
    });
  }

  it("reports a wrong input as valid = no, ERR_OPTION_INVALID, naming the field's caption", async () => {
    const result = await run(SIGN_IN, signInInput("google", tokenOf("google"), { client_id: "" }));
    assert.equal(result.valid, false);
    assert.equal(result.reason_code, "ERR_OPTION_INVALID");
    assert.match(String(result.error), /"Client ID"/);
    await assert.rejects(
      run(SIGN_IN, signInInput("google", tokenOf("google"), { client_id: "", stop_on_error: true })),
      /"Client ID"/,
    );
    const endpoints = await run(
      SIGN_IN,
      signInInput("google", tokenOf("google"), { endpoints: "google.keys" }),
    );
    assert.equal(endpoints.reason_code, "ERR_OPTION_INVALID");
    assert.match(String(endpoints.error), /"Endpoints \(advanced\)"/);
  });

  it("refuses another provider's token with its reason, before fetching keys", async () => {
    const before = issuers.requests("apple");
    const result = await run(SIGN_IN, signInInput("apple", tokenOf("google")));
    assert.equal(result.reason_code, "ERR_SIGNIN_ISSUER");
    assert.equal(issuers.requests("apple"), before);
  });

  it("authjs: reads a session token with the plugin key AUTH_SECRET, which other providers ignore", async () => {
    const secret = "bubble-test-auth-secret-0123456789abcdef";
    const token = RECIPES.find((recipe) => recipe.id === "authjs-session")?.run(
      { secret, version: "v4", claims_json: '{"sub": "42", "email": "ada@example.com"}', max_age: 3600 },
      { clock },
    ) as { token: string } | undefined;
    assert.ok(token);
    const input = { token: token.token, provider: "authjs", authjs_version: "v4" };
    const result = await run(SIGN_IN, input, { AUTH_SECRET: secret });
    assert.equal(result.valid, true, String(result.error));
    assert.equal(result.subject, "42");
    assert.equal(result.email, "ada@example.com");
    const wrong = await run(SIGN_IN, { ...input, auth_secret: `${secret}-other` }, { AUTH_SECRET: secret });
    assert.equal(wrong.valid, false);
    assert.equal(wrong.reason_code, "ERR_SIGNIN_SESSION_UNREADABLE");
    const missing = await run(SIGN_IN, input);
    assert.equal(missing.reason_code, "ERR_OPTION_INVALID");
    assert.match(String(missing.error), /"Auth\.js secret"/);
    const google = await run(SIGN_IN, signInInput("google", tokenOf("google")), { AUTH_SECRET: secret });
    assert.equal(google.valid, true, String(google.error));
  });

  it("keeps the provider's keys across runs of the warm action: one fetch for two runs", async () => {
    const domain = "cache-test.eu.auth0.com";
    const token = tokenOf("auth0", { iss: `https://${domain}/` });
    const before = issuers.requests("auth0");
    for (let i = 0; i < 2; i++) {
      const result = await run(SIGN_IN, signInInput("auth0", token, { domain }));
      assert.equal(result.valid, true, String(result.error));
    }
    assert.equal(issuers.requests("auth0"), before + 1);
  });
});

// Bubble may run the actions on Node 18: each exchange and the sign-in action once there, with the test
// CA given in the "Trusted CA certificate" field (secrets from plugin keys for even rows, fields for odd).
const NODE18 = process.env.NODE18_BIN ?? fileURLToPath(new URL("../../.tmp/node18/node", import.meta.url));
const RUNNER = fileURLToPath(new URL("./node18/run-recipe-actions.cjs", import.meta.url));
const node18 = existsSync(NODE18);
if (!node18 && process.env.CI)
  throw new Error(`Node 18 not found at ${NODE18}: run scripts/install-node18.sh`);

describe("the exchange and sign-in actions on Node.js 18", {
  skip: node18 ? false : `no Node 18 at ${NODE18}`,
}, () => {
  it("runs each exchange and Verify sign-in token on Node 18 against the fake servers", async () => {
    const runs = CASES.map((each, index) => {
      const fromKeys = index % 2 === 0;
      const properties: Record<string, unknown> = { ...each.fields(18), ...toFake(each.id) };
      if (!fromKeys) properties[each.secret.field] = each.secret.value;
      return {
        display: displayOf(each.id),
        properties,
        keys: fromKeys ? { [each.secret.key]: each.secret.value } : {},
        now: NOW.getTime(),
      };
    });
    const signIn = { ...signInInput("firebase", tokenOf("firebase")) };
    runs.push({ display: SIGN_IN, properties: signIn, keys: {}, now: NOW.getTime() });
    const file = join(plugin.dir, "node18-exchange-runs.json");
    writeFileSync(file, JSON.stringify(runs));
    const before = fake.seen.length;
    // Asynchronous: the fake servers answer from this process while Node 18 runs.
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(NODE18, [RUNNER, plugin.dir, file], { encoding: "utf8", timeout: 120_000 }, (error, out) =>
        error === null ? resolve(out) : reject(error),
      ),
    );
    const output = JSON.parse(stdout) as { node: string; results: Record<string, unknown>[] };
    assert.match(output.node, /^v18\./);
    CASES.forEach((each, index) => {
      const result = output.results[index] as Record<string, unknown>;
      assert.equal(result.ok, true, `${each.id}: ${String(result.error)}`);
      assert.equal(result.authorization_header, `Bearer ${result.access_token}`);
    });
    assert.equal(fake.seen.length, before + CASES.length);
    assert.deepEqual(fake.problems, []);
    const verified = output.results[CASES.length] as Record<string, unknown>;
    assert.equal(verified.valid, true, String(verified.error));
    assert.equal(verified.subject, PROVIDER_CASES.firebase.claims.sub);
  });
});
