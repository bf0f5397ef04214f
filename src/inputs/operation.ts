import type { Clock } from "../jwt/index.js";
import type { InputSpec, InputValues, OutputSpec } from "./input-spec.js";

/** The values a recipe returns: each output by name, typed by its spec. */
export type OutputValues<Outputs extends readonly OutputSpec[]> = {
  [Spec in Outputs[number] as Spec["name"]]?: OutputValueOf[Spec["type"]] | null;
};

/** What each output type holds. */
export interface OutputValueOf {
  text: string;
  number: number;
  boolean: boolean;
  date: Date;
  list: string[];
}

/** What a recipe's function gets besides its values: the one clock, and the secrets' fallbacks. */
export interface RecipeContext {
  clock: Clock;
}

/**
 * What the layers need of a provider recipe to offer it as a Bubble action, a CLI command and an HTTP
 * route: inputs and outputs declared once, and a function from typed values to outputs. Structural, so
 * a recipe module needs nothing from the layers.
 */
export interface RecipeShape<
  Inputs extends readonly InputSpec[] = readonly InputSpec[],
  Outputs extends readonly OutputSpec[] = readonly OutputSpec[],
> {
  /** kebab-case: the CLI command's name and the route's last segment. */
  readonly id: string;
  /** What a person sees: the Bubble action's name, the command's summary. */
  readonly display: string;
  readonly summary?: string;
  readonly inputs: Inputs;
  readonly outputs: Outputs;
  run(
    values: InputValues<Inputs>,
    context: RecipeContext,
  ): OutputValues<Outputs> | Promise<OutputValues<Outputs>>;
}
