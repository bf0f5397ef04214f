// `npm run docs`: records the Bubble IDs of anything new in the ledger (src/bubble/ids.json), then
// rewrites every generated part of the docs from the registries (the provider operations, the
// plugin's actions, the commands). `test/docs.test.ts` compares the same output with the
// committed files, so a stale table fails the suite and says to run this.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { identifyPlugin, saveLedger, spliceFieldTables } from "../src/bubble/index.js";
import { renderFlagTable, spliceFlagTables } from "../src/cli/lib/flag-table.js";
import { docsFlagTables } from "../src/cli/main.js";
import { type AnyOperation, inputDoc, type OperationKind } from "../src/inputs/index.js";
import { describeExampleValue, OPERATIONS } from "../src/recipes/index.js";
import { renderRecipesTable, TABLE_END, TABLE_START } from "../src/recipes/recipes-table.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A block of a document between `<!-- generated:NAME ... -->` and `<!-- /generated:NAME -->`. */
export function spliceGenerated(document: string, name: string, content: string, path: string): string {
  const start = new RegExp(`<!-- generated:${name}\\b[^>]*-->`);
  const end = `<!-- /generated:${name} -->`;
  const found = start.exec(document);
  const to = document.indexOf(end);
  if (found === null || to < found.index) {
    throw new Error(
      `${path} has no <!-- generated:${name} --> ... ${end} markers: add them where the block goes.`,
    );
  }
  const from = found.index + found[0].length;
  return `${document.slice(0, from)}\n\n${content}\n\n${document.slice(to)}`;
}

/** Every `<!-- count:NAME -->N<!-- /count:NAME -->` with N replaced by the current count. */
export function spliceCounts(
  document: string,
  counts: Readonly<Record<string, number>>,
  path: string,
): string {
  return document.replace(/<!-- count:([a-z-]+) -->[^<]*<!-- \/count:\1 -->/g, (_match, name: string) => {
    const count = counts[name];
    if (count === undefined)
      throw new Error(`${path}: no count named ${name} (known: ${Object.keys(counts).join(", ")}).`);
    return `<!-- count:${name} -->${count}<!-- /count:${name} -->`;
  });
}

function ofKind(...kinds: OperationKind[]): AnyOperation[] {
  return OPERATIONS.filter((operation) => kinds.includes(operation.kind));
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function operationsTable(operations: readonly AnyOperation[]): string {
  return [
    "| id | Bubble action | what for |",
    "| --- | --- | --- |",
    ...operations.map((each) => `| \`${each.id}\` | ${cell(each.display)} | ${cell(each.summary)} |`),
  ].join("\n");
}

/** One reference section per operation: inputs, outputs, an example and the provider's rules. */
function operationReference(operation: AnyOperation): string {
  const lines = [`### ${operation.display} (\`${operation.id}\`)`, "", operation.summary, ""];
  lines.push("| input | type | what it is |", "| --- | --- | --- |");
  for (const input of operation.inputs) {
    const notes = [
      input.required === true ? "required" : undefined,
      input.default === undefined ? undefined : `default ${String(input.default)}`,
      input.fallbackKey === undefined ? undefined : `or ${input.fallbackKey}`,
    ].filter((note): note is string => note !== undefined);
    const type = notes.length === 0 ? input.type : `${input.type}; ${notes.join("; ")}`;
    lines.push(`| \`${input.name}\` | ${type} | ${cell(inputDoc(input))} |`);
  }
  lines.push("", "| output | type | what it is |", "| --- | --- | --- |");
  for (const output of operation.outputs)
    lines.push(`| \`${output.name}\` | ${output.type} | ${cell(output.doc)} |`);
  const example = Object.fromEntries(
    Object.entries(operation.example).map(([name, value]) => [
      name,
      value === undefined ? value : describeExampleValue(value),
    ]),
  );
  lines.push("", "Example input:", "", "```json", JSON.stringify(example, null, 2), "```");
  if (operation.rules.length > 0) {
    lines.push("", "Provider rules it enforces:", "");
    for (const rule of operation.rules) lines.push(`- ${rule.rule} (${rule.source})`);
  }
  return lines.join("\n");
}

/** Each generated document: its path, and its text made from the committed one. */
export function generatedDocs(): { path: string; render(current: string): string }[] {
  const actions = identifyPlugin().actions.length;
  const counts = {
    actions,
    recipes: ofKind("recipe").length,
    exchanges: ofKind("exchange").length,
    operations: OPERATIONS.length,
    "plugin-keys": identifyPlugin().keys.length,
  };
  return [
    {
      path: "README.md",
      render: (text) =>
        spliceCounts(
          spliceGenerated(
            spliceGenerated(text, "recipes-table", operationsTable(ofKind("recipe")), "README.md"),
            "exchanges-table",
            operationsTable(ofKind("exchange", "sign-in", "check")),
            "README.md",
          ),
          counts,
          "README.md",
        ),
    },
    {
      path: "docs/recipes.md",
      render: (text) => {
        const from = text.indexOf(TABLE_START);
        const to = text.indexOf(TABLE_END);
        if (from < 0 || to < from) throw new Error("docs/recipes.md has no recipes table markers.");
        const withTable = `${text.slice(0, from)}${renderRecipesTable()}${text.slice(to + TABLE_END.length)}`;
        return spliceCounts(
          spliceGenerated(
            withTable,
            "reference",
            OPERATIONS.map(operationReference).join("\n\n"),
            "docs/recipes.md",
          ),
          counts,
          "docs/recipes.md",
        );
      },
    },
    {
      path: "docs/bubble.md",
      render: (text) => spliceCounts(spliceFieldTables(text), counts, "docs/bubble.md"),
    },
    {
      path: "docs/cli.md",
      render: (text) => {
        const tables = docsFlagTables();
        const isOperation = (name: string) =>
          OPERATIONS.some((operation) => name === `recipe-${operation.id}`);
        const sections = tables
          .filter((table) => isOperation(table.name))
          .map((table) => `### \`${table.name.replace("-", " ")}\`\n\n${renderFlagTable(table)}`);
        const fixed = spliceFlagTables(
          text,
          tables.filter((table) => !isOperation(table.name)),
        );
        return spliceGenerated(fixed, "recipe-commands", sections.join("\n\n"), "docs/cli.md");
      },
    },
  ];
}

/** Gives anything new its Bubble IDs in the ledger, then writes every generated document. */
function main(): void {
  const plugin = identifyPlugin();
  if (saveLedger(plugin)) console.log(`updated src/bubble/ids.json: ${plugin.added.join("; ")}`);
  for (const doc of generatedDocs()) {
    const path = `${ROOT}${doc.path}`;
    const before = readFileSync(path, "utf8");
    const after = doc.render(before);
    if (after !== before) {
      writeFileSync(path, after);
      console.log(`updated ${doc.path}`);
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
