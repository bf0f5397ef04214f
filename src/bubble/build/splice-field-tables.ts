import { readFile, writeFile } from "node:fs/promises";
import { renderErrorTable, renderFieldTables } from "./field-table.js";
import { identifyPlugin } from "./plugin-ids.js";

export const TABLE_START = "<!-- field-table:start (generated from src/bubble/actions; do not edit) -->";
export const TABLE_END = "<!-- field-table:end -->";
export const ERROR_TABLE_START =
  "<!-- error-table:start (generated from src/bubble/lib/errors.ts; do not edit) -->";
export const ERROR_TABLE_END = "<!-- error-table:end -->";

/** The text between two markers replaced by `content` (a blank line on each side). */
export function spliceBetween(document: string, start: string, end: string, content: string): string {
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`The document has no ${start} ... ${end} markers.`);
  return `${document.slice(0, from + start.length)}\n\n${content}\n\n${document.slice(to)}`;
}

/** The document with the field tables and the error table replaced by the current ones. */
export function spliceFieldTables(document: string): string {
  const fields = spliceBetween(document, TABLE_START, TABLE_END, renderFieldTables(identifyPlugin().actions));
  return spliceBetween(fields, ERROR_TABLE_START, ERROR_TABLE_END, renderErrorTable());
}

/** Rewrites the generated tables of a Markdown file (docs/bubble.md); true when it changed. */
export async function updateDocsFieldTables(path: string): Promise<boolean> {
  const before = await readFile(path, "utf8");
  const after = spliceFieldTables(before);
  if (after !== before) await writeFile(path, after);
  return after !== before;
}
