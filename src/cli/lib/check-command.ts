import { defineInputs, type OperationCore, type OutputValues, readInputs } from "../../inputs/index.js";
import { EXIT_CHECK_FAILED, EXIT_OK } from "../errors.js";
import { ENDPOINT_OPTIONS, readEndpointOptions } from "./exchange-command.js";
import { checkPositionals } from "./option-values.js";
import { RECIPE_OPTIONS, type RecipeCommand, readRecipeValues } from "./recipe-command.js";

/** The options of a check's command: --input and --json as the recipes', then --endpoint and --ca-file. */
export const CHECK_OPTIONS = defineInputs([
  ...RECIPE_OPTIONS.map((option) =>
    option.name === "json"
      ? {
          ...option,
          doc: "Print one JSON object holding every output (dates as ISO 8601 text, null when empty), the refused ones included, instead of one line per output that has a value.",
        }
      : option,
  ),
  ...ENDPOINT_OPTIONS,
]);

/** The operation as the check command reads it: a sign-in check, or a check of a token with its key. */
export interface CheckOperation extends OperationCore {
  readonly endpoints?: Readonly<Record<string, string>>;
}

/**
 * A check of a token another party signed (a sign-in check, a signed notification, a session token)
 * as `bubble-jwt recipe <id>`: its inputs as flags (or `--input` JSON), a secret left out read from the
 * environment variable named like its plugin key, `--endpoint` and `--ca-file`. Prints each output
 * that has a value, one `name: value` line each, or with `--json` every output. A refused token is
 * its reason on standard error with its code, exit 1; a wrong input exit 2.
 */
export function checkCommand(check: CheckOperation): RecipeCommand {
  const endpoints = check.endpoints ?? {};
  const names = Object.keys(endpoints);
  return {
    name: `recipe ${check.id}`,
    summary: check.summary,
    usage: [
      `bubble-jwt recipe ${check.id} --<input> VALUE ...${names.length === 0 ? "" : " [--endpoint NAME=URL ...]"} [--ca-file FILE] [--json]`,
      `bubble-jwt recipe ${check.id} --input @inputs.json [--json]`,
    ],
    inputs: [...check.inputs, ...CHECK_OPTIONS],
    recipe: check,
    options: CHECK_OPTIONS,
    exitCodes: `Exit codes: 0 the token was accepted, 1 it was refused (its reason code on stderr), 2 an input was refused (the message names its flag).${
      names.length === 0
        ? ""
        : ` Endpoints: ${Object.entries(endpoints)
            .map(([name, url]) => `${name} (${url})`)
            .join(", ")}.`
    }`,
    async execute(raw, positionals, io) {
      checkPositionals(positionals, 0, `recipe ${check.id}`);
      const options = readInputs(CHECK_OPTIONS, raw);
      const values = await readRecipeValues(check, raw, options.input, io);
      const where = await readEndpointOptions(options, endpoints);
      const outputs: Record<string, unknown> = {
        ...((await check.run(values, { clock: io.clock, ...where })) as OutputValues<
          OperationCore["outputs"]
        >),
      };
      const accepted = outputs.valid === true || outputs.ok === true;
      if (!accepted) {
        const code = outputs.reason_code ?? outputs.error_code ?? "ERR_UNEXPECTED";
        io.stderr.write(
          `bubble-jwt: ${String(outputs.error ?? "The token was refused.")} (${String(code)})\n`,
        );
      }
      if (options.json === true) {
        io.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
      } else if (accepted) {
        for (const [name, value] of Object.entries(outputs)) {
          if (value === null || value === undefined) continue;
          const shown = value instanceof Date ? value.toISOString() : String(value);
          io.stdout.write(`${name}: ${shown}\n`);
        }
      }
      return accepted ? EXIT_OK : EXIT_CHECK_FAILED;
    },
  };
}
