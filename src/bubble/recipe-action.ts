import type { InputSpec, OperationCore, OutputSpec } from "../inputs/index.js";
import { defineAction } from "./define-action.js";
import { stopOnErrorInput } from "./lib/common-inputs.js";
import type { ActionDefinition, BubbleResult } from "./types.js";

export interface RecipeActionOptions {
  /** The defining module's `import.meta.url`, so that its server.js bundles that recipe alone. */
  source?: string;
}

const FAILURE_RETURNS: readonly OutputSpec[] = [
  { name: "ok", type: "boolean", doc: "yes when the token was made." },
  { name: "error", type: "text", doc: "What went wrong, naming the field and the provider's rule." },
  { name: "error_code", type: "text", doc: "The error's stable code (ERR_...)." },
];

/**
 * A provider recipe as a Bubble action, in one call: its inputs become fields and its outputs return
 * values, with ok/error/error_code and "Stop the workflow on error" added; the action's key is the
 * recipe's id. The build gives every one of them its Bubble ID from the ledger (src/bubble/ids.json),
 * by name, so nothing here is numbered. A list output (warnings) is returned as text, one item per
 * line. Add the result to ACTIONS (src/bubble/actions/index.ts).
 */
export function recipeAction(recipe: OperationCore, options: RecipeActionOptions = {}): ActionDefinition {
  const fields: readonly InputSpec[] = [
    ...recipe.inputs,
    stopOnErrorInput(
      "Ticked: a failure stops the workflow with its message. Not ticked: ok = no with error and error_code.",
    ),
  ];
  const returns: readonly OutputSpec[] = [...recipe.outputs.map(asBubbleOutput), ...FAILURE_RETURNS];
  const lists = recipe.outputs.filter((output) => output.type === "list").map((output) => output.name);
  return defineAction({
    key: recipe.id,
    display: recipe.display,
    summary: recipe.summary ?? recipe.display,
    failure: "ok",
    fields,
    returns,
    ...(options.source === undefined ? {} : { source: options.source }),
    run: async (values, context) => {
      const result: Record<string, unknown> = { ...(await recipe.run(values, { clock: context.clock })) };
      for (const name of lists) {
        const list = result[name];
        result[name] = Array.isArray(list) && list.length > 0 ? list.join("\n") : null;
      }
      return result as Record<string, BubbleResult[string]>;
    },
  });
}

/** Bubble returns lists as text here, one item per line (as Encode JWT's warnings). */
function asBubbleOutput(output: OutputSpec): OutputSpec {
  return output.type === "list" ? { ...output, type: "text", doc: `${output.doc} One per line.` } : output;
}
