import { flagName, type InputSpec, inputDoc, placeholderOf } from "../../inputs/index.js";

/** One generated table of docs/cli.md: the flags of a command (or a group such as the key options). */
export interface FlagTable {
  /** The marker's name: `<!-- flags:NAME:start ... -->`. */
  name: string;
  inputs: readonly InputSpec[];
  /** Inputs documented in another table, replaced by one row pointing there. */
  elsewhere?: { inputs: readonly InputSpec[]; row: readonly [string, string] };
  /** Words put before each input's doc (a recipe's: type, required, default, environment variable). */
  facts?: (input: InputSpec) => string;
}

/** A Markdown table of flags from their specs: `--flag VALUE`, then the doc and the default. */
export function renderFlagTable(table: FlagTable): string {
  const skipped = new Set(table.elsewhere?.inputs.map((input) => input.name));
  const rows = table.inputs
    .filter((input) => !skipped.has(input.name))
    .map((input) => {
      const placeholder = placeholderOf(input);
      const flag = `\`--${flagName(input)}${placeholder === undefined ? "" : ` ${placeholder}`}\``;
      const meaning =
        table.facts !== undefined
          ? `${table.facts(input)} ${inputDoc(input)}`
          : input.default === undefined
            ? input.doc
            : `${input.doc} Default ${String(input.default)}.`;
      return row([flag, meaning]);
    });
  if (table.elsewhere !== undefined) rows.push(row(table.elsewhere.row));
  return [row(["Option", "Meaning"]), row(["---", "---"]), ...rows].join("\n");
}

export function tableStart(name: string): string {
  return `<!-- flags:${name}:start (generated from src/cli; do not edit) -->`;
}

export function tableEnd(name: string): string {
  return `<!-- flags:${name}:end -->`;
}

/** The document with each table's text between its markers replaced by the current table. */
export function spliceFlagTables(document: string, tables: readonly FlagTable[]): string {
  let result = document;
  for (const table of tables) {
    const start = tableStart(table.name);
    const end = tableEnd(table.name);
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`The document has no ${start} ... ${end} markers.`);
    result = `${result.slice(0, from + start.length)}\n\n${renderFlagTable(table)}\n\n${result.slice(to)}`;
  }
  return result;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
}
