import { defineInputs, exampleKey } from "../inputs/index.js";
import { lifetimeSeconds } from "./lib/checks.js";
import { importSigningKey, readServiceAccount } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { serviceAccountInput } from "./lib/service-account-input.js";
import { bearerResult, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

export const SERVICE_ACCOUNT_RULE =
  "Paste the whole JSON key file of the service account (IAM & Admin > Service Accounts > Keys > Add key > JSON): " +
  "Google signs with its private_key (RS256) and names the account by its client_email.";

const INPUTS = defineInputs([
  serviceAccountInput(
    "GOOGLE_SERVICE_ACCOUNT_JSON",
    "The whole JSON key file of the service account. Leave empty to use the plugin key GOOGLE_SERVICE_ACCOUNT_JSON.",
  ),
  {
    name: "audience",
    caption: "Audience",
    type: "text",
    doc: "The API's service URL with its trailing slash, e.g. https://pubsub.googleapis.com/. Give this or scopes, not both.",
  },
  {
    name: "scopes",
    caption: "Scopes",
    type: "list",
    separator: "space",
    doc: "OAuth scopes instead of an audience, e.g. https://www.googleapis.com/auth/cloud-platform (separated by spaces or commas).",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    max: 60,
    default: 60,
    doc: "Minutes until the token expires. Default and maximum 60: Google refuses self-signed tokens longer than one hour.",
  },
]);

export const googleSelfSigned = defineRecipe({
  id: "google-self-signed",
  display: "Google: self-signed JWT",
  provider: "Google",
  summary:
    "A service account's self-signed JWT, sent straight to a Google API as the bearer token (no token exchange).",
  source: import.meta.url,
  example: {
    service_account_json: exampleKey("google-service-account"),
    audience: "https://pubsub.googleapis.com/",
  },
  rules: [
    {
      rule: "Signed RS256 with the service account's private_key, named by its private_key_id in the kid header, which Google requires.",
      source: "https://google.aip.dev/auth/4111",
    },
    {
      rule: "iss and sub are both the service account's client_email.",
      source: "https://google.aip.dev/auth/4111",
    },
    {
      rule: "The token carries either aud, the API's https://SERVICE.googleapis.com/ URL with its trailing slash, or scope, the space-separated scopes, never both.",
      source: "https://google.aip.dev/auth/4111",
    },
    {
      rule: "exp is at most one hour (3600 s) after iat.",
      source: "src/auth/jwtaccess.ts (googleapis/google-auth-library-nodejs)",
    },
  ],
  inputs: INPUTS,
  outputs: [{ name: "authorization_header", type: "text", doc: "Bearer <token>: the Authorization header." }],
  make(values, { clock }) {
    const account = readServiceAccount(
      "service_account_json",
      values.service_account_json ?? "",
      SERVICE_ACCOUNT_RULE,
    );
    if (account.privateKeyId === undefined) {
      throw refuseInput(
        "service_account_json",
        'has no "private_key_id"',
        "A self-signed JWT names its key in the kid header, which Google requires: paste the whole key file.",
      );
    }
    const audience = values.audience?.trim();
    const scopes = values.scopes ?? [];
    const rule =
      "Google wants either aud (the API's https://SERVICE.googleapis.com/ URL) or scope (space-separated scopes), never both.";
    if (audience !== undefined && scopes.length > 0) {
      throw refuseInput("audience", "and scopes cannot both be given", rule, "conflict");
    }
    if (audience === undefined && scopes.length === 0) {
      throw refuseInput("audience", "or scopes is required", rule, "missing");
    }
    const warnings: string[] = [];
    if (audience !== undefined) {
      if (!/^https:\/\/[^\s/]+\/$/.test(audience)) {
        throw refuseInput(
          "audience",
          `must be the API's service URL with https:// and a trailing slash; got ${shown(audience, 50)}`,
          rule,
        );
      }
      if (!audience.endsWith(".googleapis.com/")) {
        warnings.push("Self-signed JWTs work only for Google APIs on *.googleapis.com; check the audience.");
      }
    }
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      maxSeconds: 3600,
      rule: "Google refuses a token whose exp is more than one hour (3600 s) after iat.",
    });
    const key = importSigningKey(account.privateKey, {
      input: "service_account_json",
      alg: "RS256",
      kid: account.privateKeyId,
      rule: SERVICE_ACCOUNT_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const target = audience !== undefined ? { aud: audience } : { scope: scopes.join(" ") };
    const signed = signPlan(
      {
        key,
        claims: { iss: account.clientEmail, sub: account.clientEmail, ...target, iat, exp: iat + lifetime },
      },
      now,
    );
    return bearerResult(signed, warnings);
  },
});
