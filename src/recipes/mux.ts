import { defineInputs, exampleKey } from "../inputs/index.js";
import { checkId, lifetimeSeconds, parseJsonObject, refuseReserved } from "./lib/checks.js";
import { importSigningKey } from "./lib/keys.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** Mux's audience for each kind of signed URL. */
export const MUX_AUDIENCES = { video: "v", thumbnail: "t", gif: "g", storyboard: "s" } as const;
type MuxType = keyof typeof MUX_AUDIENCES;

const URLS: Record<MuxType, (playbackId: string) => string> = {
  video: (id) => `https://stream.mux.com/${id}.m3u8`,
  thumbnail: (id) => `https://image.mux.com/${id}/thumbnail.jpg`,
  gif: (id) => `https://image.mux.com/${id}/animated.gif`,
  storyboard: (id) => `https://image.mux.com/${id}/storyboard.vtt`,
};

const KEY_RULE =
  "Mux returns a URL signing key once (Settings > Signing keys, or POST /video/v1/signing-keys): an id and a " +
  "private_key that is the base64 of an RSA PEM. Paste it as given (a plain PEM works too).";

const INPUTS = defineInputs([
  {
    name: "signing_key_id",
    caption: "Signing key ID",
    type: "text",
    required: true,
    doc: "The id of the URL signing key (Settings > Signing keys).",
  },
  {
    name: "signing_private_key",
    caption: "Signing private key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "MUX_SIGNING_PRIVATE_KEY",
    doc: "The signing key's private_key exactly as Mux gives it (base64 text starting LS0tLS1CRUdJTi...). Leave empty to use the plugin key MUX_SIGNING_PRIVATE_KEY.",
  },
  {
    name: "playback_id",
    caption: "Playback ID",
    type: "text",
    required: true,
    doc: "The asset's or live stream's playback ID with the signed policy.",
  },
  {
    name: "type",
    caption: "Type",
    type: "choice",
    options: ["video", "thumbnail", "gif", "storyboard"],
    default: "video",
    doc: "What the URL plays or shows: video (HLS, default), thumbnail, gif or storyboard. One token per type.",
  },
  {
    name: "params_json",
    caption: "Parameters (JSON)",
    type: "long-text",
    doc: 'Optional claims such as image parameters, e.g. {"time": 10, "width": 640}; Mux reads them from the token, not the URL.',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 10080,
    doc: "Minutes until the URL expires. Default 10080 (7 days, as Mux's SDK); Mux sets no maximum.",
  },
]);

export const muxPlayback = defineRecipe({
  id: "mux-playback",
  display: "Mux: signed playback token",
  provider: "Mux",
  summary: "A signed playback token and URL for a Mux playback ID with the signed policy, signed RS256.",
  source: import.meta.url,
  example: {
    signing_key_id: "keyId123",
    signing_private_key: exampleKey("rsa-pkcs1-base64"),
    playback_id: "PLAYBACK123",
    type: "thumbnail",
  },
  rules: [
    {
      rule: "Signed RS256 with the URL signing key, whose private_key Mux hands out as the base64 of an RSA PEM.",
      source: "https://www.mux.com/docs/guides/secure-video-playback",
    },
    {
      rule: "sub is the playback ID, and aud is v for video, t for a thumbnail, g for a GIF or s for a storyboard, one token per kind.",
      source: "src/util/jwt-types.ts (muxinc/mux-node-sdk)",
    },
    {
      rule: "The signing key's id is written as the kid claim, where the official SDK writes it.",
      source: "src/_shims/auto/jwt-node.ts (muxinc/mux-node-sdk)",
    },
    {
      rule: "Image parameters such as time and width go in the claims, not the URL.",
      source: "https://www.mux.com/docs/guides/secure-video-playback",
    },
  ],
  inputs: INPUTS,
  outputs: [{ name: "url", type: "text", doc: "The playback or image URL with ?token=<token>." }],
  make(values, { clock }) {
    const keyId = (values.signing_key_id ?? "").trim();
    const playbackId = checkId("playback_id", values.playback_id ?? "", {
      pattern: /^[A-Za-z0-9]+$/,
      problem: "must be a Mux playback ID (letters and digits)",
      rule: "Mux signs a token for one playback ID, shown with the asset or live stream (signed policy).",
    });
    const type = (values.type ?? "video") as MuxType;
    const rule =
      "The recipe sets sub, aud, exp and kid itself; put only Mux's optional claims in params_json.";
    const params =
      values.params_json === undefined ? {} : parseJsonObject("params_json", values.params_json, rule);
    refuseReserved("params_json", params, ["sub", "aud", "exp", "iat", "kid"], rule);
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 10080, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "The token stops working at exp; Mux's SDK defaults to 7 days.",
    });
    const key = importSigningKey(values.signing_private_key ?? "", {
      input: "signing_private_key",
      alg: "RS256",
      rule: KEY_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    // @mux/mux-node (8 to 15.3) writes kid among the claims, not in the header; Mux accepts its tokens.
    const signed = signPlan(
      {
        key,
        claims: {
          ...params,
          kid: keyId,
          sub: playbackId,
          aud: MUX_AUDIENCES[type],
          iat,
          exp: iat + lifetime,
        },
      },
      now,
    );
    return {
      token: signed.token,
      expiresAt: signed.expiresAt,
      outputs: { url: `${URLS[type](playbackId)}?token=${signed.token}` },
      warnings: signed.warnings,
    };
  },
});
