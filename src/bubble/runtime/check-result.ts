import type { BubbleType } from "../types.js";
import type { ActionParams } from "./load-action.js";

/**
 * Checks a returned object against the action's return_value the way Bubble reads it: every declared
 * name present (null allowed), nothing undeclared, each value of its declared type.
 */
export function checkResult(params: ActionParams, result: unknown): Record<string, unknown> {
  if (result === null || typeof result !== "object" || Array.isArray(result)) {
    throw new Error(
      `"${params.display}" returned ${Array.isArray(result) ? "a list" : typeof result}, not an object.`,
    );
  }
  const values = result as Record<string, unknown>;
  const declared = Object.values(params.return_value);
  const problems: string[] = [];
  for (const item of declared) {
    if (!(item.name in values)) problems.push(`"${item.name}" is missing`);
    else if (!hasType(values[item.name], item.value)) problems.push(`"${item.name}" is not a ${item.value}`);
  }
  for (const name of Object.keys(values)) {
    if (!declared.some((item) => item.name === name)) problems.push(`"${name}" is not declared`);
  }
  if (problems.length > 0)
    throw new Error(`"${params.display}" returned a bad object: ${problems.join("; ")}.`);
  return values;
}

function hasType(value: unknown, type: BubbleType): boolean {
  if (value === null) return true;
  switch (type) {
    case "text":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return value instanceof Date && Number.isFinite(value.getTime());
    default:
      return false;
  }
}
