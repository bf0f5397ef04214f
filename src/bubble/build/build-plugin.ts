import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { buildInstructions, PLUGIN_DESCRIPTION, PLUGIN_NAME, SA_NODE_VERSION } from "../plugin.js";
import { toBubbleJson } from "./bubble-json.js";
import { bundleAction } from "./bundle-action.js";
import { renderFieldTables } from "./field-table.js";
import { actionFolder } from "./folder-suffix.js";
import { type KitCatalog, readInstallKit, renderInstallHtml, renderInstallMarkdown } from "./install-kit.js";
import { findPackageRoot } from "./package-root.js";
import { buildParams } from "./params-json.js";
import { type IdentifiedPlugin, identifyPlugin, type PluginIdsOptions, saveLedger } from "./plugin-ids.js";
import {
  ActionChoiceError,
  actionGroup,
  chooseActionKeys,
  keysOfAction,
  narrowPlugin,
} from "./select-actions.js";

/**
 * Where to write the plugin, and which actions and ID ledger to build it from (the registry and
 * src/bubble/ids.json unless a test says otherwise). `check` (CI) fails when the ledger lacks an ID
 * instead of recording it.
 */
export interface BuildPluginOptions extends PluginIdsOptions {
  /** Where to write the plugin (default dist/bubble-plugin, from the current folder). */
  outDir?: string;
  /**
   * Only these actions (action keys such as `encode-jwt`, or groups such as `apple`), with only the
   * plugin keys they read; their IDs and code are those of the full plugin. Default: every action.
   */
  only?: readonly string[];
}

export interface BuiltPlugin {
  outDir: string;
  /** The files written, relative to outDir, sorted. */
  files: string[];
  /**
   * Set when esbuild is not installed (an installed package without its dev dependencies): the
   * prebuilt plugin shipped in the package, which was copied instead of bundling.
   */
  prebuilt?: string;
  /** The IDs given now to what the ledger lacked, which the build recorded in it (commit the ledger). */
  addedIds?: readonly string[];
  /** The ledger the IDs come from. */
  ledgerPath?: string;
}

/** The folder, relative to the package, where `npm pack` puts the prebuilt plugin (prepack). */
export const PREBUILT_PLUGIN_DIR = "dist/bubble-plugin";

/**
 * Writes the plugin in Bubble's GitHub-sync layout, with the by-hand install kit (INSTALL.md,
 * INSTALL.html) beside it. Every ID comes from the ledger by name; what it lacks gets the next free
 * code, recorded in the ledger once the plugin is written. The same sources and ledger always give
 * the same bytes. Where esbuild is missing (an installed package), the prebuilt plugin shipped in the
 * package is copied instead.
 */
export async function buildPlugin(options: BuildPluginOptions = {}): Promise<BuiltPlugin> {
  const outDir = resolve(options.outDir ?? "dist/bubble-plugin");
  if (!(await canBundle())) {
    // The prebuilt plugin is the whole plugin; its kit can still be narrowed (writeInstallKit).
    if (options.only !== undefined) {
      throw new ActionChoiceError(
        "build --only needs esbuild (a development dependency), which is not installed here: use " +
          "`bubble-jwt plugin install-kit --only ...` for the by-hand kit of those actions, or build from a clone.",
        "ERR_ONLY_NEEDS_BUNDLER",
      );
    }
    return copyPrebuilt(outDir);
  }
  const plugin = identifyPlugin(options);
  const contents = await renderPlugin({ plugin: choose(plugin, options) });
  // Only what this build owns is replaced; anything else in outDir (a .git folder, say) stays.
  await rm(join(outDir, "actions"), { recursive: true, force: true });
  const files = [...contents.keys()].sort();
  for (const file of files) {
    const path = join(outDir, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, contents.get(file) as string);
  }
  saveLedger(plugin);
  return { outDir, files, addedIds: plugin.added, ledgerPath: plugin.ledgerPath };
}

/**
 * Writes the by-hand install kit (INSTALL.md and INSTALL.html) into outDir (default
 * dist/bubble-plugin): made from a fresh build in memory, or, where esbuild is missing, from the
 * prebuilt plugin shipped in the package.
 */
export async function writeInstallKit(options: BuildPluginOptions = {}): Promise<BuiltPlugin> {
  const outDir = resolve(options.outDir ?? "dist/bubble-plugin");
  const plugin = identifyPlugin(options);
  const chosen = choose(plugin, options);
  const source = (await canBundle())
    ? { files: await renderPlugin({ plugin: chosen }) }
    : await readPrebuiltPlugin();
  const kit = installKitFiles(source.files, catalogOf(chosen));
  await mkdir(outDir, { recursive: true });
  for (const [file, text] of kit) await writeFile(join(outDir, file), text);
  return { outDir, files: [...kit.keys()].sort(), ...("dir" in source ? { prebuilt: source.dir } : {}) };
}

/**
 * Every file of the plugin, by path relative to its folder, made in memory (needs esbuild). The IDs
 * come from `plugin`, or from the ledger (new names get theirs in memory only: buildPlugin records them).
 */
export async function renderPlugin(
  options: PluginIdsOptions & { plugin?: IdentifiedPlugin } = {},
): Promise<Map<string, string>> {
  const root = findPackageRoot();
  const plugin = options.plugin ?? identifyPlugin(options);
  const contents = new Map<string, string>([
    ["README.md", buildReadme(plugin)],
    ["meta_data.json", toBubbleJson(buildMetaData(plugin))],
    ["shared_tech_params.json", toBubbleJson(buildSharedParams(plugin))],
  ]);
  for (const action of plugin.actions) {
    const folder = actionFolder(action.id);
    contents.set(`${folder}/params.json`, toBubbleJson(buildParams(action)));
    contents.set(`${folder}/server.js`, await bundleAction(action, root));
  }
  for (const [file, text] of installKitFiles(contents, catalogOf(plugin))) contents.set(file, text);
  return contents;
}

/** The chosen part of an identified plugin (`options.only`), or all of it. */
function choose(plugin: IdentifiedPlugin, options: { only?: readonly string[] }): IdentifiedPlugin {
  if (options.only === undefined) return plugin;
  return narrowPlugin(plugin, chooseActionKeys(plugin.actions, options.only));
}

/**
 * What the install page's picker knows of each action besides its files: its --only id, its group
 * and the plugin keys it reads.
 */
export function catalogOf(plugin: IdentifiedPlugin): KitCatalog {
  return {
    version: packageVersion(),
    actions: plugin.actions.map((action) => {
      const group = actionGroup(action);
      return {
        id: action.id,
        key: action.key,
        group: group.id,
        groupLabel: group.label,
        keys: keysOfAction(action),
      };
    }),
  };
}

/**
 * INSTALL.md and INSTALL.html, made from the plugin's own files; only the actions of `catalog` (and
 * the keys they read) when it is given.
 */
export function installKitFiles(
  files: ReadonlyMap<string, string>,
  catalog: KitCatalog = catalogOf(identifyPlugin()),
): Map<string, string> {
  const kit = readInstallKit(files, catalog);
  return new Map([
    ["INSTALL.md", renderInstallMarkdown(kit)],
    ["INSTALL.html", renderInstallHtml(kit)],
  ]);
}

function packageVersion(): string {
  const text = readFileSync(join(findPackageRoot(), "package.json"), "utf8");
  return String((JSON.parse(text) as { version?: unknown }).version ?? "unversioned");
}

/** True when esbuild (a development dependency) can be loaded. */
export async function canBundle(): Promise<boolean> {
  try {
    await import("esbuild");
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") return false;
    throw error;
  }
}

/** The prebuilt plugin's files (shipped in the package by prepack), read into memory. */
export async function readPrebuiltPlugin(): Promise<{ dir: string; files: Map<string, string> }> {
  const dir = join(findPackageRoot(), PREBUILT_PLUGIN_DIR);
  if (!existsSync(join(dir, "meta_data.json"))) {
    throw new Error(
      `esbuild is not installed and this package has no prebuilt plugin in ${PREBUILT_PLUGIN_DIR}: ` +
        "install bubble-jwt with its development dependencies, or build it from a clone (npm run build:plugin).",
    );
  }
  const files = new Map<string, string>();
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile())
        files.set(relative(dir, path).split("\\").join("/"), await readFile(path, "utf8"));
    }
  };
  await walk(dir);
  return { dir, files };
}

async function copyPrebuilt(outDir: string): Promise<BuiltPlugin> {
  const { dir, files } = await readPrebuiltPlugin();
  if (resolve(dir) !== outDir) {
    await rm(join(outDir, "actions"), { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    await cp(dir, outDir, { recursive: true });
  }
  return { outDir, files: [...files.keys()].sort(), prebuilt: dir };
}

/**
 * meta_data.json with the keys real synchronised plugins write: `license` is Bubble's "open_source"
 * (the LICENSE file says MIT), `data_tracked` false (the actions send nothing anywhere), no `link`
 * (there is no plugin page yet). `image` and `demo_page` are kept empty: every real file has `image`
 * (an icon URL, set in the editor) and `"demo_page": ""` occurs in real files.
 */
function buildMetaData(plugin: IdentifiedPlugin): Record<string, unknown> {
  return {
    categories: { "0": "technical" },
    data_tracked: false,
    demo_page: "",
    description: PLUGIN_DESCRIPTION,
    image: "",
    license: "open_source",
    name: PLUGIN_NAME,
    plugin_instructions: buildInstructions(plugin.actions),
    sa_node_version: SA_NODE_VERSION,
  };
}

function buildSharedParams(plugin: IdentifiedPlugin): Record<string, unknown> {
  const sharedKeys: Record<string, unknown> = {};
  for (const key of plugin.keys) sharedKeys[key.id] = { caption: key.caption, type: "secure" };
  return { dependencies: { plugin_api_version: "4", use_jquery: false }, shared_keys: sharedKeys };
}

function buildReadme(plugin: IdentifiedPlugin): string {
  return [
    `# ${PLUGIN_NAME}`,
    "",
    "<!-- Generated by bubble-jwt (npm run build:plugin) from src/bubble/: do not edit. -->",
    "",
    PLUGIN_DESCRIPTION,
    "",
    "Synchronise this folder from the Bubble plugin editor (Settings, GitHub). Plugin keys (Shared, secure): " +
      `${plugin.keys.map((key) => key.caption).join(", ")}.`,
    "",
    "## Actions",
    "",
    renderFieldTables(plugin.actions),
    "",
  ].join("\n");
}
