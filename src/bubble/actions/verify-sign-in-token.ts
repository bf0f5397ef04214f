import type { InputSpec, OutputSpec } from "../../inputs/index.js";
import { SIGN_IN_VERIFIER, type SignInInputValues } from "../../recipes/sign-in/index.js";
import { defineAction } from "../define-action.js";
import { CA_CERTIFICATE_INPUT, endpointsInput, readAdvancedValues } from "../lib/advanced-inputs.js";
import { stopOnErrorInput } from "../lib/common-inputs.js";
import { ActionFailure } from "../lib/errors.js";
import type { BubbleResult } from "../types.js";

const INPUTS: readonly InputSpec[] = [
  ...SIGN_IN_VERIFIER.inputs,
  endpointsInput(SIGN_IN_VERIFIER.endpoints, true),
  CA_CERTIFICATE_INPUT,
  stopOnErrorInput(
    "Ticked: a refused token or a wrong input stops the workflow with its message. Not ticked: valid = no with reason_code and error.",
  ),
];

/**
 * Verify sign-in token: an ID token from Google, Apple, Firebase, Microsoft, Auth0,
 * Cognito, Clerk or Supabase checked by its provider's rules (src/recipes/sign-in). A refused token is
 * an answer: valid = no with reason_code and error. A wrong input is told the same way, with
 * reason_code ERR_OPTION_INVALID and the field's caption. "Stop the workflow on error" makes both stop
 * the workflow instead. The provider's keys are cached in the bundle for as long as Bubble keeps the
 * action warm.
 */
export const verifySignInTokenAction = defineAction({
  key: SIGN_IN_VERIFIER.id,
  source: import.meta.url,
  display: SIGN_IN_VERIFIER.display,
  summary: SIGN_IN_VERIFIER.summary,
  failure: "valid",
  fields: INPUTS,
  returns: SIGN_IN_VERIFIER.outputs as readonly OutputSpec[],
  async run(values, context) {
    const { endpoints, ca_certificate, stop_on_error: _stop, ...rest } = values as Record<string, unknown>;
    const advanced = readAdvancedValues(endpoints, ca_certificate, SIGN_IN_VERIFIER.endpoints);
    const result = await SIGN_IN_VERIFIER.run(rest as SignInInputValues, {
      clock: context.clock,
      ...advanced,
    });
    // A refused token: valid = no with its reason (every claim empty), or the workflow stops when asked.
    if (!result.valid) {
      throw new ActionFailure(result.reason_code ?? "ERR_UNEXPECTED", result.error ?? "", "invalid-token");
    }
    return result as unknown as BubbleResult;
  },
});
