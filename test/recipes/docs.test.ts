import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { RECIPES } from "../../src/recipes/index.js";
import { renderRecipesTable, TABLE_END, TABLE_START } from "../../src/recipes/recipes-table.js";

const docs = readFileSync(new URL("../../docs/recipes.md", import.meta.url), "utf8");

it("docs/recipes.md holds the recipes table as generated from the recipe data", () => {
  const start = docs.indexOf(TABLE_START);
  const end = docs.indexOf(TABLE_END);
  assert.ok(start >= 0 && end > start, "the table's markers are in docs/recipes.md");
  assert.equal(docs.slice(start, end + TABLE_END.length), renderRecipesTable());
});

it("docs/recipes.md has a section naming every recipe id", () => {
  const prose = docs.slice(docs.indexOf(TABLE_END) + TABLE_END.length);
  for (const recipe of RECIPES) assert.ok(prose.includes(`\`${recipe.id}\``), recipe.id);
});
