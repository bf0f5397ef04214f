import { JwtError } from "../../jwt/index.js";
import type { FieldDefinition } from "../types.js";

/** Reads an action's properties by field name; Bubble's empty values (null, undefined, "") are "not set". */
export interface FieldReader<Name extends string> {
  /** The text, or undefined when empty or blank. Numbers and dates are turned into text. */
  text(name: Name): string | undefined;
  /** The number (numeric text is accepted), or undefined when empty. */
  number(name: Name): number | undefined;
  /** True only for a ticked checkbox (true, "yes", "true"). */
  flag(name: Name): boolean;
}

export function readFields<Name extends string>(
  fields: readonly FieldDefinition<Name>[],
  properties: unknown,
): FieldReader<Name> {
  const values: Record<string, unknown> =
    properties !== null && typeof properties === "object" ? (properties as Record<string, unknown>) : {};
  const caption = (name: Name) => fields.find((field) => field.name === name)?.caption ?? name;
  const raw = (name: Name): unknown => {
    const value = values[name];
    return value === null || value === undefined || value === "" ? undefined : value;
  };
  return {
    text(name) {
      const value = raw(name);
      if (value === undefined) return undefined;
      if (typeof value === "string") return value.trim() === "" ? undefined : value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      if (value instanceof Date && Number.isFinite(value.getTime())) return value.toISOString();
      throw new JwtError("ERR_OPTION_INVALID", `"${caption(name)}" must be a text, not ${describe(value)}.`);
    },
    number(name) {
      const value = raw(name);
      if (value === undefined) return undefined;
      if (typeof value === "number" && Number.isFinite(value)) return value;
      if (typeof value === "string") {
        if (value.trim() === "") return undefined;
        if (/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
      }
      throw new JwtError(
        "ERR_OPTION_INVALID",
        `"${caption(name)}" must be a number, not ${describe(value)}.`,
      );
    },
    flag(name) {
      const value = raw(name);
      return value === true || value === "yes" || value === "true";
    },
  };
}

function describe(value: unknown): string {
  if (typeof value === "string") return "a text that is not a number";
  if (typeof value === "number") return "a number that is not finite";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}
