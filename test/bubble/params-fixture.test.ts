import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type BuiltTestPlugin, buildTestPlugin } from "./helpers/plugin.js";

// Copied from `npm run build:plugin` before the actions moved onto src/spec: Bubble keys fields by
// ID, name and rank, so an app that uses the plugin must see the very same params.json files.
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

  it("has a fixture for each of the four actions, the shared keys and the metadata", () => {
    assert.deepEqual(files, [
      "actions/AAC-850m6/params.json",
      "actions/AAD-850m8/params.json",
      "actions/AAE-850ma/params.json",
      "actions/AAF-850mc/params.json",
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
