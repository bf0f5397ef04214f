/** Inputs and outputs declared once (name, caption, type, default, limits, doc) and read the same way by every layer. */

export {
  defineInputs,
  type InputName,
  type InputSpec,
  type InputType,
  type InputValueOf,
  type InputValues,
  type OutputSpec,
  type OutputType,
} from "./input-spec.js";
export { type HttpParameter, httpParameters, inputsJsonSchema, type ParameterSchema } from "./json-schema.js";
export { flagName, inputDoc, placeholderOf } from "./names.js";
export {
  type AnyOperation,
  defineOperation,
  type ExampleInput,
  type ExampleKey,
  type ExampleKeyKind,
  type ExampleValue,
  exampleKey,
  isExampleKey,
  type NetworkOptions,
  type Operation,
  type OperationContext,
  type OperationCore,
  type OperationKind,
  type OutputValueOf,
  type OutputValues,
  type ProviderRule,
  type TokenStore,
} from "./operation.js";
export { isProviderRuleError, ProviderRuleError, type ProviderRuleFacts } from "./provider-rule-error.js";
export { type FallbackReader, type ReadInputsOptions, readInput, readInputs } from "./read-inputs.js";
