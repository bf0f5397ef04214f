import { defineInputs } from "../inputs/index.js";
import { checkId, type IdRule, lifetimeSeconds } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

export const TWILIO_CONTENT_TYPE = "twilio-fpa;v=1";
export const TWILIO_MAX_LIFETIME_SECONDS = 86_400;

function sid(prefix: string, what: string, where: string): IdRule {
  return {
    pattern: new RegExp(`^${prefix}[0-9a-f]{32}$`),
    problem: `must be ${what}: "${prefix}" followed by 32 hex characters`,
    rule: `Twilio ${what}s start with ${prefix} and have 34 characters; ${where}.`,
  };
}

const ACCOUNT_SID = sid("AC", "an Account SID", "find yours on the Twilio Console's home page");
const API_KEY_SID = sid(
  "SK",
  "an API Key SID",
  "create a Standard API key under Account > API keys & tokens",
);
const SERVICE_SID = (what: string) =>
  sid("IS", `a ${what} Service SID`, `find it in the Console under ${what} > Services`);
const APPLICATION_SID = sid("AP", "a TwiML App SID", "find it under Voice > TwiML Apps");

const INPUTS = defineInputs([
  {
    name: "account_sid",
    caption: "Account SID",
    type: "text",
    required: true,
    doc: "Your Account SID, AC followed by 32 hex characters (Console home page).",
  },
  {
    name: "api_key_sid",
    caption: "API key SID",
    type: "text",
    required: true,
    doc: "The SID of a Standard API key, SK followed by 32 hex characters (Account > API keys & tokens).",
  },
  {
    name: "api_key_secret",
    caption: "API key secret",
    type: "secret",
    required: true,
    fallbackKey: "TWILIO_API_KEY_SECRET",
    doc: "The API key's secret, shown once when the key is created. Leave empty to use the plugin key TWILIO_API_KEY_SECRET.",
  },
  {
    name: "identity",
    caption: "Identity",
    type: "text",
    required: true,
    doc: "Who the user is in your app (their id or name): Video, Voice and Conversations show it.",
  },
  {
    name: "video_room",
    caption: "Video room",
    type: "text",
    doc: "Adds a Video grant for this room (its name or RM... SID).",
  },
  {
    name: "chat_service_sid",
    caption: "Conversations service SID",
    type: "text",
    doc: "Adds a Conversations (Chat) grant for this service, IS...",
  },
  {
    name: "voice_outgoing_application_sid",
    caption: "Voice TwiML App SID",
    type: "text",
    doc: "Adds a Voice grant for outgoing calls through this TwiML App, AP...",
  },
  {
    name: "voice_incoming_allow",
    caption: "Voice incoming calls",
    type: "boolean",
    doc: "Adds a Voice grant that lets the user receive calls.",
  },
  {
    name: "sync_service_sid",
    caption: "Sync service SID",
    type: "text",
    doc: "Adds a Sync grant for this service, IS...",
  },
  {
    name: "region",
    caption: "Region",
    type: "text",
    doc: "Optional: the region of an API key created outside US1, e.g. ie1 or au1 (the twr header).",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    max: 1440,
    default: 60,
    doc: "Minutes until the token expires. Default 60; Twilio refuses more than 1440 (24 hours, error 20157).",
  },
]);

const SECRET_RULE =
  "Twilio signs access tokens with the API key's secret as text (HS256); the secret belongs to the API key SID.";

export const twilioAccessToken = defineRecipe({
  id: "twilio-access-token",
  display: "Twilio: access token",
  provider: "Twilio",
  summary:
    "An access token for Twilio's client SDKs (Video, Voice, Conversations, Sync), signed HS256 with an API key.",
  source: import.meta.url,
  example: {
    account_sid: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    api_key_sid: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    api_key_secret: "twilioSecretTwilioSecretTwilio12",
    identity: "alice",
    video_room: "DailyStandup",
    voice_incoming_allow: true,
  },
  rules: [
    {
      rule: "Signed HS256 with the API key's secret as text, with cty twilio-fpa;v=1 in the header and twr for a key made outside US1.",
      source: "src/jwt/AccessToken.ts (twilio/twilio-node)",
    },
    {
      rule: "iss is the API Key SID (SK and 32 hex characters), sub the Account SID (AC and 32 hex characters), and jti the key SID, a hyphen and iat.",
      source: "src/jwt/AccessToken.ts (twilio/twilio-node)",
    },
    {
      rule: "exp is at most 86400 s (24 hours) after iat; more is error 20157.",
      source: "https://www.twilio.com/docs/api/errors/20157",
    },
    {
      rule: "grants holds the identity and one grant per service: video, chat for Conversations with an IS service SID, voice with an AP TwiML App SID, and data_sync with an IS service SID.",
      source: "src/jwt/AccessToken.ts (twilio/twilio-node)",
    },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const accountSid = checkId("account_sid", values.account_sid ?? "", ACCOUNT_SID);
    const keySid = checkId("api_key_sid", values.api_key_sid ?? "", API_KEY_SID);
    const grants: Record<string, unknown> = { identity: values.identity ?? "" };
    if (values.video_room !== undefined) grants.video = { room: values.video_room.trim() };
    if (values.chat_service_sid !== undefined) {
      grants.chat = {
        service_sid: checkId("chat_service_sid", values.chat_service_sid, SERVICE_SID("Conversations")),
      };
    }
    const outgoing = values.voice_outgoing_application_sid;
    if (outgoing !== undefined || values.voice_incoming_allow === true) {
      grants.voice = {
        ...(values.voice_incoming_allow === true ? { incoming: { allow: true } } : {}),
        ...(outgoing === undefined
          ? {}
          : {
              outgoing: {
                application_sid: checkId("voice_outgoing_application_sid", outgoing, APPLICATION_SID),
              },
            }),
      };
    }
    if (values.sync_service_sid !== undefined) {
      grants.data_sync = {
        service_sid: checkId("sync_service_sid", values.sync_service_sid, SERVICE_SID("Sync")),
      };
    }
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      maxSeconds: TWILIO_MAX_LIFETIME_SECONDS,
      rule: "Twilio refuses an access token living more than 86400 s (24 hours): error 20157.",
    });
    const region = values.region?.trim();
    const key = importProviderSecret(values.api_key_secret ?? "", {
      input: "api_key_secret",
      alg: "HS256",
      encoding: "text",
      rule: SECRET_RULE,
    });
    const warnings: string[] = [];
    if (Object.keys(grants).length === 1) {
      warnings.push(
        "The token has no grant (video, chat, voice or sync): Twilio's SDKs will refuse it for any service.",
      );
    }
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        header: {
          cty: TWILIO_CONTENT_TYPE,
          ...(region === undefined || region === "" ? {} : { twr: region }),
        },
        claims: { jti: `${keySid}-${iat}`, grants, iat, exp: iat + lifetime, iss: keySid, sub: accountSid },
      },
      now,
    );
    return {
      token: signed.token,
      expiresAt: signed.expiresAt,
      outputs: {},
      warnings: [...warnings, ...signed.warnings],
    };
  },
});
