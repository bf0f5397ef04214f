import { readFile, writeFile } from "node:fs/promises";
import { ACTIONS } from "../actions/index.js";
import { renderFieldTables } from "./field-table.js";

export const TABLE_START = "<!-- field-table:start (generated from src/bubble/actions; do not edit) -->";
export const TABLE_END = "<!-- field-table:end -->";

/** The document with the text between the field-table markers replaced by the current tables. */
export function spliceFieldTables(document: string): string {
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`The document has no ${TABLE_START} ... ${TABLE_END} markers.`);
  return `${document.slice(0, start + TABLE_START.length)}\n\n${renderFieldTables(ACTIONS)}\n\n${document.slice(end)}`;
}

/** Rewrites the field tables of a Markdown file (docs/bubble.md); true when it changed. */
export async function updateDocsFieldTables(path: string): Promise<boolean> {
  const before = await readFile(path, "utf8");
  const after = spliceFieldTables(before);
  if (after !== before) await writeFile(path, after);
  return after !== before;
}
