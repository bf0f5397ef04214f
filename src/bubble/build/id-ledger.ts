/**
 * The ID ledger (src/bubble/ids.json): every Bubble ID the plugin ever released, by name. Bubble
 * matches an app's use of the plugin by these IDs, so a released ID must keep its meaning forever.
 * The build looks every action, field, return value and plugin key up here by name, gives anything
 * new the next free code, and appends it; nothing is ever changed or removed (an action taken out of
 * the registry keeps its entry, so its IDs are never handed out again).
 */
import { toBubbleJson } from "./bubble-json.js";

/** One action's IDs: the action's own, its fields by input name, its return values by output name. */
export interface ActionIds {
  id: string;
  fields: Record<string, string>;
  returns: Record<string, string>;
}

/** The ledger file's content: actions by their stable key (`encode-jwt`, a recipe's id), keys by caption. */
export interface IdLedger {
  actions: Record<string, ActionIds>;
  plugin_keys: Record<string, string>;
}

/** What needs an ID: each action by its stable key with its field and return-value names, then the keys. */
export interface IdNeeds {
  readonly actions: readonly {
    readonly key: string;
    readonly fields: readonly string[];
    readonly returns: readonly string[];
  }[];
  readonly pluginKeys: readonly string[];
}

export type IdLedgerErrorCode =
  | "ERR_ID_LEDGER_INVALID"
  | "ERR_ID_INVALID"
  | "ERR_ID_DUPLICATE"
  | "ERR_ID_CHANGED"
  | "ERR_ID_REMOVED"
  | "ERR_ID_MISSING"
  | "ERR_ID_SPACE_FULL";

/** A ledger that cannot be used, or a check that failed; the message names the entries involved. */
export class IdLedgerError extends Error {
  override readonly name = "IdLedgerError";
  readonly code: IdLedgerErrorCode;

  constructor(code: IdLedgerErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Bubble's codes: three letters, the last two running A-Z then a-z, as every synchronised plugin shows
 * (AGo, AGz, AHA). Their ASCII gives the action folder's suffix (folder-suffix.ts).
 */
export const BUBBLE_ID = /^[A-Z][A-Za-z]{2}$/;

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/**
 * New codes start at DAA: the hand-picked codes released before the ledger all begin with A, B or C,
 * so D to Z (23 x 52 x 52 = 62,192 codes, one series for actions, fields, return values and keys, as
 * Bubble numbers them) leaves room for any number of actions and fields.
 */
const FIRST_LETTERS = "DEFGHIJKLMNOPQRSTUVWXYZ";

/** The n-th code of the series (0 is DAA, 1 DAB, 51 DAz, 52 DBA). */
export function nthId(n: number): string {
  const size = LETTERS.length;
  const first = FIRST_LETTERS[Math.floor(n / (size * size))];
  if (first === undefined) return "";
  return `${first}${LETTERS[Math.floor(n / size) % size]}${LETTERS[n % size]}`;
}

/** How an entry is named in messages: "encode-jwt field expiration", "plugin key JWT_SECRET". */
type EntryKind = "action" | "field" | "return value" | "plugin key";

function entryName(kind: EntryKind, owner: string, name = ""): string {
  if (kind === "action") return `action ${owner}`;
  if (kind === "plugin key") return `plugin key ${owner}`;
  return `${owner} ${kind} ${name}`;
}

/** Every (name, ID) of a ledger, in file order. */
function entries(ledger: IdLedger): { name: string; id: string }[] {
  const list: { name: string; id: string }[] = [];
  for (const key of Object.keys(ledger.actions).sort()) {
    const action = ledger.actions[key] as ActionIds;
    list.push({ name: entryName("action", key), id: action.id });
    for (const [field, id] of Object.entries(action.fields)) {
      list.push({ name: entryName("field", key, field), id });
    }
    for (const [item, id] of Object.entries(action.returns)) {
      list.push({ name: entryName("return value", key, item), id });
    }
  }
  for (const [caption, id] of Object.entries(ledger.plugin_keys)) {
    list.push({ name: entryName("plugin key", caption), id });
  }
  return list;
}

/** Reads the ledger's JSON text, checking its shape (not yet its IDs: see checkLedger). */
export function parseLedger(text: string, where: string): IdLedger {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new IdLedgerError(
      "ERR_ID_LEDGER_INVALID",
      `${where} is not valid JSON (a merge conflict left in it?). Restore it from git and build again.`,
    );
  }
  const bad = (what: string) =>
    new IdLedgerError(
      "ERR_ID_LEDGER_INVALID",
      `${where}: ${what}. The ledger is { "actions": { KEY: { "id", "fields", "returns" } }, "plugin_keys": { CAPTION: ID } }.`,
    );
  if (!isRecord(parsed)) throw bad("it must be a JSON object");
  const extra = Object.keys(parsed).filter((key) => key !== "actions" && key !== "plugin_keys");
  if (extra.length > 0) throw bad(`unknown member ${extra.join(", ")}`);
  const { actions, plugin_keys } = parsed;
  if (!isRecord(actions)) throw bad('"actions" must be an object');
  if (!isTextRecord(plugin_keys)) throw bad('"plugin_keys" must map each caption to an ID');
  const ledger: IdLedger = { actions: {}, plugin_keys: { ...plugin_keys } };
  for (const [key, value] of Object.entries(actions)) {
    if (!isRecord(value) || typeof value.id !== "string") throw bad(`action ${key} has no "id"`);
    const members = Object.keys(value).filter((name) => !["id", "fields", "returns"].includes(name));
    if (members.length > 0) throw bad(`action ${key} has unknown member ${members.join(", ")}`);
    if (!isTextRecord(value.fields) || !isTextRecord(value.returns)) {
      throw bad(`action ${key} must map "fields" and "returns" names to IDs`);
    }
    ledger.actions[key] = { id: value.id, fields: { ...value.fields }, returns: { ...value.returns } };
  }
  return ledger;
}

/** The ledger as it is committed: keys sorted at every level, 4-space indentation, a final newline. */
export function formatLedger(ledger: IdLedger): string {
  return `${toBubbleJson(ledger)}\n`;
}

/**
 * Fails when an ID is not a Bubble code, when two entries share an ID (naming both), and when an
 * entry of `released` (the ledger as committed) is gone or has another ID now (naming its old and
 * new ID). A released entry that was itself a duplicate is not held against the ledger: removing one
 * of the two is how such a duplicate (two branches that added different names) is fixed.
 */
export function checkLedger(ledger: IdLedger, where: string, released?: IdLedger): void {
  const owners = new Map<string, string>();
  for (const { name, id } of entries(ledger)) {
    if (!BUBBLE_ID.test(id)) {
      throw new IdLedgerError(
        "ERR_ID_INVALID",
        `${where}: ${name} has the ID "${id}", which is not a Bubble code (three letters: an upper-case ` +
          "one, then two letters). Restore the released ID from git.",
      );
    }
    const owner = owners.get(id);
    if (owner !== undefined) {
      throw new IdLedgerError(
        "ERR_ID_DUPLICATE",
        `${where} gives the ID ${id} to both ${owner} and ${name}. An ID names one thing forever: keep ` +
          "the entry that was released, delete the other (added since, by a merge or by hand) and build " +
          "again to give it a new ID.",
      );
    }
    owners.set(id, name);
  }
  if (released === undefined) return;
  const now = new Map(entries(ledger).map(({ name, id }) => [name, id]));
  const releasedEntries = entries(released);
  const counts = new Map<string, number>();
  for (const { id } of releasedEntries) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const { name, id } of releasedEntries) {
    if ((counts.get(id) ?? 0) > 1) continue;
    const current = now.get(name);
    if (current === undefined) {
      throw new IdLedgerError(
        "ERR_ID_REMOVED",
        `${where} no longer has ${name} (${id}), which the committed ledger has. Released IDs are never ` +
          "removed, even when the action or field is: restore the entry.",
      );
    }
    if (current !== id) {
      const holder = owners.get(id);
      throw new IdLedgerError(
        "ERR_ID_CHANGED",
        `${where} changes the released ID of ${name}: ${id} when committed, ${current} now` +
          `${holder === undefined ? "" : ` (and ${id} is now given to ${holder})`}. Released IDs never ` +
          `change: give ${name} back ${id}.`,
      );
    }
  }
}

/**
 * Looks every needed ID up by name and gives each name the ledger lacks the next free code, in the
 * order of `needs` (an action, then its fields and return values, then the plugin keys). Returns the
 * ledger with the new entries (the input is not changed) and the names that got one. Entries no
 * longer needed stay, and their codes are never given again.
 */
export function assignIds(ledger: IdLedger, needs: IdNeeds): { ledger: IdLedger; added: string[] } {
  const next: IdLedger = {
    actions: Object.fromEntries(
      Object.entries(ledger.actions).map(([key, ids]) => [
        key,
        { id: ids.id, fields: { ...ids.fields }, returns: { ...ids.returns } },
      ]),
    ),
    plugin_keys: { ...ledger.plugin_keys },
  };
  const used = new Set(entries(ledger).map(({ id }) => id));
  let cursor = 0;
  const fresh = (): string => {
    for (;;) {
      const id = nthId(cursor);
      if (id === "") {
        throw new IdLedgerError("ERR_ID_SPACE_FULL", "Every code from DAA to Zzz is taken.");
      }
      cursor += 1;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const added: string[] = [];
  for (const action of needs.actions) {
    let ids = next.actions[action.key];
    if (ids === undefined) {
      ids = { id: fresh(), fields: {}, returns: {} };
      next.actions[action.key] = ids;
      added.push(`${entryName("action", action.key)} = ${ids.id}`);
    }
    for (const [names, table, kind] of [
      [action.fields, ids.fields, "field"],
      [action.returns, ids.returns, "return value"],
    ] as const) {
      for (const name of names) {
        if (table[name] !== undefined) continue;
        table[name] = fresh();
        added.push(`${entryName(kind, action.key, name)} = ${table[name]}`);
      }
    }
  }
  for (const caption of needs.pluginKeys) {
    if (next.plugin_keys[caption] !== undefined) continue;
    next.plugin_keys[caption] = fresh();
    added.push(`${entryName("plugin key", caption)} = ${next.plugin_keys[caption]}`);
  }
  return { ledger: next, added };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isTextRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === "string");
}
