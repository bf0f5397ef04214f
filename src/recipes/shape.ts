import type { InputSpec, InputValues, OutputSpec, RecipeShape } from "../inputs/index.js";
import { COMMON_OUTPUTS, type Recipe } from "./types.js";

const [TOKEN, EXPIRES_AT, WARNINGS] = COMMON_OUTPUTS as [OutputSpec, OutputSpec, OutputSpec];

/**
 * A recipe in the shape the layers read (src/spec's RecipeShape): its inputs as they are, and as
 * outputs the token, `expires_at` (a date, null without expiry), every output of the recipe, and
 * `warnings` (a list; Bubble shows it as lines of text). The one adapter between recipes and the
 * Bubble action, the CLI command and any other layer.
 */
export function recipeShape<const Specs extends readonly InputSpec[]>(
  recipe: Recipe<Specs>,
): RecipeShape<Specs, readonly OutputSpec[]> {
  return {
    id: recipe.id,
    display: recipe.display,
    summary: recipe.summary,
    inputs: recipe.inputs,
    outputs: [TOKEN, EXPIRES_AT, ...recipe.outputs, WARNINGS],
    run(values, context) {
      const result = recipe.make(values as InputValues<Specs>, { clock: context.clock });
      return {
        token: result.token,
        expires_at: result.expiresAt ?? null,
        ...result.outputs,
        warnings: [...result.warnings],
      } as Record<string, string | number | boolean | Date | string[] | null>;
    },
  };
}
