import type { AnyOperation, InputSpec, InputValues, OutputSpec } from "../inputs/index.js";
import { defineAction } from "./define-action.js";
import { CA_CERTIFICATE_INPUT, endpointsInput, readAdvancedValues } from "./lib/advanced-inputs.js";
import { stopOnErrorInput } from "./lib/common-inputs.js";
import { ActionFailure } from "./lib/errors.js";
import type { ActionDefinition, BubbleResult } from "./types.js";

const EXTRA_ROOT_INPUT: InputSpec = {
  ...CA_CERTIFICATE_INPUT,
  doc: "Optional; leave empty to trust the provider's own pinned root alone. A root CA certificate (-----BEGIN CERTIFICATE-----) trusted in addition to it, for tests and private deployments; never a certificate taken from the signed data.",
};

/**
 * A sign-in check (src/recipes/sign-in) as a Bubble action: its inputs, then "Endpoints (advanced)" and
 * "Trusted CA certificate (PEM, advanced)" when it calls a provider (only the CA, as an extra root, for
 * data checked against pinned roots), and "Stop the workflow on error". A refused token is an
 * answer: valid = no with reason_code and error. A wrong input is told the same way, with reason_code
 * ERR_OPTION_INVALID and the field's caption. "Stop the workflow on error" makes both stop the workflow
 * instead. The provider's keys are cached in the bundle for as long as Bubble keeps the action warm.
 */
export function signInAction(check: AnyOperation): ActionDefinition {
  const endpoints = check.endpoints ?? {};
  // A check that calls nothing has no endpoints to replace: a token signed with the app's own secret
  // needs no advanced field, and signed data checked against pinned roots takes an extra root only.
  const calls = Object.keys(endpoints).length > 0;
  const placeholders = Object.values(endpoints).some((url) => url.includes("{"));
  const inputs: readonly InputSpec[] = [
    ...check.inputs,
    ...(calls ? [endpointsInput(endpoints, placeholders), CA_CERTIFICATE_INPUT] : []),
    ...(!calls && check.takesExtraRoot === true ? [EXTRA_ROOT_INPUT] : []),
    stopOnErrorInput(
      "Ticked: a refused token or a wrong input stops the workflow with its message. Not ticked: valid = no with reason_code and error.",
    ),
  ];
  return defineAction({
    key: check.id,
    display: check.display,
    summary: check.summary,
    failure: "valid",
    fields: inputs,
    returns: check.outputs as readonly OutputSpec[],
    async run(values, context) {
      const {
        endpoints: given,
        ca_certificate,
        stop_on_error: _stop,
        ...rest
      } = values as Record<string, unknown>;
      const advanced = readAdvancedValues(given, ca_certificate, endpoints);
      const result = (await check.run(rest as InputValues<readonly InputSpec[]>, {
        clock: context.clock,
        ...advanced,
      })) as Record<string, unknown>;
      // A refused token: valid = no with its reason (every claim empty), or the workflow stops when asked.
      if (result.valid !== true) {
        const code = typeof result.reason_code === "string" ? result.reason_code : "ERR_UNEXPECTED";
        throw new ActionFailure(code, typeof result.error === "string" ? result.error : "", "invalid-token");
      }
      return result as BubbleResult;
    },
  });
}
