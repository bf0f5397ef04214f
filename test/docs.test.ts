// Every generated part of the docs (tables, reference sections, counts) as `npm run docs` writes it
// from the registries: a stale one fails here and says which file to regenerate.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { generatedDocs } from "../scripts/docs.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

describe("generated docs", () => {
  for (const doc of generatedDocs()) {
    it(`${doc.path} is current (else: npm run docs, and commit)`, () => {
      const text = readFileSync(`${ROOT}${doc.path}`, "utf8");
      assert.ok(doc.render(text) === text, `${doc.path} is stale: run npm run docs, and commit it.`);
    });
  }
});
