import { defineInputs, exampleKey } from "../inputs/index.js";
import { lifetimeSeconds } from "./lib/checks.js";
import { importSigningKey } from "./lib/keys.js";
import { bearerResult, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const DOCS = "https://documentation.onesignal.com/docs/identity-verification";

const KEY_RULE =
  "OneSignal checks identity-verification tokens with ES256 only: paste the private key of the pair made under " +
  "Settings > Keys & IDs > Identity Verification (an EC P-256 PEM), not the REST API key.";

const INPUTS = defineInputs([
  {
    name: "app_id",
    caption: "App ID",
    type: "text",
    required: true,
    pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    formDoc: "a UUID such as 5eb5a37e-b458-11e3-ac11-000c2940e62c",
    doc: "The OneSignal App ID (Settings > Keys & IDs), a UUID: the token's iss.",
  },
  {
    name: "external_id",
    caption: "External ID",
    type: "text",
    required: true,
    doc: "The user's External ID: the same id the app passes to OneSignal.login(externalId, token).",
  },
  {
    name: "private_key",
    caption: "Identity verification private key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "ONESIGNAL_PRIVATE_KEY",
    doc: "The private key (PEM) from Settings > Keys & IDs > Identity Verification > Generate New Keys. Leave empty to use the plugin key ONESIGNAL_PRIVATE_KEY.",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires (default 60, as in OneSignal's example). OneSignal states no maximum; the SDK asks for a new token when one expires.",
  },
]);

export const onesignalIdentity = defineRecipe({
  id: "onesignal-identity",
  display: "OneSignal: identity verification token",
  provider: "OneSignal",
  summary:
    "The identity-verification JWT for OneSignal.login(externalId, token) and the user APIs, signed ES256 with the app's identity key.",
  source: import.meta.url,
  example: {
    app_id: "5eb5a37e-b458-11e3-ac11-000c2940e62c",
    external_id: "user-42",
    private_key: exampleKey("ec-p256-pkcs8"),
  },
  rules: [
    { rule: "Signed with ES256 only, with the identity-verification private key.", source: DOCS },
    { rule: "iss is the OneSignal App ID and is required.", source: DOCS },
    { rule: "exp is required.", source: DOCS },
    { rule: "identity holds the user's aliases, here external_id, and is required.", source: DOCS },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "authorization_header",
      type: "text",
      doc: "Bearer <token>: the Authorization header for OneSignal's user API calls on this user.",
    },
  ],
  make(values, { clock }) {
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "OneSignal requires an exp; give a positive number of minutes.",
    });
    const key = importSigningKey(values.private_key ?? "", {
      input: "private_key",
      alg: "ES256",
      rule: KEY_RULE,
    });
    const now = clock();
    // The payload OneSignal documents (iss, exp, identity); the engine adds iat, as jsonwebtoken does in their example.
    const signed = signPlan(
      {
        key,
        claims: {
          iss: values.app_id.trim(),
          exp: secondsOf(now) + lifetime,
          identity: { external_id: values.external_id },
        },
      },
      now,
    );
    return bearerResult(signed);
  },
});
