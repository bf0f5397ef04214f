/**
 * Provider recipes: the exact token each service demands, as data plus one function, on the engine.
 * `runRecipe(id, input)` reads the inputs, checks the provider's rules, signs and returns the outputs.
 */

import { type FallbackReader, readInputs } from "../inputs/index.js";
import { type Clock, JwtError, systemClock } from "../jwt/index.js";
import { OPERATIONS } from "./registry.js";
import type { Recipe, RecipeOutputValue } from "./types.js";

export {
  describeExampleValue,
  type ExampleKeyPairs,
  exampleInput,
  exampleKeyText,
} from "./lib/example-input.js";
export { OPERATIONS } from "./registry.js";
export {
  getOperation,
  type OperationOutputs,
  type RunOperationOptions,
  runOperation,
} from "./run-operation.js";
export { snowflakeFingerprint } from "./snowflake.js";
export {
  COMMON_OUTPUTS,
  defineRecipe,
  type Recipe,
  type RecipeContext,
  type RecipeDeclaration,
  type RecipeOutputValue,
  type RecipeResult,
} from "./types.js";

/** Every recipe of the registry, in its order. */
export const RECIPES: readonly Recipe[] = Object.freeze(
  OPERATIONS.filter((operation): operation is Recipe => operation.kind === "recipe"),
);

const BY_ID = new Map(RECIPES.map((recipe) => [recipe.id, recipe]));

/** The recipe with this id; an unknown id is refused (ERR_OPTION_INVALID, option "recipe"). */
export function getRecipe(id: string): Recipe {
  const recipe = BY_ID.get(id);
  if (recipe === undefined) {
    throw new JwtError("ERR_OPTION_INVALID", {
      option: "recipe",
      reason: "unknown",
      problem: `has no recipe named ${JSON.stringify(String(id).slice(0, 40))}`,
      fix: `The recipes are: ${RECIPES.map((each) => each.id).join(", ")}.`,
    });
  }
  return recipe;
}

export interface RunRecipeOptions {
  /** The clock (milliseconds since 1970); the machine's by default. */
  clock?: Clock;
  /** Reads a secret input's fallback key when the input is empty (plugin keys, the environment). */
  fallback?: FallbackReader;
}

/** What `runRecipe` returns: the token, its expiry, the recipe's outputs and the warnings. */
export type RecipeOutputs = {
  token: string;
  /** When the token expires; null for a token without expiry. */
  expires_at: Date | null;
  warnings: string[];
} & Record<string, RecipeOutputValue | null>;

/**
 * Runs one recipe: reads `input` against its specs (defaults, types, limits, fallback keys), checks the
 * provider's rules, signs, and returns `{ token, expires_at, ...outputs, warnings }`. Every refusal is a
 * JwtError whose `option` is the input at fault (`recipe` for an unknown id).
 *
 * @example
 * const { token } = runRecipe("ghost-admin", {}, { fallback: (name) => process.env[name] });
 */
export function runRecipe(
  id: string,
  input: Readonly<Record<string, unknown>>,
  options: RunRecipeOptions = {},
): RecipeOutputs {
  const recipe = getRecipe(id);
  const values = readInputs(recipe.inputs, input, { fallback: options.fallback, operation: recipe.id });
  const result = recipe.make(values, { clock: options.clock ?? systemClock });
  return {
    ...result.outputs,
    token: result.token,
    expires_at: result.expiresAt ?? null,
    warnings: [...result.warnings],
  };
}
