import {
  defineInputs,
  type InputSpec,
  type InputValues,
  type OperationCore,
  readInputs,
} from "../../inputs/index.js";
import { CliError, EXIT_OK, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import type { Command } from "./command-spec.js";
import { checkPositionals } from "./option-values.js";
import { readDataText } from "./read-input.js";

/** The options every recipe command takes besides its inputs. */
export const RECIPE_OPTIONS = defineInputs([
  {
    name: "input",
    caption: "Every input as one JSON object, @FILE, or @- for stdin",
    type: "long-text",
    placeholder: "JSON",
    doc: 'The inputs as one JSON object keyed by input name (`{"team_id": "..."}`), `@inputs.json`, or `@-` for standard input. Flags given beside it win.',
  },
  {
    name: "json",
    caption: "Print every output as one JSON object (dates as ISO 8601)",
    type: "boolean",
    doc: "Print one JSON object holding every output (`token`, `expires_at` as ISO 8601 text or null, the recipe's own outputs, `warnings` as a list) instead of the token alone.",
  },
]);

/** A recipe's command: its inputs as flags, then its options (RECIPE_OPTIONS, and more for an exchange). */
export interface RecipeCommand extends Command {
  readonly recipe: OperationCore;
  /** The options besides the inputs, as `recipe <id> --help` lists them. */
  readonly options: readonly InputSpec[];
  /** The help's last line: what each exit code means for this command. */
  readonly exitCodes: string;
}

/**
 * A provider recipe as a command, in one call: each input becomes a flag (`--client-id`), `--input`
 * takes them all as JSON, a secret left out is read from the environment variable named like its
 * plugin key (`fallbackKey`), and the recipe runs on the io's clock. Prints the token alone (warnings
 * on standard error), or with `--json` every output as one JSON object.
 */
export function recipeCommand(recipe: OperationCore): RecipeCommand {
  const clash = recipe.inputs.find((input) => RECIPE_OPTIONS.some((option) => option.name === input.name));
  if (clash !== undefined)
    throw new Error(`Recipe "${recipe.id}": the input ${clash.name} clashes with an option.`);
  const required = recipe.inputs.some((input) => input.required === true);
  return {
    name: `recipe ${recipe.id}`,
    summary: recipe.summary ?? recipe.display,
    usage: [
      `bubble-jwt recipe ${recipe.id} ${required ? "--<input> VALUE ..." : "[--<input> VALUE ...]"} [--json]`,
      `bubble-jwt recipe ${recipe.id} --input '{"<input>": ...}' [--json]`,
      `bubble-jwt recipe ${recipe.id} --input @inputs.json [--json]`,
    ],
    inputs: [...recipe.inputs, ...RECIPE_OPTIONS],
    recipe,
    options: RECIPE_OPTIONS,
    exitCodes: "Exit codes: 0 the token was made, 2 an input was refused (the message names its flag).",
    async execute(raw, positionals, io) {
      checkPositionals(positionals, 0, `recipe ${recipe.id}`);
      const options = readInputs(RECIPE_OPTIONS, raw);
      const values = await readRecipeValues(recipe, raw, options.input, io);
      const outputs: Record<string, unknown> = { ...(await recipe.run(values, { clock: io.clock })) };
      if (options.json === true || typeof outputs.token !== "string") {
        io.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
        return EXIT_OK;
      }
      const warnings = Array.isArray(outputs.warnings) ? outputs.warnings : [];
      for (const warning of warnings) io.stderr.write(`bubble-jwt: warning: ${String(warning)}\n`);
      io.stdout.write(`${outputs.token}\n`);
      return EXIT_OK;
    },
  };
}

/**
 * A recipe's values from `--input` (JSON, @FILE, @-) and its flags (which win), a secret left out read
 * from the environment variable named like its plugin key. A secret given as a flag is warned about.
 */
export async function readRecipeValues(
  recipe: OperationCore,
  raw: Readonly<Record<string, unknown>>,
  input: string | undefined,
  io: CliIo,
): Promise<InputValues<readonly InputSpec[]>> {
  const given = input === undefined ? {} : await readJsonInput(input, io, recipe);
  const merged: Record<string, unknown> = { ...given };
  for (const spec of recipe.inputs) {
    if (raw[spec.name] === undefined) continue;
    merged[spec.name] = raw[spec.name];
    if (spec.type === "secret") warnSecretFlag(spec, io);
  }
  return readInputs(recipe.inputs, merged, { fallback: (key) => io.env[key] });
}

function warnSecretFlag(input: InputSpec, io: CliIo): void {
  const flag = `--${input.name.replace(/_/g, "-")}`;
  const env = input.fallbackKey === undefined ? "" : `the environment variable ${input.fallbackKey} or `;
  io.stderr.write(
    `bubble-jwt: warning: ${flag} on the command line lands in your shell history and the process list; ` +
      `prefer ${env}--input @FILE.\n`,
  );
}

async function readJsonInput(
  text: string,
  io: CliIo,
  recipe: OperationCore,
): Promise<Record<string, unknown>> {
  const source = await readDataText(text, io, "input");
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    // JSON.parse's message quotes the text, which may hold a secret: give the position only.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    const where = position === undefined ? "" : ` (near character ${position})`;
    throw new CliError("ERR_JSON_INVALID", `--input is not valid JSON${where}.`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new CliError("ERR_JSON_INVALID", '--input must be a JSON object ({"name": value, ...}).');
  }
  const names = recipe.inputs.map((input) => input.name);
  for (const name of Object.keys(parsed)) {
    if (!names.includes(name)) {
      const shown = /^[A-Za-z0-9_-]{1,40}$/.test(name) ? `"${name}"` : "a member";
      throw usageError(`--input: ${shown} is not an input of ${recipe.id}. Its inputs: ${names.join(", ")}.`);
    }
  }
  return parsed as Record<string, unknown>;
}
