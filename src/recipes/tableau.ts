import { randomUUID } from "node:crypto";
import { defineInputs } from "../inputs/index.js";
import { lifetimeSeconds, parseJsonObject, refuseReserved } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

export const TABLEAU_AUDIENCE = "tableau";
export const TABLEAU_MAX_LIFETIME_SECONDS = 600;

const INPUTS = defineInputs([
  {
    name: "client_id",
    caption: "Client ID",
    type: "text",
    required: true,
    doc: "The connected app's Client ID (Settings > Connected Apps > your app).",
  },
  {
    name: "secret_id",
    caption: "Secret ID",
    type: "text",
    required: true,
    doc: "The ID of the connected app's secret (shown with the secret).",
  },
  {
    name: "secret_value",
    caption: "Secret value",
    type: "secret",
    required: true,
    fallbackKey: "TABLEAU_SECRET_VALUE",
    doc: "The secret's value (Generate New Secret, then show it). Leave empty to use the plugin key TABLEAU_SECRET_VALUE.",
  },
  {
    name: "username",
    caption: "Username",
    type: "text",
    required: true,
    doc: "The Tableau user to act as (case-sensitive; the email on Tableau Cloud).",
  },
  {
    name: "scopes",
    caption: "Scopes",
    type: "list",
    separator: "space",
    default: "tableau:views:embed",
    doc: "Scopes, e.g. tableau:views:embed (default), tableau:views:embed_authoring, tableau:content:read (separated by spaces or commas).",
  },
  {
    name: "attributes_json",
    caption: "User attributes (JSON)",
    type: "long-text",
    doc: 'Optional user attributes for row-level security, e.g. {"Region": ["West"]}.',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    max: 10,
    default: 5,
    doc: "Minutes until the token expires. Default 5; Tableau Cloud refuses more than 10.",
  },
]);

export const tableauConnectedApp = defineRecipe({
  id: "tableau-connected-app",
  display: "Tableau: connected app token",
  provider: "Tableau",
  summary:
    "A direct-trust connected app token for embedding views or signing in to the REST API, signed HS256.",
  source: import.meta.url,
  example: {
    client_id: "tableau-client-id",
    secret_id: "tableau-secret-id",
    secret_value: "tableauSecretValueTableauSecret1",
    username: "ada@example.com",
  },
  rules: [
    {
      rule: "Signed HS256 with the connected app's secret value as text.",
      source: "https://help.tableau.com/current/online/en-us/connected_apps_direct.htm",
    },
    {
      rule: "The header carries kid, the secret ID, and iss, the client ID; without them Tableau answers error 10083.",
      source: "https://help.tableau.com/current/online/en-us/connected_apps_troubleshoot.htm",
    },
    {
      rule: "iss is the client ID, aud is tableau, jti a fresh UUID, sub the Tableau username and scp the list of scopes such as tableau:views:embed.",
      source: "https://help.tableau.com/current/online/en-us/connected_apps_direct.htm",
    },
    {
      rule: "exp is at most 10 minutes ahead.",
      source: "https://help.tableau.com/current/online/en-us/connected_apps_direct.htm",
    },
    {
      rule: "Other claims carry user attributes for row-level security.",
      source: "https://help.tableau.com/current/online/en-us/connected_apps_direct.htm",
    },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const clientId = (values.client_id ?? "").trim();
    const secretId = (values.secret_id ?? "").trim();
    const scopes = values.scopes ?? ["tableau:views:embed"];
    for (const scope of scopes) {
      if (!/^tableau:[a-z_]+(?::[a-z_*]+)+$/.test(scope)) {
        throw refuseInput(
          "scopes",
          `must list Tableau scopes such as tableau:views:embed; got "${scope.slice(0, 40)}"`,
          "Tableau's scp claim lists scopes written tableau:<area>:<action>.",
        );
      }
    }
    const rule =
      "The recipe sets iss, exp, jti, aud, sub and scp itself; attributes_json holds user attributes only.";
    const attributes =
      values.attributes_json === undefined
        ? {}
        : parseJsonObject("attributes_json", values.attributes_json, rule);
    refuseReserved(
      "attributes_json",
      attributes,
      ["iss", "exp", "jti", "aud", "sub", "scp", "iat", "nbf"],
      rule,
    );
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 5, {
      input: "lifetime_minutes",
      unit: "minutes",
      maxSeconds: TABLEAU_MAX_LIFETIME_SECONDS,
      rule: "Tableau Cloud refuses a token whose exp is more than 10 minutes ahead (error 16 LOGIN_FAILED).",
    });
    const key = importProviderSecret(values.secret_value ?? "", {
      input: "secret_value",
      alg: "HS256",
      encoding: "text",
      rule: "Tableau signs with the connected app's secret value as text (HS256), named by its secret ID.",
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        // Tableau wants the secret ID (kid) and the client ID (iss) in the header too: error 10083 without them.
        header: { kid: secretId, iss: clientId },
        claims: {
          ...attributes,
          iss: clientId,
          exp: iat + lifetime,
          jti: randomUUID(),
          aud: TABLEAU_AUDIENCE,
          sub: (values.username ?? "").trim(),
          scp: scopes,
          iat,
        },
      },
      now,
    );
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings: signed.warnings };
  },
});
