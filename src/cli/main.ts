import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isJwtError, JwtError } from "../jwt/index.js";
import { decodeCommand } from "./commands/decode.js";
import { encodeCommand } from "./commands/encode.js";
import { keygenCommand } from "./commands/keygen.js";
import { pluginCommand } from "./commands/plugin.js";
import { serveCommand } from "./commands/serve.js";
import { verifyCommand } from "./commands/verify.js";
import { CliError, EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, isExpectedError, usageError } from "./errors.js";
import { type CliIo, processIo } from "./io.js";
import type { CommandSpec, OptionSpec, ParsedValues } from "./lib/command-spec.js";

/** Every command; `bubble-jwt --help` lists them in this order. */
const COMMANDS: readonly CommandSpec<unknown>[] = [
  encodeCommand,
  decodeCommand,
  verifyCommand,
  keygenCommand,
  serveCommand,
  pluginCommand,
];

const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", description: "Show this help." },
  debug: { type: "boolean", description: "Show the stack trace of unexpected errors." },
};

/**
 * The command line: the only place that reads argv and builds --help. Returns the exit code
 * (0 ok, 1 the token was refused, 2 usage or input error); only the bin sets it on the process.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportError(error, debug, io);
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
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
  const command = findCommand(first);
  const { values, positionals } = parseCommandArgs(command, rest);
  if (values.help === true) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  try {
    return await command.run(command.toOptions(values, positionals), io);
  } catch (error) {
    throw inFlagTerms(error, command);
  }
}

/** An engine error about one of its options is told with the flag that sets it (`--exp`, not expiresInMinutes). */
function inFlagTerms(error: unknown, command: CommandSpec<unknown>): unknown {
  if (!isJwtError(error) || error.option === undefined || !error.message.startsWith(error.option))
    return error;
  const option = error.option;
  const flag = Object.entries(command.options).find(([, spec]) => spec.engineOption === option)?.[0];
  if (flag === undefined) return error;
  return new JwtError(error.code, `--${flag}${error.message.slice(option.length)}`, { option });
}

function findCommand(name: string): CommandSpec<unknown> {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  // Echo the word only when it looks like a command name: it could be a token pasted in the wrong place.
  const shown = /^[a-z][a-z-]{0,19}$/i.test(name) ? `"${name}"` : "the first argument";
  throw usageError(`${shown} is not a command. Commands: ${COMMANDS.map((c) => c.name).join(", ")}.`);
}

function parseCommandArgs(
  command: CommandSpec<unknown>,
  args: readonly string[],
): { values: ParsedValues; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries({ ...command.options, ...GLOBAL_OPTIONS }).map(([name, spec]) => [
      name,
      { type: spec.type, multiple: spec.multiple === true, ...(name === "help" ? { short: "h" } : {}) },
    ]),
  );
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

function reportError(error: unknown, debug: boolean, io: CliIo): number {
  if (isExpectedError(error)) {
    io.stderr.write(`bubble-jwt: ${error.message} (${error.code})\n`);
    if (debug && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : EXIT_USAGE;
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

function commandHelp(command: CommandSpec<unknown>): string {
  const entries = Object.entries({ ...command.options, ...GLOBAL_OPTIONS }).map(([name, spec]) => {
    const flag = `${name === "help" ? "-h, " : "    "}--${name}${spec.value === undefined ? "" : ` ${spec.value}`}`;
    return [flag, spec.description] as const;
  });
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
