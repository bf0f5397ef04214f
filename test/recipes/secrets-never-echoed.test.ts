// No secret is ever quoted, not even in part. Every secret input (type "secret") of every recipe
// (RECIPES), token exchange (EXCHANGES) and Bubble action (ACTIONS) is given malformed values (the
// wrong length, the wrong form, PEM-looking junk, JSON-looking junk, a long random string) next to
// otherwise valid inputs, through the library, the plugin's actions (in-process) and the command line;
// no output, error, warning or log line may hold any 8-character run of a value's random part.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ACTIONS } from "../../src/bubble/actions/index.js";
import type { ActionDefinition } from "../../src/bubble/types.js";
import { main } from "../../src/cli/main.js";
import type { InputSpec } from "../../src/inputs/index.js";
import { encodeJws, encodeJwt, encryptJwt, fixedClock } from "../../src/jwt/index.js";
import { EXCHANGES, runExchange } from "../../src/recipes/exchanges/index.js";
import { RECIPES, runRecipe } from "../../src/recipes/index.js";
import { recipeCases } from "../bubble/helpers/recipe-cases.js";
import { fakeIo } from "../cli/fake-io.js";
import { boxConfigJson } from "./exchanges/fake-box.js";
import { endpointsOf, type Fake, startFakeProviders } from "./exchanges/fake-providers.js";
import { NOW, serviceAccountJson, testKeys } from "./helpers.js";

const keys = testKeys();
const clock = fixedClock(NOW);
let fake: Fake;
let dir: string;
let caFile: string;

before(async () => {
  fake = await startFakeProviders(keys.rsa, NOW.getTime());
  dir = mkdtempSync(join(tmpdir(), "bubble-jwt-secrets-"));
  caFile = join(dir, "ca.pem");
  writeFileSync(caFile, fake.ca);
});
after(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A malformed secret and the random parts of it that must never be shown. */
interface Malformed {
  readonly label: string;
  readonly value: string;
  readonly parts: readonly string[];
}

const random = (length: number, alphabet = "base64url") =>
  randomBytes(length * 2)
    .toString(alphabet as BufferEncoding)
    .replace(/[^A-Za-z0-9_-]/g, "")
    .slice(0, length);
const hex = (length: number) => randomBytes(length).toString("hex").slice(0, length);

/** New random values for every run, so that nothing else in a message can match them by chance. */
function malformedValues(): Malformed[] {
  const short = random(12);
  const odd = hex(63);
  const [a, b] = [random(20), random(20)];
  const body = [random(64), random(64), random(40)];
  const junkKey = random(60);
  const long = random(5000);
  return [
    { label: "too short", value: short, parts: [short] },
    { label: "63 hex characters", value: odd, parts: [odd] },
    { label: "the wrong form", value: `${a} +/=!${b}`, parts: [a, b] },
    {
      label: "PEM-looking junk",
      value: `-----BEGIN PRIVATE KEY-----\n${body.join("\n")}\n-----END PRIVATE KEY-----\n`,
      parts: body,
    },
    {
      label: "JSON-looking junk",
      value: `{"type": "service_account", "private_key": "${junkKey}", "client_email": 1`,
      parts: [junkKey],
    },
    { label: "a long random string", value: long, parts: [long] },
  ];
}

/** Every 8-character run of the parts that appears in `text`. */
function leaks(text: string, parts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const part of parts) {
    for (let i = 0; i + 8 <= part.length; i++) {
      const run = part.slice(i, i + 8);
      if (text.includes(run)) found.add(run);
    }
  }
  return [...found];
}

/** Everything a thrown value shows: message, stack, every own member (problem, fix, fault, outputs). */
function shownBy(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const members: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(error)) members[name] = (error as never)[name];
  return `${error.message}\n${error.stack}\n${JSON.stringify(members)}`;
}

const CONSOLE = ["log", "info", "warn", "error", "debug", "trace"] as const;

/** Runs `work` with the console captured; returns what it gave or threw, and the log lines. */
async function observed(work: () => unknown): Promise<{ ok: boolean; shown: string }> {
  const lines: string[] = [];
  const saved = CONSOLE.map((name) => console[name]);
  for (const name of CONSOLE) {
    console[name] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === "string" ? arg : shownBy(arg))).join(" "));
    };
  }
  try {
    const result = await work();
    return { ok: true, shown: `${JSON.stringify(result)}\n${lines.join("\n")}` };
  } catch (error) {
    return { ok: false, shown: `${shownBy(error)}\n${lines.join("\n")}` };
  } finally {
    CONSOLE.forEach((name, i) => {
      console[name] = saved[i] as (typeof console)[typeof name];
    });
  }
}

const secretsOf = (inputs: readonly InputSpec[]) => inputs.filter((input) => input.type === "secret");
const secretNames = (inputs: readonly InputSpec[]) => secretsOf(inputs).map((input) => input.name);

/** Valid inputs for each recipe (test/bubble/helpers/recipe-cases.ts, checked against RECIPES there). */
const RECIPE_BASES = new Map(recipeCases().map((each) => [each.id, { ...each.fields, ...each.secrets }]));

/**
 * A secret that only matters next to another input: its base, by "<id> <secret>" (a passphrase is
 * read only for an encrypted key). A secret that no malformed value makes fail needs one here.
 */
const SECRET_BASES: Readonly<Record<string, Record<string, unknown>>> = {
  "snowflake-keypair passphrase": {
    ...RECIPE_BASES.get("snowflake-keypair"),
    private_key: keys.rsa.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "the right passphrase",
    }) as string,
    passphrase: "the right passphrase",
  },
};
const recipeBase = (id: string, secret: string) =>
  SECRET_BASES[`${id} ${secret}`] ?? RECIPE_BASES.get(id) ?? {};

/** Valid inputs for each exchange; the test below fails when an exchange has none. */
const EXCHANGE_BASES: Readonly<Record<string, Record<string, unknown>>> = {
  "google-access-token": {
    service_account_json: serviceAccountJson(),
    scopes: "https://www.googleapis.com/auth/drive",
  },
  "docusign-access-token": {
    integration_key: "0f6e1d2c-3b4a-4958-8a7b-6c5d4e3f2a1b",
    user_id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    private_key: keys.rsaPkcs1,
  },
  "salesforce-access-token": {
    consumer_key: "3MVG9A2kN3Bn17hs.key",
    username: "integration@acme.com",
    private_key: keys.rsaPkcs8,
  },
  "github-installation-token": { app_id: "123456", private_key: keys.rsaPkcs1, installation_id: "4242" },
  "box-access-token": { config_json: boxConfigJson() },
  "client-credentials-token": {
    preset: "okta",
    token_url: "https://example.okta.com/oauth2/default/v1/token",
    client_id: "0oa1b2c3d4e5f6g7h8i9",
    scope: "orders:read",
    private_key: keys.rsaPkcs8,
  },
};

const HS_SECRET = "a-strong-test-secret-of-forty-characters!";
const OTHER_SECRET = "another-strong-secret-of-forty-characters";
const hsToken = () => encodeJwt({ sub: "1" }, { key: HS_SECRET, clock, expiresInMinutes: 60 });
const JWE_SECRET = randomBytes(32).toString("base64url");
const SHOPIFY_API_KEY = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
/** An App Bridge session token for NOW, signed with HS_SECRET as the app's client secret. */
const shopifySessionToken = () => {
  const iat = Math.floor(NOW.getTime() / 1000);
  const claims = {
    iss: "https://example-shop.myshopify.com/admin",
    dest: "https://example-shop.myshopify.com",
    aud: SHOPIFY_API_KEY,
    sub: "42",
    exp: iat + 60,
    nbf: iat,
    iat,
    jti: "0e8b4f5a-3b6c-4d2e-9f1a-7c8d9e0f1a2b",
    sid: "8a7b6c5d-4e3f-2a1b-0c9d-8e7f6a5b4c3d",
  };
  return encodeJws(JSON.stringify(claims), {
    key: Buffer.from(HS_SECRET),
    alg: "HS256",
    header: { typ: "JWT" },
  });
};

/**
 * Valid inputs of the plugin's own actions (those that are no recipe or exchange), by action and
 * secret: one or more bases each (a secret read as hex or base64 takes other paths).
 */
const ACTION_BASES: Readonly<Record<string, Readonly<Record<string, () => Record<string, unknown>[]>>>> = {
  "Encode JWT": {
    secret: () => [
      { json_data: '{"sub": "1"}', secret: HS_SECRET },
      { json_data: '{"sub": "1"}', secret: Buffer.from(HS_SECRET).toString("hex"), secret_encoding: "hex" },
      {
        json_data: '{"sub": "1"}',
        secret: Buffer.from(HS_SECRET).toString("base64"),
        secret_encoding: "base64",
      },
    ],
    private_key: () => [
      { json_data: '{"sub": "1"}', algorithm: "RS256", private_key: keys.rsaPkcs8 },
      { json_data: '{"sub": "1"}', algorithm: "ES256", private_key: keys.ecPkcs8 },
      {
        json_data: '{"sub": "1"}',
        algorithm: "EdDSA",
        private_key: keys.ed25519.export({ type: "pkcs8", format: "pem" }) as string,
      },
    ],
  },
  "Verify JWT": {
    secret: () => [
      { token: hsToken(), secret: HS_SECRET },
      { token: hsToken(), secret: Buffer.from(HS_SECRET).toString("hex"), secret_encoding: "hex" },
    ],
    previous_secret: () => [{ token: hsToken(), secret: OTHER_SECRET, previous_secret: HS_SECRET }],
  },
  "Verify sign-in token": {
    auth_secret: () => [
      {
        token: runRecipe(
          "authjs-session",
          { secret: HS_SECRET, version: "v5", claims_json: '{"sub": "1"}', max_age: 3600 },
          { clock },
        ).token,
        provider: "authjs",
        auth_secret: HS_SECRET,
      },
    ],
  },
  "Shopify: verify session token": {
    api_secret: () => [{ token: shopifySessionToken(), api_key: SHOPIFY_API_KEY, api_secret: HS_SECRET }],
  },
  "Decrypt JWT (JWE)": {
    key: () => [
      {
        token: encryptJwt({ sub: "1" }, { key: JWE_SECRET, alg: "dir", secretEncoding: "base64url", clock }),
        key: JWE_SECRET,
      },
      {
        token: encryptJwt({ sub: "1" }, { key: keys.rsaPkcs8, alg: "RSA-OAEP-256", clock }),
        key: keys.rsaPkcs8,
        algorithm: "RSA-OAEP-256",
      },
    ],
  },
};

/** The advanced fields pointing an exchange action at the fake providers. */
function toFakeFields(exchangeId: string): Record<string, unknown> {
  const own = EXCHANGES.find((each) => each.id === exchangeId)?.endpoints ?? {};
  const lines = Object.entries(endpointsOf(fake))
    .filter(([name]) => name in own)
    .map(([name, url]) => `${name}=${url}`);
  return { endpoints: lines.join("\n"), ca_certificate: fake.ca };
}

/** An action's bases for one secret input, or undefined when the test does not know one. */
function actionBases(action: ActionDefinition, secret: string): Record<string, unknown>[] | undefined {
  const recipe = RECIPES.find((each) => each.display === action.display);
  if (recipe !== undefined) return [recipeBase(recipe.id, secret)];
  const exchange = EXCHANGES.find((each) => each.display === action.display);
  if (exchange !== undefined) {
    const base = EXCHANGE_BASES[exchange.id];
    return base === undefined ? undefined : [{ ...base, ...toFakeFields(exchange.id) }];
  }
  return ACTION_BASES[action.display]?.[secret]?.();
}

function failed(result: unknown): boolean {
  const values = result as Record<string, unknown>;
  return values.ok === false || values.valid === false;
}

const exchangeOptions = () => ({ clock, endpoints: endpointsOf(fake), ca: fake.ca, cache: false as const });

describe("every registry has bases for every secret input, and they work", () => {
  it("recipes, exchanges and actions", async () => {
    const missing: string[] = [];
    for (const recipe of RECIPES) if (!RECIPE_BASES.has(recipe.id)) missing.push(recipe.id);
    for (const exchange of EXCHANGES)
      if (EXCHANGE_BASES[exchange.id] === undefined) missing.push(exchange.id);
    for (const action of ACTIONS) {
      for (const secret of secretsOf(action.inputs)) {
        if (actionBases(action, secret.name) === undefined) missing.push(`${action.display}: ${secret.name}`);
      }
    }
    assert.deepEqual(missing, [], "give these valid inputs so that their secrets are exercised");
    for (const recipe of RECIPES) {
      for (const secret of secretsOf(recipe.inputs))
        runRecipe(recipe.id, recipeBase(recipe.id, secret.name), { clock });
    }
    for (const exchange of EXCHANGES) {
      await runExchange(exchange.id, EXCHANGE_BASES[exchange.id] ?? {}, exchangeOptions());
    }
    for (const action of ACTIONS) {
      for (const secret of secretsOf(action.inputs)) {
        for (const base of actionBases(action, secret.name) ?? []) {
          const result = await action.run(base, { clock, keys: {} });
          assert.ok(!failed(result), `${action.display} (${secret.name}): ${JSON.stringify(result)}`);
        }
      }
    }
  });
});

/** Runs every malformed value through `run` and returns the leaks, one line each. */
async function leaksOf(
  where: string,
  run: (value: string) => Promise<{ ok: boolean; shown: string }>,
): Promise<string[]> {
  const found: string[] = [];
  for (const malformed of malformedValues()) {
    const { shown } = await run(malformed.value);
    const runs = leaks(shown, malformed.parts);
    if (runs.length > 0) {
      const at = shown.indexOf(runs[0] as string);
      found.push(
        `${where}, ${malformed.label}: ${runs.length} runs, e.g. ...${JSON.stringify(shown.slice(Math.max(0, at - 60), at + 20))}`,
      );
    }
  }
  return found;
}

/**
 * The malformed values really reach the secrets' checks: every refusal names a secret input (a wrong
 * passphrase is refused as the key it fails to open), and at least one value is refused (otherwise the
 * base hides the secret, and the test would prove nothing).
 */
async function reach(
  where: string,
  secrets: readonly string[],
  run: (value: string) => unknown,
): Promise<string[]> {
  const problems: string[] = [];
  let refused = 0;
  for (const malformed of malformedValues()) {
    try {
      await run(malformed.value);
    } catch (error) {
      refused++;
      const option = (error as { option?: unknown }).option;
      if (!secrets.includes(String(option))) {
        problems.push(`${where}, ${malformed.label}: refused naming ${String(option)}`);
      }
    }
  }
  if (refused === 0) problems.push(`${where}: no malformed value was refused`);
  return problems;
}

describe("the library: runRecipe and runExchange", () => {
  it("quote no malformed secret of any recipe", async () => {
    const found: string[] = [];
    const unreached: string[] = [];
    for (const recipe of RECIPES) {
      for (const secret of secretsOf(recipe.inputs)) {
        const base = recipeBase(recipe.id, secret.name);
        found.push(
          ...(await leaksOf(`${recipe.id} ${secret.name}`, (value) =>
            observed(() => runRecipe(recipe.id, { ...base, [secret.name]: value }, { clock })),
          )),
        );
        unreached.push(
          ...(await reach(`${recipe.id} ${secret.name}`, secretNames(recipe.inputs), (value) =>
            runRecipe(recipe.id, { ...base, [secret.name]: value }, { clock }),
          )),
        );
      }
    }
    assert.deepEqual(found, []);
    assert.deepEqual(unreached, [], "each secret must be refused for some malformed value, naming it");
  });

  it("quote no malformed secret of any exchange", async () => {
    const found: string[] = [];
    const unreached: string[] = [];
    for (const exchange of EXCHANGES) {
      for (const secret of secretsOf(exchange.inputs)) {
        const base = EXCHANGE_BASES[exchange.id] ?? {};
        const run = (value: string) =>
          runExchange(exchange.id, { ...base, [secret.name]: value }, exchangeOptions());
        found.push(
          ...(await leaksOf(`${exchange.id} ${secret.name}`, (value) => observed(() => run(value)))),
        );
        unreached.push(...(await reach(`${exchange.id} ${secret.name}`, secretNames(exchange.inputs), run)));
      }
    }
    assert.deepEqual(found, []);
    assert.deepEqual(unreached, [], "each secret must be refused for some malformed value, naming it");
  });
});

describe("the plugin: every action, in-process", () => {
  it("quotes no malformed secret, given as a field or as a plugin key", async () => {
    const found: string[] = [];
    for (const action of ACTIONS) {
      for (const secret of secretsOf(action.inputs)) {
        for (const base of actionBases(action, secret.name) ?? []) {
          const where = `${action.display} ${secret.name}`;
          found.push(
            ...(await leaksOf(where, (value) =>
              observed(() => action.run({ ...base, [secret.name]: value }, { clock, keys: {} })),
            )),
          );
          if (secret.fallbackKey === undefined) continue;
          const withoutField = { ...base, [secret.name]: undefined };
          found.push(
            ...(await leaksOf(`${where} (plugin key)`, (value) =>
              observed(() =>
                action.run(withoutField, { clock, keys: { [secret.fallbackKey as string]: value } }),
              ),
            )),
          );
          // "Stop the workflow on error": the failure is thrown instead.
          found.push(
            ...(await leaksOf(`${where} (stop on error)`, (value) =>
              observed(() => action.run({ ...base, [secret.name]: value, stop_on_error: true }, { clock })),
            )),
          );
        }
      }
    }
    assert.deepEqual(found, []);
  });
});

describe("the command line: bubble-jwt recipe <id>", () => {
  async function cli(argv: string[], env: Record<string, string> = {}) {
    const io = fakeIo({ now: NOW, env });
    const code = await main(argv, io);
    return { ok: code === 0, shown: `${io.out()}\n${io.err()}` };
  }
  const fakeFlags = (id: string) => {
    const own = EXCHANGES.find((each) => each.id === id)?.endpoints;
    if (own === undefined) return [];
    return [
      ...Object.entries(endpointsOf(fake))
        .filter(([name]) => name in own)
        .flatMap(([name, url]) => ["--endpoint", `${name}=${url}`]),
      "--ca-file",
      caFile,
    ];
  };

  it("prints no malformed secret, given in --input or in the environment", async () => {
    const found: string[] = [];
    const entries = [
      ...RECIPES.map((recipe) => ({ each: recipe, base: (secret: string) => recipeBase(recipe.id, secret) })),
      ...EXCHANGES.map((exchange) => ({ each: exchange, base: () => EXCHANGE_BASES[exchange.id] ?? {} })),
    ];
    for (const entry of entries) {
      const each = entry.each;
      for (const secret of secretsOf(each.inputs)) {
        const base = entry.base(secret.name);
        const where = `recipe ${each.id} ${secret.name}`;
        for (const json of [false, true]) {
          const format = json ? ["--json"] : [];
          found.push(
            ...(await leaksOf(`${where}${json ? " --json" : ""}`, (value) =>
              cli([
                "recipe",
                each.id,
                "--input",
                JSON.stringify({ ...base, [secret.name]: value }),
                ...fakeFlags(each.id),
                ...format,
              ]),
            )),
          );
        }
        if (secret.fallbackKey === undefined) continue;
        const { [secret.name]: _left, ...rest } = base;
        found.push(
          ...(await leaksOf(`${where} (environment)`, (value) =>
            cli(["recipe", each.id, "--input", JSON.stringify(rest), ...fakeFlags(each.id)], {
              [secret.fallbackKey as string]: value,
            }),
          )),
        );
      }
    }
    assert.deepEqual(found, []);
  });
});

describe("a malformed secret is described by its length and form", () => {
  it("Metabase's secret key one character short", () => {
    const base = recipeBase("metabase-embed", "secret_key");
    const key = hex(63);
    assert.throws(
      () => runRecipe("metabase-embed", { ...base, secret_key: key }, { clock }),
      (error: Error) => {
        assert.match(
          error.message,
          /must be the 64-hex embedding secret key; got 63 characters, all hexadecimal/,
        );
        assert.deepEqual(leaks(error.message, [key]), []);
        return true;
      },
    );
    assert.throws(
      () => runRecipe("metabase-embed", { ...base, secret_key: "not the key!" }, { clock }),
      /got 12 characters: letters, spaces and other symbols/,
    );
  });
});
