import type { IdentifiedAction, IdentifiedField } from "../types.js";

/** An action's params.json content (the server-side action format of Plugin API v4). */
export function buildParams(action: IdentifiedAction): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  action.fields.forEach((field, rank) => {
    fields[field.id] = fieldParams(field, rank);
  });
  const returns: Record<string, unknown> = {};
  action.returns.forEach((item, rank) => {
    returns[item.id] = { caption: item.caption, name: item.name, rank, value: item.type };
  });
  return {
    category: "plugins",
    display: action.display,
    fields,
    return_value: returns,
    type: "server_side",
    use_packages: false,
  };
}

function fieldParams(field: IdentifiedField, rank: number): Record<string, unknown> {
  // A Checkbox is written with exactly these keys, as every real synchronised plugin writes one (no
  // optional, no value: a checkbox is a yes/no that always has a value).
  if (field.editor === "Checkbox") {
    return {
      caption: field.caption,
      default_val: field.defaultValue ?? false,
      doc: field.doc,
      editor: field.editor,
      name: field.name,
      rank,
    };
  }
  const params: Record<string, unknown> = {
    caption: field.caption,
    doc: field.doc,
    editor: field.editor,
    name: field.name,
    rank,
    value: field.type,
  };
  if (field.optional) params.optional = true;
  if (field.defaultValue !== undefined) params.default_val = field.defaultValue;
  if (field.longText === true) params.long_text = true;
  if (field.options !== undefined) params.options = field.options.join(",");
  return params;
}
