import { defineInputs } from "../inputs/index.js";
import { checkId, type LifetimeRule, lifetimeSeconds } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** Zoom accepts signatures and tokens living 30 minutes to 48 hours. */
export const ZOOM_MIN_LIFETIME_SECONDS = 1800;
export const ZOOM_MAX_LIFETIME_SECONDS = 172_800;

const LIFETIME: LifetimeRule = {
  input: "lifetime_minutes",
  unit: "minutes",
  minSeconds: ZOOM_MIN_LIFETIME_SECONDS,
  maxSeconds: ZOOM_MAX_LIFETIME_SECONDS,
  rule: "Zoom accepts exp - iat from 1800 s (30 minutes) to 172800 s (48 hours).",
};

const lifetimeInput = {
  name: "lifetime_minutes",
  caption: "Lifetime (minutes)",
  type: "number",
  min: 30,
  max: 2880,
  default: 120,
  doc: "Minutes until it expires: 30 to 2880 (48 hours), as Zoom requires. Default 120.",
} as const;

function sdkKeyInput(where: string) {
  return {
    name: "sdk_key",
    caption: "SDK key",
    type: "text",
    required: true,
    doc: `The SDK key (Client ID) of ${where}.`,
  } as const;
}

function sdkSecretInput(fallbackKey: string, where: string) {
  return {
    name: "sdk_secret",
    caption: "SDK secret",
    type: "secret",
    required: true,
    fallbackKey,
    doc: `The SDK secret (Client Secret) of ${where}. Leave empty to use the plugin key ${fallbackKey}.`,
  } as const;
}

function zoomSecret(text: string) {
  return importProviderSecret(text, {
    input: "sdk_secret",
    alg: "HS256",
    encoding: "text",
    rule: "Zoom signs with the app's SDK secret (Client Secret) as text, HS256.",
  });
}

const MEETING_INPUTS = defineInputs([
  sdkKeyInput("your Meeting SDK app (Zoom App Marketplace > Manage > your app > App credentials)"),
  sdkSecretInput("ZOOM_MEETING_SDK_SECRET", "your Meeting SDK app"),
  {
    name: "meeting_number",
    caption: "Meeting number",
    type: "text",
    required: true,
    doc: "The meeting or webinar number, digits only (spaces are removed).",
  },
  {
    name: "role",
    caption: "Role",
    type: "choice",
    options: ["0", "1"],
    default: "0",
    doc: "0 to join as an attendee (default), 1 as the host (a host also needs a ZAK).",
  },
  lifetimeInput,
]);

export const zoomMeetingSdk = defineRecipe({
  id: "zoom-meeting-sdk",
  display: "Zoom: Meeting SDK signature",
  provider: "Zoom",
  summary: "The signature the Zoom Meeting SDK's join call needs, signed HS256 with the SDK secret.",
  source: import.meta.url,
  example: {
    sdk_key: "abcKEY",
    sdk_secret: "Zs3cr3tZs3cr3tZs3cr3tZs3cr3tZs3c",
    meeting_number: "123 4567 8901",
    role: "1",
  },
  rules: [
    {
      rule: "Signed HS256 with the Meeting SDK app's secret (Client Secret) as text.",
      source: "https://developers.zoom.us/docs/meeting-sdk/auth/",
    },
    {
      rule: "appKey and sdkKey are the SDK key (Client ID), mn the meeting number without spaces, and role 0 for an attendee or 1 for the host.",
      source: "src/index.js (zoom/meetingsdk-auth-endpoint-sample)",
    },
    {
      rule: "exp is 1800 s (30 minutes) to 172800 s (48 hours) after iat, and tokenExp equals exp.",
      source: "src/index.js (zoom/meetingsdk-auth-endpoint-sample)",
    },
  ],
  inputs: MEETING_INPUTS,
  outputs: [],
  make(values, { clock }) {
    const sdkKey = (values.sdk_key ?? "").trim();
    const meeting = checkId("meeting_number", (values.meeting_number ?? "").replace(/[\s-]/g, ""), {
      pattern: /^\d{9,12}$/,
      problem: "must be the meeting number, 9 to 12 digits",
      rule: "Zoom's mn claim is the meeting or webinar number without spaces.",
    });
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 120, LIFETIME);
    const key = zoomSecret(values.sdk_secret ?? "");
    const now = clock();
    const iat = secondsOf(now);
    const exp = iat + lifetime;
    const signed = signPlan(
      {
        key,
        claims: {
          appKey: sdkKey,
          sdkKey,
          mn: Number(meeting),
          role: Number(values.role ?? "0"),
          iat,
          exp,
          tokenExp: exp,
        },
      },
      now,
    );
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings: signed.warnings };
  },
});

const VIDEO_INPUTS = defineInputs([
  sdkKeyInput("your Video SDK app (Zoom App Marketplace > Video SDK > App credentials)"),
  sdkSecretInput("ZOOM_VIDEO_SDK_SECRET", "your Video SDK app"),
  {
    name: "session_name",
    caption: "Session name",
    type: "text",
    required: true,
    doc: "The session (topic) to join, under 200 characters; the same text as in client.join.",
  },
  {
    name: "role_type",
    caption: "Role type",
    type: "choice",
    options: ["0", "1"],
    default: "0",
    doc: "0 for a participant (default), 1 for the host.",
  },
  {
    name: "user_identity",
    caption: "User identity",
    type: "text",
    doc: "Optional: your id for the user, under 35 characters.",
  },
  {
    name: "session_key",
    caption: "Session key",
    type: "text",
    doc: "Optional: your key for the session, under 36 characters.",
  },
  lifetimeInput,
]);

function shorterThan(
  input: string,
  value: string | undefined,
  limit: number,
  what: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (value.length >= limit) {
    throw refuseInput(
      input,
      `must be under ${limit} characters; got ${value.length}`,
      `Zoom refuses a Video SDK token whose ${what} has ${limit} characters or more.`,
      "too-long",
    );
  }
  return value;
}

export const zoomVideoSdk = defineRecipe({
  id: "zoom-video-sdk",
  display: "Zoom: Video SDK token",
  provider: "Zoom",
  summary:
    "The token the Zoom Video SDK's client.join needs for one session, signed HS256 with the SDK secret.",
  source: import.meta.url,
  example: {
    sdk_key: "vidKEY",
    sdk_secret: "Zs3cr3tZs3cr3tZs3cr3tZs3cr3tZs3c",
    session_name: "standup",
    role_type: "1",
    lifetime_minutes: 30,
  },
  rules: [
    {
      rule: "Signed HS256 with the Video SDK app's secret as text.",
      source: "https://developers.zoom.us/docs/video-sdk/auth/",
    },
    {
      rule: "app_key is the SDK key, tpc the session name under 200 characters, role_type 1 for the host or 0 for a participant, and version 1.",
      source: "https://developers.zoom.us/docs/video-sdk/auth/",
    },
    {
      rule: "user_identity is under 35 characters and session_key under 36.",
      source: "src/index.js (zoom/videosdk-auth-endpoint-sample)",
    },
    {
      rule: "exp is 1800 s (30 minutes) to 172800 s (48 hours) after iat.",
      source: "src/index.js (zoom/videosdk-auth-endpoint-sample)",
    },
  ],
  inputs: VIDEO_INPUTS,
  outputs: [],
  make(values, { clock }) {
    const sdkKey = (values.sdk_key ?? "").trim();
    const topic = shorterThan("session_name", values.session_name ?? "", 200, "session name (tpc)") ?? "";
    const identity = shorterThan("user_identity", values.user_identity, 35, "user_identity");
    const sessionKey = shorterThan("session_key", values.session_key, 36, "session_key");
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 120, LIFETIME);
    const key = zoomSecret(values.sdk_secret ?? "");
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: {
          app_key: sdkKey,
          tpc: topic,
          role_type: Number(values.role_type ?? "0"),
          version: 1,
          iat,
          exp: iat + lifetime,
          ...(identity === undefined ? {} : { user_identity: identity }),
          ...(sessionKey === undefined ? {} : { session_key: sessionKey }),
        },
      },
      now,
    );
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings: signed.warnings };
  },
});
