import { defineInputs } from "../inputs/index.js";
import { lifetimeSeconds, parseJsonObject } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** livekit-server-sdk's AccessToken lives 6 hours unless told otherwise. */
export const LIVEKIT_DEFAULT_LIFETIME_MINUTES = 360;
/** The track sources a participant may be allowed to publish (protocol's TrackSource, as the SDK writes them). */
export const LIVEKIT_TRACK_SOURCES = ["camera", "microphone", "screen_share", "screen_share_audio"] as const;

const GRANTS_SOURCE = "livekit/protocol auth/grants.go; livekit-server-sdk src/grants.ts";
const TOKEN_SOURCE = "livekit-server-sdk src/AccessToken.ts (livekit/node-sdks)";
const VERIFIER_SOURCE = "livekit/protocol auth/verifier.go";

const SECRET_RULE =
  "LiveKit signs access tokens HS256 with the project's API secret as text (LiveKit Cloud: Settings > API keys; " +
  "self-hosted: the keys of livekit.yaml). The secret belongs to the API key given with it.";

const INPUTS = defineInputs([
  {
    name: "api_key",
    caption: "API key",
    type: "text",
    required: true,
    doc: "The project's API key (LiveKit Cloud: Settings > API keys, e.g. APIxxxxxxxxxxxx; self-hosted: a key of livekit.yaml). It becomes the token's iss.",
  },
  {
    name: "api_secret",
    caption: "API secret",
    type: "secret",
    required: true,
    fallbackKey: "LIVEKIT_API_SECRET",
    doc: "The API secret that belongs to the API key. Leave empty to use the plugin key LIVEKIT_API_SECRET.",
  },
  {
    name: "identity",
    caption: "Identity",
    type: "text",
    required: true,
    doc: "The participant's unique identity in the room (your user's id); LiveKit requires one to join.",
  },
  {
    name: "room",
    caption: "Room",
    type: "text",
    required: true,
    doc: "The name of the room the token may join.",
  },
  {
    name: "participant_name",
    caption: "Display name",
    type: "text",
    doc: "Optional name other participants see.",
  },
  {
    name: "can_publish",
    caption: "Can publish",
    type: "boolean",
    default: true,
    doc: "May publish audio and video tracks. Default yes.",
  },
  {
    name: "can_subscribe",
    caption: "Can subscribe",
    type: "boolean",
    default: true,
    doc: "May receive other participants' tracks. Default yes.",
  },
  {
    name: "can_publish_data",
    caption: "Can publish data",
    type: "boolean",
    default: true,
    doc: "May send data messages and chat. Default yes.",
  },
  {
    name: "publish_sources",
    caption: "Publish sources",
    type: "list",
    doc: "Optional: only these sources may be published (camera, microphone, screen_share, screen_share_audio); empty allows all.",
  },
  {
    name: "metadata",
    caption: "Metadata",
    type: "long-text",
    doc: "Optional participant metadata, any text (often JSON) your app reads from the participant.",
  },
  {
    name: "attributes",
    caption: "Attributes",
    type: "long-text",
    doc: 'Optional participant attributes as a JSON object of texts, e.g. {"role": "host"}.',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: LIVEKIT_DEFAULT_LIFETIME_MINUTES,
    doc: "Minutes the token may be used to connect. Default 360 (6 hours), as LiveKit's server SDK.",
  },
]);

export const livekitToken = defineRecipe({
  id: "livekit-token",
  display: "LiveKit: access token",
  provider: "LiveKit",
  summary:
    "A LiveKit access token that joins one room with the chosen permissions, signed HS256 with the API secret.",
  source: import.meta.url,
  example: {
    api_key: "APIexampleKey12",
    api_secret: "exampleLiveKitSecretOfAtLeast32Characters",
    identity: "user-42",
    room: "daily-standup",
    participant_name: "Ada",
    publish_sources: ["camera", "microphone"],
    lifetime_minutes: 60,
  },
  rules: [
    {
      rule: "Signed HS256 with the API secret's text; the server accepts no other algorithm.",
      source: `${TOKEN_SOURCE}; ${VERIFIER_SOURCE}`,
    },
    { rule: "iss is the API key the secret belongs to.", source: VERIFIER_SOURCE },
    { rule: "sub is the participant's identity, required to join a room.", source: TOKEN_SOURCE },
    {
      rule: "exp is required: the server refuses a token without one.",
      source: VERIFIER_SOURCE,
    },
    {
      rule: "The grants sit in a video claim: room, roomJoin, canPublish, canSubscribe, canPublishData and canPublishSources.",
      source: GRANTS_SOURCE,
    },
    {
      rule: "canPublishSources lists camera, microphone, screen_share or screen_share_audio.",
      source: GRANTS_SOURCE,
    },
    { rule: "attributes is a map of text to text.", source: GRANTS_SOURCE },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const identity = (values.identity ?? "").trim();
    if (identity === "") {
      throw refuseInput("identity", "must not be empty", "LiveKit requires an identity to join a room.");
    }
    const room = (values.room ?? "").trim();
    if (room === "") {
      throw refuseInput("room", "must not be empty", "A join token names the room it joins.");
    }
    const sources = (values.publish_sources ?? []).map((source) => source.trim()).filter(Boolean);
    for (const source of sources) {
      if (!(LIVEKIT_TRACK_SOURCES as readonly string[]).includes(source)) {
        throw refuseInput(
          "publish_sources",
          `must list only ${LIVEKIT_TRACK_SOURCES.join(", ")}; got ${shown(source)}`,
          "LiveKit's canPublishSources takes these four track sources.",
        );
      }
    }
    const attributes =
      values.attributes === undefined || values.attributes.trim() === ""
        ? undefined
        : readAttributes(values.attributes);
    const lifetime = lifetimeSeconds(values.lifetime_minutes, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "LiveKit refuses a token without exp; give a positive lifetime.",
    });
    const key = importProviderSecret(values.api_secret ?? "", {
      input: "api_secret",
      alg: "HS256",
      encoding: "text",
      rule: SECRET_RULE,
    });
    const apiKey = (values.api_key ?? "").trim();
    if (apiKey === "" || /\s/.test(apiKey)) {
      throw refuseInput("api_key", "must be the API key, one word without spaces", SECRET_RULE);
    }
    const now = clock();
    const nbf = secondsOf(now);
    // The claims livekit-server-sdk writes: grants, then iss, exp, nbf and sub (the engine adds iat, which LiveKit ignores).
    const video = {
      room,
      roomJoin: true,
      canPublish: values.can_publish,
      canSubscribe: values.can_subscribe,
      canPublishData: values.can_publish_data,
      ...(sources.length > 0 ? { canPublishSources: sources } : {}),
    };
    const participantName = values.participant_name?.trim();
    const signed = signPlan(
      {
        key,
        claims: {
          ...(participantName ? { name: participantName } : {}),
          ...(values.metadata?.trim() ? { metadata: values.metadata } : {}),
          ...(attributes === undefined ? {} : { attributes }),
          video,
          iss: apiKey,
          exp: nbf + lifetime,
          nbf,
          sub: identity,
        },
      },
      now,
    );
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings: signed.warnings };
  },
});

function readAttributes(text: string): Record<string, string> {
  const rule = "LiveKit's participant attributes are a map of text to text.";
  const parsed = parseJsonObject("attributes", text, rule);
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== "string") {
      throw refuseInput(
        "attributes",
        `must give every attribute a text value; "${name.slice(0, 40)}" is ${value === null ? "null" : typeof value}`,
        rule,
      );
    }
  }
  return parsed as Record<string, string>;
}
