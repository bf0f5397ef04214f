import type { ActionDefinition, FieldDefinition } from "../types.js";

/** An action's params.json content (the server-side action format of Plugin API v4). */
export function buildParams(action: ActionDefinition): Record<string, unknown> {
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

function fieldParams(field: FieldDefinition, rank: number): Record<string, unknown> {
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
