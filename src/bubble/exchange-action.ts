import type { OperationCore, OutputValues } from "../inputs/index.js";
import { type ExchangeErrorCode, isExchangeError } from "../recipes/exchanges/errors.js";
import type { Exchange } from "../recipes/exchanges/types.js";
import { CA_CERTIFICATE_INPUT, endpointsInput, readAdvancedValues } from "./lib/advanced-inputs.js";
import { ActionFailure, type Verdict } from "./lib/errors.js";
import { type RecipeActionOptions, recipeAction } from "./recipe-action.js";
import type { ActionDefinition } from "./types.js";

/** The provider could not be used now (as opposed to a refusal of what the action sent). */
const UNAVAILABLE: readonly ExchangeErrorCode[] = [
  "ERR_EXCHANGE_RATE_LIMITED",
  "ERR_EXCHANGE_HTTP",
  "ERR_EXCHANGE_NETWORK",
  "ERR_EXCHANGE_TIMEOUT",
  "ERR_EXCHANGE_RESPONSE_TOO_LARGE",
  "ERR_EXCHANGE_RESPONSE_INVALID",
];

/**
 * A token exchange (src/recipes/exchanges) as a Bubble action, like a recipe's: its inputs as fields,
 * then "Endpoints (advanced)", "Trusted CA certificate (PEM, advanced)" and "Stop the workflow on
 * error"; its outputs plus ok, error and error_code. A provider's refusal (an ExchangeError) gives
 * ok = no, error = its message with what to check, error_code = its code, and the outputs it carries
 * (DocuSign's consent_url). Tokens are kept in the bundle's process-wide cache, which lives as long as
 * Bubble keeps the action warm (server.js keeps the bundle on globalThis). The action's key is the
 * exchange's id; its IDs come from the ledger, as a recipe's.
 */
export function exchangeAction(exchange: Exchange, options: RecipeActionOptions = {}): ActionDefinition {
  const shape = exchange;
  const recipe: OperationCore = {
    id: shape.id,
    display: shape.display,
    summary: shape.summary,
    inputs: [...shape.inputs, endpointsInput(shape.endpoints), CA_CERTIFICATE_INPUT],
    outputs: shape.outputs,
    async run(values, context) {
      const { endpoints, ca_certificate, ...rest } = values;
      const advanced = readAdvancedValues(endpoints, ca_certificate, shape.endpoints);
      try {
        return (await shape.run(rest, { clock: context.clock, ...advanced })) as OutputValues<
          OperationCore["outputs"]
        >;
      } catch (error) {
        if (!isExchangeError(error)) throw error;
        const verdict: Verdict = UNAVAILABLE.includes(error.code) ? "unavailable" : "bad-input";
        throw new ActionFailure(error.code, error.message, verdict, error.outputs);
      }
    },
  };
  return recipeAction(recipe, options);
}
