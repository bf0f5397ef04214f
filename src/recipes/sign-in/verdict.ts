import type { OutputSpec } from "../../inputs/index.js";

/** The clock difference allowed for exp, nbf and iat (providers.md: "allow ~60 s skew"). */
export const SIGN_IN_CLOCK_TOLERANCE_SECONDS = 60;

/**
 * The first three outputs of every sign-in check: whether the token (or signed data) was accepted, and
 * if not, its reason code and why in plain words. A refused token is an answer, not an error.
 */
export function verdictOutputs(docs: {
  /** When `valid` is yes. */
  readonly valid: string;
  /** Which table the code is of, with an example: "the sign-in reason table, e.g. ERR_JWT_EXPIRED". */
  readonly reasons: string;
  /** What is refused: "token" or "data". */
  readonly subject: string;
}) {
  return [
    { name: "valid", type: "boolean", doc: docs.valid },
    {
      name: "reason_code",
      type: "text",
      doc: `Why the ${docs.subject} was refused (a code of ${docs.reasons}); empty when valid.`,
    },
    {
      name: "error",
      type: "text",
      doc: `Why the ${docs.subject} was refused, in plain words; empty when valid.`,
    },
  ] as const satisfies readonly OutputSpec[];
}

/** A refusal as outputs: valid false, its code and message, every other output empty. */
export function refusedOutputs<Code extends string, Names extends string>(
  outputs: readonly { readonly name: Names }[],
  code: Code,
  message: string,
): Record<Names, null> & { valid: false; reason_code: Code; error: string } {
  const values = Object.fromEntries(outputs.map((output) => [output.name, null])) as Record<Names, null>;
  return { ...values, valid: false as const, reason_code: code, error: message };
}

/** The token as sent in an Authorization header or pasted: spaces and a "Bearer " prefix taken off. */
export function withoutBearer(token: string): string {
  return token.trim().replace(/^bearer\s+/i, "");
}
