// One valid input per provider recipe, its secrets apart, so that a test can give them as fields or as
// plugin keys (or environment variables), and compare the result with runRecipe's at the same instant.
import { decodeJwt } from "../../../src/jwt/index.js";
import { getRecipe, RECIPES, runRecipe } from "../../../src/recipes/index.js";
import { clock, serviceAccountJson, testKeys } from "../../recipes/helpers.js";

export { clock, NOW } from "../../recipes/helpers.js";

export interface RecipeCase {
  readonly id: string;
  /** The non-secret inputs. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The secret inputs by input name. */
  readonly secrets: Readonly<Record<string, string>>;
}

export function recipeCases(): RecipeCase[] {
  const keys = testKeys();
  const apple = { team_id: "ABCDE12345", key_id: "KEY1234567" };
  const cases: RecipeCase[] = [
    {
      id: "google-self-signed",
      fields: { audience: "https://pubsub.googleapis.com/" },
      secrets: { service_account_json: serviceAccountJson() },
    },
    {
      id: "firebase-custom-token",
      fields: { uid: "user-1", claims_json: '{"premium": true}' },
      secrets: { service_account_json: serviceAccountJson() },
    },
    {
      id: "apple-client-secret",
      fields: { ...apple, client_id: "com.example.web", lifetime_days: 30 },
      secrets: { private_key: keys.ecPkcs8 },
    },
    {
      id: "app-store-connect",
      fields: { issuer_id: "57246542-96fe-1a63-e053-0824d011072a", key_id: "2X9R4HXF34" },
      secrets: { private_key: keys.ecPkcs8 },
    },
    {
      id: "apple-musickit",
      fields: { ...apple, origins: "https://example.com" },
      secrets: { private_key: keys.ecPkcs8 },
    },
    {
      id: "apple-weatherkit",
      fields: { ...apple, service_id: "com.example.weatherkit-client" },
      secrets: { private_key: keys.ecPkcs8 },
    },
    {
      id: "ghost-admin",
      fields: {},
      secrets: {
        admin_api_key:
          "6492f1b2c3d4e5f6a7b8c9d0:a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
      },
    },
    {
      id: "metabase-embed",
      fields: {
        site_url: "https://metabase.example.com",
        resource_type: "dashboard",
        resource_id: "12",
        params_json: '{"customer_id": [42]}',
        theme: "night",
      },
      secrets: { secret_key: "0123456789abcdef".repeat(4) },
    },
    {
      id: "zoom-meeting-sdk",
      fields: { sdk_key: "abcKEY", meeting_number: "123 4567 8901", role: "1" },
      secrets: { sdk_secret: "Zs3cr3tZs3cr3tZs3cr3tZs3cr3tZs3c" },
    },
    {
      id: "zoom-video-sdk",
      fields: { sdk_key: "vidKEY", session_name: "standup", role_type: "1", lifetime_minutes: 30 },
      secrets: { sdk_secret: "Zs3cr3tZs3cr3tZs3cr3tZs3cr3tZs3c" },
    },
    {
      id: "twilio-access-token",
      fields: {
        account_sid: `AC${"a".repeat(32)}`,
        api_key_sid: `SK${"b".repeat(32)}`,
        identity: "alice",
        video_room: "DailyStandup",
        voice_incoming_allow: true,
      },
      secrets: { api_key_secret: "twilioSecretTwilioSecretTwilio12" },
    },
    {
      id: "mux-playback",
      fields: { signing_key_id: "keyId123", playback_id: "PLAYBACK123", type: "thumbnail" },
      secrets: { signing_private_key: Buffer.from(keys.rsaPkcs1).toString("base64") },
    },
    { id: "github-app", fields: { app_id: "123456" }, secrets: { private_key: keys.rsaPkcs1 } },
    {
      id: "snowflake-keypair",
      fields: { account: "myorg-myaccount", user: "jsmith" },
      secrets: { private_key: keys.rsaPkcs8 },
    },
    {
      id: "supabase-user-token",
      fields: { user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e", email: "ada@example.com" },
      secrets: { jwt_secret: "super-secret-jwt-token-with-at-least-32-characters-long" },
    },
    {
      id: "coinbase-cdp",
      fields: {
        key_name:
          "organizations/0a1b2c3d-0000-1111-2222-333344445555/apiKeys/9f8e7d6c-0000-1111-2222-333344445555",
        request_method: "GET",
        request_host: "api.cdp.coinbase.com",
        request_path: "/platform/v2/evm/accounts",
      },
      secrets: { private_key: keys.ecSec1 },
    },
    {
      id: "stream-user-token",
      fields: { user_id: "john", lifetime_minutes: 60 },
      secrets: { api_secret: "streamSecretStreamSecretStream123" },
    },
    {
      id: "tableau-connected-app",
      fields: { client_id: "tableau-client-id", secret_id: "tableau-secret-id", username: "ada@example.com" },
      secrets: { secret_value: "tableauSecretValueTableauSecret1" },
    },
  ];
  if (cases.map((each) => each.id).join() !== RECIPES.map((recipe) => recipe.id).join()) {
    throw new Error("recipeCases must list every recipe, in the order of RECIPES");
  }
  return cases;
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
 * nonce, Tableau's UUID jti) replaced by its shape.
 */
export function claimsOf(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const { header, payload } = decodeJwt(token);
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
