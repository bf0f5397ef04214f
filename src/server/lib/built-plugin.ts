import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { findPackageRoot } from "../../bubble/build/package-root.js";

/** Where the playground finds the built plugin unless told otherwise: `npm run build:plugin` writes it. */
export function defaultPluginDir(): string {
  return join(findPackageRoot(), "dist", "bubble-plugin");
}

/** One field of an action, as its params.json declares it (what the playground draws a form from). */
export interface PluginField {
  id: string;
  name: string;
  caption: string;
  rank: number;
  /** Bubble's value type: text, number, boolean, date, file, ... */
  value: string;
  editor: string;
  doc: string;
  optional: boolean;
  default_val?: unknown;
  long_text: boolean;
  is_list: boolean;
  /** A Dropdown's choices, split from params.json's comma-separated text. */
  options?: string[];
}

/** One returned value of an action. */
export interface PluginReturn {
  id: string;
  name: string;
  caption: string;
  rank: number;
  value: string;
  is_list: boolean;
}

export interface PluginAction {
  id: string;
  folder: string;
  display: string;
  fields: PluginField[];
  returns: PluginReturn[];
}

/** What the playground shows: the plugin's name, its keys and every action, as the build wrote them. */
export interface BuiltPluginView {
  name: string;
  /** Plugin key captions (shared_tech_params.json), in ID order. */
  keys: string[];
  /** Actions in folder (ID) order; fields and returned values in rank order. */
  actions: PluginAction[];
}

/**
 * Reads a built plugin's params.json files and shared_tech_params.json (fresh on every call, so a
 * rebuild shows without a restart). Returns undefined when the folder holds no built plugin.
 */
export async function readBuiltPlugin(pluginDir: string): Promise<BuiltPluginView | undefined> {
  let folders: string[];
  let shared: { shared_keys?: Record<string, { caption?: unknown }> };
  try {
    folders = (await readdir(join(pluginDir, "actions"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    shared = JSON.parse(await readFile(join(pluginDir, "shared_tech_params.json"), "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const meta = await readJson(join(pluginDir, "meta_data.json"));
  const keys = Object.keys(shared.shared_keys ?? {})
    .sort()
    .map((id) => String(shared.shared_keys?.[id]?.caption ?? id));
  const actions: PluginAction[] = [];
  for (const folder of folders) {
    const params = await readJson(join(pluginDir, "actions", folder, "params.json"));
    if (params === undefined) continue;
    actions.push(toAction(folder, params));
  }
  if (actions.length === 0) return undefined;
  return { name: typeof meta?.name === "string" ? meta.name : "Bubble plugin", keys, actions };
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

type Entries = Record<string, Record<string, unknown>>;

function toAction(folder: string, params: Record<string, unknown>): PluginAction {
  const fields = Object.entries((params.fields ?? {}) as Entries).map(([id, field]): PluginField => {
    const item: PluginField = {
      id,
      name: String(field.name ?? id),
      caption: String(field.caption ?? field.name ?? id),
      rank: Number(field.rank ?? 0),
      // A Checkbox carries no `value` in real plugins: it is a yes/no.
      value: String(field.value ?? (field.editor === "Checkbox" ? "boolean" : "text")),
      editor: String(field.editor ?? "DynamicValue"),
      doc: String(field.doc ?? ""),
      optional: field.optional === true,
      long_text: field.long_text === true,
      is_list: field.is_list === true,
    };
    if (field.default_val !== undefined) item.default_val = field.default_val;
    if (typeof field.options === "string") item.options = field.options.split(",").map((one) => one.trim());
    return item;
  });
  const returns = Object.entries((params.return_value ?? {}) as Entries).map(
    ([id, value]): PluginReturn => ({
      id,
      name: String(value.name ?? id),
      caption: String(value.caption ?? value.name ?? id),
      rank: Number(value.rank ?? 0),
      value: String(value.value ?? "text"),
      is_list: value.is_list === true,
    }),
  );
  return {
    id: folder.split("-")[0] as string,
    folder,
    display: String(params.display ?? folder),
    fields: fields.sort((a, b) => a.rank - b.rank),
    returns: returns.sort((a, b) => a.rank - b.rank),
  };
}
