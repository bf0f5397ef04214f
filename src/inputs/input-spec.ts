/**
 * One input, declared once and tied to no layer: the Bubble plugin makes a field of it, the command
 * line a flag, the token service an HTTP parameter, and the docs a table row. Each layer reads the
 * same declaration; none repeats it.
 */

/** What kind of value an input holds. */
export type InputType =
  /** One line of text. */
  | "text"
  /** Text that may span lines: JSON, a PEM key, a certificate. */
  | "long-text"
  /** A finite number; `min`, `max` and `integer` limit it. */
  | "number"
  /** Yes or no; empty is no. */
  | "boolean"
  /** An instant: a Date, ISO 8601 text, or milliseconds since 1970. */
  | "date"
  /** Several texts: a list, or one text separated by commas (and, with `separator: "space"`, spaces). */
  | "list"
  /** One of `options`. */
  | "choice"
  /** A secret or a private key; when empty it falls back to `fallbackKey` (a plugin key, an environment variable). */
  | "secret";

/** An input's value once read: what the reader gives for each type. */
export interface InputValueOf {
  text: string;
  "long-text": string;
  number: number;
  boolean: boolean;
  date: Date;
  list: string[];
  choice: string;
  secret: string;
}

export interface InputSpec<Name extends string = string, Type extends InputType = InputType> {
  /** snake_case: the Bubble field's name, the HTTP parameter, the JSON input's member; the CLI flag is its kebab-case. */
  readonly name: Name;
  /** What a person sees: the Bubble field's caption, the first words of the flag's help. */
  readonly caption: string;
  readonly type: Type;
  /** A value must be given (for a secret: here or in its fallback key). */
  readonly required?: boolean;
  /** Used when the input is empty, and shown as the default in every layer. */
  readonly default?: string | number | boolean;
  /** The choices of a `choice` input. */
  readonly options?: readonly string[];
  /** Limits of a `number` input (inclusive). */
  readonly min?: number;
  readonly max?: number;
  /** A `number` must be more than this (an expiry of 0 minutes is no expiry). */
  readonly exclusiveMin?: number;
  readonly integer?: boolean;
  /** For a `list`: also split on spaces (scopes are space separated). Commas always separate. */
  readonly separator?: "comma" | "space";
  /** For a `secret`: written on several lines (a PEM key, a JSON key file). */
  readonly multiline?: boolean;
  /** For a `secret`: the plugin key and environment variable read when the input is empty (UPPER_SNAKE_CASE). */
  readonly fallbackKey?: string;
  /** The engine option it feeds, so an engine error about that option is told with this input's name. */
  readonly engineOption?: string;
  /**
   * The form a text must have, as an ECMAScript regular expression that matches the whole value
   * (anchored with ^ and $): checked when read, and shown in the JSON Schema. Give `formDoc` with it.
   */
  readonly pattern?: string;
  /** The form in words ("24 hex characters"), shown in the field's doc, `--help` and the error. */
  readonly formDoc?: string;
  /** What the value is called where a syntax is shown (`--exp MINUTES`); derived from the type when absent. */
  readonly placeholder?: string;
  /** One or two sentences: what it is, where to find it, an example. */
  readonly doc: string;
}

/** Declares a list of inputs, keeping each name's literal type so that a misspelt name does not compile. */
export function defineInputs<const Specs extends readonly InputSpec[]>(specs: Specs): Specs {
  return specs;
}

/** The names of a list of inputs. */
export type InputName<Specs extends readonly InputSpec[]> = Specs[number]["name"];

/** An input that always has a value once read: a required one (the reader refuses it empty) or one with a default. */
type AlwaysRead<Spec> = Spec extends { readonly required: true }
  ? true
  : Spec extends { readonly default: string | number | boolean }
    ? true
    : false;

/**
 * The values read from a list of inputs, each typed by its spec: present for a required input or one
 * with a default, otherwise absent when empty.
 */
export type InputValues<Specs extends readonly InputSpec[]> = {
  readonly [Spec in Specs[number] as AlwaysRead<Spec> extends true
    ? Spec["name"]
    : never]: InputValueOf[Spec["type"]];
} & {
  readonly [Spec in Specs[number] as AlwaysRead<Spec> extends true
    ? never
    : Spec["name"]]?: InputValueOf[Spec["type"]];
};

/** The kind of value an output holds. */
export type OutputType = "text" | "number" | "boolean" | "date" | "list";

/** One value a recipe or an action gives back: a Bubble return value, a `--json` member, a response field. */
export interface OutputSpec<Name extends string = string> {
  readonly name: Name;
  readonly type: OutputType;
  readonly doc: string;
}
