import type { InputSpec } from "../inputs/index.js";
import { RECIPES } from "./index.js";

export const TABLE_START =
  "<!-- recipes table: generated from src/recipes by renderRecipesTable(), do not edit -->";
export const TABLE_END = "<!-- end of recipes table -->";

function describeInput(spec: InputSpec): string {
  const notes: string[] = [];
  if (spec.default !== undefined) notes.push(`default ${spec.default}`);
  if (spec.min !== undefined && spec.max !== undefined) notes.push(`${spec.min} to ${spec.max}`);
  else if (spec.max !== undefined) notes.push(`max ${spec.max}`);
  if (spec.options !== undefined) notes.push(spec.options.join("/"));
  if (spec.fallbackKey !== undefined) notes.push(`or ${spec.fallbackKey}`);
  const name = `\`${spec.name}\`${spec.required === true ? "*" : ""}`;
  return notes.length === 0 ? name : `${name} (${notes.join("; ")})`;
}

/** The Markdown table of every recipe (id, Bubble action, inputs, outputs) between its markers. */
export function renderRecipesTable(): string {
  const rows = RECIPES.map((recipe) => {
    const inputs = recipe.inputs.map(describeInput).join(", ");
    const outputs = recipe.outputs.map((output) => `\`${output.name}\``).join(", ");
    return `| \`${recipe.id}\` | ${recipe.display} | ${inputs} | ${outputs} |`;
  });
  return [
    TABLE_START,
    "",
    "| id | Bubble action | inputs (`*` required; secrets fall back to the named plugin key or environment variable) | outputs |",
    "|---|---|---|---|",
    ...rows,
    "",
    TABLE_END,
  ].join("\n");
}
