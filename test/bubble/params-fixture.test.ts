import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { actionFolder, identifyPlugin } from "../../src/bubble/index.js";
import { type BuiltTestPlugin, buildTestPlugin } from "./helpers/plugin.js";

// Copied from `npm run build:plugin`: the four original actions before they moved onto src/spec, the
// provider recipe actions when they were added (issue 9). Bubble keys fields by ID, name and rank, so an
// app that uses the plugin must see the very same params.json files; a change here is deliberate and
// says so in its commit. A new action needs no fixture (the ledger gives it new IDs); meta_data.json and
// shared_tech_params.json grow with every new action or key, and their released parts stay.
const FIXTURES = fileURLToPath(new URL("../fixtures/bubble-params/", import.meta.url));

function fixtureFiles(dir = FIXTURES, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? fixtureFiles(dir, path) : [path];
  });
}

let plugin: BuiltTestPlugin;
before(async () => {
  plugin = await buildTestPlugin();
});
after(() => plugin.remove());

describe("the built plugin against the released params (test/fixtures/bubble-params)", () => {
  const files = fixtureFiles().sort();
  const released = files.filter((file) => file.startsWith("actions/"));

  it("has a fixture for the four original actions and every action released so far", () => {
    for (const folder of ["AAC-850m6", "AAD-850m8", "AAE-850ma", "AAF-850mc"]) {
      assert.ok(files.includes(`actions/${folder}/params.json`), folder);
    }
    const built = new Set(
      identifyPlugin({ check: true }).actions.map((action) => `${actionFolder(action.id)}/params.json`),
    );
    for (const file of released) assert.ok(built.has(file), `${file} is still built`);
  });

  for (const file of released) {
    it(`writes ${file} byte for byte as released`, () => {
      const built = readFileSync(join(plugin.dir, file));
      const fixture = readFileSync(join(FIXTURES, file));
      assert.ok(built.equals(fixture), `${file} differs from the released one`);
    });
  }

  it("keeps every released plugin key as it was (new actions may add keys)", () => {
    const read = (dir: string) =>
      JSON.parse(readFileSync(join(dir, "shared_tech_params.json"), "utf8")) as {
        shared_keys: Record<string, unknown>;
      };
    const built = read(plugin.dir);
    for (const [id, key] of Object.entries(read(FIXTURES).shared_keys)) {
      assert.deepEqual(built.shared_keys[id], key, `plugin key ${id}`);
    }
  });

  it("keeps the plugin's name, categories and licence", () => {
    const read = (dir: string) => JSON.parse(readFileSync(join(dir, "meta_data.json"), "utf8"));
    const built = read(plugin.dir);
    const fixture = read(FIXTURES);
    for (const member of ["name", "categories", "license", "data_tracked"]) {
      assert.deepEqual(built[member], fixture[member], member);
    }
  });
});
