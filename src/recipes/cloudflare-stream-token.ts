import { isIP } from "node:net";
import { defineInputs, exampleKey } from "../inputs/index.js";
import { checkId, lifetimeSeconds } from "./lib/checks.js";
import { importSigningKey } from "./lib/keys.js";
import { refuseInput, refuseKey, shown } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const DOCS = "https://developers.cloudflare.com/stream/viewing-videos/securing-your-stream/";
const DOCS_SOURCE =
  "https://github.com/cloudflare/cloudflare-docs/blob/12de1227975eac9771b64f665d6fdf9a655a50ff/src/content/docs/stream/viewing-videos/securing-your-stream.mdx";

/** Cloudflare refuses a token whose exp is more than 24 hours after it was signed. */
export const CLOUDFLARE_STREAM_MAX_SECONDS = 86_400;
/** A token holds at most 5 access rules. */
export const CLOUDFLARE_STREAM_MAX_RULES = 5;

const KEY_RULE =
  "POST /accounts/{account_id}/stream/keys returns the signing key once, as id, pem and jwk; pem and jwk are " +
  "base64-encoded (pem decodes to -----BEGIN RSA PRIVATE KEY-----). Paste either as given, or decoded.";
const RULES_RULE =
  'accessRules is a JSON list of at most 5 rules, each {"type": "any" | "ip.src" | "ip.geoip.country", ' +
  '"action": "allow" | "block"}, with "country" (ISO 3166-1 alpha-2 codes) for ip.geoip.country and "ip" ' +
  "(IP ranges in CIDR form) for ip.src; the first rule that matches decides.";

const INPUTS = defineInputs([
  {
    name: "key_id",
    caption: "Signing key ID",
    type: "text",
    required: true,
    doc: "The signing key's id (32 hex characters), returned with it by POST /accounts/{account_id}/stream/keys.",
  },
  {
    name: "signing_key",
    caption: "Signing key (pem or jwk)",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "CLOUDFLARE_STREAM_SIGNING_KEY",
    doc: "The signing key's pem or jwk exactly as Cloudflare returns it (base64 text), or decoded. Leave empty to use the plugin key CLOUDFLARE_STREAM_SIGNING_KEY.",
  },
  {
    name: "video_uid",
    caption: "Video UID",
    type: "text",
    required: true,
    doc: "The video's UID (32 hex characters); the video must have requireSignedURLs set to true.",
  },
  {
    name: "customer_code",
    caption: "Customer code",
    type: "text",
    doc: "The <CODE> of your customer-<CODE>.cloudflarestream.com subdomain (Stream > any video > Embed), for the playback URLs. Leave empty for the token alone.",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    max: 1440,
    default: 60,
    doc: "Minutes until the token expires. Default 60; Cloudflare refuses more than 1440 (24 hours).",
  },
  {
    name: "downloadable",
    caption: "Downloadable",
    type: "boolean",
    default: false,
    doc: "Let the token download the MP4 too (when the video has downloads enabled). Default no.",
  },
  {
    name: "access_rules_json",
    caption: "Access rules (JSON)",
    type: "long-text",
    doc: 'Optional IP and country rules, first match wins, at most 5, e.g. [{"type": "ip.geoip.country", "action": "allow", "country": ["GB"]}, {"type": "any", "action": "block"}].',
  },
]);

export const cloudflareStreamToken = defineRecipe({
  id: "cloudflare-stream-token",
  display: "Cloudflare Stream: signed playback token",
  provider: "Cloudflare",
  summary:
    "A signed token for a Stream video that requires signed URLs, signed RS256 with a Stream signing key, and its player and manifest URLs.",
  source: import.meta.url,
  example: {
    key_id: "8f926b2b01f3835170025a78a4dcbf6a",
    signing_key: exampleKey("rsa-pkcs1-base64"),
    video_uid: "ea95132c15732412d22c1476fa83f27a",
    customer_code: "f33zs165nr7gyfy4",
    access_rules_json:
      '[{"type": "ip.geoip.country", "action": "allow", "country": ["GB"]}, {"type": "any", "action": "block"}]',
  },
  rules: [
    {
      rule: "Signed RS256 with a Stream signing key, whose pem and jwk Cloudflare returns base64-encoded, the pem being PKCS#1.",
      source: DOCS_SOURCE,
    },
    { rule: "The key's id is the kid in the header and again as a kid claim.", source: DOCS_SOURCE },
    { rule: "sub is the video's UID.", source: DOCS_SOURCE },
    { rule: "exp is at most 24 hours after the token is signed.", source: DOCS },
    {
      rule: "downloadable true lets the token download the MP4, when the video has downloads enabled.",
      source: DOCS,
    },
    {
      rule: "accessRules holds at most 5 rules of type any, ip.src or ip.geoip.country and action allow or block, with country codes or IP ranges; the first match decides.",
      source: DOCS,
    },
    {
      rule: "The token takes the video UID's place in https://customer-<CODE>.cloudflarestream.com/<token>/iframe and /manifest/video.m3u8.",
      source: DOCS,
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "iframe_url",
      type: "text",
      doc: "The Stream Player's iframe src: https://customer-<CODE>.cloudflarestream.com/<token>/iframe; empty without a customer code.",
    },
    {
      name: "hls_url",
      type: "text",
      doc: "The HLS manifest for your own player (.../<token>/manifest/video.m3u8); empty without a customer code.",
    },
    {
      name: "dash_url",
      type: "text",
      doc: "The DASH manifest for your own player (.../<token>/manifest/video.mpd); empty without a customer code.",
    },
  ],
  make(values, { clock }) {
    const keyId = checkId("key_id", values.key_id ?? "", {
      pattern: /^[0-9a-f]{32}$/,
      problem: "must be the signing key's id, 32 hexadecimal characters",
      rule: "Use the id Cloudflare returned with the signing key (POST /accounts/{account_id}/stream/keys).",
    });
    const videoUid = checkId("video_uid", values.video_uid ?? "", {
      pattern: /^[0-9a-f]{32}$/,
      problem: "must be a Stream video UID, 32 hexadecimal characters",
      rule: "The token's sub is the UID of the video (Stream > the video, or the uid the API returned).",
    });
    const customerCode =
      values.customer_code === undefined
        ? undefined
        : checkId("customer_code", values.customer_code, {
            pattern: /^[a-z0-9]+$/,
            problem:
              "must be only the <CODE> of customer-<CODE>.cloudflarestream.com (lowercase letters and digits)",
            rule: "Stream plays signed videos from your customer-<CODE>.cloudflarestream.com subdomain, shown in each video's embed code.",
          });
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      maxSeconds: CLOUDFLARE_STREAM_MAX_SECONDS,
      rule: "Cloudflare refuses a token whose exp is more than 24 hours after it is signed.",
    });
    const accessRules =
      values.access_rules_json === undefined ? undefined : readAccessRules(values.access_rules_json);
    const key = importSigningKey(unwrapKey(values.signing_key ?? "", keyId), {
      input: "signing_key",
      alg: "RS256",
      kid: keyId,
      rule: KEY_RULE,
    });
    const now = clock();
    const exp = secondsOf(now) + lifetime;
    const signed = signPlan(
      {
        key,
        claims: {
          sub: videoUid,
          kid: keyId,
          exp,
          ...(values.downloadable === true ? { downloadable: true } : {}),
          ...(accessRules === undefined ? {} : { accessRules }),
        },
      },
      now,
    );
    const outputs: Record<string, string> = {};
    if (customerCode !== undefined) {
      const base = `https://customer-${customerCode}.cloudflarestream.com/${signed.token}`;
      outputs.iframe_url = `${base}/iframe`;
      outputs.hls_url = `${base}/manifest/video.m3u8`;
      outputs.dash_url = `${base}/manifest/video.mpd`;
    }
    return { token: signed.token, expiresAt: signed.expiresAt, outputs, warnings: signed.warnings };
  },
});

/**
 * The key's text as the engine reads it: Cloudflare's base64-wrapped pem or jwk decoded, a pasted PEM
 * or JWK as is. A JWK naming another key id than key_id is refused.
 */
function unwrapKey(text: string, keyId: string): string {
  const trimmed = text.trim();
  let inner = trimmed;
  if (!trimmed.startsWith("-----") && !trimmed.startsWith("{")) {
    const compact = trimmed.replace(/\s+/g, "");
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
      const decoded = Buffer.from(compact, "base64").toString("utf8").trim();
      if (decoded.startsWith("-----BEGIN") || decoded.startsWith("{")) inner = decoded;
    }
  }
  if (inner.startsWith("{")) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(inner);
    } catch {
      throw refuseKey("signing_key", "looks like a JWK but is not valid JSON", KEY_RULE);
    }
    const kid = (jwk as { kid?: unknown } | null)?.kid;
    if (typeof kid === "string" && kid !== keyId) {
      throw refuseKey(
        "signing_key",
        "is a JWK of another key: its kid is not the key_id given",
        "Give the id Cloudflare returned with this jwk, or the jwk of that key.",
      );
    }
  }
  return inner;
}

function readAccessRules(text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : "invalid JSON";
    throw refuseInput("access_rules_json", `is not valid JSON (${why})`, RULES_RULE);
  }
  if (!Array.isArray(parsed))
    throw refuseInput("access_rules_json", "must be a JSON list of rules", RULES_RULE);
  if (parsed.length > CLOUDFLARE_STREAM_MAX_RULES) {
    throw refuseInput(
      "access_rules_json",
      `holds ${parsed.length} rules; a token may hold at most ${CLOUDFLARE_STREAM_MAX_RULES}`,
      RULES_RULE,
      "out-of-range",
    );
  }
  return parsed.map((rule: unknown, index) => readAccessRule(rule, `rule ${index + 1}`));
}

function readAccessRule(rule: unknown, where: string): Record<string, unknown> {
  if (rule === null || typeof rule !== "object" || Array.isArray(rule)) {
    throw refuseInput("access_rules_json", `${where} is not an object`, RULES_RULE);
  }
  const { type, action, country, ip, ...rest } = rule as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw refuseInput(
      "access_rules_json",
      `${where} has unknown member ${shown(unknown[0] ?? "")}`,
      RULES_RULE,
    );
  }
  if (type !== "any" && type !== "ip.src" && type !== "ip.geoip.country") {
    throw refuseInput("access_rules_json", `${where} has type ${shown(String(type))}`, RULES_RULE);
  }
  if (action !== "allow" && action !== "block") {
    throw refuseInput("access_rules_json", `${where} has action ${shown(String(action))}`, RULES_RULE);
  }
  if (type === "ip.geoip.country") {
    if (!isList(country, (code) => /^[A-Z]{2}$/.test(code)) || ip !== undefined) {
      throw refuseInput(
        "access_rules_json",
        `${where} (ip.geoip.country) needs "country", a list of 2-letter uppercase codes, and no "ip"`,
        RULES_RULE,
      );
    }
    return { type, action, country };
  }
  if (type === "ip.src") {
    if (!isList(ip, isIpRange) || country !== undefined) {
      throw refuseInput(
        "access_rules_json",
        `${where} (ip.src) needs "ip", a list of IP ranges such as 93.184.216.0/24, and no "country"`,
        RULES_RULE,
      );
    }
    return { type, action, ip };
  }
  if (country !== undefined || ip !== undefined) {
    throw refuseInput("access_rules_json", `${where} (any) takes no "country" or "ip"`, RULES_RULE);
  }
  return { type, action };
}

function isList(value: unknown, each: (item: string) => boolean): value is string[] {
  return (
    Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string" && each(item))
  );
}

/** An IPv4 or IPv6 address, with an optional prefix length that fits it. */
function isIpRange(text: string): boolean {
  const [address = "", prefix, ...more] = text.split("/");
  const version = isIP(address);
  if (version === 0 || more.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
