import { defineInputs } from "../inputs/index.js";
import { lifetimeSeconds, parseJsonObject, secretForm } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const JWT_DOCS = "https://ably.com/docs/auth/token/jwt";
const TOKEN_DOCS = "https://ably.com/docs/auth/token";
/** Ably refuses a token that lives longer than 24 hours (error 40003). */
export const ABLY_MAX_LIFETIME_SECONDS = 24 * 60 * 60;
/** The cap for keys with revocable tokens enabled, which this recipe cannot see. */
const ABLY_REVOCABLE_MAX_SECONDS = 60 * 60;

const KEY_RULE =
  "An Ably API key (dashboard > your app > API Keys) is <app id>.<key id>:<key secret>: the part before the " +
  "colon is the key name written as kid, the part after it is the HS256 secret. Ably takes no other key for JWTs.";

const CAPABILITY_RULE =
  'x-ably-capability is a JSON object of resource names (channels, "*") to lists of operations, such as ' +
  '{"chat:*": ["publish", "subscribe"]}; it must fall within the API key\'s own capabilities.';

const INPUTS = defineInputs([
  {
    name: "api_key",
    caption: "API key",
    type: "secret",
    required: true,
    fallbackKey: "ABLY_API_KEY",
    doc: "The whole Ably API key as the dashboard shows it (your app > API Keys): <app id>.<key id>:<secret>. Leave empty to use the plugin key ABLY_API_KEY.",
  },
  {
    name: "capability",
    caption: "Capability (JSON)",
    type: "long-text",
    default: '{"*":["*"]}',
    doc: 'What the token may do: a JSON object of channel names to operations, e.g. {"chat:*":["publish","subscribe"]}. Default {"*":["*"]}: everything the key allows.',
  },
  {
    name: "client_id",
    caption: "Client ID",
    type: "text",
    doc: "Optional: the client id the token binds the connection to (x-ably-clientId), usually your user's id; * lets the client pick any.",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires. Default 60; Ably refuses more than 1440 (24 hours), and more than 60 for a key with revocable tokens.",
  },
]);

export const ablyToken = defineRecipe({
  id: "ably-token",
  display: "Ably: JWT for a client",
  provider: "Ably",
  summary:
    "An Ably JWT for the Realtime and REST client libraries (authUrl or authCallback), signed HS256 with an API key.",
  source: import.meta.url,
  example: {
    api_key: "xVLyHw.DQrNxQ:Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4Cd",
    capability: '{"chat:*":["publish","subscribe","presence"]}',
    client_id: "user-42",
  },
  rules: [
    {
      rule: "Signed HS256 with the API key's secret; Ably takes no asymmetric signature.",
      source: JWT_DOCS,
    },
    {
      rule: "The header's kid is the API key's name (<app id>.<key id>); without it Ably answers 40144.",
      source: JWT_DOCS,
    },
    {
      rule: "x-ably-capability is required and is a JSON string of resources to operation lists, not an object.",
      source: JWT_DOCS,
    },
    { rule: "x-ably-clientId, when given, is a string.", source: JWT_DOCS },
    { rule: "iat and exp are required.", source: JWT_DOCS },
    {
      rule: "A token lives at most 24 hours (1 hour for a key with revocable tokens); longer is refused with 40003.",
      source: TOKEN_DOCS,
    },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const apiKey = (values.api_key ?? "").trim();
    const match = /^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+):(\S+)$/.exec(apiKey);
    if (match === null) {
      // A malformed key may still be most of the real one: describe its form, never its text.
      throw refuseInput("api_key", `must be <app id>.<key id>:<secret>; got ${secretForm(apiKey)}`, KEY_RULE);
    }
    const [, keyName = "", secret = ""] = match;
    const capability = readCapability(values.capability ?? '{"*":["*"]}');
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      maxSeconds: ABLY_MAX_LIFETIME_SECONDS,
      rule: "Ably refuses (40003) a token that lives longer than 24 hours, or 1 hour for a key with revocable tokens.",
    });
    const key = importProviderSecret(secret, {
      input: "api_key",
      alg: "HS256",
      kid: keyName,
      encoding: "text",
      rule: KEY_RULE,
    });
    const clientId = values.client_id?.trim();
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: {
          iat,
          exp: iat + lifetime,
          // Ably wants the capability as JSON text inside the claim, not as an object.
          "x-ably-capability": JSON.stringify(capability),
          ...(clientId === undefined || clientId === "" ? {} : { "x-ably-clientId": clientId }),
        },
      },
      now,
    );
    const warnings = [...signed.warnings];
    if (lifetime > ABLY_REVOCABLE_MAX_SECONDS) {
      warnings.push(
        "The token lives more than 1 hour: Ably refuses that for an API key with revocable tokens enabled.",
      );
    }
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings };
  },
});

/** A capability object: each resource name to a non-empty list of operation names. */
function readCapability(text: string): Record<string, string[]> {
  const object = parseJsonObject("capability", text, CAPABILITY_RULE);
  const resources = Object.entries(object);
  if (resources.length === 0) {
    throw refuseInput(
      "capability",
      "is an empty object: it must name at least one resource",
      CAPABILITY_RULE,
    );
  }
  for (const [resource, operations] of resources) {
    const valid =
      Array.isArray(operations) &&
      operations.length > 0 &&
      operations.every((operation) => typeof operation === "string" && operation !== "");
    if (!valid) {
      throw refuseInput(
        "capability",
        `must give ${shown(resource, 40)} a list of operation names such as ["publish","subscribe"]`,
        CAPABILITY_RULE,
      );
    }
  }
  return object as Record<string, string[]>;
}
