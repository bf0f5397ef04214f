import { defineInputs } from "../inputs/index.js";
import { lifetimeSeconds, parseJsonObject, refuseReserved } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const GEM_SOURCE = "intercom/intercom-rails lib/intercom-rails/script_tag.rb";
const VERIFICATION_DOC = "https://developers.intercom.com/installing-intercom/web/identity-verification";
const USER_ID_DOC = "https://www.intercom.com/help/en/articles/10589769";

const SECRET_RULE =
  "Intercom's Messenger JWTs are signed HS256 with the Messenger API secret (Settings > Channels > Messenger > " +
  "Security); the iOS and Android apps have their own secret keys.";
const ATTRIBUTES_RULE =
  'Intercom signs user attributes as texts: give a JSON object of texts, numbers or yes/no, e.g. {"plan": "pro"}.';

const INPUTS = defineInputs([
  {
    name: "messenger_secret",
    caption: "Messenger API secret",
    type: "secret",
    required: true,
    fallbackKey: "INTERCOM_MESSENGER_SECRET",
    doc: "The Messenger API secret (Settings > Channels > Messenger > Security). Leave empty to use the plugin key INTERCOM_MESSENGER_SECRET.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "Your user's id, the same user_id the Messenger is booted with; Intercom rejects a token without it.",
  },
  {
    name: "email",
    caption: "Email",
    type: "text",
    doc: "Optional: the user's email, signed so it cannot be changed in the browser.",
  },
  { name: "name", caption: "Name", type: "text", doc: "Optional: the user's name, signed." },
  {
    name: "attributes",
    caption: "Signed attributes",
    type: "long-text",
    doc: 'Optional: more user attributes to sign, as a JSON object, e.g. {"plan": "pro", "seats": 5}; each value is signed as text.',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    doc: "Optional minutes until the token expires; Intercom advises the length of your app's session. Empty: no exp.",
  },
]);

export const intercomMessenger = defineRecipe({
  id: "intercom-messenger",
  display: "Intercom: Messenger security JWT",
  provider: "Intercom",
  summary:
    "The intercom_user_jwt that verifies a Messenger user's identity and attributes, HS256 with the Messenger API secret.",
  source: import.meta.url,
  example: {
    messenger_secret: "exampleIntercomMessengerSecret0123456789ab",
    user_id: "user-42",
    email: "ada@example.com",
    attributes: '{"plan": "pro"}',
    lifetime_minutes: 60,
  },
  rules: [
    { rule: "Signed HS256 with the Messenger API secret.", source: GEM_SOURCE },
    { rule: "user_id is required: Intercom rejects a JWT without it.", source: USER_ID_DOC },
    { rule: "user_id and every signed attribute are written as text.", source: GEM_SOURCE },
    {
      rule: "exp is optional; without it the token does not expire, so set it to your session's length.",
      source: VERIFICATION_DOC,
    },
    { rule: "The token is given to the Messenger as intercom_user_jwt when it boots.", source: GEM_SOURCE },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const userId = (values.user_id ?? "").trim();
    if (userId === "") {
      throw refuseInput("user_id", "must not be empty", "Intercom rejects a Messenger JWT without user_id.");
    }
    const extra =
      values.attributes === undefined || values.attributes.trim() === ""
        ? {}
        : readAttributes(values.attributes);
    const lifetime =
      values.lifetime_minutes === undefined
        ? undefined
        : lifetimeSeconds(values.lifetime_minutes, {
            input: "lifetime_minutes",
            unit: "minutes",
            rule: "Give a positive lifetime, or leave it empty for a token without exp.",
          });
    const key = importProviderSecret(values.messenger_secret ?? "", {
      input: "messenger_secret",
      alg: "HS256",
      encoding: "text",
      rule: SECRET_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const email = values.email?.trim() || undefined;
    const name = values.name?.trim() || undefined;
    const signed = signPlan(
      {
        key,
        claims: {
          user_id: userId,
          ...(email === undefined ? {} : { email }),
          ...(name === undefined ? {} : { name }),
          ...extra,
          iat,
          ...(lifetime === undefined ? {} : { exp: iat + lifetime }),
        },
      },
      now,
    );
    const warnings = [...signed.warnings];
    if (lifetime === undefined) {
      warnings.push(
        "The token has no exp: anyone who copies it can use it until you rotate the Messenger secret.",
      );
    }
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings };
  },
});

/** Signed attributes as texts, as Intercom's own library writes them. */
function readAttributes(text: string): Record<string, string> {
  const parsed = parseJsonObject("attributes", text, ATTRIBUTES_RULE);
  refuseReserved(
    "attributes",
    parsed,
    ["user_id", "email", "name", "iat", "exp", "nbf"],
    "user_id, email, name and the token's times have their own inputs.",
  );
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      attributes[name] = String(value);
    } else {
      throw refuseInput(
        "attributes",
        `must give "${name.slice(0, 40)}" a text, a number or yes/no; got ${Array.isArray(value) ? "a list" : value === null ? "null" : "an object"}`,
        ATTRIBUTES_RULE,
      );
    }
  }
  return attributes;
}
