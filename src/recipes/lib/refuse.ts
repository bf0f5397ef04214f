import { ProviderRuleError } from "../../inputs/index.js";
import { JwtError } from "../../jwt/index.js";

/**
 * A refusal before signing: the input at fault, what is wrong (read after the input's name) and the
 * provider's rule as the fix; a ProviderRuleError (ERR_INPUT_RULE). Layers word it with their own name
 * for the input (describeJwtError).
 */
export function refuseInput(
  input: string,
  problem: string,
  rule: string,
  reason = "invalid",
): ProviderRuleError {
  return new ProviderRuleError({ input, problem, rule, reason });
}

/** A key that the provider would not accept, or that cannot sign: ERR_KEY_INVALID naming the input. */
export function refuseKey(
  input: string,
  problem: string,
  rule: string,
  reason = "wrong-key",
  code: "ERR_KEY_INVALID" | "ERR_KEY_WEAK" = "ERR_KEY_INVALID",
): JwtError {
  return new JwtError(code, { option: input, reason, problem, fix: rule });
}

/** A short, safe description of a value for a message: never more than a few characters of it. */
export function shown(value: string, max = 24): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}...` : value);
}
