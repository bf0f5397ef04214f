import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ACTIONS, spliceFieldTables } from "../../src/bubble/index.js";

const doc = readFileSync(new URL("../../docs/bubble.md", import.meta.url), "utf8");

describe("docs/bubble.md", () => {
  it("has current field tables (else: npm run docs)", () => {
    assert.equal(doc, spliceFieldTables(doc));
  });

  it("lists every field name of every action", () => {
    for (const action of ACTIONS) {
      for (const field of action.fields) assert.ok(doc.includes(`\`${field.name}\``), field.name);
    }
  });

  it("covers GitHub sync, the generate_token workflow and the rotation procedure", () => {
    for (const topic of [
      "Synchronize with GitHub",
      "generate_token",
      "## Rotating the secret",
      "JWT_SECRET_PREVIOUS",
    ]) {
      assert.ok(doc.includes(topic), topic);
    }
  });
});
