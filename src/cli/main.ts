import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { flagName, type InputSpec, inputDoc, placeholderOf } from "../inputs/index.js";
import { isJwtError } from "../jwt/index.js";
import { decodeCommand } from "./commands/decode.js";
import { decryptCommand } from "./commands/decrypt.js";
import { encodeCommand } from "./commands/encode.js";
import { encryptCommand } from "./commands/encrypt.js";
import { keygenCommand } from "./commands/keygen.js";
import { pluginCommand } from "./commands/plugin.js";
import { findRecipeCommand, RECIPE_COMMANDS, recipeListCommand } from "./commands/recipe.js";
import { serveCommand } from "./commands/serve.js";
import { verifyCommand } from "./commands/verify.js";
import {
  CLI_EXIT_CODES,
  CliError,
  describeForCli,
  EXIT_CHECK_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  isExpectedError,
  usageError,
} from "./errors.js";
import { type CliIo, processIo } from "./io.js";
import type { Command } from "./lib/command-spec.js";
import { ENDPOINT_OPTIONS } from "./lib/exchange-command.js";
import type { FlagTable } from "./lib/flag-table.js";
import { KEY_INPUTS } from "./lib/key-options.js";
import type { RecipeCommand } from "./lib/recipe-command.js";

/** Every command; `bubble-jwt --help` lists them in this order, and docs/cli.md's tables follow it. */
export const COMMANDS: readonly Command[] = [
  encodeCommand,
  decodeCommand,
  verifyCommand,
  encryptCommand,
  decryptCommand,
  keygenCommand,
  serveCommand,
  pluginCommand,
  recipeListCommand,
];

/** Flags every command takes, besides its inputs. */
const GLOBAL_FLAGS: readonly { name: string; description: string }[] = [
  { name: "help", description: "Show this help." },
  { name: "debug", description: "Show the stack trace of unexpected errors." },
];

type ParsedValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/**
 * The command line: the only place that reads argv and builds --help. Returns the exit code
 * (0 ok, 1 the token was refused, 2 usage or input error); only the bin sets it on the process.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes("--debug");
  const state: { command?: Command } = {};
  try {
    return await dispatch(argv, io, state);
  } catch (error) {
    return reportError(error, debug, io, state.command);
  }
}

async function dispatch(argv: readonly string[], io: CliIo, state: { command?: Command }): Promise<number> {
  const [first, ...rest] = argv.filter((arg) => arg !== "--debug");
  if (first === undefined) {
    io.stderr.write(topHelp());
    return EXIT_USAGE;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const command = rest[0] === undefined ? undefined : findCommand(rest[0]);
    io.stdout.write(command === undefined ? topHelp() : commandHelp(command));
    return EXIT_OK;
  }
  if (first === "--version" || first === "-v") {
    io.stdout.write(`${readVersion()}\n`);
    return EXIT_OK;
  }
  // `recipe <id>`: the recipe's own command, whose flags are its inputs.
  const recipeId = first === "recipe" ? rest[0] : undefined;
  if (recipeId !== undefined && recipeId !== "list" && !recipeId.startsWith("-")) {
    const recipe = findRecipeCommand(recipeId);
    state.command = recipe;
    const { values, positionals } = parseCommandArgs(recipe, rest.slice(1));
    if (values.help === true) {
      io.stdout.write(recipeHelp(recipe));
      return EXIT_OK;
    }
    return recipe.execute(rawInputs(recipe.inputs, values), positionals, io);
  }
  const command = findCommand(first);
  state.command = command;
  const { values, positionals } = parseCommandArgs(command, rest);
  if (values.help === true) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  return command.execute(rawInputs(command.inputs, values), positionals, io);
}

/** The parsed flags keyed by input name, as readInputs reads them. */
function rawInputs(inputs: readonly InputSpec[], values: ParsedValues): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const input of inputs) {
    const value = values[flagName(input)];
    // A secret typed as an empty value is a mistake, never "use the environment instead".
    if (input.type === "secret" && typeof value === "string" && value.trim() === "") {
      throw new CliError("ERR_INPUT_MISSING", `--${flagName(input)} is empty.`);
    }
    raw[input.name] = value;
  }
  return raw;
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  // Echo the word only when it looks like a command name: it could be a token pasted in the wrong place.
  const shown = /^[a-z][a-z-]{0,19}$/i.test(name) ? `"${name}"` : "the first argument";
  throw usageError(`${shown} is not a command. Commands: ${COMMANDS.map((c) => c.name).join(", ")}.`);
}

function parseCommandArgs(
  command: Command,
  args: readonly string[],
): { values: ParsedValues; positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean"; multiple: boolean; short?: string }> = {};
  for (const input of command.inputs) {
    options[flagName(input)] = {
      type: input.type === "boolean" ? "boolean" : "string",
      multiple: input.type === "list",
    };
  }
  options.help = { type: "boolean", multiple: false, short: "h" };
  options.debug = { type: "boolean", multiple: false };
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw toUsageError(error, command.name);
  }
}

/** parseArgs's own messages are long and could quote a value; these name only the option. */
function toUsageError(error: unknown, commandName: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS")) return error;
  const message = (error as Error).message;
  const option = /'(--?[A-Za-z0-9-]+)/.exec(message)?.[1] ?? "an option";
  const see = `See bubble-jwt ${commandName} --help.`;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return usageError(`${option} is not an option of "${commandName}". ${see}`);
  }
  if (/does not take an argument/.test(message)) return usageError(`${option} takes no value. ${see}`);
  return usageError(`${option} needs a value (for a value starting with "-", write ${option}=VALUE). ${see}`);
}

function reportError(error: unknown, debug: boolean, io: CliIo, command: Command | undefined): number {
  if (isExpectedError(error)) {
    const message = isJwtError(error) ? describeForCli(error, command?.inputs) : error.message;
    io.stderr.write(`bubble-jwt: ${message} (${error.code})\n`);
    if (debug) io.stderr.write(`${error.stack}\n`);
    return isJwtError(error) ? CLI_EXIT_CODES[error.code] : error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`bubble-jwt: unexpected error: ${message}\n`);
  if (debug) io.stderr.write(`${error instanceof Error ? error.stack : ""}\n`);
  else io.stderr.write("bubble-jwt: run again with --debug to see where it happened.\n");
  return EXIT_CHECK_FAILED;
}

function readVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;
  return [
    `bubble-jwt ${readVersion()}: make, read and check JSON Web Tokens.`,
    "",
    "Usage: bubble-jwt <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    "",
    "Options: --help (also after a command), --version, --debug.",
    "Exit codes: 0 ok, 1 the token was refused (verify, decode), 2 usage or input error.",
    "Run `bubble-jwt <command> --help` for a command's options.",
    "",
  ].join("\n");
}

function commandHelp(command: Command): string {
  const entries = [
    ...command.inputs.map((input) => [`    ${flagSyntax(input)}`, helpText(input)] as const),
    ...GLOBAL_FLAGS.map(
      (flag) => [`${flag.name === "help" ? "-h, " : "    "}--${flag.name}`, flag.description] as const,
    ),
  ];
  const width = Math.max(...entries.map(([flag]) => flag.length)) + 2;
  const lines = [
    `bubble-jwt ${command.name}: ${command.summary}`,
    "",
    "Usage:",
    ...command.usage.map((line) => `  ${line}`),
    "",
  ];
  if (command.details !== undefined) lines.push(...command.details, "");
  lines.push("Options:", ...entries.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`));
  if (command.examples !== undefined) {
    lines.push("", "Examples:", ...command.examples.map((line) => `  ${line}`));
  }
  return `${lines.join("\n")}\n`;
}

/** `recipe <id> --help`: each input's flag, type, whether required, default, environment variable and doc. */
function recipeHelp(command: RecipeCommand): string {
  const { recipe } = command;
  const lines = [
    `bubble-jwt recipe ${recipe.id}: ${recipe.display}`,
    "",
    recipe.summary ?? recipe.display,
    "",
    "Usage:",
    ...command.usage.map((line) => `  ${line}`),
    "",
    "Inputs:",
  ];
  for (const input of recipe.inputs) {
    lines.push(`  ${flagSyntax(input)}`, `      ${inputFacts(input)}`, `      ${inputDoc(input)}`);
  }
  lines.push("", "Options:");
  for (const option of command.options) lines.push(`  ${flagSyntax(option)}`, `      ${option.doc}`);
  lines.push("  -h, --help", "      Show this help.", "", "Outputs (--json):");
  for (const output of recipe.outputs) {
    const type = output.type === "date" ? "date, ISO 8601 or null" : output.type;
    lines.push(`  ${output.name} (${type}): ${output.doc}`);
  }
  lines.push("", command.exitCodes);
  return `${lines.join("\n")}\n`;
}

/** An input's type, whether it is required, its default and, for a secret, its environment variable. */
export function inputFacts(input: InputSpec): string {
  const type =
    input.type === "choice"
      ? `one of ${(input.options ?? []).join(", ")}`
      : input.type === "boolean"
        ? "switch (false in --input JSON to turn it off)"
        : input.type === "list"
          ? "list (comma-separated, or the flag repeated)"
          : input.type;
  const facts = [type, input.required === true ? "required" : "optional"];
  if (input.default !== undefined) facts.push(`default ${String(input.default)}`);
  if (input.fallbackKey !== undefined) facts.push(`environment variable ${input.fallbackKey}`);
  return `${facts.join("; ")}.`;
}

/** `--exp MINUTES`: the flag and what its value is called. */
export function flagSyntax(input: InputSpec): string {
  const placeholder = placeholderOf(input);
  return `--${flagName(input)}${placeholder === undefined ? "" : ` ${placeholder}`}`;
}

/** A flag's help line: its caption, its default, whether it repeats. */
export function helpText(input: InputSpec): string {
  const parts = [input.caption];
  if (input.default !== undefined) parts.push(`(default ${String(input.default)})`);
  return `${parts.join(" ")}.`;
}

/** The flag tables of docs/cli.md, generated from the commands' inputs (a test keeps them current). */
export function docsFlagTables(): FlagTable[] {
  const keyRow = ["key options", "See [Keys](#keys)."] as const;
  return [
    { name: "keys", inputs: KEY_INPUTS },
    ...COMMANDS.map((command) => ({
      name: command.name,
      inputs: command.inputs,
      ...(command.inputs.some((input) => input.name === "key_file")
        ? { elsewhere: { inputs: KEY_INPUTS, row: keyRow } }
        : {}),
    })),
    { name: "recipe-exchange-options", inputs: ENDPOINT_OPTIONS },
    ...RECIPE_COMMANDS.map((command) => ({
      name: `recipe-${command.recipe.id}`,
      inputs: command.recipe.inputs,
      facts: inputFacts,
    })),
  ];
}
