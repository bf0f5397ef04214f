import { relative } from "node:path";
import { defineInputs, flagName, type InputValues } from "../../inputs/index.js";
import { CliError, EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { defineCommand } from "../lib/command-spec.js";
import { readDataText } from "../lib/read-input.js";

export type PluginOptions =
  | {
      subcommand: "build" | "install-kit";
      outDir?: string | undefined;
      /** build: fail when the ID ledger lacks an entry instead of recording it (CI). */
      check?: boolean | undefined;
      /** Only these actions (action ids or groups) and the plugin keys they read. */
      only?: readonly string[] | undefined;
    }
  | {
      subcommand: "run";
      /** The action's display name ("Encode JWT") or ID. */
      action: string;
      /** Field values as JSON text, `@file` or `@-`. */
      input?: string | undefined;
      /** Plugin keys as JSON text or `@file`; by default, from the environment variables of the same names. */
      keys?: string | undefined;
      pluginDir?: string | undefined;
    }
  | {
      subcommand: "docs";
      /** Refresh the generated tables of this Markdown file instead of printing them. */
      update?: string | undefined;
    };

const DEFAULT_PLUGIN_DIR = "dist/bubble-plugin";

/** Builds the Bubble plugin, runs one of its built actions the way Bubble does, or prints its field tables. */
export async function runPlugin(options: PluginOptions, io: CliIo): Promise<number> {
  // The plugin module loads esbuild; only this command pays for it.
  const bubble = await import("../../bubble/index.js");
  try {
    return await runPluginCommand(options, io, bubble);
  } catch (error) {
    // A ledger problem is the contributor's to fix: one line with its code, never a stack.
    if (error instanceof bubble.IdLedgerError) {
      throw new CliError(
        error.code,
        error.message,
        error.code === "ERR_ID_MISSING" ? EXIT_CHECK_FAILED : EXIT_USAGE,
      );
    }
    if (error instanceof bubble.ActionChoiceError) throw new CliError(error.code, error.message, EXIT_USAGE);
    throw error;
  }
}

async function runPluginCommand(
  options: PluginOptions,
  io: CliIo,
  bubble: typeof import("../../bubble/index.js"),
): Promise<number> {
  switch (options.subcommand) {
    case "build":
    case "install-kit": {
      const out = {
        ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
        ...(options.only === undefined ? {} : { only: options.only }),
      };
      const built =
        options.subcommand === "build"
          ? await bubble.buildPlugin({ ...out, check: options.check === true })
          : await bubble.writeInstallKit(out);
      const nearby = relative(process.cwd(), built.outDir);
      const shown = nearby === "" ? "." : nearby.startsWith("..") ? built.outDir : nearby;
      if (built.prebuilt !== undefined) {
        io.stderr.write(
          "bubble-jwt: esbuild is not installed here, so the plugin prebuilt in this package was used " +
            `(${built.prebuilt}).\n`,
        );
      }
      io.stdout.write(
        `Wrote ${built.files.length} files to ${shown}:\n${built.files.map((f) => `  ${f}\n`).join("")}`,
      );
      const added = built.addedIds ?? [];
      if (added.length > 0 && built.ledgerPath !== undefined) {
        io.stdout.write(
          `Recorded ${added.length} new ID${added.length === 1 ? "" : "s"} in ${relative(process.cwd(), built.ledgerPath)} ` +
            `(commit it):\n${added.map((entry) => `  ${entry}\n`).join("")}`,
        );
      }
      return EXIT_OK;
    }
    case "docs":
      if (options.update !== undefined) {
        const changed = await bubble.updateDocsFieldTables(options.update);
        io.stdout.write(
          changed ? `Updated the tables in ${options.update}\n` : `${options.update} is current\n`,
        );
        return EXIT_OK;
      }
      io.stdout.write(`${bubble.renderFieldTables(bubble.identifyPlugin().actions)}\n`);
      return EXIT_OK;
    case "run":
      return runAction(
        options,
        io,
        bubble.runPluginAction,
        bubble.pluginKeys().map((key) => key.caption),
      );
  }
}

type RunPluginAction = typeof import("../../bubble/index.js").runPluginAction;

async function runAction(
  options: Extract<PluginOptions, { subcommand: "run" }>,
  io: CliIo,
  runPluginAction: RunPluginAction,
  keyNames: readonly string[],
): Promise<number> {
  const input = parseJsonObject(await readDataText(options.input ?? "{}", io, "input"), "--input");
  const keys = await readKeys(options.keys, io, keyNames);
  const pluginDir = options.pluginDir ?? DEFAULT_PLUGIN_DIR;
  let result: Record<string, unknown>;
  try {
    result = await runPluginAction({ pluginDir, action: options.action, input, keys });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CliError(
        "ERR_FILE_UNREADABLE",
        `No built plugin in "${pluginDir}": run bubble-jwt plugin build first, or pass --plugin-dir DIR.`,
      );
    }
    // The runtime's and the actions' messages are written for people and hold no secret.
    throw new CliError("ERR_PLUGIN_ACTION", error instanceof Error ? error.message : String(error));
  }
  io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  // Like verify: a check that failed (ok = no, valid = no) exits 1, so scripts can test it.
  return result.ok === false || result.valid === false ? EXIT_CHECK_FAILED : EXIT_OK;
}

/** Without --keys, every plugin key is read from the environment variable of the same name. */
async function readKeys(
  keys: string | undefined,
  io: CliIo,
  keyNames: readonly string[],
): Promise<Record<string, string>> {
  if (keys === undefined) {
    const fromEnv: Record<string, string> = {};
    for (const name of keyNames) {
      const value = io.env[name];
      if (value !== undefined && value !== "") fromEnv[name] = value;
    }
    return fromEnv;
  }
  if (!keys.startsWith("@")) {
    io.stderr.write(
      "bubble-jwt: warning: --keys on the command line puts the secrets in your shell history; " +
        "prefer --keys @FILE, or leave --keys out to read JWT_SECRET, JWT_SECRET_PREVIOUS and JWT_PRIVATE_KEY " +
        "from the environment.\n",
    );
  }
  const parsed = parseJsonObject(await readDataText(keys, io, "keys"), "--keys");
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== "string") throw usageError(`--keys: the value of "${name}" must be a text.`);
  }
  return parsed as Record<string, string>;
}

function parseJsonObject(text: string, option: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text, which may hold a secret: give the position only.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    const where = position === undefined ? "" : ` (near character ${position})`;
    throw new CliError("ERR_JSON_INVALID", `${option} is not valid JSON${where}.`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new CliError("ERR_JSON_INVALID", `${option} must be a JSON object ({"name": value, ...}).`);
  }
  return parsed as Record<string, unknown>;
}

const SUBCOMMANDS = ["build", "install-kit", "run", "docs"] as const;

export const PLUGIN_INPUTS = defineInputs([
  {
    name: "out",
    caption: `build, install-kit: the folder to write (default ${DEFAULT_PLUGIN_DIR})`,
    type: "text",
    placeholder: "DIR",
    doc: `\`build\`, \`install-kit\`: the folder to write (default \`${DEFAULT_PLUGIN_DIR}\`).`,
  },
  {
    name: "check",
    caption: "build: fail when the ID ledger lacks an entry (CI)",
    type: "boolean",
    doc: "`build`: fail (exit 1) when src/bubble/ids.json lacks the ID of an action, field, return value or plugin key, instead of recording it; for CI.",
  },
  {
    name: "only",
    caption: "build, install-kit: only these actions (ids or groups, separated by commas)",
    type: "list",
    placeholder: "ID,...",
    doc: "`build`, `install-kit`: only these actions, with only the plugin keys they read: action ids (`encode-jwt`, `decode-jwt`, `verify-jwt`, `generate-key`, and each operation id of `bubble-jwt recipe list`) or groups (`core`, `sign-in`, a provider such as `apple` or `zoom`), separated by commas. Their IDs and code are those of the full plugin.",
  },
  {
    name: "input",
    caption: "run: the fields by name, as JSON, @FILE or @-",
    type: "long-text",
    placeholder: "JSON",
    doc: "`run`: the action's fields by name, as JSON text, `@FILE` or `@-`.",
  },
  {
    name: "keys",
    caption: "run: the plugin keys as JSON or @FILE",
    type: "long-text",
    placeholder: "JSON",
    doc: "`run`: the plugin keys as JSON or `@FILE`; by default the environment variables JWT_SECRET, JWT_SECRET_PREVIOUS and JWT_PRIVATE_KEY.",
  },
  {
    name: "plugin_dir",
    caption: `run: the built plugin (default ${DEFAULT_PLUGIN_DIR})`,
    type: "text",
    placeholder: "DIR",
    doc: `\`run\`: the built plugin (default \`${DEFAULT_PLUGIN_DIR}\`).`,
  },
  {
    name: "update",
    caption: "docs: refresh the generated tables of this Markdown file",
    type: "text",
    placeholder: "FILE",
    doc: "`docs`: refresh the generated tables of this Markdown file (docs/bubble.md) instead of printing them.",
  },
]);

type PluginValues = InputValues<typeof PLUGIN_INPUTS>;

function onlyFor(values: PluginValues, subcommand: string, allowed: readonly (keyof PluginValues)[]): void {
  for (const name of ["out", "check", "only", "input", "keys", "plugin_dir", "update"] as const) {
    if (values[name] !== undefined && !allowed.includes(name)) {
      throw usageError(
        `--${flagName({ name })} is not an option of "plugin ${subcommand}". See bubble-jwt plugin --help.`,
      );
    }
  }
}

export const pluginCommand = defineCommand({
  name: "plugin",
  summary:
    "Build the Bubble plugin or its install kit, run one of its actions locally, or print its field tables.",
  usage: [
    "bubble-jwt plugin build [--out DIR] [--check] [--only ID,...]",
    "bubble-jwt plugin install-kit [--out DIR] [--only ID,...]",
    'bubble-jwt plugin run "Encode JWT" --input \'{"json_data": "..."}\' [--keys @keys.json]',
    "bubble-jwt plugin docs [--update FILE]",
  ],
  details: [
    "build: writes Bubble's GitHub-sync layout (default dist/bubble-plugin) with INSTALL.md and",
    "  INSTALL.html; without esbuild (an installed package) it copies the plugin prebuilt in the package.",
    "  IDs come from src/bubble/ids.json by name; new names get the next free ID, recorded there (commit it).",
    "  --check fails instead when the ledger lacks an ID (CI).",
    "install-kit: writes only INSTALL.md and INSTALL.html, the by-hand install steps.",
    "--only: build or describe only these actions (action ids, or groups: core, sign-in, a provider",
    "  such as apple), with only the plugin keys they read; IDs and code stay those of the full plugin.",
    "run: runs a built action the way Bubble does and prints its returned values as JSON;",
    "  exits 1 when it returns ok = no or valid = no. Keys default to the environment variables",
    "  JWT_SECRET, JWT_SECRET_PREVIOUS and JWT_PRIVATE_KEY.",
    "docs: prints every action's fields and returned values as Markdown tables.",
  ],
  inputs: PLUGIN_INPUTS,
  examples: [
    "bubble-jwt plugin build",
    "bubble-jwt plugin install-kit --only apple-client-secret,encode-jwt",
    `JWT_SECRET=... bubble-jwt plugin run "Encode JWT" --input '{"json_data": "{\\"user_id\\": \\"42\\"}", "expiration": 60}'`,
    "bubble-jwt plugin docs --update docs/bubble.md",
  ],
  toOptions(values, positionals): PluginOptions {
    const [subcommand, ...rest] = positionals;
    const known = SUBCOMMANDS.find((name) => name === subcommand);
    if (known === undefined) {
      throw usageError(
        `"plugin" needs a subcommand: ${SUBCOMMANDS.join(", ")}. See bubble-jwt plugin --help.`,
      );
    }
    if (known === "run") {
      onlyFor(values, known, ["input", "keys", "plugin_dir"]);
      if (rest.length !== 1) {
        throw usageError(
          '"plugin run" takes one action name, such as "Encode JWT". See bubble-jwt plugin --help.',
        );
      }
      return {
        subcommand: known,
        action: rest[0] as string,
        input: values.input,
        keys: values.keys,
        pluginDir: values.plugin_dir,
      };
    }
    if (rest.length > 0)
      throw usageError(`"plugin ${known}" takes no other argument. See bubble-jwt plugin --help.`);
    if (known === "build") {
      onlyFor(values, known, ["out", "check", "only"]);
      return { subcommand: known, outDir: values.out, check: values.check, only: values.only };
    }
    if (known === "install-kit") {
      onlyFor(values, known, ["out", "only"]);
      return { subcommand: known, outDir: values.out, only: values.only };
    }
    onlyFor(values, known, ["update"]);
    return { subcommand: known, update: values.update };
  },
  run: runPlugin,
});
