import { JwtError } from "../../jwt/index.js";
import type { BubbleResult, FieldDefinition, ReturnDefinition } from "../types.js";

/** What a failed action reports: a stable code and a message safe to show (no key, no token). */
export interface Failure {
  code: string;
  message: string;
}

/** The code for failures that are not the engine's; their details are never shown. */
export const UNEXPECTED_ERROR_CODE = "ERR_UNEXPECTED";

/**
 * Runs an action's work and always returns every declared value (null when not set). A failure
 * becomes values through `onFailure`, or, when the builder ticked "Stop the workflow on error",
 * an Error with the same message.
 */
export async function settle(
  action: { readonly fields: readonly FieldDefinition[]; readonly returns: readonly ReturnDefinition[] },
  stopOnError: boolean,
  work: () => BubbleResult | Promise<BubbleResult>,
  onFailure: (failure: Failure) => BubbleResult,
): Promise<BubbleResult> {
  let values: BubbleResult;
  try {
    values = await work();
  } catch (error) {
    const failure = toFailure(error, action.fields);
    if (stopOnError) throw new Error(failure.message);
    values = onFailure(failure);
  }
  const result: BubbleResult = {};
  for (const item of action.returns) result[item.name] = values[item.name] ?? null;
  return result;
}

export function toFailure(error: unknown, fields: readonly FieldDefinition[] = []): Failure {
  if (error instanceof JwtError) return { code: error.code, message: inFieldTerms(error, fields) };
  return {
    code: UNEXPECTED_ERROR_CODE,
    message:
      "The action failed unexpectedly. No details are shown, so that no key or token can leak; " +
      "check the values given to the action.",
  };
}

/** An engine error about one of its options is told with the caption of the field that feeds it. */
function inFieldTerms(error: JwtError, fields: readonly FieldDefinition[]): string {
  const option = error.option;
  const field = option === undefined ? undefined : fields.find((item) => item.engineOption === option);
  if (field === undefined || option === undefined || !error.message.startsWith(option)) return error.message;
  return `"${field.caption}"${error.message.slice(option.length)}`;
}
