// docs/recipes.md's sign-in section keeps up with the data: every provider, input, output, endpoint and code.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import {
  SIGN_IN_ENDPOINTS,
  SIGN_IN_PROVIDERS,
  SIGN_IN_REASON_CODES,
  SIGN_IN_VERIFIER,
} from "../../../src/recipes/sign-in/index.js";

const docs = readFileSync(new URL("../../../docs/recipes.md", import.meta.url), "utf8");
const section = docs.slice(docs.indexOf("## Sign-in verification"));

it("docs/recipes.md's sign-in section names every provider, input, output, endpoint and reason code", () => {
  assert.ok(section.length > 2000, "the section exists");
  for (const provider of Object.values(SIGN_IN_PROVIDERS)) {
    const row = section.split("\n").find((line) => line.startsWith(`| \`${provider.id}\` |`));
    assert.ok(row !== undefined, provider.id);
    for (const name of provider.requires) assert.ok(row.includes(`\`${name}\``), `${provider.id} ${name}`);
    for (const issuer of provider.issuers) assert.ok(row.includes(`\`${issuer}\``), `${provider.id} iss`);
  }
  for (const spec of [...SIGN_IN_VERIFIER.inputs, ...SIGN_IN_VERIFIER.outputs]) {
    assert.ok(section.includes(`\`${spec.name}\``), spec.name);
  }
  for (const [name, url] of Object.entries(SIGN_IN_ENDPOINTS)) {
    assert.ok(section.includes(`| \`${name}\` | \`${url}\` |`), name);
  }
  for (const code of Object.keys(SIGN_IN_REASON_CODES)) assert.ok(section.includes(`| \`${code}\` |`), code);
  assert.match(
    section,
    /### Step by step: check a Google \/ Apple \/ Firebase sign-in in a backend workflow/,
  );
});
