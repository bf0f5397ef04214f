import type { AnyOperation, OperationKind } from "../../inputs/index.js";
import type { Exchange } from "../../recipes/exchanges/index.js";
import { OPERATIONS } from "../../recipes/index.js";
import { EXIT_OK, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { checkCommand } from "../lib/check-command.js";
import { defineCommand } from "../lib/command-spec.js";
import { exchangeCommand } from "../lib/exchange-command.js";
import { RECIPE_OPTIONS, type RecipeCommand, recipeCommand } from "../lib/recipe-command.js";

/** How each kind of operation becomes a command; a new kind does not compile until it has one. */
const COMMAND_OF: Readonly<Record<OperationKind, (operation: AnyOperation) => RecipeCommand>> = {
  recipe: recipeCommand,
  exchange: (operation) => exchangeCommand(operation as Exchange),
  "sign-in": checkCommand,
  check: checkCommand,
};

/**
 * Every operation of the registry as `bubble-jwt recipe <id>`, in its order: recipes print the token,
 * exchanges the access token, checks (sign-in tokens, signed notifications, session tokens) what the
 * accepted token says. `verify --provider NAME` and `decrypt` stay the short ways to two of the checks.
 */
export const RECIPE_COMMANDS: readonly RecipeCommand[] = OPERATIONS.map((operation) =>
  COMMAND_OF[operation.kind](operation),
);

const CHECK_IDS = OPERATIONS.filter(
  (operation) => operation.kind === "sign-in" || operation.kind === "check",
).map((operation) => operation.id);

const EXCHANGE_IDS = OPERATIONS.filter((operation) => operation.kind === "exchange").map(
  (operation) => operation.id,
);

/** The recipe command for an id, or a usage error that echoes the id only when it looks like one. */
export function findRecipeCommand(id: string): RecipeCommand {
  const found = RECIPE_COMMANDS.find((command) => command.recipe.id === id);
  if (found !== undefined) return found;
  const shown = /^[a-z0-9][a-z0-9-]{0,39}$/i.test(id) ? `"${id}"` : "that";
  throw usageError(`${shown} is not a recipe. Run bubble-jwt recipe list to see them.`);
}

/** One line per recipe and exchange: id, then what the Bubble action is called and what the token is for. */
export function recipeListText(): string {
  const all = RECIPE_COMMANDS.map((command) => command.recipe);
  const width = Math.max(...all.map((recipe) => recipe.id.length)) + 2;
  return `${all.map((recipe) => `${recipe.id.padEnd(width)}${recipe.display}. ${recipe.summary}`).join("\n")}\n`;
}

async function runRecipeList(subcommand: string | undefined, io: CliIo): Promise<number> {
  if (subcommand !== "list") {
    throw usageError('"recipe" needs "list" or a recipe id. See bubble-jwt recipe --help.');
  }
  io.stdout.write(recipeListText());
  return EXIT_OK;
}

/**
 * `bubble-jwt recipe list`; `bubble-jwt recipe <id> ...` is dispatched by main.ts to the recipe's own
 * command (its flags come from its inputs), so this entry only lists and documents.
 */
export const recipeListCommand = defineCommand({
  name: "recipe",
  summary:
    "Make the token a provider demands (Google, Apple, Twilio, ...), exchange one for an access token, or check one a provider signed: list, or run one.",
  usage: [
    "bubble-jwt recipe list",
    "bubble-jwt recipe <id> --help",
    "bubble-jwt recipe <id> --<input> VALUE ... [--json]",
    "bubble-jwt recipe <id> --input '<json>' | --input @inputs.json [--json]",
  ],
  details: [
    "Each recipe's inputs are flags (--team-id ...); --input gives them as one JSON object.",
    "A secret input left out is read from the environment variable named like its plugin key",
    "(APPLE_PRIVATE_KEY, TWILIO_API_KEY_SECRET, ...). Prints the token, or with --json every output.",
    `The token exchanges (${EXCHANGE_IDS.join(", ")})`,
    "call the provider and print its access token; they also take --endpoint NAME=URL",
    "(repeatable, https only) and --ca-file FILE. A provider's refusal exits 1.",
    `The checks (${CHECK_IDS.join(", ")})`,
    "print what an accepted token says, one name: value line each; a refused token exits 1",
    "with its reason code on stderr. They take --endpoint and --ca-file too.",
  ],
  inputs: RECIPE_OPTIONS,
  examples: [
    "bubble-jwt recipe list",
    "bubble-jwt recipe apple-client-secret --help",
    'export GITHUB_PRIVATE_KEY="$(cat app.private-key.pem)"',
    "bubble-jwt recipe github-app --app-id 123456",
    "bubble-jwt recipe ghost-admin --json   # GHOST_ADMIN_API_KEY from the environment",
    'export GOOGLE_SERVICE_ACCOUNT_JSON="$(cat service-account.json)"',
    "bubble-jwt recipe google-access-token --scopes https://www.googleapis.com/auth/spreadsheets",
    "bubble-jwt recipe github-installation-token --app-id 123456 --installation-id 4242 --json",
  ],
  toOptions(values, positionals) {
    if (values.input !== undefined || values.json === true) {
      throw usageError("--input and --json need a recipe id: bubble-jwt recipe <id> --input ... [--json].");
    }
    if (positionals.length > 1) throw usageError('"recipe list" takes no other argument.');
    return positionals[0];
  },
  run: runRecipeList,
});
