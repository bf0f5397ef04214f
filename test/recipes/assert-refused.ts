import assert from "node:assert/strict";
import { isJwtError, type JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { clock } from "./helpers.js";

/** Asserts that a recipe refuses the input before signing: by code, naming the input, stating the rule. */
export function assertRefused(
  id: string,
  input: Record<string, unknown>,
  code: JwtErrorCode,
  option: string,
  rule: RegExp,
): void {
  assert.throws(
    () => runRecipe(id, input, { clock }),
    (error: unknown) => {
      assert.ok(isJwtError(error), `a JwtError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      assert.equal(error.option, option, error.message);
      assert.match(error.message, rule);
      return true;
    },
  );
}
