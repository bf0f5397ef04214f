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
// says so in its commit. meta_data.json and shared_tech_params.json change with every new action or key.
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

  it("has a fixture for the four original actions, every other action, the shared keys and the metadata", () => {
    const original = [
      "actions/AAC-850m6/params.json",
      "actions/AAD-850m8/params.json",
      "actions/AAE-850ma/params.json",
      "actions/AAF-850mc/params.json",
    ];
    for (const file of original) assert.ok(files.includes(file), file);
    assert.deepEqual(files, [
      ...identifyPlugin({ check: true })
        .actions.map((action) => `${actionFolder(action.id)}/params.json`)
        .sort(),
      "meta_data.json",
      "shared_tech_params.json",
    ]);
  });

  for (const file of files) {
    it(`writes ${file} byte for byte as released`, () => {
      const built = readFileSync(join(plugin.dir, file));
      const released = readFileSync(join(FIXTURES, file));
      assert.ok(built.equals(released), `${file} differs from the released one`);
    });
  }

  it("builds no action that the fixtures do not know", () => {
    const built = readdirSync(join(plugin.dir, "actions")).sort();
    assert.deepEqual(
      built,
      files.filter((file) => file.startsWith("actions/")).map((file) => file.split("/")[1]),
    );
  });
});
