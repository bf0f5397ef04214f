import { defineInputs } from "../inputs/index.js";
import { checkId, type IdRule, lifetimeSeconds } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const SELF_SIGNING_DOC = "https://docs.daily.co/docs/guides/privacy-and-security/self-signing-tokens";
const TOKENS_DOC = "https://docs.daily.co/docs/guides/privacy-and-security/meeting-tokens";

const DOMAIN_ID: IdRule = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  problem: "must be your domain_id, a UUID such as 30f866c3-9123-452a-8723-ff58322d09c5",
  rule: "Daily gives the domain_id in the answer of GET https://api.daily.co/v1/ (the domain configuration endpoint).",
};

const KEY_RULE =
  "Daily accepts self-signed meeting tokens signed HS256 with the domain's API key as the secret " +
  "(dashboard.daily.co/developers), while that key is active.";

const INPUTS = defineInputs([
  {
    name: "api_key",
    caption: "API key",
    type: "secret",
    required: true,
    fallbackKey: "DAILY_API_KEY",
    doc: "The domain's API key (dashboard.daily.co/developers). Leave empty to use the plugin key DAILY_API_KEY.",
  },
  {
    name: "domain_id",
    caption: "Domain ID",
    type: "text",
    required: true,
    pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    formDoc: "a UUID such as 30f866c3-9123-452a-8723-ff58322d09c5",
    doc: "Your domain_id, a UUID given by Daily's domain configuration endpoint (GET https://api.daily.co/v1/).",
  },
  {
    name: "room",
    caption: "Room name",
    type: "text",
    required: true,
    doc: "The room the token is for (the last part of its URL: hello in https://acme.daily.co/hello).",
  },
  {
    name: "domain",
    caption: "Domain",
    type: "text",
    pattern: "^[A-Za-z0-9][A-Za-z0-9-]{0,62}$",
    formDoc: "the subdomain alone: acme for acme.daily.co",
    doc: "Optional: your Daily subdomain (acme for acme.daily.co), to get the room URL with the token.",
  },
  { name: "user_name", caption: "User name", type: "text", doc: "Optional: the name shown in the call." },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    doc: "Optional: your user's id, reported in Daily's logs and events.",
  },
  {
    name: "is_owner",
    caption: "Owner",
    type: "boolean",
    default: false,
    doc: "Yes to make the user a meeting owner (may remove others, change settings). Default no.",
  },
  {
    name: "start_video_off",
    caption: "Start with video off",
    type: "boolean",
    default: false,
    doc: "Yes to join with the camera off.",
  },
  {
    name: "start_audio_off",
    caption: "Start with audio off",
    type: "boolean",
    default: false,
    doc: "Yes to join with the microphone off.",
  },
  {
    name: "eject_at_token_exp",
    caption: "Eject at expiry",
    type: "boolean",
    default: false,
    doc: "Yes to remove the user from the call when the token expires.",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires. Default 60; Daily advises always setting an expiry.",
  },
]);

export const dailyMeetingToken = defineRecipe({
  id: "daily-meeting-token",
  display: "Daily: meeting token",
  provider: "Daily",
  summary:
    "A self-signed Daily meeting token for one room, HS256 with the domain's API key, and the room URL.",
  source: import.meta.url,
  example: {
    api_key: "5f1c0d7e9a2b4c6d8e0f1a3b5c7d9e2f4a6b8c0d1e3f5a7b9c2d4e6f8a0b1c3d",
    domain_id: "30f866c3-9123-452a-8723-ff58322d09c5",
    room: "hello",
    domain: "acme",
    user_name: "Ada Lovelace",
    is_owner: true,
  },
  rules: [
    {
      rule: "Signed HS256 with the domain's API key as the secret, accepted while that key is active.",
      source: SELF_SIGNING_DOC,
    },
    { rule: "r (the room name), iat and d (the domain_id) are required.", source: SELF_SIGNING_DOC },
    {
      rule: "Self-signed tokens use the abbreviated names: u user_name, ud user_id, o is_owner, vo, ao, ejt.",
      source: SELF_SIGNING_DOC,
    },
    { rule: "A token without exp is valid forever, so exp is always set.", source: TOKENS_DOC },
    {
      rule: "The token joins as the t parameter of the room URL, or as the token of join().",
      source: TOKENS_DOC,
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "room_url",
      type: "text",
      doc: "https://<domain>.daily.co/<room>?t=<token>; empty without a domain.",
    },
  ],
  make(values, { clock }) {
    const domainId = checkId("domain_id", values.domain_id ?? "", DOMAIN_ID).toLowerCase();
    const room = (values.room ?? "").trim();
    if (room === "" || /[\s/?#]/.test(room)) {
      throw refuseInput(
        "room",
        `must be the room's name alone, without spaces or slashes; got ${shown(room)}`,
        "A Daily token without r is valid for every room: name the room, as the last part of its URL.",
      );
    }
    const lifetime = lifetimeSeconds(values.lifetime_minutes, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "Daily advises always setting an expiry: a token without exp is valid forever.",
    });
    const key = importProviderSecret(values.api_key ?? "", {
      input: "api_key",
      alg: "HS256",
      encoding: "text",
      rule: KEY_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const userName = values.user_name?.trim();
    const userId = values.user_id?.trim();
    // Daily's abbreviated names; a flag is written only when it is on, as Daily's defaults are off.
    const claims: Record<string, unknown> = { r: room, d: domainId, iat, exp: iat + lifetime };
    if (userName) claims.u = userName;
    if (userId) claims.ud = userId;
    if (values.is_owner) claims.o = true;
    if (values.start_video_off) claims.vo = true;
    if (values.start_audio_off) claims.ao = true;
    if (values.eject_at_token_exp) claims.ejt = true;
    const signed = signPlan({ key, claims }, now);
    const domain = values.domain?.trim().toLowerCase();
    const outputs: Record<string, string> = {};
    if (domain) outputs.room_url = `https://${domain}.daily.co/${encodeURIComponent(room)}?t=${signed.token}`;
    return { token: signed.token, expiresAt: signed.expiresAt, outputs, warnings: signed.warnings };
  },
});
