// Each kind of refusal before signing: its code, the input it names, and the provider's rule in its message.
import assert from "node:assert/strict";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { isJwtError, type JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { clock, serviceAccountJson, testKeys } from "./helpers.js";

const keys = testKeys();
const apple = {
  team_id: "ABCDE12345",
  key_id: "KEY1234567",
  client_id: "com.example.web",
  private_key: keys.ecPkcs8,
};
const twilio = {
  account_sid: `AC${"a".repeat(32)}`,
  api_key_sid: `SK${"b".repeat(32)}`,
  api_key_secret: "twilioSecretTwilioSecretTwilio12",
  identity: "alice",
};
const zoom = { sdk_key: "k", sdk_secret: "Zs3cr3tZs3cr3tZs3cr3tZs3cr3tZs3c", meeting_number: "123456789" };
const coinbase = {
  key_name: "0a1b2c3d-0000-1111-2222-333344445555",
  private_key: keys.ecSec1,
  request_method: "GET",
  request_host: "api.cdp.coinbase.com",
  request_path: "/platform/v2/evm/accounts",
};

interface Case {
  readonly name: string;
  readonly id: string;
  readonly input: Record<string, unknown>;
  readonly code: JwtErrorCode;
  readonly option: string;
  /** A piece of the provider's rule the message must state. */
  readonly rule: RegExp;
}

const CASES: readonly Case[] = [
  // Lifetimes above the provider's maximum (or below its minimum).
  {
    name: "Apple client secret over 15777000 s",
    id: "apple-client-secret",
    input: { ...apple, lifetime_days: 183 },
    code: "ERR_INPUT_RULE",
    option: "lifetime_days",
    rule: /15777000/,
  },
  {
    name: "MusicKit over 15777000 s",
    id: "apple-musickit",
    input: { ...apple, client_id: undefined, lifetime_days: 200 },
    code: "ERR_INPUT_RULE",
    option: "lifetime_days",
    rule: /15777000/,
  },
  {
    name: "App Store Connect over 20 minutes",
    id: "app-store-connect",
    input: { key_id: "KEY1234567", private_key: keys.ecPkcs8, lifetime_minutes: 21 },
    code: "ERR_OPTION_INVALID",
    option: "lifetime_minutes",
    rule: /20/,
  },
  {
    name: "Google over 60 minutes",
    id: "google-self-signed",
    input: {
      service_account_json: serviceAccountJson(),
      audience: "https://pubsub.googleapis.com/",
      lifetime_minutes: 61,
    },
    code: "ERR_OPTION_INVALID",
    option: "lifetime_minutes",
    rule: /one hour|60/,
  },
  {
    name: "Twilio over 24 hours",
    id: "twilio-access-token",
    input: { ...twilio, lifetime_minutes: 1441 },
    code: "ERR_OPTION_INVALID",
    option: "lifetime_minutes",
    rule: /20157/,
  },
  {
    name: "Zoom under 30 minutes",
    id: "zoom-meeting-sdk",
    input: { ...zoom, lifetime_minutes: 29 },
    code: "ERR_OPTION_INVALID",
    option: "lifetime_minutes",
    rule: /2880|48 hours/,
  },
  {
    name: "Zoom over 48 hours",
    id: "zoom-video-sdk",
    input: { sdk_key: "k", sdk_secret: zoom.sdk_secret, session_name: "s", lifetime_minutes: 2881 },
    code: "ERR_OPTION_INVALID",
    option: "lifetime_minutes",
    rule: /2880|48 hours/,
  },
  {
    name: "Snowflake over 60 minutes",
    id: "snowflake-keypair",
    input: { account: "A", user: "U", private_key: keys.rsaPkcs8, lifetime_minutes: 61 },
    code: "ERR_OPTION_INVALID",
    option: "lifetime_minutes",
    rule: /60/,
  },
  {
    name: "Tableau over 10 minutes",
    id: "tableau-connected-app",
    input: {
      client_id: "c",
      secret_id: "s",
      secret_value: "x".repeat(40),
      username: "u",
      lifetime_minutes: 11,
    },
    code: "ERR_OPTION_INVALID",
    option: "lifetime_minutes",
    rule: /10/,
  },
  // Missing required inputs, with and without a fallback key.
  {
    name: "Apple without a private key",
    id: "apple-client-secret",
    input: { ...apple, private_key: "" },
    code: "ERR_OPTION_INVALID",
    option: "private_key",
    rule: /APPLE_PRIVATE_KEY/,
  },
  {
    name: "Firebase without a uid",
    id: "firebase-custom-token",
    input: { service_account_json: serviceAccountJson() },
    code: "ERR_OPTION_INVALID",
    option: "uid",
    rule: /required/,
  },
  {
    name: "Google with neither audience nor scopes",
    id: "google-self-signed",
    input: { service_account_json: serviceAccountJson() },
    code: "ERR_INPUT_RULE",
    option: "audience",
    rule: /either aud/,
  },
  {
    name: "Google with both audience and scopes",
    id: "google-self-signed",
    input: {
      service_account_json: serviceAccountJson(),
      audience: "https://pubsub.googleapis.com/",
      scopes: "x",
    },
    code: "ERR_INPUT_RULE",
    option: "audience",
    rule: /never both/,
  },
  // Malformed ids.
  {
    name: "Apple Team ID of 9 characters",
    id: "apple-client-secret",
    input: { ...apple, team_id: "ABCDE1234" },
    code: "ERR_INPUT_RULE",
    option: "team_id",
    rule: /10 characters/,
  },
  {
    name: "Apple Key ID of 11 characters",
    id: "apple-weatherkit",
    input: { ...apple, client_id: undefined, service_id: "com.example.wk", key_id: "KEY12345678" },
    code: "ERR_INPUT_RULE",
    option: "key_id",
    rule: /10-character/,
  },
  {
    name: "App Store Connect issuer that is not a UUID",
    id: "app-store-connect",
    input: { issuer_id: "team-1", key_id: "KEY1234567", private_key: keys.ecPkcs8 },
    code: "ERR_INPUT_RULE",
    option: "issuer_id",
    rule: /Issuer ID/,
  },
  {
    name: "App Store Connect scope that is not GET",
    id: "app-store-connect",
    input: { key_id: "KEY1234567", private_key: keys.ecPkcs8, scope: "POST /v1/apps" },
    code: "ERR_INPUT_RULE",
    option: "scope",
    rule: /GET requests only/,
  },
  {
    name: "Twilio Account SID without AC",
    id: "twilio-access-token",
    input: { ...twilio, account_sid: `XX${"a".repeat(32)}` },
    code: "ERR_INPUT_RULE",
    option: "account_sid",
    rule: /start with AC/,
  },
  {
    name: "Twilio API key SID without SK",
    id: "twilio-access-token",
    input: { ...twilio, api_key_sid: `AC${"b".repeat(32)}` },
    code: "ERR_INPUT_RULE",
    option: "api_key_sid",
    rule: /start with SK/,
  },
  {
    name: "Twilio chat service SID without IS",
    id: "twilio-access-token",
    input: { ...twilio, chat_service_sid: "MG123" },
    code: "ERR_INPUT_RULE",
    option: "chat_service_sid",
    rule: /start with IS/,
  },
  {
    name: "Ghost key that is not 24hex:64hex",
    id: "ghost-admin",
    input: { admin_api_key: `abc:${"0".repeat(64)}` },
    code: "ERR_INPUT_RULE",
    option: "admin_api_key",
    rule: /24-hex id/,
  },
  {
    name: "Metabase secret that is not 64 hex",
    id: "metabase-embed",
    input: {
      site_url: "https://mb.example.com",
      secret_key: "x".repeat(64),
      resource_type: "dashboard",
      resource_id: "1",
    },
    code: "ERR_INPUT_RULE",
    option: "secret_key",
    rule: /64 hexadecimal/,
  },
  {
    name: "Metabase resource type outside its options",
    id: "metabase-embed",
    input: {
      site_url: "https://mb.example.com",
      secret_key: "a".repeat(64),
      resource_type: "card",
      resource_id: "1",
    },
    code: "ERR_OPTION_INVALID",
    option: "resource_type",
    rule: /dashboard, question/,
  },
  {
    name: "Zoom meeting number with letters",
    id: "zoom-meeting-sdk",
    input: { ...zoom, meeting_number: "12345abc9" },
    code: "ERR_INPUT_RULE",
    option: "meeting_number",
    rule: /meeting or webinar number/,
  },
  {
    name: "Zoom user identity of 35 characters",
    id: "zoom-video-sdk",
    input: { sdk_key: "k", sdk_secret: zoom.sdk_secret, session_name: "s", user_identity: "u".repeat(35) },
    code: "ERR_INPUT_RULE",
    option: "user_identity",
    rule: /35 characters/,
  },
  {
    name: "Zoom session name of 200 characters",
    id: "zoom-video-sdk",
    input: { sdk_key: "k", sdk_secret: zoom.sdk_secret, session_name: "s".repeat(200) },
    code: "ERR_INPUT_RULE",
    option: "session_name",
    rule: /200 characters/,
  },
  {
    name: "GitHub app id that is neither",
    id: "github-app",
    input: { app_id: "my-app", private_key: keys.rsaPkcs1 },
    code: "ERR_INPUT_RULE",
    option: "app_id",
    rule: /Client ID or App ID/,
  },
  {
    name: "Supabase user id that is not a UUID",
    id: "supabase-user-token",
    input: { jwt_secret: "s".repeat(40), user_id: "42" },
    code: "ERR_INPUT_RULE",
    option: "user_id",
    rule: /auth\.uid\(\)/,
  },
  {
    name: "Coinbase host with a scheme",
    id: "coinbase-cdp",
    input: { ...coinbase, request_host: "https://api.cdp.coinbase.com" },
    code: "ERR_INPUT_RULE",
    option: "request_host",
    rule: /no scheme/,
  },
  {
    name: "Coinbase path with a query",
    id: "coinbase-cdp",
    input: { ...coinbase, request_path: "/v2/accounts?limit=1" },
    code: "ERR_INPUT_RULE",
    option: "request_path",
    rule: /no query/,
  },
  {
    name: "Coinbase key name of another form",
    id: "coinbase-cdp",
    input: { ...coinbase, key_name: "my key" },
    code: "ERR_INPUT_RULE",
    option: "key_name",
    rule: /key's name/,
  },
  {
    name: "Firebase reserved developer claim",
    id: "firebase-custom-token",
    input: { service_account_json: serviceAccountJson(), uid: "u", claims_json: '{"aud": "x"}' },
    code: "ERR_INPUT_RULE",
    option: "claims_json",
    rule: /nonce/,
  },
  {
    name: "Firebase developer claim named sub",
    id: "firebase-custom-token",
    input: { service_account_json: serviceAccountJson(), uid: "u", claims_json: '{"sub": "x"}' },
    code: "ERR_INPUT_RULE",
    option: "claims_json",
    rule: /"sub"/,
  },
  {
    name: "Firebase uid over 128 characters",
    id: "firebase-custom-token",
    input: { service_account_json: serviceAccountJson(), uid: "u".repeat(129) },
    code: "ERR_INPUT_RULE",
    option: "uid",
    rule: /128/,
  },
  {
    name: "Service account JSON without client_email",
    id: "firebase-custom-token",
    input: { service_account_json: JSON.stringify({ private_key: keys.rsaPkcs8 }), uid: "u" },
    code: "ERR_INPUT_RULE",
    option: "service_account_json",
    rule: /whole JSON key file/,
  },
  {
    name: "Tableau scope of another form",
    id: "tableau-connected-app",
    input: { client_id: "c", secret_id: "s", secret_value: "x".repeat(40), username: "u", scopes: "views" },
    code: "ERR_INPUT_RULE",
    option: "scopes",
    rule: /tableau:<area>:<action>/,
  },
  {
    name: "An input the recipe does not have",
    id: "ghost-admin",
    input: { admin_api_key: "x", admin_key: "y" },
    code: "ERR_OPTION_INVALID",
    option: "admin_key",
    rule: /admin_api_key/,
  },
  // Wrong key types and keys that cannot sign.
  {
    name: "RSA key for an ES256 recipe",
    id: "apple-client-secret",
    input: { ...apple, private_key: keys.rsaPkcs8 },
    code: "ERR_KEY_INVALID",
    option: "private_key",
    rule: /ES256 only/,
  },
  {
    name: "EC key for an RS256 recipe",
    id: "github-app",
    input: { app_id: "1", private_key: keys.ecPkcs8 },
    code: "ERR_KEY_INVALID",
    option: "private_key",
    rule: /RSA/,
  },
  {
    name: "Public key given as the private key",
    id: "snowflake-keypair",
    input: {
      account: "A",
      user: "U",
      private_key: createPublicKey(keys.rsa).export({ type: "spki", format: "pem" }),
    },
    code: "ERR_KEY_INVALID",
    option: "private_key",
    rule: /RSA private key/,
  },
  {
    name: "Text that is no key",
    id: "mux-playback",
    input: { signing_key_id: "k", signing_private_key: "not a key", playback_id: "P" },
    code: "ERR_KEY_INVALID",
    option: "signing_private_key",
    rule: /base64 of an RSA PEM/,
  },
  {
    name: "Service account with a broken private_key",
    id: "google-self-signed",
    input: {
      service_account_json: JSON.stringify({
        ...JSON.parse(serviceAccountJson()),
        private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
      }),
      audience: "https://pubsub.googleapis.com/",
    },
    code: "ERR_KEY_INVALID",
    option: "service_account_json",
    rule: /whole JSON key file/,
  },
  {
    name: "EC key on P-384 for Coinbase",
    id: "coinbase-cdp",
    input: {
      ...coinbase,
      private_key: generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey.export({
        type: "sec1",
        format: "pem",
      }),
      request_host: "api.coinbase.com",
    },
    code: "ERR_KEY_INVALID",
    option: "private_key",
    rule: /P-256/,
  },
  {
    name: "RSA key for Coinbase",
    id: "coinbase-cdp",
    input: { ...coinbase, private_key: keys.rsaPkcs8 },
    code: "ERR_KEY_INVALID",
    option: "private_key",
    rule: /Ed25519/,
  },
  {
    name: "Ed25519 key for Snowflake",
    id: "snowflake-keypair",
    input: { account: "A", user: "U", private_key: keys.ed25519.export({ type: "pkcs8", format: "pem" }) },
    code: "ERR_KEY_INVALID",
    option: "private_key",
    rule: /EC private key/,
  },
  {
    name: "Supabase signing key on P-384",
    id: "supabase-user-token",
    input: {
      signing_key: generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      }),
      key_id: "k1",
      user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e",
    },
    code: "ERR_KEY_INVALID",
    option: "signing_key",
    rule: /ES256/,
  },
  {
    name: "Supabase PEM signing key without its key id",
    id: "supabase-user-token",
    input: { signing_key: keys.ecPkcs8, user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e" },
    code: "ERR_INPUT_RULE",
    option: "key_id",
    rule: /kid/,
  },
  {
    name: "Supabase with both a JWT secret and a signing key",
    id: "supabase-user-token",
    input: {
      jwt_secret: "super-secret-jwt-token-with-at-least-32-characters-long",
      signing_key: keys.ecPkcs8,
      key_id: "k1",
      user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e",
    },
    code: "ERR_INPUT_RULE",
    option: "signing_key",
    rule: /one of/,
  },
  {
    name: "Supabase with neither a JWT secret nor a signing key",
    id: "supabase-user-token",
    input: { user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e" },
    code: "ERR_INPUT_RULE",
    option: "jwt_secret",
    rule: /signing_key/,
  },
  {
    name: "Supabase is_anonymous that is not a boolean",
    id: "supabase-user-token",
    input: {
      jwt_secret: "super-secret-jwt-token-with-at-least-32-characters-long",
      user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e",
      claims_json: '{"is_anonymous": "no"}',
    },
    code: "ERR_INPUT_RULE",
    option: "claims_json",
    rule: /boolean/,
  },
  {
    name: "Ed25519 64 bytes whose halves do not match",
    id: "coinbase-cdp",
    input: {
      ...coinbase,
      private_key: Buffer.concat([Buffer.alloc(32, 1), Buffer.alloc(32, 2)]).toString("base64"),
    },
    code: "ERR_KEY_INVALID",
    option: "private_key",
    rule: /Ed25519/,
  },
  {
    name: "Secret shorter than HS256 needs",
    id: "stream-user-token",
    input: { api_secret: "short", user_id: "u" },
    code: "ERR_KEY_WEAK",
    option: "api_secret",
    rule: /32 bytes/,
  },
  {
    name: "PEM given as an HMAC secret",
    id: "supabase-user-token",
    input: { jwt_secret: keys.rsaPkcs8, user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e" },
    code: "ERR_KEY_INVALID",
    option: "jwt_secret",
    rule: /legacy JWT secret/,
  },
];

describe("refusals before signing", () => {
  for (const each of CASES) {
    it(`${each.name}: ${each.code} naming ${each.option}`, () => {
      assert.throws(
        () => runRecipe(each.id, each.input, { clock }),
        (error: unknown) => {
          assert.ok(isJwtError(error), `a JwtError, got ${String(error)}`);
          assert.equal(error.code, each.code, error.message);
          assert.equal(error.option, each.option, error.message);
          assert.ok(error.message.startsWith(each.option), error.message);
          assert.match(error.message, each.rule);
          for (const pem of [keys.rsaPkcs8, keys.ecPkcs8, keys.ecSec1]) {
            assert.ok(!error.message.includes(pem.slice(100, 130)), "never shows key material");
          }
          return true;
        },
      );
    });
  }

  it("an unknown recipe id names the recipe option", () => {
    assert.throws(
      () => runRecipe("google", {}),
      (error: unknown) => isJwtError(error, "ERR_OPTION_INVALID") && error.option === "recipe",
    );
  });
});
