import { type InputSpec, inputDoc, type OutputSpec } from "../../inputs/index.js";
import type { BubbleType, FieldDefinition, ReturnDefinition } from "../types.js";

/** The Bubble field of an input: its type, editor and flags, from the spec alone. */
export function toField(spec: InputSpec): FieldDefinition {
  const field: {
    -readonly [Key in keyof FieldDefinition]: FieldDefinition[Key];
  } = {
    name: spec.name,
    caption: spec.caption,
    type: "text",
    editor: "DynamicValue",
    optional: spec.required !== true,
    doc: inputDoc(spec),
  };
  switch (spec.type) {
    case "number":
    case "date":
      field.type = spec.type;
      break;
    case "boolean":
      field.type = "boolean";
      field.editor = "Checkbox";
      break;
    case "choice":
      field.editor = "Dropdown";
      field.options = spec.options ?? [];
      break;
    case "long-text":
      field.longText = true;
      break;
    case "secret":
      if (spec.multiline === true) field.longText = true;
      break;
    default:
      break;
  }
  if (spec.default !== undefined) field.defaultValue = spec.default;
  if (spec.engineOption !== undefined) field.engineOption = spec.engineOption;
  return field;
}

const RETURN_TYPES: Readonly<Record<OutputSpec["type"], BubbleType | undefined>> = {
  text: "text",
  number: "number",
  boolean: "boolean",
  date: "date",
  // Bubble lists (`is_list`) are not needed by any action yet; refuse rather than guess.
  list: undefined,
};

/** The Bubble return value of an output: captioned with its name, as in the released actions. */
export function toReturn(spec: OutputSpec): ReturnDefinition {
  const type = RETURN_TYPES[spec.type];
  if (type === undefined) throw new Error(`Output "${spec.name}": a ${spec.type} cannot be returned yet.`);
  return { name: spec.name, caption: spec.name, type, doc: spec.doc };
}
