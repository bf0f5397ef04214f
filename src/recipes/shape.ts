import type { InputSpec } from "../inputs/index.js";
import type { Recipe } from "./types.js";

/** A recipe is already an Operation; kept while the layers move to the registry. */
export function recipeShape<const Specs extends readonly InputSpec[]>(recipe: Recipe<Specs>): Recipe<Specs> {
  return recipe;
}
