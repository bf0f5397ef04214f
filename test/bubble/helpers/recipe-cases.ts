// One valid input per provider recipe, its secrets apart, so that a test can give them as fields or as
// plugin keys (or environment variables), and compare the result with runRecipe's at the same instant.
import { decodeJweHeader, decodeJwt, isJwtError } from "../../../src/jwt/index.js";
import { exampleInput, getRecipe, RECIPES, runRecipe } from "../../../src/recipes/index.js";
import { clock, testKeys } from "../../recipes/helpers.js";

export { clock, NOW } from "../../recipes/helpers.js";

export interface RecipeCase {
  readonly id: string;
  /** The non-secret inputs. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The secret inputs by input name. */
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * One case per recipe of the registry, from its own example: the test keys stand in for the example's
 * keys (so tests can check signatures with them), and secret inputs are kept apart from the fields.
 */
export function recipeCases(): RecipeCase[] {
  const keys = testKeys();
  const pairs = { rsa: keys.rsa, ec: keys.ec, ed25519: keys.ed25519 };
  return RECIPES.map((recipe) => {
    const input = exampleInput(recipe, pairs);
    const fields: Record<string, unknown> = {};
    const secrets: Record<string, string> = {};
    for (const spec of recipe.inputs) {
      const value = input[spec.name];
      if (value === undefined) continue;
      if (spec.type === "secret") secrets[spec.name] = String(value);
      else fields[spec.name] = value;
    }
    return { id: recipe.id, fields, secrets };
  });
}

/** The secrets as plugin keys (or environment variables): each under its input's fallbackKey. */
export function asPluginKeys(each: RecipeCase): Record<string, string> {
  const recipe = getRecipe(each.id);
  const keys: Record<string, string> = {};
  for (const [name, value] of Object.entries(each.secrets)) {
    const key = recipe.inputs.find((input) => input.name === name)?.fallbackKey;
    if (key === undefined) throw new Error(`${each.id}: ${name} has no fallback key`);
    keys[key] = value;
  }
  return keys;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The header and claims of a token, with what a provider wants random per token (Coinbase's 32-hex
 * nonce, Tableau's UUID jti) replaced by its shape. An encrypted token (Encrypt JWT (JWE)) shows its
 * protected header only: its claims need the key, and its own tests decrypt them.
 */
export function claimsOf(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  let decoded: ReturnType<typeof decodeJwt>;
  try {
    decoded = decodeJwt(token);
  } catch (error) {
    if (!isJwtError(error) || error.code !== "ERR_JWT_ENCRYPTED") throw error;
    return { header: { ...decodeJweHeader(token) }, payload: { encrypted: true } };
  }
  const { header, payload } = decoded;
  const shapedHeader: Record<string, unknown> = { ...header };
  if (typeof shapedHeader.nonce === "string" && /^[0-9a-f]{32}$/.test(shapedHeader.nonce)) {
    shapedHeader.nonce = "<32 hex>";
  }
  const shapedPayload: Record<string, unknown> = { ...payload };
  if (typeof shapedPayload.jti === "string" && UUID.test(shapedPayload.jti)) shapedPayload.jti = "<uuid>";
  return { header: shapedHeader, payload: shapedPayload };
}

/**
 * What runRecipe gives for a case at the frozen clock, as the plugin and the CLI present it: the token's
 * header and claims, expires_at as ISO text (or null), every other output with the token replaced by
 * "<token>" (an authorization header, a URL), and the warnings as a list.
 */
export function expectedOutputs(each: RecipeCase): Record<string, unknown> {
  return comparable(runRecipe(each.id, { ...each.fields, ...each.secrets }, { clock }));
}

/** Outputs made comparable across layers: see expectedOutputs. */
export function comparable(outputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const token = String(outputs.token);
  const result: Record<string, unknown> = { token: claimsOf(token) };
  for (const [name, value] of Object.entries(outputs)) {
    if (name === "token") continue;
    if (value instanceof Date) result[name] = value.toISOString();
    else if (typeof value === "string") result[name] = value.split(token).join("<token>");
    else if (Array.isArray(value)) result[name] = value.length === 0 ? null : value.join("\n");
    else result[name] = value;
  }
  return result;
}
