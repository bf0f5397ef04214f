// The provider recipes as Bubble actions: one server-side action per recipe, generated from it, with
// stable IDs from the ledger (src/bubble/ids.json) by the recipe's id; secrets from the fields or from
// plugin keys; run through the built plugin and compared with runRecipe at the same frozen instant.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { actionFolder, identifyPlugin } from "../../src/bubble/index.js";
import { pluginKeys } from "../../src/bubble/plugin.js";
import { RECIPES } from "../../src/recipes/index.js";
import { assertNoLeak, type BuiltTestPlugin, buildTestPlugin } from "./helpers/plugin.js";
import {
  asPluginKeys,
  claimsOf,
  clock,
  comparable,
  expectedOutputs,
  NOW,
  type RecipeCase,
  recipeCases,
} from "./helpers/recipe-cases.js";

const cases = recipeCases();
let plugin: BuiltTestPlugin;
before(async () => {
  plugin = await buildTestPlugin();
});
after(() => plugin.remove());

const COMMON = ["token", "expires_at", "warnings", "ok", "error", "error_code"];

const { actions: ACTIONS, keys: PLUGIN_KEYS } = identifyPlugin({ check: true });

function actionOf(display: string) {
  const action = ACTIONS.find((each) => each.display === display);
  assert.ok(action, display);
  return action;
}

/** A Bubble result without the failure outputs, comparable with runRecipe's. */
function presented(result: Record<string, unknown>): Record<string, unknown> {
  const { ok: _ok, error: _error, error_code: _code, ...rest } = result;
  return comparable(rest);
}

describe("one Bubble action per recipe", () => {
  it("follows the four original actions, in the order of RECIPES, named as the recipe's display", () => {
    assert.deepEqual(
      ACTIONS.slice(4, 4 + RECIPES.length).map((action) => action.display),
      RECIPES.map((recipe) => recipe.display),
    );
  });

  it("has the recipe's inputs as fields in order, then Stop the workflow on error", () => {
    for (const recipe of RECIPES) {
      const action = actionOf(recipe.display);
      assert.deepEqual(
        action.fields.map((field) => field.name),
        [...recipe.inputs.map((input) => input.name), "stop_on_error"],
        recipe.id,
      );
    }
  });

  it("returns token, expires_at (date), ok, error, error_code, warnings and the recipe's outputs", () => {
    for (const recipe of RECIPES) {
      const returns = actionOf(recipe.display).returns;
      const names = returns.map((item) => item.name);
      assert.deepEqual(
        [...names].sort(),
        [...new Set([...COMMON, ...recipe.outputs.map((output) => output.name)])].sort(),
        recipe.id,
      );
      assert.equal(returns.find((item) => item.name === "expires_at")?.type, "date");
      assert.equal(returns.find((item) => item.name === "ok")?.type, "boolean");
      assert.equal(returns.find((item) => item.name === "warnings")?.type, "text");
    }
  });

  it("keys each action by its recipe's id, so the ledger gives it its released IDs (AAG..AAX)", () => {
    assert.deepEqual(
      RECIPES.map((recipe) => actionOf(recipe.display).key),
      RECIPES.map((recipe) => recipe.id),
    );
    const ids = RECIPES.map((recipe) => actionOf(recipe.display).id);
    // The 18 released recipes keep their IDs; a recipe added since gets one from the new series (DAA on).
    assert.deepEqual(
      ids.slice(0, 18),
      [..."GHIJKLMNOPQRSTUVWX"].map((letter) => `AA${letter}`),
    );
    for (const id of ids.slice(18)) assert.match(id, /^[D-Z]/);
  });

  it("makes every recipe secret's fallback key a secure plugin key", () => {
    const shared = JSON.parse(readFileSync(join(plugin.dir, "shared_tech_params.json"), "utf8"));
    const captions = new Map(
      Object.entries(shared.shared_keys as Record<string, { caption: string; type: string }>).map(
        ([id, key]) => [key.caption, { id, type: key.type }],
      ),
    );
    for (const recipe of RECIPES) {
      for (const input of recipe.inputs.filter((each) => each.type === "secret")) {
        const key = captions.get(input.fallbackKey ?? "");
        assert.ok(key, `${recipe.id}: ${input.fallbackKey}`);
        assert.equal(key.type, "secure");
        assert.equal(key.id, PLUGIN_KEYS.find((each) => each.caption === input.fallbackKey)?.id);
      }
    }
    assert.equal(captions.size, pluginKeys().length);
  });

  it("bundles in each server.js its own recipe and no other provider's", () => {
    // firebase.ts reads service-account files with google.ts's rules, so Firebase's bundle holds Google's module.
    const shares: Record<string, string> = { Firebase: "Google" };
    const providers = [...new Set(RECIPES.map((recipe) => recipe.provider))];
    for (const recipe of RECIPES) {
      const code = readFileSync(
        join(plugin.dir, actionFolder(actionOf(recipe.display).id), "server.js"),
        "utf8",
      );
      assert.ok(code.includes(JSON.stringify(recipe.display)), recipe.id);
      const others = RECIPES.filter(
        (each) => each.provider !== recipe.provider && each.provider !== shares[recipe.provider],
      );
      for (const other of others) {
        assert.ok(!code.includes(JSON.stringify(other.display)), `${recipe.id} holds ${other.id}`);
      }
    }
    assert.ok(providers.length > 10);
  });
});

async function runCase(each: RecipeCase, from: "keys" | "fields"): Promise<Record<string, unknown>> {
  const display = RECIPES.find((recipe) => recipe.id === each.id)?.display ?? "";
  const input = from === "fields" ? { ...each.fields, ...each.secrets } : { ...each.fields };
  return (await import("../../src/bubble/index.js")).runPluginAction({
    pluginDir: plugin.dir,
    action: display,
    input,
    keys: from === "keys" ? asPluginKeys(each) : {},
    clock,
  });
}

describe("every recipe action through the built plugin, against runRecipe at a frozen clock", () => {
  for (const each of cases) {
    it(`${each.id}: secrets from plugin keys, then from fields, give runRecipe's token`, async () => {
      const expected = expectedOutputs(each);
      for (const from of ["keys", "fields"] as const) {
        const result = await runCase(each, from);
        assert.equal(result.ok, true, `${from}: ${String(result.error)}`);
        assert.equal(result.error, null);
        assert.ok(result.expires_at instanceof Date);
        assert.deepEqual(presented(result), expected, from);
      }
    });
  }

  it("names the field and its plugin key when a secret is in neither", async () => {
    const each = cases.find((item) => item.id === "ghost-admin") as RecipeCase;
    const result = await runCase({ ...each, secrets: {} }, "fields");
    assert.equal(result.ok, false);
    assert.equal(result.error_code, "ERR_OPTION_INVALID");
    assert.match(
      String(result.error),
      /"Admin API key" is required \(or its fallback key GHOST_ADMIN_API_KEY\)/,
    );
  });

  it("Supabase: a signing key from the plugin key SUPABASE_SIGNING_KEY signs ES256 with its kid; both keys are refused", async () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const jwk = JSON.stringify({
      ...ec.export({ format: "jwk" }),
      kid: "3a18cfe2-7226-43b0-bbb4-7c5242f2406e",
    });
    const signed: RecipeCase = {
      id: "supabase-user-token",
      fields: { user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e" },
      secrets: { signing_key: jwk },
    };
    const result = await runCase(signed, "keys");
    assert.equal(result.ok, true, String(result.error));
    assert.deepEqual(presented(result), expectedOutputs(signed));
    assert.deepEqual(claimsOf(String(result.token)).header, {
      alg: "ES256",
      typ: "JWT",
      kid: "3a18cfe2-7226-43b0-bbb4-7c5242f2406e",
    });
    const both = await runCase(
      {
        ...signed,
        secrets: { ...signed.secrets, jwt_secret: "super-secret-jwt-token-with-at-least-32-characters-long" },
      },
      "keys",
    );
    assert.equal(both.ok, false);
    assert.equal(both.error_code, "ERR_OPTION_INVALID");
    assert.match(String(both.error), /"Signing key"/);
    assertNoLeak(both, jwk.slice(20, 60));
  });

  it("gives a provider's refusal with its code and the field's caption, and stops the workflow when asked", async () => {
    const each = cases.find((item) => item.id === "apple-client-secret") as RecipeCase;
    const result = await runCase({ ...each, fields: { ...each.fields, team_id: "SHORT" } }, "fields");
    assert.equal(result.ok, false);
    assert.equal(result.error_code, "ERR_OPTION_INVALID");
    assert.match(String(result.error), /"Team ID"/);
    await assert.rejects(
      runCase({ ...each, fields: { ...each.fields, team_id: "SHORT", stop_on_error: true } }, "fields"),
      /"Team ID"/,
    );
  });
});

// Bubble may run the actions on Node 18: every recipe action once there (secrets from plugin keys for
// even rows, from fields for odd ones), compared with runRecipe as above.
const NODE18 = process.env.NODE18_BIN ?? fileURLToPath(new URL("../../.tmp/node18/node", import.meta.url));
const RUNNER = fileURLToPath(new URL("./node18/run-recipe-actions.cjs", import.meta.url));
const node18 = existsSync(NODE18);
if (!node18 && process.env.CI)
  throw new Error(`Node 18 not found at ${NODE18}: run scripts/install-node18.sh`);

describe("every recipe action on Node.js 18", { skip: node18 ? false : `no Node 18 at ${NODE18}` }, () => {
  it("runs each recipe action on Node 18 and gives runRecipe's token", () => {
    const runs = cases.map((each, index) => {
      const fromKeys = index % 2 === 0;
      return {
        display: RECIPES[index]?.display,
        properties: fromKeys ? { ...each.fields } : { ...each.fields, ...each.secrets },
        keys: fromKeys ? asPluginKeys(each) : {},
        now: NOW.getTime(),
      };
    });
    const file = join(plugin.dir, "node18-runs.json");
    writeFileSync(file, JSON.stringify(runs));
    const output = JSON.parse(
      execFileSync(NODE18, [RUNNER, plugin.dir, file], { encoding: "utf8", timeout: 120_000 }),
    ) as { node: string; results: Record<string, unknown>[] };
    assert.match(output.node, /^v18\./);
    cases.forEach((each, index) => {
      const result = { ...output.results[index] };
      assert.equal(result.ok, true, `${each.id}: ${String(result.error)}`);
      // Dates crossed the process as ISO text; comparable() keeps text as it is.
      assert.deepEqual(presented(result), expectedOutputs(each), each.id);
    });
  });
});
