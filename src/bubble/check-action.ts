import type { AnyOperation, InputSpec, InputValues, OutputSpec } from "../inputs/index.js";
import { defineAction } from "./define-action.js";
import { stopOnErrorInput } from "./lib/common-inputs.js";
import { ActionFailure } from "./lib/errors.js";
import type { ActionDefinition, BubbleResult } from "./types.js";

/**
 * A check of a token given with its key (kind "check": Decrypt JWT (JWE)) as a Bubble action: its
 * inputs and "Stop the workflow on error"; its outputs end with ok, error and error_code. A refused
 * token (ok = no from the operation) and a wrong input both come back as ok = no with the code, or stop
 * the workflow when asked, as Verify JWT does.
 */
export function checkAction(check: AnyOperation): ActionDefinition {
  return defineAction({
    key: check.id,
    display: check.display,
    summary: check.summary,
    failure: "ok",
    fields: [
      ...check.inputs,
      stopOnErrorInput(
        "Ticked: a refused token or a wrong input stops the workflow with its message. Not ticked: ok = no with error and error_code.",
      ),
    ] as readonly InputSpec[],
    returns: check.outputs as readonly OutputSpec[],
    async run(values, context) {
      const { stop_on_error: _stop, ...rest } = values as Record<string, unknown>;
      const result = (await check.run(rest as InputValues<readonly InputSpec[]>, {
        clock: context.clock,
      })) as Record<string, unknown>;
      if (result.ok === false) {
        const code = typeof result.error_code === "string" ? result.error_code : "ERR_UNEXPECTED";
        throw new ActionFailure(code, typeof result.error === "string" ? result.error : "", "invalid-token");
      }
      return result as BubbleResult;
    },
  });
}
