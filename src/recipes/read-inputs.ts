import { type FallbackReader, type InputSpec, type InputValues, readInputs } from "../inputs/index.js";
import { JwtError } from "../jwt/index.js";
import type { Recipe } from "./types.js";

/**
 * Reads a recipe's inputs; a name that is not one of its inputs is refused, and a refused value's
 * message ends with the input's doc (which states the provider's rule).
 */
export function readRecipeInputs(
  recipe: Pick<Recipe, "id" | "inputs">,
  input: Readonly<Record<string, unknown>> | null | undefined,
  fallback?: FallbackReader,
): InputValues<readonly InputSpec[]> {
  const names = new Set(recipe.inputs.map((spec) => spec.name));
  for (const [name, value] of Object.entries(input ?? {})) {
    if (!names.has(name) && value !== undefined) {
      throw new JwtError("ERR_OPTION_INVALID", {
        option: name,
        reason: "unknown",
        problem: `is not an input of ${recipe.id}`,
        fix: `Its inputs are: ${[...names].join(", ")}.`,
      });
    }
  }
  try {
    return readInputs(recipe.inputs, input, { fallback });
  } catch (error) {
    if (!(error instanceof JwtError) || error.option === undefined || error.fix !== undefined) throw error;
    const spec = recipe.inputs.find((each: InputSpec) => each.name === error.option);
    throw new JwtError(error.code, {
      option: error.option,
      reason: error.reason,
      problem: error.problem,
      fix: spec?.doc,
    });
  }
}
