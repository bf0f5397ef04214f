import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { EXCHANGE_ENDPOINTS, EXCHANGE_ERROR_CODES, EXCHANGES } from "../../../src/recipes/exchanges/index.js";

const docs = readFileSync(new URL("../../../docs/recipes.md", import.meta.url), "utf8");
const section = docs.slice(docs.indexOf("## Token exchanges"));

it("docs/recipes.md's exchanges section names every exchange, input, output, endpoint and error code", () => {
  assert.ok(section.length > 1000, "the section exists");
  for (const exchange of EXCHANGES) {
    assert.ok(section.includes(`\`${exchange.id}\``), exchange.id);
    for (const spec of [...exchange.inputs, ...exchange.outputs]) {
      assert.ok(section.includes(`\`${spec.name}\``), `${exchange.id} ${spec.name}`);
    }
  }
  for (const [name, url] of Object.entries(EXCHANGE_ENDPOINTS)) {
    assert.ok(section.includes(`| \`${name}\` | \`${url}\``), name);
  }
  for (const code of Object.keys(EXCHANGE_ERROR_CODES)) assert.ok(section.includes(`| \`${code}\` |`), code);
});
