import { defineInputs } from "../inputs/index.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const SDK = "push-notifications.js (pusher/push-notifications-node)";
const SDK_LIMITS = "utils.js (pusher/push-notifications-node)";
const DOCS = "https://pusher.com/docs/beams/guides/publish-to-specific-user/web/";
/** Beams' server SDK always signs user tokens for 24 hours. */
export const BEAMS_LIFETIME_SECONDS = 24 * 60 * 60;
/** The longest user id Beams takes (USERS_STRING_MAX_LENGTH in the server SDK). */
export const BEAMS_MAX_USER_ID_LENGTH = 164;

const INPUTS = defineInputs([
  {
    name: "instance_id",
    caption: "Instance ID",
    type: "text",
    required: true,
    pattern: "^[A-Za-z0-9-]+$",
    formDoc: "letters, digits and hyphens, such as 8f9a6e22-2483-49aa-8552-125f1a4c5781",
    doc: "The Beams instance's ID (Beams dashboard > your instance > Keys): the token's iss is https://<instance id>.pushnotifications.pusher.com.",
  },
  {
    name: "secret_key",
    caption: "Secret key",
    type: "secret",
    required: true,
    fallbackKey: "PUSHER_BEAMS_SECRET_KEY",
    doc: "The instance's primary secret key (Beams dashboard > your instance > Keys). Leave empty to use the plugin key PUSHER_BEAMS_SECRET_KEY.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "The id of the signed-in user, at most 164 characters: the same id the client passes to beamsClient.setUserId.",
  },
]);

export const pusherBeamsToken = defineRecipe({
  id: "pusher-beams-token",
  display: "Pusher Beams: user token",
  provider: "Pusher",
  summary:
    'The Beams token your auth endpoint returns as {"token": ...} to the client\'s setUserId, signed HS256 for 24 hours.',
  source: import.meta.url,
  example: {
    instance_id: "8f9a6e22-2483-49aa-8552-125f1a4c5781",
    secret_key: "F8AC0B756E50DF235F642D6F0DC2CDE0328CD9184B3874C5E91AB2189BB722FE",
    user_id: "user-42",
  },
  rules: [
    { rule: "Signed HS256 with the instance's secret key as text.", source: SDK },
    { rule: "iss is https://<instance id>.pushnotifications.pusher.com.", source: SDK },
    { rule: "sub is the user id, a non-empty string of at most 164 characters.", source: SDK_LIMITS },
    { rule: "The token lives 24 hours: exp is iat plus 86400 s.", source: SDK },
    {
      rule: 'The auth endpoint answers the client with the JSON {"token": "<token>"}.',
      source: DOCS,
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "response_body",
      type: "text",
      doc: 'The JSON {"token": "<token>"} that your auth endpoint returns to the Beams client.',
    },
  ],
  make(values, { clock }) {
    const userId = values.user_id;
    if (userId.length > BEAMS_MAX_USER_ID_LENGTH) {
      throw refuseInput(
        "user_id",
        `is ${userId.length} characters long; Beams takes at most ${BEAMS_MAX_USER_ID_LENGTH}`,
        "Beams refuses a user id longer than 164 characters (USERS_STRING_MAX_LENGTH in its server SDK).",
        "out-of-range",
      );
    }
    const key = importProviderSecret(values.secret_key ?? "", {
      input: "secret_key",
      alg: "HS256",
      encoding: "text",
      rule: "Beams signs user tokens HS256 with the instance's secret key (Beams dashboard > Keys), as text.",
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        // In the order Beams' server SDK writes them, so both make the same token at the same second.
        claims: {
          iat,
          exp: iat + BEAMS_LIFETIME_SECONDS,
          iss: `https://${values.instance_id.trim()}.pushnotifications.pusher.com`,
          sub: userId,
        },
      },
      now,
    );
    return {
      token: signed.token,
      expiresAt: signed.expiresAt,
      outputs: { response_body: JSON.stringify({ token: signed.token }) },
      warnings: signed.warnings,
    };
  },
});
