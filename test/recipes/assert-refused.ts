import assert from "node:assert/strict";
import { isJwtError, type JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { clock } from "./helpers.js";

/** What a refusal's message must say, and a piece of a secret it must never quote. */
export interface RefusalCheck {
  readonly rule?: RegExp;
  readonly unquoted?: string;
}

/**
 * Asserts that a recipe refuses the input before signing: by code, naming the input, stating the rule
 * when one is given, and never quoting the secret piece when one is given.
 */
export function assertRefused(
  id: string,
  input: Record<string, unknown>,
  code: JwtErrorCode,
  option: string,
  check: RegExp | RefusalCheck = {},
): void {
  const { rule, unquoted } = check instanceof RegExp ? { rule: check, unquoted: undefined } : check;
  assert.throws(
    () => runRecipe(id, input, { clock }),
    (error: unknown) => {
      assert.ok(isJwtError(error), `a JwtError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      assert.equal(error.option, option, error.message);
      if (rule !== undefined) assert.match(error.message, rule);
      if (unquoted !== undefined) assert.ok(!error.message.includes(unquoted), "the secret is never quoted");
      return true;
    },
  );
}
