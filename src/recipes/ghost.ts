import { defineInputs } from "../inputs/index.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

export const GHOST_AUDIENCE = "/admin/";
/** Ghost refuses tokens older than 5 minutes (maxAge from iat), so every token lives 5 minutes. */
export const GHOST_LIFETIME_SECONDS = 300;

const KEY_RULE =
  "Ghost's Admin API key (Settings > Integrations > your custom integration) is <id>:<secret>: a 24-hex id, " +
  "a colon and a 64-hex secret. The Content API key does not work here.";

const INPUTS = defineInputs([
  {
    name: "admin_api_key",
    caption: "Admin API key",
    type: "secret",
    required: true,
    fallbackKey: "GHOST_ADMIN_API_KEY",
    doc: "The Admin API key of a custom integration, as Ghost shows it: <24 hex id>:<64 hex secret>. Leave empty to use the plugin key GHOST_ADMIN_API_KEY.",
  },
]);

export const ghostAdmin = defineRecipe({
  id: "ghost-admin",
  display: "Ghost: Admin API token",
  provider: "Ghost",
  summary: "A 5-minute token for Ghost's Admin API, signed HS256 with the key's hex-decoded secret.",
  source: import.meta.url,
  example: {
    admin_api_key:
      "6492f1b2c3d4e5f6a7b8c9d0:a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
  },
  rules: [
    {
      rule: "The Admin API key is a 24-hex id and a 64-hex secret joined by a colon.",
      source: "https://ghost.org/docs/admin-api/#token-authentication",
    },
    {
      rule: "Signed HS256 with the bytes the hex secret spells, not its text, and the key's id as kid in the header.",
      source: "packages/admin-api/lib/token.js (TryGhost/SDK)",
    },
    {
      rule: "aud is /admin/.",
      source: "ghost/core/core/server/services/auth/api-key/admin.js (TryGhost/Ghost)",
    },
    {
      rule: "The token lives 5 minutes: Ghost refuses one whose iat is more than 5 minutes old.",
      source: "ghost/core/core/server/services/auth/api-key/admin.js (TryGhost/Ghost)",
    },
    {
      rule: "It is sent as Authorization: Ghost <token>, not Bearer.",
      source: "https://ghost.org/docs/admin-api/#token-authentication",
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "authorization_header",
      type: "text",
      doc: "Ghost <token>: the Authorization header (scheme Ghost, not Bearer).",
    },
  ],
  make(values, { clock }) {
    const match = /^([0-9a-f]{24}):([0-9a-f]{64})$/i.exec((values.admin_api_key ?? "").trim());
    if (match === null) {
      const parts = (values.admin_api_key ?? "").trim().split(":");
      const got =
        parts.length === 2
          ? `an id of ${parts[0]?.length} and a secret of ${parts[1]?.length} characters`
          : `${parts.length - 1} colons`;
      throw refuseInput("admin_api_key", `must be <24 hex id>:<64 hex secret>; got ${got}`, KEY_RULE);
    }
    const [, id = "", secret = ""] = match;
    // The secret is used as the bytes its hex spells, never as text.
    const key = importProviderSecret(secret, {
      input: "admin_api_key",
      alg: "HS256",
      kid: id,
      encoding: "hex",
      rule: KEY_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      { key, claims: { iat, exp: iat + GHOST_LIFETIME_SECONDS, aud: GHOST_AUDIENCE } },
      now,
    );
    return {
      token: signed.token,
      expiresAt: signed.expiresAt,
      outputs: { authorization_header: `Ghost ${signed.token}` },
      warnings: signed.warnings,
    };
  },
});
