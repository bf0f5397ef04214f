/**
 * The "Stop the workflow on error" checkbox that every action has. By default an action returns
 * ok = no with the error, so the app builder decides; ticked, the action throws the same message.
 */
export function stopOnErrorField<const Id extends string>(id: Id, doc: string) {
  return {
    id,
    name: "stop_on_error",
    caption: "Stop the workflow on error",
    type: "boolean",
    editor: "Checkbox",
    optional: true,
    defaultValue: false,
    doc,
  } as const;
}
