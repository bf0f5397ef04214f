import type {
  ExampleInput,
  InputSpec,
  InputValues,
  Operation,
  OutputSpec,
  ProviderRule,
} from "../inputs/index.js";
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

/** What a provider module declares for a recipe: the operation's data and one pure `make`. */
export interface RecipeDeclaration<Specs extends readonly InputSpec[]> {
  /** Stable kebab-case id: the CLI's `recipe <id>`, the library's `runOperation(id)`. */
  readonly id: string;
  /** The Bubble action's name, e.g. "Apple: Sign in with Apple client secret". */
  readonly display: string;
  /** The provider's name, e.g. "Apple". */
  readonly provider: string;
  /** One line: what the token is for. */
  readonly summary: string;
  /** The inputs, in the order a form shows them. */
  readonly inputs: Specs;
  /** The outputs besides the common `token`, `expires_at` and `warnings`. */
  readonly outputs: readonly OutputSpec[];
  /** One valid input (keys as `exampleKey(kind)`). */
  readonly example: ExampleInput<Specs>;
  /** The provider's rules `make` enforces, each with its source. */
  readonly rules: readonly ProviderRule[];
  /** The declaring module's `import.meta.url`. */
  readonly source: string;
  /** Checks the provider's rules and signs; throws a JwtError naming the input at fault. */
  make(values: InputValues<Specs>, context: RecipeContext): RecipeResult;
}

/**
 * The token one provider demands, as data (its inputs and outputs) and one function that turns read
 * inputs into a signed token: an Operation whose `run` presents `make`'s result as outputs. Every
 * recipe flows one way: check the provider's rules on the inputs, build the header and claims, sign
 * with the engine, present the outputs.
 */
export interface Recipe<Specs extends readonly InputSpec[] = readonly InputSpec[]>
  extends Operation<Specs, readonly OutputSpec[]> {
  readonly kind: "recipe";
  make(values: InputValues<Specs>, context: RecipeContext): RecipeResult;
}

/** The outputs every recipe gives: the token and its expiry, then its own, then the warnings. */
export const COMMON_OUTPUTS: readonly OutputSpec[] = [
  { name: "token", type: "text", doc: "The signed token." },
  {
    name: "expires_at",
    type: "date",
    doc: "When the token expires (its exp claim); empty for a token without expiry.",
  },
  { name: "warnings", type: "list", doc: "Things to know about the token, in plain words; usually empty." },
];

const [TOKEN, EXPIRES_AT, WARNINGS] = COMMON_OUTPUTS as [OutputSpec, OutputSpec, OutputSpec];

/**
 * Declares a recipe, keeping its input names' literal types so that `make` reads only declared inputs.
 * Its outputs become the token, `expires_at` (null without expiry), its own, and `warnings` (a list).
 */
export function defineRecipe<const Specs extends readonly InputSpec[]>(
  declaration: RecipeDeclaration<Specs>,
): Recipe<Specs> {
  const { make } = declaration;
  return Object.freeze({
    ...declaration,
    kind: "recipe" as const,
    outputs: [TOKEN, EXPIRES_AT, ...declaration.outputs, WARNINGS],
    make,
    run(values: InputValues<Specs>, context: RecipeContext) {
      const result = make(values, { clock: context.clock });
      return {
        ...result.outputs,
        token: result.token,
        expires_at: result.expiresAt ?? null,
        warnings: [...result.warnings],
      } as Record<string, string | number | boolean | Date | string[] | null>;
    },
  });
}
