import { OPERATIONS } from "../../recipes/registry.js";
import type { ActionDefinition, IdentifiedAction, IdentifiedKey } from "../types.js";

/**
 * Choosing part of the plugin ("install only what you use"): by action key (`encode-jwt`, an
 * operation's id) or by a group made from the registry (`core`, `sign-in`, a provider lower-cased).
 * The chosen actions keep the IDs of the full plugin, so adding more later gives the same IDs.
 */

/** What an --only id may name, and what it stands for. */
export interface ActionChoice {
  /** The id to pass to --only. */
  readonly id: string;
  /** "action" for one action, "group" for several. */
  readonly kind: "action" | "group";
  /** The action keys it stands for, in the registry's order. */
  readonly keys: readonly string[];
}

/** What the page's picker groups an action under: what it is for. */
export interface ActionGroup {
  /** The group's --only id ("core", "sign-in", "apple"). */
  readonly id: string;
  /** Its heading ("Core JWT", "Sign-in checks", "Apple"). */
  readonly label: string;
}

/** An --only that cannot be honoured: an id naming no action or group, or a build without esbuild. */
export class ActionChoiceError extends Error {
  override readonly name = "ActionChoiceError";
  readonly code: "ERR_ACTION_UNKNOWN" | "ERR_ONLY_NEEDS_BUNDLER";

  constructor(message: string, code: ActionChoiceError["code"] = "ERR_ACTION_UNKNOWN") {
    super(message);
    this.code = code;
  }
}

/**
 * The group an action belongs to: the core JWT actions (no operation), sign-in checks (the operations
 * of kind sign-in), else the operation's provider. Made from the registry, never a hand list.
 */
export function actionGroup(action: ActionDefinition): ActionGroup {
  const operation = OPERATIONS.find((candidate) => candidate.id === action.operation?.id);
  if (operation === undefined) return { id: "core", label: "Core JWT" };
  if (operation.kind === "sign-in") return { id: "sign-in", label: "Sign-in checks" };
  return { id: operation.provider.toLowerCase(), label: operation.provider };
}

/** Every id --only accepts: each action's key, then each group, in the registry's order. */
export function actionChoices(actions: readonly ActionDefinition[]): ActionChoice[] {
  const choices: ActionChoice[] = actions.map((action) => ({
    id: action.key,
    kind: "action",
    keys: [action.key],
  }));
  const groups = new Map<string, string[]>();
  for (const action of actions) {
    const { id } = actionGroup(action);
    groups.set(id, [...(groups.get(id) ?? []), action.key]);
  }
  for (const [id, keys] of groups) {
    // An action key wins over a group of the same name: the group is then reachable by its actions.
    if (choices.some((choice) => choice.id === id)) continue;
    choices.push({ id, kind: "group", keys });
  }
  return choices;
}

/**
 * The action keys named by `only` (action keys and groups, in any order), in the registry's order.
 * An unknown id fails with ERR_ACTION_UNKNOWN, listing the known ones.
 */
export function chooseActionKeys(actions: readonly ActionDefinition[], only: readonly string[]): Set<string> {
  const choices = actionChoices(actions);
  const wanted = only.map((id) => id.trim()).filter((id) => id !== "");
  if (wanted.length === 0) {
    throw new ActionChoiceError(
      `--only names no action. Give action ids or groups separated by commas; known: ${choices.map((choice) => choice.id).join(", ")}.`,
    );
  }
  const chosen = new Set<string>();
  const unknown: string[] = [];
  for (const id of wanted) {
    const choice = choices.find((candidate) => candidate.id === id.toLowerCase());
    if (choice === undefined) unknown.push(id);
    else for (const key of choice.keys) chosen.add(key);
  }
  if (unknown.length > 0) {
    const actionIds = choices.filter((choice) => choice.kind === "action").map((choice) => choice.id);
    const groupIds = choices.filter((choice) => choice.kind === "group").map((choice) => choice.id);
    throw new ActionChoiceError(
      `--only: no action or group ${unknown.map((id) => JSON.stringify(id)).join(", ")}. ` +
        `Actions: ${actionIds.join(", ")}. Groups: ${groupIds.join(", ")}.`,
    );
  }
  return new Set(actions.filter((action) => chosen.has(action.key)).map((action) => action.key));
}

/** The plugin keys an action reads: the fallback keys of its secret inputs, and those it reads itself. */
export function keysOfAction(action: ActionDefinition): string[] {
  const keys: string[] = [...(action.readsKeys ?? [])];
  for (const input of action.inputs) {
    if (input.type === "secret" && input.fallbackKey !== undefined && !keys.includes(input.fallbackKey)) {
      keys.push(input.fallbackKey);
    }
  }
  return keys;
}

/**
 * The part of an identified plugin that `keys` names: those actions, and only the plugin keys they
 * read, each with the ID it has in the full plugin.
 */
export function narrowPlugin<
  P extends { actions: readonly IdentifiedAction[]; keys: readonly IdentifiedKey[] },
>(plugin: P, keys: ReadonlySet<string>): P {
  const actions = plugin.actions.filter((action) => keys.has(action.key));
  const read = new Set(actions.flatMap(keysOfAction));
  return { ...plugin, actions, keys: plugin.keys.filter((key) => read.has(key.caption)) };
}
