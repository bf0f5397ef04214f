import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Clock } from "../../jwt/index.js";
import type { BubbleContext } from "../types.js";
import { checkResult } from "./check-result.js";
import { loadAction } from "./load-action.js";
import { toProperties } from "./to-properties.js";

export interface RunPluginActionOptions {
  /** A built plugin (default dist/bubble-plugin, from the current folder). */
  pluginDir?: string;
  /** The action's display name (any letter case) or ID. */
  action: string;
  /** Field values by name (or caption), as plain JSON. */
  input: Record<string, unknown>;
  /** Plugin keys by caption, e.g. { JWT_SECRET: "..." }. */
  keys?: Record<string, string>;
  currentUser?: unknown;
  userTimezone?: string;
  /** The actions' clock (ms since 1970), passed in the context; default the system clock. Tests freeze it. */
  clock?: Clock;
}

/**
 * Runs one action of a built plugin the way Bubble does, and returns its checked values.
 * Dates are Date objects (JSON.stringify prints them as ISO text). An action's own failures come back
 * as values (ok = no / valid = no) or, with "Stop the workflow on error", as a thrown Error; a wrong
 * action name, field or key is a thrown Error too.
 */
export async function runPluginAction(options: RunPluginActionOptions): Promise<Record<string, unknown>> {
  const pluginDir = resolve(options.pluginDir ?? "dist/bubble-plugin");
  const action = await loadAction(pluginDir, options.action);
  const properties = toProperties(action.params, options.input ?? {});
  const context: BubbleContext = {
    keys: await checkKeys(pluginDir, options.keys ?? {}),
    currentUser: options.currentUser ?? null,
    userTimezone: options.userTimezone ?? "UTC",
    isBubbleThing: () => false,
    isBubbleList: () => false,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  };
  return checkResult(action.params, await action.run(properties, context));
}

async function checkKeys(pluginDir: string, keys: Record<string, string>): Promise<Record<string, string>> {
  const shared = JSON.parse(await readFile(join(pluginDir, "shared_tech_params.json"), "utf8")) as {
    shared_keys: Record<string, { caption: string }>;
  };
  const captions = Object.values(shared.shared_keys).map((key) => key.caption);
  for (const [name, value] of Object.entries(keys)) {
    if (!captions.includes(name))
      throw new Error(`The plugin has no key "${name}". Keys: ${captions.join(", ")}.`);
    if (typeof value !== "string") throw new Error(`The plugin key "${name}" must be a text.`);
  }
  return { ...keys };
}
