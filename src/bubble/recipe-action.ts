import type { InputSpec, OutputSpec, RecipeShape } from "../spec/index.js";
import { defineAction } from "./define-action.js";
import { stopOnErrorInput } from "./lib/common-inputs.js";
import type { ActionDefinition, BubbleResult } from "./types.js";

/** The Bubble IDs a recipe needs to become an action: they are Bubble's, so they live in this layer. */
export interface RecipeActionIds {
  /** The action's letter code. */
  action: string;
  /** One per input of the recipe, in the same order. */
  fields: readonly string[];
  /** The "Stop the workflow on error" checkbox, added last. */
  stopOnError: string;
  /** One per output of the recipe, in the same order. */
  returns: readonly string[];
  /** The failure outputs added after the recipe's: ok, error, error_code. */
  ok: string;
  error: string;
  errorCode: string;
}

/**
 * A provider recipe as a Bubble action, in one call: its inputs become fields and its outputs return
 * values under the given IDs, with ok/error/error_code and "Stop the workflow on error" added. Add the
 * result to ACTIONS (src/bubble/actions/index.ts).
 */
export function recipeAction(recipe: RecipeShape, ids: RecipeActionIds): ActionDefinition {
  if (ids.fields.length !== recipe.inputs.length || ids.returns.length !== recipe.outputs.length) {
    throw new Error(`Recipe "${recipe.id}": give one field ID per input and one return ID per output.`);
  }
  const fields: Record<string, InputSpec> = {};
  recipe.inputs.forEach((input, index) => {
    fields[ids.fields[index] as string] = input;
  });
  fields[ids.stopOnError] = stopOnErrorInput(
    "Ticked: a failure stops the workflow with its message. Not ticked: ok = no with error and error_code.",
  );
  const returns: Record<string, OutputSpec> = {};
  recipe.outputs.forEach((output, index) => {
    returns[ids.returns[index] as string] = output;
  });
  returns[ids.ok] = { name: "ok", type: "boolean", doc: "yes when it worked." };
  returns[ids.error] = { name: "error", type: "text", doc: "What went wrong." };
  returns[ids.errorCode] = { name: "error_code", type: "text", doc: "The error's stable code (ERR_...)." };
  return defineAction({
    id: ids.action,
    display: recipe.display,
    summary: recipe.summary ?? recipe.display,
    failure: "ok",
    fields,
    returns,
    run: async (values, context) =>
      (await recipe.run(values, { clock: context.clock })) as Record<string, BubbleResult[string]>,
  });
}
