import { defineInputs, exampleKey } from "../inputs/index.js";
import { checkId, type IdRule, lifetimeSeconds } from "./lib/checks.js";
import { importSigningKey } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** The features JaaS reads from context.features, each "true" or "false". */
export const JAAS_FEATURES = [
  "livestreaming",
  "recording",
  "transcription",
  "sip-inbound-call",
  "sip-outbound-call",
  "inbound-call",
  "outbound-call",
  "file-upload",
  "list-visitors",
] as const;

/** The sample's nbf is 10 seconds before signing, for clocks slightly behind. */
const NBF_SKEW_SECONDS = 10;

const KEYS_DOC = "https://developer.8x8.com/jaas/docs/api-keys-jwt";
const SAMPLE = "8x8/jaas_demo jaas-jwt-samples/js/index.js";
const SAMPLE_APP_DOC = "https://developer.8x8.com/jaas/docs/jaas-console-my-sample-app";
const JITSI_TOKENS = "https://github.com/jitsi/lib-jitsi-meet/blob/master/doc/tokens.md";

const APP_ID: IdRule = {
  pattern: /^vpaas-magic-cookie-[0-9a-f]{32}$/,
  problem: "must be your JaaS AppID: vpaas-magic-cookie- and 32 hex characters",
  rule: "The AppID is shown in the JaaS console (jaas.8x8.vc) on the API keys page and in your meeting URLs.",
};

const KEY_RULE =
  "JaaS tokens are signed RS256 with the private key of an API key uploaded or generated in the JaaS console " +
  "(API keys); paste that RSA private key (PEM).";

const INPUTS = defineInputs([
  {
    name: "app_id",
    caption: "AppID",
    type: "text",
    required: true,
    pattern: "^vpaas-magic-cookie-[0-9a-f]{32}$",
    formDoc: "vpaas-magic-cookie- and 32 hex characters",
    doc: "Your JaaS AppID (JaaS console, API keys): vpaas-magic-cookie-<32 hex>.",
  },
  {
    name: "key_id",
    caption: "API key ID",
    type: "text",
    required: true,
    doc: "The API key's ID as the console lists it: the part after the slash of vpaas-magic-cookie-.../<key ID>, or that whole kid.",
  },
  {
    name: "private_key",
    caption: "Private key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "JAAS_PRIVATE_KEY",
    doc: "The API key's RSA private key (PEM). Leave empty to use the plugin key JAAS_PRIVATE_KEY.",
  },
  {
    name: "room",
    caption: "Room",
    type: "text",
    required: true,
    doc: "The meeting room's name, or * for any room of your AppID.",
  },
  { name: "user_id", caption: "User ID", type: "text", doc: "Optional: your user's id." },
  { name: "user_name", caption: "User name", type: "text", doc: "Optional: the name shown in the meeting." },
  { name: "user_email", caption: "User email", type: "text", doc: "Optional: the user's email." },
  {
    name: "user_avatar",
    caption: "Avatar URL",
    type: "text",
    doc: "Optional: an https URL of the user's picture.",
  },
  {
    name: "moderator",
    caption: "Moderator",
    type: "boolean",
    default: false,
    doc: "Yes to make the user a moderator; the features below need one. Default no.",
  },
  {
    name: "features",
    caption: "Features",
    type: "list",
    doc: `Features to turn on, from: ${JAAS_FEATURES.join(", ")}. The others are written as off.`,
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 120,
    doc: "Minutes the token may be used to join. Default 120.",
  },
]);

export const jaasToken = defineRecipe({
  id: "jaas-token",
  display: "8x8 JaaS: meeting token",
  provider: "8x8",
  summary:
    "A Jitsi as a Service (8x8.vc) meeting JWT, RS256 with your API key, and the meeting URL that carries it.",
  source: import.meta.url,
  example: {
    app_id: "vpaas-magic-cookie-1d2e6a201d594c8f87a630e3f71826d3",
    key_id: "4f4910",
    private_key: exampleKey("rsa-pkcs8"),
    room: "weekly-review",
    user_id: "user-42",
    user_name: "Ada Lovelace",
    user_email: "ada@example.com",
    moderator: true,
    features: ["recording", "transcription"],
  },
  rules: [
    {
      rule: "Signed RS256 with the API key's private key; kid is vpaas-magic-cookie-<AppID>/<key ID>.",
      source: KEYS_DOC,
    },
    { rule: "aud is jitsi.", source: KEYS_DOC },
    { rule: "iss is chat.", source: SAMPLE },
    { rule: "sub is the AppID and room is the room's name or * for any room.", source: SAMPLE },
    {
      rule: "context.user holds id, name, email and avatar, and moderator as the text true or false.",
      source: KEYS_DOC,
    },
    {
      rule: "context.features turns features on and off with the texts true and false; they need a moderator.",
      source: KEYS_DOC,
    },
    { rule: "exp and nbf bound the token; the sample sets nbf 10 seconds before signing.", source: SAMPLE },
    {
      rule: "Meetings are on 8x8.vc and their room name is <AppID>/<room>, as the IFrame API's roomName.",
      source: SAMPLE_APP_DOC,
    },
    { rule: "A meeting URL carries the token as its jwt parameter.", source: JITSI_TOKENS },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "room_name",
      type: "text",
      doc: '<AppID>/<room>: the roomName for the IFrame API (new JitsiMeetExternalAPI("8x8.vc", { roomName, jwt })).',
    },
    {
      name: "meeting_url",
      type: "text",
      doc: "https://8x8.vc/<AppID>/<room>?jwt=<token>; empty when the room is *.",
    },
  ],
  make(values, { clock }) {
    const appId = checkId("app_id", values.app_id ?? "", APP_ID);
    let keyId = (values.key_id ?? "").trim();
    if (keyId.startsWith(`${appId}/`)) keyId = keyId.slice(appId.length + 1);
    if (keyId === "" || /[\s/]/.test(keyId)) {
      throw refuseInput(
        "key_id",
        `must be the API key's ID (the part after the slash of its kid); got ${shown(keyId)}`,
        "The JaaS console lists each API key's kid as vpaas-magic-cookie-<AppID>/<key ID>.",
      );
    }
    const room = (values.room ?? "").trim();
    if (room === "")
      throw refuseInput("room", "must be a room name or *", "JaaS's room claim is a room name or *.");
    const features = readFeatures(values.features ?? []);
    const avatar = values.user_avatar?.trim() || undefined;
    if (avatar !== undefined && !/^https:\/\/\S+$/.test(avatar)) {
      throw refuseInput(
        "user_avatar",
        `must be an https URL; got ${shown(avatar)}`,
        "JaaS shows the avatar from its URL.",
      );
    }
    const lifetime = lifetimeSeconds(values.lifetime_minutes, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "Give a positive lifetime; JaaS documents no maximum.",
    });
    const key = importSigningKey(values.private_key ?? "", {
      input: "private_key",
      alg: "RS256",
      kid: `${appId}/${keyId}`,
      rule: KEY_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const user: Record<string, string> = {};
    const given = {
      id: values.user_id?.trim(),
      name: values.user_name?.trim(),
      email: values.user_email?.trim(),
      avatar,
    };
    for (const [member, value] of Object.entries(given)) if (value) user[member] = value;
    // JaaS reads moderator and every feature as the texts "true" and "false", not JSON booleans.
    user.moderator = String(values.moderator);
    const signed = signPlan(
      {
        key,
        claims: {
          aud: "jitsi",
          iss: "chat",
          sub: appId,
          room,
          iat,
          nbf: iat - NBF_SKEW_SECONDS,
          exp: iat + lifetime,
          context: {
            user,
            features: Object.fromEntries(
              JAAS_FEATURES.map((feature) => [feature, String(features.includes(feature))]),
            ),
          },
        },
      },
      now,
    );
    const warnings = [...signed.warnings];
    if (features.length > 0 && !values.moderator) {
      warnings.push("JaaS gives features to moderators only: set moderator for the features to apply.");
    }
    const outputs: Record<string, string> = { room_name: `${appId}/${room}` };
    if (room === "*") {
      warnings.push(
        "The token is good for any room, so no meeting URL is given: open https://8x8.vc/<AppID>/<room>?jwt=<token>.",
      );
    } else {
      outputs.meeting_url = `https://8x8.vc/${appId}/${encodeURIComponent(room)}?jwt=${signed.token}`;
    }
    return { token: signed.token, expiresAt: signed.expiresAt, outputs, warnings };
  },
});

function readFeatures(list: readonly string[]): string[] {
  const features = list.map((each) => each.trim().toLowerCase()).filter(Boolean);
  for (const feature of features) {
    if (!(JAAS_FEATURES as readonly string[]).includes(feature)) {
      throw refuseInput(
        "features",
        `must list only ${JAAS_FEATURES.join(", ")}; got ${shown(feature)}`,
        "JaaS reads these feature names from context.features.",
      );
    }
  }
  return features;
}
