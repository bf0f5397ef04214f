import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { docsFlagTables } from "../../src/cli/main.js";
import { flagName } from "../../src/inputs/index.js";

const path = new URL("../../docs/cli.md", import.meta.url);
const doc = readFileSync(path, "utf8");

describe("docs/cli.md", () => {
  it("names every flag of every command", () => {
    for (const table of docsFlagTables()) {
      for (const input of table.inputs)
        assert.ok(doc.includes(`\`--${flagName(input)}`), `--${flagName(input)}`);
    }
  });
});
