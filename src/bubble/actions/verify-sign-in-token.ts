import type { InputSpec, OutputSpec } from "../../inputs/index.js";
import { SIGN_IN_VERIFIER, type SignInInputValues } from "../../recipes/sign-in/index.js";
import { defineAction } from "../define-action.js";
import { CA_CERTIFICATE_INPUT, endpointsInput, readAdvancedValues } from "../lib/advanced-inputs.js";
import { stopOnErrorInput } from "../lib/common-inputs.js";
import { ActionFailure } from "../lib/errors.js";
import type { BubbleResult } from "../types.js";
import { VERIFY_SIGN_IN_TOKEN_IDS } from "./recipes/recipe-ids.js";

const INPUTS: readonly InputSpec[] = [
  ...SIGN_IN_VERIFIER.inputs,
  endpointsInput(SIGN_IN_VERIFIER.endpoints, true),
  CA_CERTIFICATE_INPUT,
  stopOnErrorInput(
    "Ticked: a refused token or a wrong input stops the workflow with its message. Not ticked: valid = no with reason_code and error.",
  ),
];

function byId<Spec extends { name: string }>(
  specs: readonly Spec[],
  ids: Readonly<Record<string, string>>,
): Record<string, Spec> {
  const names = specs.map((spec) => spec.name);
  const missing = names.filter((name) => ids[name] === undefined);
  const extra = Object.keys(ids).filter((name) => !names.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `Verify sign-in token: IDs missing for ${missing.join(", ")}; unknown ${extra.join(", ")}.`,
    );
  }
  return Object.fromEntries(specs.map((spec) => [ids[spec.name] as string, spec]));
}

/**
 * Verify sign-in token (issue 10): an ID token from Google, Apple, Firebase, Microsoft, Auth0,
 * Cognito, Clerk or Supabase checked by its provider's rules (src/recipes/sign-in). A refused token is
 * an answer: valid = no with reason_code and error. A wrong input is told the same way, with
 * reason_code ERR_OPTION_INVALID and the field's caption. "Stop the workflow on error" makes both stop
 * the workflow instead. The provider's keys are cached in the bundle for as long as Bubble keeps the
 * action warm.
 */
export const verifySignInTokenAction = defineAction({
  id: VERIFY_SIGN_IN_TOKEN_IDS.action,
  source: import.meta.url,
  display: SIGN_IN_VERIFIER.display,
  summary: SIGN_IN_VERIFIER.summary,
  failure: "valid",
  fields: byId(INPUTS, VERIFY_SIGN_IN_TOKEN_IDS.fields),
  returns: byId(SIGN_IN_VERIFIER.outputs as readonly OutputSpec[], VERIFY_SIGN_IN_TOKEN_IDS.returns),
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
