import { randomUUID } from "node:crypto";
import { defineInputs, exampleKey } from "../inputs/index.js";
import { checkId, lifetimeSeconds, parseJsonObject } from "./lib/checks.js";
import { importSigningKey } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const SDK = "src/lib/tokenSigner.ts (knocklabs/knock-node)";
const SDK_GRANTS = "src/lib/userTokens.ts (knocklabs/knock-node)";
const DOCS = "https://docs.knock.app/in-app-ui/security-and-authentication";

/** Where Knock's resource URIs start: a grant names the resource it applies to by one of them. */
export const KNOCK_RESOURCE_PREFIX = "https://api.knock.app/v1/";

const KEY_RULE =
  "Knock signs user tokens RS256 with the environment's signing key (Dashboard > Platform > API keys > Signing " +
  "keys), shown as a base64-encoded PEM on one line and as a PEM: paste either (PKCS#1 or PKCS#8).";
const GRANTS_RULE =
  "grants is a JSON object keyed by resource URI (https://api.knock.app/v1/users/<id>, .../v1/objects/$tenants/<id>, " +
  '.../v1/objects/<collection>/<id>), each holding grant names mapped to lists, e.g. {"slack/channels_read": []}.';

const INPUTS = defineInputs([
  {
    name: "signing_key",
    caption: "Signing key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "KNOCK_SIGNING_KEY",
    doc: "The environment's signing key (Knock dashboard > Platform > API keys > Signing keys): the one-line base64 form or the PEM. Leave empty to use the plugin key KNOCK_SIGNING_KEY.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "The Knock user id the token is for: the id you pass to knock.authenticate or KnockProvider.",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires. Default 60, as Knock's SDK.",
  },
  {
    name: "grants_json",
    caption: "Grants (JSON)",
    type: "long-text",
    doc: 'Optional grants by resource URI, e.g. {"https://api.knock.app/v1/objects/$tenants/acme": {"slack/channels_read": []}}.',
  },
  {
    name: "generate_jti",
    caption: "Add a token ID (jti)",
    type: "boolean",
    default: false,
    doc: "Add a random jti claim, as the SDK's shouldGenerateJti. Default no.",
  },
]);

export const knockUserToken = defineRecipe({
  id: "knock-user-token",
  display: "Knock: user token",
  provider: "Knock",
  summary:
    "A Knock user token for in-app feeds and client calls with enhanced security, signed RS256 with the environment's signing key.",
  source: import.meta.url,
  example: {
    signing_key: exampleKey("rsa-pkcs1-base64"),
    user_id: "user-42",
    grants_json: '{"https://api.knock.app/v1/objects/$tenants/acme": {"slack/channels_read": []}}',
  },
  rules: [
    {
      rule: "Signed RS256 with the environment's signing key; the header is alg RS256 and typ JWT.",
      source: SDK,
    },
    {
      rule: "The signing key is handed out as a PEM or as its base64 encoding (starting LS0tLS1CRUdJTi).",
      source: SDK,
    },
    { rule: "sub is the Knock user id.", source: DOCS },
    { rule: "iat is the signing time and exp defaults to one hour later.", source: SDK },
    {
      rule: "grants maps resource URIs (users, objects/$tenants, objects/<collection>) to grant names with list values.",
      source: SDK,
    },
    {
      rule: "Grant names are a scope and a permission joined by a slash, such as slack/channels_read or user/feed_read.",
      source: SDK_GRANTS,
    },
    { rule: "jti is optional.", source: SDK },
    {
      rule: "The client sends the token with the user id (knock.authenticate), which Knock's API reads as X-Knock-User-Token.",
      source: DOCS,
    },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const userId = checkId("user_id", values.user_id ?? "", {
      pattern: /^\S(?:.*\S)?$/,
      problem: "must be the Knock user id",
      rule: "The token's sub is the id of the Knock user it authenticates.",
    });
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "The token stops working at exp; Knock's SDK defaults to one hour.",
    });
    const grants = values.grants_json === undefined ? undefined : readGrants(values.grants_json);
    const key = importSigningKey(values.signing_key ?? "", {
      input: "signing_key",
      alg: "RS256",
      rule: KEY_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: {
          sub: userId,
          ...(grants === undefined ? {} : { grants }),
          iat,
          exp: iat + lifetime,
          ...(values.generate_jti === true ? { jti: randomUUID() } : {}),
        },
      },
      now,
    );
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings: signed.warnings };
  },
});

function readGrants(text: string): Record<string, Record<string, unknown[]>> {
  const grants = parseJsonObject("grants_json", text, GRANTS_RULE);
  for (const [resource, granted] of Object.entries(grants)) {
    if (!/^https:\/\/api\.knock\.app\/v1\/(?:users\/[^/\s]+|objects\/[^/\s]+\/[^/\s]+)$/.test(resource)) {
      throw refuseInput(
        "grants_json",
        `has resource ${shown(resource, 60)}, not a Knock resource URI`,
        GRANTS_RULE,
      );
    }
    if (granted === null || typeof granted !== "object" || Array.isArray(granted)) {
      throw refuseInput(
        "grants_json",
        `member ${shown(resource, 60)} must be an object of grants`,
        GRANTS_RULE,
      );
    }
    const names = Object.entries(granted as Record<string, unknown>);
    if (names.length === 0) {
      throw refuseInput(
        "grants_json",
        `member ${shown(resource, 60)} grants nothing`,
        GRANTS_RULE,
        "missing",
      );
    }
    for (const [name, value] of names) {
      if (!/^[a-z_]+\/[a-z_]+$/.test(name) || !Array.isArray(value)) {
        throw refuseInput(
          "grants_json",
          `grant ${shown(name, 40)} must be a scope/permission name mapped to a list`,
          GRANTS_RULE,
        );
      }
    }
  }
  return grants as Record<string, Record<string, unknown[]>>;
}
