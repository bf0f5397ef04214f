import { defineInputs, type OperationCore, type OutputValues, readInputs } from "../../inputs/index.js";
import { parseEndpointOverrides } from "../../recipes/endpoint-overrides.js";
import { isExchangeError } from "../../recipes/exchanges/errors.js";
import type { Exchange } from "../../recipes/exchanges/types.js";
import { EXIT_CHECK_FAILED, EXIT_OK } from "../errors.js";
import { checkPositionals } from "./option-values.js";
import { readTextFile } from "./read-input.js";
import { RECIPE_OPTIONS, type RecipeCommand, readRecipeValues } from "./recipe-command.js";

/** Where a command calls the provider: endpoint overrides and a trusted CA (exchanges and verify --provider). */
export const ENDPOINT_OPTIONS = defineInputs([
  {
    name: "endpoint",
    caption: "Replace a provider URL: NAME=URL, https only; repeatable",
    type: "list",
    placeholder: "NAME=URL",
    engineOption: "endpoints",
    doc: "Replace one of the provider's URLs, by its name (`recipe <id> --help` lists them), for a private deployment (a sovereign cloud, a proxy) or a test server: `--endpoint github.api=https://github.example.com/api/v3`. https only; repeat for several.",
  },
  {
    name: "ca_file",
    caption: "Trust the CA certificates in this PEM file instead of the public ones",
    type: "text",
    placeholder: "FILE",
    doc: "Trust the CA certificates in this PEM file, instead of the public ones, for the calls to the provider (a private PKI, a local test server).",
  },
]);

/** The options of an exchange's command: --input and --json as the recipes', then --endpoint and --ca-file. */
export const EXCHANGE_OPTIONS = defineInputs([
  ...RECIPE_OPTIONS.map((option) =>
    option.name === "json"
      ? {
          ...option,
          doc: "Print one JSON object holding every output (dates as ISO 8601 text, null when the provider gave none) instead of the access token alone; on a refusal, `ok`, `error`, `error_code` and `consent_url` when DocuSign gave one.",
        }
      : option,
  ),
  ...ENDPOINT_OPTIONS,
]);

/** `--endpoint` values read against an endpoint table, and `--ca-file` read. */
export async function readEndpointOptions(
  values: { endpoint?: readonly string[] | undefined; ca_file?: string | undefined },
  table: Readonly<Record<string, string>>,
): Promise<{ endpoints?: Record<string, string>; ca?: string }> {
  const endpoints = parseEndpointOverrides(values.endpoint ?? [], table, "endpoint");
  const ca = values.ca_file === undefined ? undefined : await readTextFile(values.ca_file, "CA file");
  return {
    ...(Object.keys(endpoints).length > 0 ? { endpoints } : {}),
    ...(ca === undefined ? {} : { ca }),
  };
}

/**
 * A token exchange as `bubble-jwt recipe <id>`: its inputs as flags (or `--input` JSON), a secret left
 * out read from the environment variable named like its plugin key, `--endpoint` and `--ca-file`. Prints
 * the access token (the ID token when Google was asked for one), or with `--json` every output. A
 * provider's refusal is one line on standard error with its code (and DocuSign's consent_url), exit 1.
 */
export function exchangeCommand(exchange: Exchange): RecipeCommand {
  const shape = exchange;
  const recipe: OperationCore = {
    id: shape.id,
    display: shape.display,
    summary: shape.summary,
    inputs: shape.inputs,
    outputs: shape.outputs,
    run: (values, context) => shape.run(values, context) as Promise<OutputValues<OperationCore["outputs"]>>,
  };
  return {
    name: `recipe ${shape.id}`,
    summary: shape.summary,
    usage: [
      `bubble-jwt recipe ${shape.id} --<input> VALUE ... [--endpoint NAME=URL ...] [--ca-file FILE] [--json]`,
      `bubble-jwt recipe ${shape.id} --input @inputs.json [--json]`,
    ],
    inputs: [...shape.inputs, ...EXCHANGE_OPTIONS],
    recipe,
    options: EXCHANGE_OPTIONS,
    exitCodes: `Exit codes: 0 the provider gave a token, 1 the provider refused (its ERR_EXCHANGE_ code on stderr), 2 an input was refused (the message names its flag). Endpoints: ${Object.entries(
      shape.endpoints,
    )
      .map(([name, url]) => `${name} (${url})`)
      .join(", ")}.`,
    async execute(raw, positionals, io) {
      checkPositionals(positionals, 0, `recipe ${shape.id}`);
      const options = readInputs(EXCHANGE_OPTIONS, raw);
      const values = await readRecipeValues(recipe, raw, options.input, io);
      const where = await readEndpointOptions(options, shape.endpoints);
      let outputs: Record<string, unknown>;
      try {
        outputs = await shape.run(values, { clock: io.clock, ...where });
      } catch (error) {
        if (!isExchangeError(error)) throw error;
        io.stderr.write(`bubble-jwt: ${error.message} (${error.code})\n`);
        for (const [name, value] of Object.entries(error.outputs))
          io.stderr.write(`bubble-jwt: ${name}: ${value}\n`);
        if (options.json === true) {
          const failed = { ok: false, error: error.message, error_code: error.code, ...error.outputs };
          io.stdout.write(`${JSON.stringify(failed, null, 2)}\n`);
        }
        return EXIT_CHECK_FAILED;
      }
      if (options.json === true) {
        io.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
        return EXIT_OK;
      }
      io.stdout.write(`${String(outputs.access_token ?? outputs.id_token)}\n`);
      return EXIT_OK;
    },
  };
}
