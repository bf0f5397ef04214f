import type { BubbleProperties } from "../types.js";
import type { ActionParams, FieldParams } from "./load-action.js";

/**
 * Turns plain JSON input into the `properties` Bubble would pass: keyed by field name (a caption is
 * accepted too), typed by the declared field type, defaults filled in as the editor prefills them,
 * empty values as null.
 */
export function toProperties(params: ActionParams, input: Record<string, unknown>): BubbleProperties {
  const fields = Object.values(params.fields);
  const properties: BubbleProperties = {};
  for (const field of fields) properties[field.name] = field.default_val ?? null;
  for (const [key, value] of Object.entries(input)) {
    const field = fields.find((item) => item.name === key) ?? fields.find((item) => item.caption === key);
    if (field === undefined) {
      const names = fields.map((item) => item.name).join(", ");
      throw new Error(`"${params.display}" has no field "${key}". Fields: ${names}.`);
    }
    properties[field.name] = convert(field, value);
  }
  return properties;
}

function convert(field: FieldParams, value: unknown): unknown {
  if (value === null || value === undefined || value === "") return null;
  // A Checkbox declares no value type: it is a yes/no.
  switch (field.editor === "Checkbox" ? "boolean" : field.value) {
    case "date": {
      const date = new Date(typeof value === "number" || typeof value === "string" ? value : Number.NaN);
      if (Number.isNaN(date.getTime())) throw new Error(`Field "${field.name}" needs a date.`);
      return date;
    }
    case "number":
      if (typeof value === "number") return value;
      return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
        ? Number(value)
        : value;
    case "boolean":
      if (value === "yes" || value === "true") return true;
      if (value === "no" || value === "false") return false;
      return value;
    default:
      return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  }
}
