import type { InputSpec, InputValues, OutputSpec } from "../inputs/index.js";
import type { Clock } from "../jwt/index.js";

/** A value a recipe gives back besides the token: a header, a URL, a fingerprint. */
export type RecipeOutputValue = string | number | boolean | Date | readonly string[];

/** What a recipe needs from outside: only the time. */
export interface RecipeContext {
  readonly clock: Clock;
}

/** One token made by a recipe. */
export interface RecipeResult {
  readonly token: string;
  /** When the token expires; absent for a token without `exp` (a Stream token with no lifetime). */
  readonly expiresAt?: Date;
  /** The recipe's own outputs, keyed by the names of its `outputs`. */
  readonly outputs: Readonly<Record<string, RecipeOutputValue>>;
  /** Things the caller should know, in plain words (never a secret). */
  readonly warnings: readonly string[];
}

/**
 * The token one provider demands, as data (its inputs and outputs) and one function that turns read
 * inputs into a signed token. Every recipe flows one way: check the provider's rules on the inputs,
 * build the header and claims, sign with the engine, present the outputs.
 */
export interface Recipe<Specs extends readonly InputSpec[] = readonly InputSpec[]> {
  /** Stable kebab-case id: the CLI's `recipe <id>`, the library's `runRecipe(id)`. */
  readonly id: string;
  /** The Bubble action's name, e.g. "Apple: Sign in with Apple client secret". */
  readonly display: string;
  /** The provider's name, e.g. "Apple". */
  readonly provider: string;
  /** One line: what the token is for. */
  readonly summary: string;
  /** The inputs, in the order a form shows them. */
  readonly inputs: Specs;
  /** The outputs besides the common `token` and `expires_at`. */
  readonly outputs: readonly OutputSpec[];
  /** Checks the provider's rules and signs; throws a JwtError naming the input at fault. */
  make(values: InputValues<Specs>, context: RecipeContext): RecipeResult;
}

/** Declares a recipe, keeping its input names' literal types so that `make` reads only declared inputs. */
export function defineRecipe<const Specs extends readonly InputSpec[]>(recipe: Recipe<Specs>): Recipe<Specs> {
  return Object.freeze(recipe);
}

/** The outputs every recipe gives: the token and its expiry. */
export const COMMON_OUTPUTS: readonly OutputSpec[] = [
  { name: "token", type: "text", doc: "The signed token." },
  {
    name: "expires_at",
    type: "date",
    doc: "When the token expires (its exp claim); empty for a token without expiry.",
  },
  { name: "warnings", type: "list", doc: "Things to know about the token, in plain words; usually empty." },
];
