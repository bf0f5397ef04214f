import { relative } from "node:path";
import { CliError, EXIT_CHECK_FAILED, EXIT_OK, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import type { CommandSpec, ParsedValues } from "../lib/command-spec.js";
import { stringValue } from "../lib/option-values.js";
import { readDataText } from "../lib/read-input.js";

export type PluginOptions =
  | { subcommand: "build"; outDir?: string | undefined }
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
  | { subcommand: "docs" };

const DEFAULT_PLUGIN_DIR = "dist/bubble-plugin";

/** Builds the Bubble plugin, runs one of its built actions the way Bubble does, or prints its field tables. */
export async function runPlugin(options: PluginOptions, io: CliIo): Promise<number> {
  // The plugin module loads esbuild; only this command pays for it.
  const bubble = await import("../../bubble/index.js");
  switch (options.subcommand) {
    case "build": {
      const built = await bubble.buildPlugin(options.outDir === undefined ? {} : { outDir: options.outDir });
      const nearby = relative(process.cwd(), built.outDir);
      const shown = nearby === "" ? "." : nearby.startsWith("..") ? built.outDir : nearby;
      io.stdout.write(
        `Wrote ${built.files.length} files to ${shown}:\n${built.files.map((f) => `  ${f}\n`).join("")}`,
      );
      return EXIT_OK;
    }
    case "docs":
      io.stdout.write(`${bubble.renderFieldTables(bubble.ACTIONS)}\n`);
      return EXIT_OK;
    case "run":
      return runAction(options, io, bubble.runPluginAction);
  }
}

type RunPluginAction = typeof import("../../bubble/index.js").runPluginAction;

async function runAction(
  options: Extract<PluginOptions, { subcommand: "run" }>,
  io: CliIo,
  runPluginAction: RunPluginAction,
): Promise<number> {
  const input = parseJsonObject(await readDataText(options.input ?? "{}", io, "input"), "--input");
  const keys = await readKeys(options.keys, io);
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

const KEY_NAMES = ["JWT_SECRET", "JWT_SECRET_PREVIOUS", "JWT_PRIVATE_KEY"] as const;

async function readKeys(keys: string | undefined, io: CliIo): Promise<Record<string, string>> {
  if (keys === undefined) {
    const fromEnv: Record<string, string> = {};
    for (const name of KEY_NAMES) {
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

const SUBCOMMANDS = ["build", "run", "docs"] as const;

function onlyFor(values: ParsedValues, subcommand: string, allowed: readonly string[]): void {
  for (const name of ["out", "input", "keys", "plugin-dir"]) {
    if (values[name] !== undefined && !allowed.includes(name)) {
      throw usageError(`--${name} is not an option of "plugin ${subcommand}". See bubble-jwt plugin --help.`);
    }
  }
}

export const pluginCommand: CommandSpec<PluginOptions> = {
  name: "plugin",
  summary: "Build the Bubble plugin, run one of its actions locally, or print its field tables.",
  usage: [
    "bubble-jwt plugin build [--out DIR]",
    'bubble-jwt plugin run "Encode JWT" --input \'{"json_data": "..."}\' [--keys @keys.json]',
    "bubble-jwt plugin docs",
  ],
  details: [
    "build: writes Bubble's GitHub-sync layout (default dist/bubble-plugin).",
    "run: runs a built action the way Bubble does and prints its returned values as JSON;",
    "  exits 1 when it returns ok = no or valid = no. Keys default to the environment variables",
    "  JWT_SECRET, JWT_SECRET_PREVIOUS and JWT_PRIVATE_KEY.",
    "docs: prints every action's fields and returned values as Markdown tables.",
  ],
  options: {
    out: {
      type: "string",
      value: "DIR",
      description: "build: the folder to write (default dist/bubble-plugin).",
    },
    input: { type: "string", value: "JSON", description: "run: the fields by name, as JSON, @FILE or @-." },
    keys: { type: "string", value: "JSON", description: "run: the plugin keys as JSON or @FILE." },
    "plugin-dir": {
      type: "string",
      value: "DIR",
      description: "run: the built plugin (default dist/bubble-plugin).",
    },
  },
  examples: [
    "bubble-jwt plugin build",
    `JWT_SECRET=... bubble-jwt plugin run "Encode JWT" --input '{"json_data": "{\\"user_id\\": \\"42\\"}", "expiration": 60}'`,
  ],
  toOptions(values, positionals) {
    const [subcommand, ...rest] = positionals;
    const known = SUBCOMMANDS.find((name) => name === subcommand);
    if (known === undefined) {
      throw usageError(
        `"plugin" needs a subcommand: ${SUBCOMMANDS.join(", ")}. See bubble-jwt plugin --help.`,
      );
    }
    if (known === "run") {
      onlyFor(values, known, ["input", "keys", "plugin-dir"]);
      if (rest.length !== 1) {
        throw usageError(
          '"plugin run" takes one action name, such as "Encode JWT". See bubble-jwt plugin --help.',
        );
      }
      return {
        subcommand: known,
        action: rest[0] as string,
        input: stringValue(values, "input"),
        keys: stringValue(values, "keys"),
        pluginDir: stringValue(values, "plugin-dir"),
      };
    }
    if (rest.length > 0)
      throw usageError(`"plugin ${known}" takes no other argument. See bubble-jwt plugin --help.`);
    if (known === "build") {
      onlyFor(values, known, ["out"]);
      return { subcommand: known, outDir: stringValue(values, "out") };
    }
    onlyFor(values, known, []);
    return { subcommand: known };
  },
  run: runPlugin,
};
