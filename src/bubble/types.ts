/**
 * The shape of a Bubble server-side action, as data. Each action is made by `defineAction` from
 * input and output specs (src/inputs), by name; the build, the local runtime, the generated docs and
 * the tests all read the list in ./actions/index.ts. Bubble's IDs are not part of a definition: the
 * build looks them up by name in the ledger src/bubble/ids.json (build/id-ledger.ts) and gives them
 * to the `Identified...` forms below.
 */
import type { InputSpec, OutputSpec } from "../inputs/index.js";

/** Value types Bubble declares for fields and return values. */
export type BubbleType = "text" | "number" | "boolean" | "date";

/** How the plugin editor shows a field. */
export type BubbleEditor = "DynamicValue" | "Dropdown" | "Checkbox";

/** A field as params.json declares it; generated from an input spec by `toField`. */
export interface FieldDefinition<Name extends string = string> {
  readonly name: Name;
  readonly caption: string;
  readonly type: BubbleType;
  readonly editor: BubbleEditor;
  readonly optional: boolean;
  /** Prefilled in the editor (Bubble's `default_val`). */
  readonly defaultValue?: string | number | boolean;
  readonly doc: string;
  /** The choices of a Dropdown. */
  readonly options?: readonly string[];
  readonly longText?: boolean;
  /** The engine option this field feeds, so an engine error about it names the field instead. */
  readonly engineOption?: string;
}

/** A returned value as params.json declares it; generated from an output spec. */
export interface ReturnDefinition {
  readonly name: string;
  readonly caption: string;
  readonly type: BubbleType;
  readonly doc: string;
}

/** The `context` Bubble passes to a server-side action (the members this plugin uses). */
export interface BubbleContext {
  keys?: Record<string, unknown>;
  currentUser?: unknown;
  userTimezone?: string;
  /**
   * Not Bubble's: the local runtime and tests pass a clock (ms since 1970) to freeze time. Bubble
   * passes none, and the action uses the system clock.
   */
  clock?: unknown;
  [member: string]: unknown;
}

export type BubbleProperties = Record<string, unknown>;
export type BubbleResult = Record<string, string | number | boolean | Date | null>;

/** How a failed action reports: Encode, Decode and Generate with `ok`, Verify with `valid`. */
export type FailureStyle = "ok" | "valid";

export interface ActionDefinition {
  /**
   * The action's stable name in the ID ledger: the recipe's or exchange's id, or the core action's
   * (`encode-jwt`). Renaming it gives the action new IDs, which breaks every app that uses it.
   */
  readonly key: string;
  readonly display: string;
  /** One paragraph for the docs and the README. */
  readonly summary: string;
  readonly failure: FailureStyle;
  /** The inputs, in the editor's order; `fields` are generated from them. */
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  readonly fields: readonly FieldDefinition[];
  readonly returns: readonly ReturnDefinition[];
  readonly run: (properties: BubbleProperties, context: BubbleContext) => Promise<BubbleResult>;
  /** The module that exports the action (its `import.meta.url`), so its bundle holds only it. */
  readonly source?: string;
  /** Plugin keys the action reads itself, besides its secret inputs' fallback keys. */
  readonly readsKeys?: readonly string[];
  /**
   * For an action made from an operation of the registry: the operation's id and module, so that its
   * bundle holds that module and the wrapping code alone.
   */
  readonly operation?: { readonly id: string; readonly source: string };
}

/** A plugin key (Shared tab, secure: server only). */
export interface SharedKeyDefinition {
  readonly caption: string;
  readonly doc: string;
}

/** A field with Bubble's letter code from the ledger; never changes once released. */
export interface IdentifiedField extends FieldDefinition {
  readonly id: string;
}

/** A return value with its letter code from the ledger. */
export interface IdentifiedReturn extends ReturnDefinition {
  readonly id: string;
}

/** An action with its letter code and those of its fields and return values, as the build writes it. */
export interface IdentifiedAction extends Omit<ActionDefinition, "fields" | "returns"> {
  readonly id: string;
  readonly fields: readonly IdentifiedField[];
  readonly returns: readonly IdentifiedReturn[];
}

/** A plugin key with its letter code from the ledger. */
export interface IdentifiedKey extends SharedKeyDefinition {
  readonly id: string;
}
