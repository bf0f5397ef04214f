import { defineInputs } from "../inputs/index.js";
import { checkId, checkSecretForm, lifetimeSeconds, parseJsonObject } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** Browsers and Metabase handle iframe URLs up to about 8 KB. */
const MAX_EMBED_URL = 8000;

const INPUTS = defineInputs([
  {
    name: "site_url",
    caption: "Site URL",
    type: "text",
    required: true,
    doc: "Your Metabase's address, e.g. https://metabase.example.com.",
  },
  {
    name: "secret_key",
    caption: "Embedding secret key",
    type: "secret",
    required: true,
    fallbackKey: "METABASE_SECRET_KEY",
    doc: "Admin > Embedding > Static embedding: the 64-hex secret key. Leave empty to use the plugin key METABASE_SECRET_KEY.",
  },
  {
    name: "resource_type",
    caption: "Resource type",
    type: "choice",
    options: ["dashboard", "question"],
    required: true,
    doc: "dashboard or question.",
  },
  {
    name: "resource_id",
    caption: "Resource ID",
    type: "text",
    required: true,
    doc: "The dashboard's or question's number (in its URL: /dashboard/12), or its entity ID.",
  },
  {
    name: "params_json",
    caption: "Parameters (JSON)",
    type: "long-text",
    default: "{}",
    doc: 'Values of the locked parameters, e.g. {"customer_id": 42}; every locked parameter must appear (null or [] for no filter). Default {}.',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 10,
    doc: "Minutes until the embed link expires. Default 10 (Metabase's examples); Metabase sets no maximum.",
  },
  {
    name: "bordered",
    caption: "Bordered",
    type: "boolean",
    default: true,
    doc: "Show a border around the embed. Default yes.",
  },
  { name: "titled", caption: "Titled", type: "boolean", default: true, doc: "Show the title. Default yes." },
  {
    name: "theme",
    caption: "Theme",
    type: "choice",
    options: ["night", "transparent"],
    doc: "Optional: night or transparent; empty for Metabase's light theme.",
  },
]);

const SECRET_RULE =
  "Metabase's static embedding secret key is 64 hexadecimal characters (Admin > Embedding > Static embedding), used as text.";

export const metabaseEmbed = defineRecipe({
  id: "metabase-embed",
  display: "Metabase: signed embed URL",
  provider: "Metabase",
  summary: "A signed static-embedding URL for a Metabase dashboard or question, ready for an iframe.",
  source: import.meta.url,
  example: {
    site_url: "https://metabase.example.com",
    secret_key: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    resource_type: "dashboard",
    resource_id: "12",
    params_json: '{"customer_id": [42]}',
    theme: "night",
  },
  rules: [
    {
      rule: "Signed HS256 with the 64-hex static embedding secret key, used as text.",
      source: "https://www.metabase.com/docs/latest/embedding/static-embedding",
    },
    {
      rule: "The resource claim names one dashboard or question by its number or entity ID.",
      source: "https://www.metabase.com/docs/latest/embedding/static-embedding",
    },
    {
      rule: "params is a JSON object, {} when there are none, that holds every locked parameter.",
      source: "https://www.metabase.com/docs/latest/embedding/static-embedding-parameters",
    },
    {
      rule: "The iframe URL is the site URL, /embed/dashboard/ or /embed/question/, the token, and display options after #.",
      source: "https://www.metabase.com/docs/latest/embedding/static-embedding",
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "embed_url",
      type: "text",
      doc: "The iframe URL: <site>/embed/<type>/<token>#bordered=...&titled=...",
    },
  ],
  make(values, { clock }) {
    const site = readSiteUrl(values.site_url ?? "");
    const secret = checkSecretForm("secret_key", values.secret_key ?? "", {
      pattern: /^[0-9a-f]{64}$/i,
      problem: "must be the 64-hex embedding secret key",
      rule: SECRET_RULE,
    });
    const type = values.resource_type ?? "dashboard";
    const idText = checkId("resource_id", values.resource_id ?? "", {
      pattern: /^(?:\d+|[A-Za-z0-9_-]{21})$/,
      problem: "must be the number of the dashboard or question (or its 21-character entity ID)",
      rule: "Metabase identifies the resource by its number, shown in its URL (/dashboard/12), or its entity ID.",
    });
    const resourceId = /^\d+$/.test(idText) ? Number(idText) : idText;
    const params = parseJsonObject(
      "params_json",
      values.params_json ?? "{}",
      "Metabase needs params as a JSON object, {} when there are none, with every locked parameter in it.",
    );
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 10, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "The embed link stops working at exp; Metabase's examples use 10 minutes.",
    });
    const key = importProviderSecret(secret, {
      input: "secret_key",
      alg: "HS256",
      encoding: "text",
      rule: SECRET_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      { key, claims: { resource: { [type]: resourceId }, params, iat, exp: iat + lifetime } },
      now,
    );
    const hash = [`bordered=${values.bordered ?? true}`, `titled=${values.titled ?? true}`];
    if (values.theme !== undefined) hash.push(`theme=${values.theme}`);
    const embedUrl = `${site}/embed/${type}/${signed.token}#${hash.join("&")}`;
    const warnings = [...signed.warnings];
    if (embedUrl.length > MAX_EMBED_URL) {
      warnings.push(
        `The embed URL is ${embedUrl.length} characters; iframes handle about 8000. Send fewer params.`,
      );
    }
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: { embed_url: embedUrl }, warnings };
  },
});

function readSiteUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text.trim());
  } catch {
    url = undefined;
  }
  if (url === undefined || !/^https?:$/.test(url.protocol)) {
    throw refuseInput(
      "site_url",
      `must be your Metabase's address, such as https://metabase.example.com; got ${shown(text, 40)}`,
      "The embed URL is built on your Metabase's site URL (Admin > Settings > General > Site URL).",
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
