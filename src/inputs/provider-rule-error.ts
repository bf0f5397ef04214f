import { JwtError } from "../jwt/index.js";

/** What a refusal before signing says: the input at fault, what is wrong, and the rule it breaks. */
export interface ProviderRuleFacts<Name extends string = string> {
  /** The input at fault (a misspelt name does not compile where the inputs are typed). */
  readonly input: Name;
  /** What is wrong, worded to follow the input's name: "must be 10 characters; got 12". */
  readonly problem: string;
  /** The provider's rule in plain words, which is also the fix. */
  readonly rule: string;
  /** Where the provider states the rule: a documentation URL or an official SDK's file. */
  readonly source?: string;
  /** A short machine-readable reason (`invalid`, `too-long`, `wrong-key`, ...). */
  readonly reason?: string;
  readonly cause?: unknown;
}

/**
 * An input refused before anything is signed or sent, because the provider would refuse it: its own
 * class and code (ERR_INPUT_RULE), with the input, the rule and where the rule comes from. It is a
 * JwtError, so every layer words it with its own name for the input (describeJwtError) and maps its
 * code in the same tables as the engine's.
 */
export class ProviderRuleError extends JwtError {
  readonly input: string;
  readonly rule: string;
  readonly ruleSource: string | undefined;

  constructor(facts: ProviderRuleFacts) {
    super("ERR_INPUT_RULE", {
      option: facts.input,
      reason: facts.reason ?? "invalid",
      problem: facts.problem,
      fix: facts.rule,
      ...(facts.cause === undefined ? {} : { cause: facts.cause }),
    });
    this.input = facts.input;
    this.rule = facts.rule;
    this.ruleSource = facts.source;
  }
}

export function isProviderRuleError(error: unknown): error is ProviderRuleError {
  return error instanceof ProviderRuleError;
}
