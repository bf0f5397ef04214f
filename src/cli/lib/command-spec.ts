import type { CliIo } from "../io.js";

/** One option of a command, as main.ts gives it to node:util parseArgs and prints it in --help. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** The option may be repeated; its values come as a list. */
  multiple?: boolean;
  /** The placeholder shown in --help, such as FILE or MINUTES. */
  value?: string;
  description: string;
  /** The engine option it sets, so an engine error about that option names this flag instead. */
  engineOption?: string;
}

/** The values parseArgs produced for one command. */
export type ParsedValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/**
 * A command of the command line: its help text and options as data, the conversion of parsed
 * values into its typed options (throwing usage errors), and the command itself.
 */
export interface CommandSpec<Options> {
  name: string;
  summary: string;
  usage: readonly string[];
  details?: readonly string[];
  options: Readonly<Record<string, OptionSpec>>;
  examples?: readonly string[];
  toOptions(values: ParsedValues, positionals: readonly string[]): Options;
  run(options: Options, io: CliIo): Promise<number>;
}
