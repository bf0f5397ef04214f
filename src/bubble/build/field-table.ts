import { BUBBLE_ERRORS } from "../lib/errors.js";
import type { IdentifiedAction } from "../types.js";

/**
 * Markdown tables of every action's fields and return values, with their IDs from the ledger
 * (identifyPlugin), for the docs and the plugin README.
 */
export function renderFieldTables(actions: readonly IdentifiedAction[]): string {
  return actions.map(renderAction).join("\n\n");
}

function renderAction(action: IdentifiedAction): string {
  const fields = action.fields.map((field) => {
    const type = field.editor === "Dropdown" ? `dropdown: ${field.options?.join(", ")}` : field.type;
    const shown = field.longText === true ? `${type}, long text` : type;
    const optional = field.optional ? "yes" : "no";
    const defaultValue = field.defaultValue === undefined ? "" : String(field.defaultValue);
    return row([field.id, field.caption, `\`${field.name}\``, shown, optional, defaultValue, field.doc]);
  });
  const returns = action.returns.map((item) =>
    row([item.id, item.caption, `\`${item.name}\``, item.type, item.doc]),
  );
  return [
    `### ${action.display} (\`${action.id}\`)`,
    "",
    action.summary,
    "",
    row(["ID", "Caption", "Name", "Type", "Optional", "Default", "What it is"]),
    row(["---", "---", "---", "---", "---", "---", "---"]),
    ...fields,
    "",
    row(["ID", "Returned value", "Name", "Type", "What it is"]),
    row(["---", "---", "---", "---", "---"]),
    ...returns,
  ].join("\n");
}

const VERDICTS = {
  "invalid-token": "the token is refused",
  "bad-input": "fix the fields or plugin keys",
  unavailable: "a service did not answer; try again",
  unexpected: "not the engine's",
} as const;

/** The error codes an action can report, from BUBBLE_ERRORS, with what each means for the builder. */
export function renderErrorTable(): string {
  return [
    row(["Code", "Meaning", "When"]),
    row(["---", "---", "---"]),
    ...Object.entries(BUBBLE_ERRORS).map(([code, { verdict, when }]) =>
      row([`\`${code}\``, VERDICTS[verdict], when]),
    ),
  ].join("\n");
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
}
