import { type InputSpec, type InputValues, readInputs } from "../../inputs/index.js";
import type { CliIo } from "../io.js";

/**
 * A command of the command line, declared as data: its inputs (src/spec; each becomes the flag
 * `--<name in kebab-case>`, its help line and its row in docs/cli.md), the conversion of the read
 * values into its typed options, and the command itself.
 */
export interface CommandSpec<Inputs extends readonly InputSpec[], Options> {
  name: string;
  summary: string;
  usage: readonly string[];
  details?: readonly string[];
  inputs: Inputs;
  examples?: readonly string[];
  /** The options from the values read against `inputs` (converted, checked) and the arguments. */
  toOptions(values: InputValues<Inputs>, positionals: readonly string[]): Options;
  run(options: Options, io: CliIo): Promise<number>;
}

/** A command as main.ts runs it: raw flag values in, exit code out. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: readonly string[];
  readonly details?: readonly string[];
  readonly inputs: readonly InputSpec[];
  readonly examples?: readonly string[];
  /** Reads the raw values (keyed by input name) against the inputs, then runs the command. */
  execute(raw: Readonly<Record<string, unknown>>, positionals: readonly string[], io: CliIo): Promise<number>;
}

/** Declares a command; its values are typed by its inputs, so a misspelt input name does not compile. */
export function defineCommand<const Inputs extends readonly InputSpec[], Options>(
  spec: CommandSpec<Inputs, Options>,
): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    ...(spec.details === undefined ? {} : { details: spec.details }),
    inputs: spec.inputs,
    ...(spec.examples === undefined ? {} : { examples: spec.examples }),
    async execute(raw, positionals, io) {
      const options = spec.toOptions(readInputs(spec.inputs, raw), positionals);
      return spec.run(options, io);
    },
  };
}
