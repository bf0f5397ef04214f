import type { InputSpec, OperationCore, OutputSpec } from "../inputs/index.js";
import { defineAction } from "./define-action.js";
import { stopOnErrorInput } from "./lib/common-inputs.js";
import type { ActionDefinition, BubbleResult } from "./types.js";

/**
 * The Bubble IDs a recipe needs to become an action, keyed by name (never by position, so a new
 * input or output never renumbers another). They are Bubble's, so they live in this layer: see
 * src/bubble/actions/recipes/recipe-ids.ts.
 */
export interface RecipeActionIds {
  /** The action's letter code. */
  readonly action: string;
  /** One per input of the recipe, by input name, plus `stop_on_error` (the checkbox added last). */
  readonly fields: Readonly<Record<string, string>>;
  /** One per output of the recipe, by output name, plus `ok`, `error` and `error_code`. */
  readonly returns: Readonly<Record<string, string>>;
}

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
 * values under the given IDs, with ok/error/error_code and "Stop the workflow on error" added. A list
 * output (warnings) is returned as text, one item per line. Add the result to ACTIONS
 * (src/bubble/actions/index.ts).
 */
export function recipeAction(
  recipe: OperationCore,
  ids: RecipeActionIds,
  options: RecipeActionOptions = {},
): ActionDefinition {
  const outputs = [...recipe.outputs.map(asBubbleOutput), ...FAILURE_RETURNS];
  checkIds(recipe.id, "field", [...recipe.inputs.map((input) => input.name), "stop_on_error"], ids.fields);
  checkIds(
    recipe.id,
    "return",
    outputs.map((output) => output.name),
    ids.returns,
  );
  const fields: Record<string, InputSpec> = {};
  for (const input of recipe.inputs) fields[ids.fields[input.name] as string] = input;
  fields[ids.fields.stop_on_error as string] = stopOnErrorInput(
    "Ticked: a failure stops the workflow with its message. Not ticked: ok = no with error and error_code.",
  );
  const returns: Record<string, OutputSpec> = {};
  for (const output of outputs) returns[ids.returns[output.name] as string] = output;
  const lists = recipe.outputs.filter((output) => output.type === "list").map((output) => output.name);
  return defineAction({
    id: ids.action,
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

function checkIds(
  recipe: string,
  kind: string,
  names: readonly string[],
  ids: Readonly<Record<string, string>>,
): void {
  const missing = names.filter((name) => ids[name] === undefined);
  const extra = Object.keys(ids).filter((name) => !names.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `Recipe "${recipe}": give one ${kind} ID per name` +
        `${missing.length > 0 ? `; missing: ${missing.join(", ")}` : ""}` +
        `${extra.length > 0 ? `; unknown: ${extra.join(", ")}` : ""}.`,
    );
  }
}
