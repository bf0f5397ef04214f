// `bubble-jwt recipe` (issue 9): list, per-recipe help from the spec, inputs as flags, as --input JSON
// or @file, secrets from the environment variable named like the plugin key, the token alone or every
// output with --json, and encode's exit codes. Real runs of main(argv, io), and one of the built bin.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findRecipeCommand } from "../../src/cli/commands/recipe.js";
import { main } from "../../src/cli/main.js";
import { flagName, inputDoc } from "../../src/inputs/index.js";
import { EXCHANGES } from "../../src/recipes/exchanges/index.js";
import { RECIPES } from "../../src/recipes/index.js";
import {
  asPluginKeys,
  comparable,
  expectedOutputs,
  NOW,
  type RecipeCase,
  recipeCases,
} from "../bubble/helpers/recipe-cases.js";
import { fakeIo } from "./fake-io.js";

const cases = recipeCases();
const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-recipe-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A case's non-secret inputs as flags (lists and numbers as text, switches bare). */
function flagsOf(fields: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(fields).flatMap(([name, value]) =>
    value === true ? [`--${flagName({ name })}`] : [`--${flagName({ name })}`, String(value)],
  );
}

async function cli(argv: string[], env: Record<string, string> = {}) {
  const io = fakeIo({ now: NOW, env });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe("bubble-jwt recipe list", () => {
  it("prints one line per recipe: id, the Bubble action's name and what it is for", async () => {
    const { code, out } = await cli(["recipe", "list"]);
    assert.equal(code, 0);
    const lines = out.trimEnd().split("\n");
    // The token exchanges follow (test/cli/exchanges.test.ts).
    assert.equal(lines.length, RECIPES.length + EXCHANGES.length);
    RECIPES.forEach((recipe, index) => {
      assert.match(lines[index] ?? "", new RegExp(`^${recipe.id} +`));
      assert.ok(lines[index]?.includes(`${recipe.display}. ${recipe.summary}`), recipe.id);
    });
  });

  it("is listed by bubble-jwt --help, and recipe --help lists the usage", async () => {
    assert.match((await cli(["--help"])).out, /\n {2}recipe +Make the token a provider demands/);
    const help = await cli(["recipe", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.out, /bubble-jwt recipe <id> --input/);
  });

  it("refuses an unknown recipe with exit 2, echoing only an id-like word", async () => {
    const unknown = await cli(["recipe", "google"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /"google" is not a recipe\. Run bubble-jwt recipe list/);
    const pasted = await cli(["recipe", "eyJhbGciOiJIUzI1NiJ9.e30.abc"]);
    assert.equal(pasted.code, 2);
    assert.ok(!pasted.err.includes("eyJ"), "a pasted token is not echoed");
  });
});

describe("bubble-jwt recipe <id> --help", () => {
  it("lists every input from the spec: flag, type, required, default, doc, and the environment variable of secrets", async () => {
    for (const recipe of RECIPES) {
      const { code, out } = await cli(["recipe", recipe.id, "--help"]);
      assert.equal(code, 0);
      for (const input of recipe.inputs) {
        // The flag's own line: "--domain" must not find "--domain-id".
        const at = out.search(new RegExp(`\\n {2}--${flagName(input)}(?=[ \\n])`)) + 1;
        assert.ok(at > 0, `${recipe.id} --${flagName(input)}`);
        const [, facts = "", doc = ""] = out.slice(at).split("\n");
        assert.ok(
          facts.includes(input.required === true ? "required" : "optional"),
          `${input.name} ${facts}`,
        );
        if (input.default !== undefined) assert.ok(facts.includes(`default ${String(input.default)}`), facts);
        if (input.fallbackKey !== undefined) {
          assert.ok(facts.includes(`environment variable ${input.fallbackKey}`), facts);
        }
        assert.equal(doc.trim(), inputDoc(input));
      }
      for (const output of recipe.outputs) assert.match(out, new RegExp(`\\n {2}${output.name} \\(`));
    }
  });
});

describe("bubble-jwt recipe <id>", () => {
  for (const each of cases) {
    it(`${each.id}: flags with secrets from the environment, and --input JSON, give runRecipe's outputs`, async () => {
      const expected = expectedOutputs(each);
      const fromEnv = await cli(["recipe", each.id, ...flagsOf(each.fields), "--json"], asPluginKeys(each));
      assert.equal(fromEnv.code, 0, fromEnv.err);
      assert.equal(fromEnv.err, "", "no warning when the secret comes from the environment");
      const printed = JSON.parse(fromEnv.out);
      assert.deepEqual(comparable(printed), expected);
      if (printed.expires_at !== null)
        assert.equal(printed.expires_at, new Date(printed.expires_at).toISOString());
      assert.ok(Array.isArray(printed.warnings));

      const json = JSON.stringify({ ...each.fields, ...each.secrets });
      const fromJson = await cli(["recipe", each.id, "--input", json, "--json"]);
      assert.equal(fromJson.code, 0, fromJson.err);
      assert.deepEqual(comparable(JSON.parse(fromJson.out)), expected);
    });
  }

  it("prints the token alone without --json, the warnings on stderr", async () => {
    const each = cases.find((item) => item.id === "apple-weatherkit") as RecipeCase;
    const file = join(dir, "weatherkit.json");
    writeFileSync(file, JSON.stringify({ ...each.fields, ...each.secrets, lifetime_minutes: 120 }));
    const { code, out, err } = await cli(["recipe", each.id, "--input", `@${file}`]);
    assert.equal(code, 0, err);
    assert.match(out, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    assert.match(err, /^bubble-jwt: warning: /);
  });

  it("lets a flag win over --input, and warns when a secret is typed as a flag", async () => {
    const each = cases.find((item) => item.id === "github-app") as RecipeCase;
    const json = JSON.stringify({ app_id: "111", ...each.secrets });
    const both = await cli(["recipe", each.id, "--input", json, "--app-id", "222", "--json"]);
    assert.equal(both.code, 0, both.err);
    const claims = JSON.parse(Buffer.from(JSON.parse(both.out).token.split(".")[1], "base64url").toString());
    assert.equal(claims.iss, 222, "a numeric App ID is signed as a number, as GitHub's SDK does");
    const typed = await cli([
      "recipe",
      each.id,
      "--app-id",
      "1",
      // A PEM starts with "-", so it is given as --flag=VALUE.
      `--private-key=${each.secrets.private_key}`,
    ]);
    assert.equal(typed.code, 0, typed.err);
    assert.match(
      typed.err,
      /--private-key on the command line lands in your shell history.*GITHUB_PRIVATE_KEY/,
    );
  });

  it("exits 2 with the flag and the provider's rule when an input is refused, as encode does", async () => {
    const each = cases.find((item) => item.id === "apple-client-secret") as RecipeCase;
    const bad = await cli(
      ["recipe", each.id, ...flagsOf({ ...each.fields, team_id: "SHORT" })],
      asPluginKeys(each),
    );
    assert.equal(bad.code, 2);
    assert.match(
      bad.err,
      /^bubble-jwt: --team-id must be your 10-character Apple Team ID.*\(ERR_INPUT_RULE\)\n$/,
    );
    const missing = await cli(["recipe", each.id, ...flagsOf(each.fields)]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--private-key is required \(or its fallback key APPLE_PRIVATE_KEY\)/);
    const weak = await cli(["recipe", "stream-user-token", "--user-id", "u"], { STREAM_API_SECRET: "short" });
    assert.equal(weak.code, 2);
    assert.match(weak.err, /\(ERR_KEY_WEAK\)/);
  });

  it("refuses --input that is not a JSON object, or names an input the recipe lacks, without echoing values", async () => {
    const notJson = await cli(["recipe", "github-app", "--input", "{app_id: 1}"]);
    assert.equal(notJson.code, 2);
    assert.match(notJson.err, /--input is not valid JSON.*\(ERR_JSON_INVALID\)/);
    const unknown = await cli(["recipe", "github-app", "--input", '{"appid": "1"}']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /"appid" is not an input of github-app\. Its inputs: app_id, private_key\./);
    const flag = await cli(["recipe", "github-app", "--appid", "1"]);
    assert.equal(flag.code, 2);
    assert.match(flag.err, /--appid is not an option of "recipe github-app"/);
  });

  it("has no input named like the recipe options", () => {
    for (const recipe of RECIPES)
      assert.ok(findRecipeCommand(recipe.id).inputs.length > recipe.inputs.length);
  });
});

describe("the built bin", () => {
  it("runs a recipe with its secret from the environment and prints every output as JSON", () => {
    const each = cases.find((item) => item.id === "ghost-admin") as RecipeCase;
    const bin = fileURLToPath(new URL("../../bin/bubble-jwt.js", import.meta.url));
    const child = spawnSync(process.execPath, [bin, "recipe", each.id, "--json"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, ...asPluginKeys(each) },
      timeout: 30_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const printed = JSON.parse(child.stdout);
    assert.match(printed.authorization_header, /^Ghost eyJ/);
    assert.equal(printed.authorization_header, `Ghost ${printed.token}`);
    assert.ok(new Date(printed.expires_at).getTime() > Date.parse("2020-01-01"));
    const missing = spawnSync(process.execPath, [bin, "recipe", each.id], { encoding: "utf8", env: {} });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /GHOST_ADMIN_API_KEY/);
  });
});
