import type { RecipeShape } from "../../spec/index.js";
import { EXIT_OK } from "../errors.js";
import { type Command, defineCommand } from "./command-spec.js";
import { checkPositionals } from "./option-values.js";

/**
 * A provider recipe as a command, in one call: each input becomes a flag (`--client-id`), the recipe
 * runs on the io's clock, and its outputs are printed as one JSON object. Add the result to COMMANDS
 * (src/cli/main.ts); its help and its docs table come from the same specs.
 */
export function recipeCommand(recipe: RecipeShape): Command {
  const flags = recipe.inputs.some((input) => input.required === true) ? "options" : "[options]";
  return defineCommand({
    name: recipe.id,
    summary: recipe.summary ?? recipe.display,
    usage: [`bubble-jwt ${recipe.id} ${flags}`],
    inputs: recipe.inputs,
    toOptions(values, positionals) {
      checkPositionals(positionals, 0, recipe.id);
      return values;
    },
    async run(values, io) {
      const outputs = await recipe.run(values, { clock: io.clock });
      io.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
      return EXIT_OK;
    },
  });
}
