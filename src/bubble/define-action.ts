import {
  type InputSpec,
  type InputValueOf,
  type OutputSpec,
  readInput,
  readInputs,
} from "../inputs/index.js";
import { type Clock, systemClock } from "../jwt/index.js";
import { toFailure } from "./lib/errors.js";
import { toField, toReturn } from "./lib/fields.js";
import { readPluginKey } from "./lib/plugin-keys.js";
import type {
  ActionDefinition,
  BubbleContext,
  BubbleProperties,
  BubbleResult,
  FailureStyle,
} from "./types.js";

/** Inputs in the editor's order: `[JSON_DATA, SECRET, ...]`. Their Bubble IDs come from the ledger by name. */
export type FieldSpecs = readonly InputSpec[];
/** Outputs in order; their IDs come from the ledger by name too. */
export type ReturnSpecs = readonly OutputSpec[];

/** The values an action's run receives: each field by name, typed by its spec; absent when empty. */
export type FieldValues<Fields extends FieldSpecs> = {
  readonly [Spec in Fields[number] as Spec["name"]]?: InputValueOf[Spec["type"]];
};

/** What each output type is when returned to Bubble. */
export interface BubbleValueOf {
  text: string;
  number: number;
  boolean: boolean;
  date: Date;
  list: string[];
}

/** The values an action's run returns: any of its outputs by name (the others are returned as null). */
export type ReturnValues<Returns extends ReturnSpecs> = {
  [Spec in Returns[number] as Spec["name"]]?: BubbleValueOf[Spec["type"]] | null;
};

/** What an action's run gets besides its values. */
export interface ActionContext<Name extends string> {
  /** The one clock: the system's in Bubble, a frozen one in tests (`context.clock` of the local runtime). */
  clock: Clock;
  /** A plugin key by caption, or undefined when the app owner left it empty. */
  pluginKey(caption: string): string | undefined;
  /** True when the builder filled the field itself (not a default, not a plugin key). */
  given(name: Name): boolean;
  /** Bubble's own context (currentUser, userTimezone, ...). */
  bubble: BubbleContext;
}

/** The fields' names. */
type FieldName<Fields extends FieldSpecs> = Fields[number]["name"];

export interface ActionSpec<Fields extends FieldSpecs, Returns extends ReturnSpecs> {
  /**
   * The action's stable name, by which the build finds its IDs in the ledger (src/bubble/ids.json):
   * `encode-jwt`, a recipe's id. Never rename a released action's key.
   */
  key: string;
  display: string;
  summary: string;
  /**
   * `ok`: success adds ok = yes; a failure returns ok = no, error and error_code.
   * `valid`: success adds valid = yes; a failure returns valid = no, reason_code and error.
   */
  failure: FailureStyle;
  /** Inputs in order, each named once. A `stop_on_error` boolean, when present, makes failures throw. */
  fields: Fields;
  returns: Returns;
  /**
   * The defining module's `import.meta.url`: the build bundles that module alone (a smaller server.js).
   * Without it the bundle imports the whole registry.
   */
  source?: string;
  /**
   * Plugin keys the work reads itself (through `context.pluginKey`) besides its fields' fallback keys:
   * a plugin made of some actions only asks for the keys they read.
   */
  readsKeys?: readonly string[];
  /** Required inputs whose absence the work reports in its own words (the engine's "payload is required"). */
  missingReportedElsewhere?: readonly FieldName<Fields>[];
  run(
    values: FieldValues<Fields>,
    context: ActionContext<FieldName<Fields>>,
  ): ReturnValues<Returns> | Promise<ReturnValues<Returns>>;
}

const FAILURE_OUTPUTS: Readonly<Record<FailureStyle, readonly string[]>> = {
  ok: ["ok", "error", "error_code"],
  valid: ["valid", "reason_code", "error"],
};

/**
 * Makes a Bubble server-side action from specs: generates its fields and return values, reads the
 * properties against the specs (plugin keys as secrets' fallbacks), runs the work, and settles it:
 * every declared value is returned (null when not set), and a failure becomes values or, when
 * "Stop the workflow on error" is ticked, an Error with the same message.
 */
export function defineAction<const Fields extends FieldSpecs, const Returns extends ReturnSpecs>(
  spec: ActionSpec<Fields, Returns>,
): ActionDefinition {
  const inputs: readonly InputSpec[] = [...spec.fields];
  const outputs: readonly OutputSpec[] = [...spec.returns];
  for (const [kind, names] of [
    ["field", inputs.map((input) => input.name)],
    ["returned value", outputs.map((output) => output.name)],
  ] as const) {
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) {
      throw new Error(
        `Action "${spec.display}" has two ${kind}s named ${twice}: the ledger knows each by its name.`,
      );
    }
  }
  const fields = inputs.map(toField);
  const returns = outputs.map(toReturn);
  for (const name of FAILURE_OUTPUTS[spec.failure]) {
    if (!outputs.some((output) => output.name === name)) {
      throw new Error(`Action "${spec.display}" reports failures with ${name}, which it does not return.`);
    }
  }
  const stopOnError = inputs.find((input) => input.name === "stop_on_error" && input.type === "boolean");

  async function run(properties: BubbleProperties, bubble: BubbleContext): Promise<BubbleResult> {
    const raw: BubbleProperties = properties !== null && typeof properties === "object" ? properties : {};
    const context = bubble !== null && typeof bubble === "object" ? bubble : {};
    const pluginKey = (caption: string) => readPluginKey(context, caption);
    let values: BubbleResult;
    try {
      const read = readInputs(inputs, raw, {
        fallback: pluginKey,
        ...(spec.missingReportedElsewhere === undefined
          ? {}
          : { missingReportedElsewhere: spec.missingReportedElsewhere }),
      }) as FieldValues<Fields>;
      const done = await spec.run(read, {
        clock: typeof context.clock === "function" ? (context.clock as Clock) : systemClock,
        pluginKey,
        given: (name) => isGiven(raw[name]),
        bubble: context,
      });
      values = { ...(done as BubbleResult), [spec.failure]: true };
    } catch (error) {
      const failure = toFailure(error, fields);
      if (stopOnError !== undefined && readInput(stopOnError, raw[stopOnError.name]) === true) {
        throw new Error(failure.message);
      }
      values =
        spec.failure === "ok"
          ? { ...failure.outputs, ok: false, error: failure.message, error_code: failure.code }
          : { ...failure.outputs, valid: false, reason_code: failure.code, error: failure.message };
    }
    const result: BubbleResult = {};
    for (const item of returns) result[item.name] = values[item.name] ?? null;
    return result;
  }

  return {
    key: spec.key,
    display: spec.display,
    summary: spec.summary,
    failure: spec.failure,
    inputs,
    outputs,
    fields,
    returns,
    run,
    ...(spec.source === undefined ? {} : { source: spec.source }),
    ...(spec.readsKeys === undefined ? {} : { readsKeys: spec.readsKeys }),
  };
}

/** Bubble's empty values (null, undefined, blank text, an empty list) are "not given". */
function isGiven(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  return !Array.isArray(value) || value.length > 0;
}
