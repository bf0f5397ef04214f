import { defineInputs } from "../inputs/index.js";
import { lifetimeSeconds } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** The longest external ID Zendesk messaging takes. */
export const ZENDESK_EXTERNAL_ID_MAX = 255;

const AUTH_DOC =
  "https://developer.zendesk.com/documentation/conversations/messaging-platform/users/authenticating-users/";
const SETUP_DOC =
  "https://support.zendesk.com/hc/en-us/articles/4411666638746-Setting-up-user-authentication-for-messaging";
const EMAIL_DOC = "https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/email_identities";
// Zendesk's own pages read here describe the workflow; the header and claim table is from this summary.
const CLAIMS_SUMMARY =
  "https://github.com/mochila-ai/zd-jwt-generate (README: Zendesk's claim table, third-party)";

const SECRET_RULE =
  "Zendesk messaging tokens are signed HS256 with the shared secret of a messaging signing key (Admin Center > " +
  "Account > Security > End user authentication > Messaging), named by its key ID in the kid header.";

const INPUTS = defineInputs([
  {
    name: "key_id",
    caption: "Key ID",
    type: "text",
    required: true,
    doc: "The signing key's ID, listed on the Messaging tab of Admin Center > Account > Security > End user authentication (e.g. app_65285e7edb23fcdd066d96bc).",
  },
  {
    name: "shared_secret",
    caption: "Shared secret",
    type: "secret",
    required: true,
    fallbackKey: "ZENDESK_MESSAGING_SECRET",
    doc: "The key's shared secret, shown once when the key is made. Leave empty to use the plugin key ZENDESK_MESSAGING_SECRET.",
  },
  {
    name: "external_id",
    caption: "External ID",
    type: "text",
    required: true,
    doc: "Your user's unique, stable id (at most 255 characters): Zendesk's primary identity for the user.",
  },
  { name: "name", caption: "Name", type: "text", doc: "Optional name shown to agents." },
  { name: "email", caption: "Email", type: "text", doc: "Optional email of the user." },
  {
    name: "email_verified",
    caption: "Email verified",
    type: "boolean",
    default: false,
    doc: "Yes when your app has verified the email; Zendesk matches users by email only when it is verified.",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 10,
    doc: "Minutes until the token expires. Default 10: the widget asks for a new token when it needs one.",
  },
]);

export const zendeskMessaging = defineRecipe({
  id: "zendesk-messaging",
  display: "Zendesk: messaging user token",
  provider: "Zendesk",
  summary:
    "The JWT that signs a user in to Zendesk messaging (Web Widget and mobile SDKs), HS256 with a messaging key.",
  source: import.meta.url,
  example: {
    key_id: "app_65285e7edb23fcdd066d96bc",
    shared_secret: "exampleZendeskMessagingSharedSecret-0123456789",
    external_id: "user-42",
    name: "Ada Lovelace",
    email: "ada@example.com",
    email_verified: true,
  },
  rules: [
    {
      rule: "Signed with the shared secret of a messaging signing key; the key's ID goes in the kid header.",
      source: AUTH_DOC,
    },
    { rule: "HS256 only: RS256 and ES256 are not supported.", source: CLAIMS_SUMMARY },
    { rule: "scope is user.", source: CLAIMS_SUMMARY },
    {
      rule: "external_id is required: the user's primary identity, at most 255 characters.",
      source: SETUP_DOC,
    },
    {
      rule: "An email is used to match the user only when email_verified is true.",
      source: EMAIL_DOC,
    },
    { rule: "name, email and exp are optional.", source: CLAIMS_SUMMARY },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const keyId = (values.key_id ?? "").trim();
    if (keyId === "" || /\s/.test(keyId)) {
      throw refuseInput("key_id", "must be the signing key's ID, one word without spaces", SECRET_RULE);
    }
    const externalId = (values.external_id ?? "").trim();
    if (externalId === "") {
      throw refuseInput("external_id", "must not be empty", "Zendesk identifies the user by external_id.");
    }
    if (externalId.length > ZENDESK_EXTERNAL_ID_MAX) {
      throw refuseInput(
        "external_id",
        `is ${externalId.length} characters long; Zendesk takes at most ${ZENDESK_EXTERNAL_ID_MAX}`,
        "Zendesk's external_id is at most 255 characters: use your user's id, not a description.",
        "out-of-range",
      );
    }
    const email = values.email?.trim() || undefined;
    if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) {
      throw refuseInput(
        "email",
        "must be an email address such as ada@example.com",
        "Zendesk's email claim is the user's address.",
      );
    }
    if (values.email_verified && email === undefined) {
      throw refuseInput(
        "email_verified",
        "is yes but no email is given",
        "email_verified says the email claim was verified: give the email, or leave email_verified off.",
      );
    }
    const lifetime = lifetimeSeconds(values.lifetime_minutes, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "Give a positive lifetime; the widget asks for a new token when this one expires.",
    });
    const key = importProviderSecret(values.shared_secret ?? "", {
      input: "shared_secret",
      alg: "HS256",
      kid: keyId,
      encoding: "text",
      rule: SECRET_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const name = values.name?.trim() || undefined;
    const signed = signPlan(
      {
        key,
        claims: {
          scope: "user",
          external_id: externalId,
          ...(name === undefined ? {} : { name }),
          ...(email === undefined ? {} : { email, email_verified: values.email_verified }),
          iat,
          exp: iat + lifetime,
        },
      },
      now,
    );
    const warnings = [...signed.warnings];
    if (email !== undefined && !values.email_verified) {
      warnings.push("Zendesk ignores an unverified email: set email_verified once your app has verified it.");
    }
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings };
  },
});
