/**
 * The shape of a Bubble server-side action, as data. Each action in ./actions/ is one of these;
 * the build, the local runtime, the generated docs and the tests all read them.
 */

/** Value types Bubble declares for fields and return values. */
export type BubbleType = "text" | "number" | "boolean" | "date";

/** How the plugin editor shows a field. */
export type BubbleEditor = "DynamicValue" | "Dropdown" | "Checkbox";

export interface FieldDefinition<Name extends string = string> {
  /** Bubble's letter code; never changes once released. */
  readonly id: string;
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

export interface ReturnDefinition {
  readonly id: string;
  readonly name: string;
  readonly caption: string;
  readonly type: BubbleType;
}

/** The `context` Bubble passes to a server-side action (the members this plugin uses). */
export interface BubbleContext {
  keys?: Record<string, unknown>;
  currentUser?: unknown;
  userTimezone?: string;
  [member: string]: unknown;
}

export type BubbleProperties = Record<string, unknown>;
export type BubbleResult = Record<string, string | number | boolean | Date | null>;

export interface ActionDefinition<Name extends string = string> {
  /** Bubble's letter code for the action; never changes once released. */
  readonly id: string;
  readonly display: string;
  /** kebab-case: the source file under src/bubble/actions/ and the runtime's short name. */
  readonly slug: string;
  /** One paragraph for the docs and the README. */
  readonly summary: string;
  readonly fields: readonly FieldDefinition<Name>[];
  readonly returns: readonly ReturnDefinition[];
  readonly run: (properties: BubbleProperties, context: BubbleContext) => Promise<BubbleResult>;
}

/** A plugin key (Shared tab, secure: server only). */
export interface SharedKeyDefinition {
  readonly id: string;
  readonly caption: string;
  readonly doc: string;
}
