// docs/engine.md must keep up with the engine: every error code and every runtime export is documented.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as engine from "../../src/jwt/index.js";

const docs = readFileSync(new URL("../../docs/engine.md", import.meta.url), "utf8");

describe("docs/engine.md", () => {
  it("has a row in the error table for every code of JWT_ERROR_CODES", () => {
    const missing = Object.keys(engine.JWT_ERROR_CODES).filter((code) => !docs.includes(`| \`${code}\` |`));
    assert.deepEqual(missing, [], `codes missing from docs/engine.md: ${missing.join(", ")}`);
  });

  it("names every runtime export of the engine", () => {
    const missing = Object.keys(engine).filter((name) => !docs.includes(`\`${name}`));
    assert.deepEqual(missing, [], `exports missing from docs/engine.md: ${missing.join(", ")}`);
  });

  it("states the default token cap and clock tolerance", () => {
    assert.ok(
      docs.includes(`| Token size cap (\`maxTokenBytes\`) | ${engine.DEFAULT_MAX_TOKEN_BYTES} characters`),
    );
    assert.match(docs, /\| Clock tolerance \(`clockToleranceSeconds`\) \| 0 seconds \|/);
  });
});
