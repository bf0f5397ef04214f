import { readdir, readFile } from "node:fs/promises";
import { createRequire, isBuiltin } from "node:module";
import { join } from "node:path";
import type { BubbleContext, BubbleProperties, BubbleType } from "../types.js";

/** params.json as the runtime reads it. */
export interface ActionParams {
  display: string;
  type: string;
  fields: Record<string, FieldParams>;
  return_value: Record<string, ReturnParams>;
}

export interface FieldParams {
  caption: string;
  name: string;
  value: BubbleType;
  editor: string;
  optional?: boolean;
  default_val?: unknown;
}

export interface ReturnParams {
  caption: string;
  name: string;
  value: BubbleType;
}

export type ServerFunction = (properties: BubbleProperties, context: BubbleContext) => Promise<unknown>;

export interface LoadedAction {
  id: string;
  folder: string;
  params: ActionParams;
  run: ServerFunction;
}

/** Finds an action of a built plugin by display name (any letter case) or ID, and evaluates its server.js. */
export async function loadAction(pluginDir: string, action: string): Promise<LoadedAction> {
  const wanted = action.trim().toLowerCase();
  const folders = (await readdir(join(pluginDir, "actions"))).sort();
  const known: string[] = [];
  for (const folder of folders) {
    const params = JSON.parse(await readFile(join(pluginDir, "actions", folder, "params.json"), "utf8"));
    const id = folder.split("-")[0] as string;
    known.push(`"${params.display}" (${id})`);
    if (id.toLowerCase() === wanted || String(params.display).toLowerCase() === wanted) {
      const code = await readFile(join(pluginDir, "actions", folder, "server.js"), "utf8");
      return { id, folder, params, run: evaluateServerJs(code) };
    }
  }
  throw new Error(`No action "${action}" in ${pluginDir}. Actions: ${known.join(", ")}.`);
}

/**
 * Evaluates server.js the way Bubble does: as a bare function expression (not a module), in a scope
 * where `require` loads Node.js built-ins.
 */
export function evaluateServerJs(code: string): ServerFunction {
  if (!/^async function\s*\(\s*properties\s*,\s*context\s*\)\s*\{/.test(code)) {
    throw new Error("server.js must be one bare `async function(properties, context) { ... }`.");
  }
  const require = createRequire(import.meta.url);
  // Real plugins require built-ins by bare name ("crypto"); a package name is refused, as on Bubble
  // without "This action uses node modules".
  const builtinOnly = (name: string) => {
    if (!isBuiltin(name)) throw new Error(`server.js may only require Node.js built-ins, not "${name}".`);
    return require(name);
  };
  const value: unknown = new Function("require", `return (${code}\n);`)(builtinOnly);
  if (typeof value !== "function") throw new Error("server.js did not evaluate to a function.");
  return value as ServerFunction;
}
