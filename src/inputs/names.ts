import type { InputSpec } from "./input-spec.js";

/** The command-line flag of an input, without dashes: its name in kebab-case (`clock_tolerance` -> `clock-tolerance`). */
export function flagName(spec: Pick<InputSpec, "name">): string {
  return spec.name.replace(/_/g, "-");
}

/** What a value is called in a syntax line: the spec's own placeholder, else one derived from its type. */
export function placeholderOf(spec: InputSpec): string | undefined {
  if (spec.type === "boolean") return undefined;
  if (spec.placeholder !== undefined) return spec.placeholder;
  switch (spec.type) {
    case "number":
      return "NUMBER";
    case "date":
      return "DATE";
    case "choice":
      return (spec.options ?? []).join("|");
    case "secret":
      return "SECRET";
    default:
      return spec.name.toUpperCase();
  }
}

/** An input's doc as every layer shows it: the doc, then the form it must have, when it has one. */
export function inputDoc(spec: Pick<InputSpec, "doc" | "formDoc">): string {
  return spec.formDoc === undefined ? spec.doc : `${spec.doc} Form: ${spec.formDoc}.`;
}
