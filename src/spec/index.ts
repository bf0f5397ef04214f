/** Inputs and outputs declared once (name, caption, type, default, limits, doc) and read the same way by every layer. */

export { type HttpParameter, httpParameters, inputsJsonSchema, type ParameterSchema } from "./http.js";
export {
  defineInputs,
  type InputName,
  type InputSpec,
  type InputType,
  type InputValueOf,
  type InputValues,
  type OutputSpec,
  type OutputType,
} from "./inputs.js";
export { flagName, placeholderOf } from "./names.js";
export { type FallbackReader, type ReadInputsOptions, readInput, readInputs } from "./read-inputs.js";
export type { OutputValueOf, OutputValues, RecipeContext, RecipeShape } from "./recipe.js";
