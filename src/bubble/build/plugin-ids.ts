import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { ACTIONS } from "../actions/index.js";
import { pluginKeys } from "../plugin.js";
import type { ActionDefinition, IdentifiedAction, IdentifiedKey } from "../types.js";
import {
  assignIds,
  checkLedger,
  formatLedger,
  type IdLedger,
  IdLedgerError,
  parseLedger,
} from "./id-ledger.js";
import { findPackageRoot } from "./package-root.js";

/** The committed ledger, relative to the package. */
export const LEDGER_FILE = "src/bubble/ids.json";
/** Its copy in the compiled package (`npm run build`), read where there are no sources. */
const INSTALLED_LEDGER_FILE = "dist/bubble/ids.json";

export interface PluginIdsOptions {
  /** The actions to identify (default: the registry, ACTIONS). */
  actions?: readonly ActionDefinition[];
  /** The ledger file (default: src/bubble/ids.json of the package). */
  ledger?: string;
  /**
   * The released ledger, from which no entry may be removed or changed. By default the ledger as
   * committed in git (HEAD), when the file is in a git checkout; `null` compares with nothing.
   */
  released?: IdLedger | null;
  /**
   * CI: fail when the ledger lacks an entry (a new action, field, return value or key that nobody
   * recorded) or is not written in its canonical form, instead of recording it.
   */
  check?: boolean;
}

export interface IdentifiedPlugin {
  /** The actions with their IDs, in the registry's order. */
  readonly actions: readonly IdentifiedAction[];
  /** The plugin keys with their IDs. */
  readonly keys: readonly IdentifiedKey[];
  /** What the ledger lacked and got a new ID now ("action foo = DAA", "foo field bar = DAB"). */
  readonly added: readonly string[];
  /** The ledger file read. */
  readonly ledgerPath: string;
  /** The ledger with the new entries, as it is to be written; equal to the file when nothing changed. */
  readonly ledgerText: string;
  /** True when ledgerText differs from the file (new entries, or a file not in canonical form). */
  readonly ledgerChanged: boolean;
}

/**
 * Gives every action, field, return value and plugin key its Bubble ID from the ledger, by name, and
 * the next free code to each name the ledger lacks (in memory: `saveLedger` records them). Fails on a
 * ledger with a duplicate, an invalid code, or a released entry removed or changed, and, with
 * `check`, on any entry the ledger lacks.
 */
export function identifyPlugin(options: PluginIdsOptions = {}): IdentifiedPlugin {
  const actions = options.actions ?? ACTIONS;
  checkActionKeys(actions);
  const ledgerPath = options.ledger ?? defaultLedgerPath();
  const where = shownPath(ledgerPath);
  let text: string;
  try {
    text = readFileSync(ledgerPath, "utf8");
  } catch {
    throw new IdLedgerError(
      "ERR_ID_LEDGER_INVALID",
      `The ID ledger ${where} cannot be read. It is committed with the sources: restore it from git.`,
    );
  }
  const ledger = parseLedger(text, where);
  const released = options.released === undefined ? committedLedger(ledgerPath) : options.released;
  checkLedger(ledger, where, released ?? undefined);
  const keys = pluginKeys(actions);
  const assigned = assignIds(ledger, {
    actions: actions.map((action) => ({
      key: action.key,
      fields: action.fields.map((field) => field.name),
      returns: action.returns.map((item) => item.name),
    })),
    pluginKeys: keys.map((key) => key.caption),
  });
  const ledgerText = formatLedger(assigned.ledger);
  const ledgerChanged = ledgerText !== text;
  if (options.check === true && ledgerChanged) {
    throw new IdLedgerError(
      "ERR_ID_MISSING",
      assigned.added.length > 0
        ? `${where} has no ID for ${assigned.added.map((entry) => entry.split(" = ")[0]).join(", ")}. ` +
            `Run \`npm run build:plugin\` once and commit ${where} with your change.`
        : `${where} is not in its canonical form (keys sorted, 4-space indentation, a final newline). ` +
            `Run \`npm run build:plugin\` and commit ${where}.`,
    );
  }
  const ids = assigned.ledger;
  return {
    actions: actions.map((action) => {
      const own = ids.actions[action.key] as IdLedger["actions"][string];
      return {
        ...action,
        id: own.id,
        fields: action.fields.map((field) => ({ ...field, id: own.fields[field.name] as string })),
        returns: action.returns.map((item) => ({ ...item, id: own.returns[item.name] as string })),
      };
    }),
    keys: keys.map((key) => ({ ...key, id: ids.plugin_keys[key.caption] as string })),
    added: assigned.added,
    ledgerPath,
    ledgerText,
    ledgerChanged,
  };
}

/** Writes the new entries of an identified plugin into its ledger file; true when it changed. */
export function saveLedger(plugin: IdentifiedPlugin): boolean {
  if (!plugin.ledgerChanged) return false;
  if (isInstalledLedger(plugin.ledgerPath)) {
    throw new IdLedgerError(
      "ERR_ID_MISSING",
      `The ledger of this installed package (${plugin.ledgerPath}) has no ID for ` +
        `${plugin.added.map((entry) => entry.split(" = ")[0]).join(", ")}: build the plugin from a clone.`,
    );
  }
  writeFileSync(plugin.ledgerPath, plugin.ledgerText);
  return true;
}

/** The ledger in the sources (a clone), else its copy in the compiled package (an installed one). */
export function defaultLedgerPath(): string {
  const root = findPackageRoot();
  const source = join(root, LEDGER_FILE);
  if (existsSync(source)) return source;
  const installed = join(root, INSTALLED_LEDGER_FILE);
  return existsSync(installed) ? installed : source;
}

function isInstalledLedger(path: string): boolean {
  return path === join(findPackageRoot(), INSTALLED_LEDGER_FILE);
}

/**
 * The ledger as committed (git HEAD), which the file may extend but never contradict; undefined
 * outside a git checkout, or when the file is not committed yet.
 */
export function committedLedger(path: string): IdLedger | undefined {
  let text: string;
  try {
    text = execFileSync("git", ["show", `HEAD:./${basename(path)}`], {
      cwd: dirname(path),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
  try {
    return parseLedger(text, `${shownPath(path)} (committed)`);
  } catch {
    // A committed ledger that does not parse cannot be compared with; the file itself is checked.
    return undefined;
  }
}

/** Two actions with one key would share their IDs: a registry mistake, named with both actions. */
function checkActionKeys(actions: readonly ActionDefinition[]): void {
  const seen = new Map<string, string>();
  for (const action of actions) {
    const other = seen.get(action.key);
    if (other !== undefined) {
      throw new IdLedgerError(
        "ERR_ID_DUPLICATE",
        `The actions "${other}" and "${action.display}" have the same key "${action.key}", so they ` +
          "would share their Bubble IDs. Give the new action a key of its own.",
      );
    }
    seen.set(action.key, action.display);
  }
}

function shownPath(path: string): string {
  const inPackage = relative(findPackageRoot(), path);
  return inPackage.startsWith("..") ? path : inPackage.split("\\").join("/");
}
