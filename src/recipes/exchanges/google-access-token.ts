import { defineInputs, exampleKey } from "../../inputs/index.js";
import { decodeJwt } from "../../jwt/index.js";
import { SERVICE_ACCOUNT_RULE } from "../google-self-signed.js";
import { importSigningKey, readServiceAccount } from "../lib/keys.js";
import { refuseInput } from "../lib/refuse.js";
import { serviceAccountInput } from "../lib/service-account-input.js";
import { bearer, secondsOf, signPlan } from "../lib/sign.js";
import { keyFingerprint } from "./cache.js";
import { defineExchange } from "./define-exchange.js";
import { EXCHANGE_ENDPOINTS, endpointUrl } from "./endpoints.js";
import type { ProviderErrorRule } from "./lib/answers.js";
import { jwtBearerGrant } from "./lib/jwt-bearer.js";

/** Google's token endpoint, the assertion's aud when the key file names no other token_uri (§1a). */
const GOOGLE_TOKEN_URI = EXCHANGE_ENDPOINTS["google.token"];
/** Google refuses an assertion whose exp is more than one hour after iat (§1a). */
const ASSERTION_LIFETIME_SECONDS = 3600;

const SITE = { exchange: "google-access-token", provider: "Google" } as const;

/** providers.md §1a "Errors", most precise first. */
export const GOOGLE_ERRORS: readonly ProviderErrorRule[] = [
  {
    error: "invalid_grant",
    description: /short-lived token|reasonable timeframe|iat and exp/i,
    code: "ERR_EXCHANGE_CLOCK_SKEW",
    check:
      "Set this server's clock right (NTP): the assertion says iat = now and exp = now + 1 hour, and Google compares them with its own time.",
  },
  {
    error: "invalid_grant",
    description: /signature/i,
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "The key was deleted or rotated, or its private_key was damaged when pasted: create a new JSON key (IAM & Admin > Service Accounts > Keys) and paste the whole file.",
  },
  {
    error: "invalid_grant",
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "Check that the service account and its key still exist and are enabled; with subject, that the user exists in the Workspace domain.",
  },
  {
    error: "unauthorized_client",
    code: "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    check:
      "Domain-wide delegation is not granted for these scopes: in the Admin console (Security > API controls > Domain-wide delegation) add the account's client_id with exactly these scopes, or leave subject empty.",
  },
  {
    error: "invalid_scope",
    code: "ERR_EXCHANGE_INVALID_SCOPE",
    check:
      "Check each scope: a full URL such as https://www.googleapis.com/auth/drive.readonly, separated by spaces or commas.",
  },
  {
    error: "invalid_client",
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check: "The service account or its key is disabled or deleted: check IAM & Admin > Service Accounts.",
  },
];

const INPUTS = defineInputs([
  serviceAccountInput(
    "GOOGLE_SERVICE_ACCOUNT_JSON",
    "The whole JSON key file of the service account (IAM & Admin > Service Accounts > Keys > Add key > JSON). Leave empty to use the plugin key GOOGLE_SERVICE_ACCOUNT_JSON.",
  ),
  {
    name: "scopes",
    caption: "Scopes",
    type: "list",
    separator: "space",
    doc: "The OAuth scopes, e.g. https://www.googleapis.com/auth/spreadsheets (separated by spaces or commas). Give scopes or target_audience.",
  },
  {
    name: "subject",
    caption: "Subject (user to impersonate)",
    type: "text",
    doc: "Optional: the e-mail of the Workspace user to act as (domain-wide delegation only).",
  },
  {
    name: "target_audience",
    caption: "Target audience (ID token)",
    type: "text",
    doc: "Optional, instead of scopes: asks for a Google-signed ID token for this audience, e.g. a Cloud Run service's URL.",
  },
]);

export const googleAccessToken = defineExchange({
  id: "google-access-token",
  display: "Google: access token",
  provider: "Google",
  summary:
    "A service account's OAuth access token (or ID token) from Google's token endpoint, for calling Google APIs.",
  source: import.meta.url,
  example: {
    service_account_json: exampleKey("google-service-account"),
    scopes: "https://www.googleapis.com/auth/spreadsheets",
  },
  rules: [
    {
      rule: "The assertion is signed RS256 with the service account's private_key, with its private_key_id as kid when the key file has one.",
      source: "https://developers.google.com/identity/protocols/oauth2/service-account",
    },
    {
      rule: "iss is the client_email and aud the key file's token_uri, https://oauth2.googleapis.com/token by default.",
      source: "https://developers.google.com/identity/protocols/oauth2/service-account",
    },
    {
      rule: "The assertion asks for scope (the scopes, space-separated) or for target_audience (an ID token), never both.",
      source: "https://developers.google.com/identity/protocols/oauth2/service-account",
    },
    {
      rule: "exp is one hour (3600 s) after iat, the maximum.",
      source: "https://developers.google.com/identity/protocols/oauth2/service-account",
    },
    {
      rule: "sub, for domain-wide delegation only, is the e-mail of the user to impersonate.",
      source: "https://developers.google.com/identity/protocols/oauth2/service-account",
    },
    {
      rule: "The assertion is posted form-encoded with grant_type urn:ietf:params:oauth:grant-type:jwt-bearer.",
      source: "https://developers.google.com/identity/protocols/oauth2/service-account",
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "access_token",
      type: "text",
      doc: "The access token (ya29...); empty when an ID token was asked for.",
    },
    { name: "id_token", type: "text", doc: "The Google-signed ID token, when target_audience was given." },
    { name: "token_type", type: "text", doc: "Bearer." },
    { name: "expires_in", type: "number", doc: "Seconds until the token expires." },
    { name: "expires_at", type: "date", doc: "When the token expires." },
    { name: "authorization_header", type: "text", doc: "Bearer <token>: the Authorization header." },
  ],
  endpoints: { "google.token": GOOGLE_TOKEN_URI },
  prepare(values, context) {
    const account = readServiceAccount(
      "service_account_json",
      values.service_account_json ?? "",
      SERVICE_ACCOUNT_RULE,
    );
    const scopes = values.scopes ?? [];
    const targetAudience = values.target_audience?.trim();
    const rule =
      "Google's assertion asks either for an access token (scope: the scopes, space-separated) or for an ID token (target_audience), never both.";
    if (targetAudience !== undefined && scopes.length > 0) {
      throw refuseInput("target_audience", "and scopes cannot both be given", rule, "conflict");
    }
    if (targetAudience === undefined && scopes.length === 0) {
      throw refuseInput("scopes", "or target_audience is required", rule, "missing");
    }
    const subject = values.subject?.trim();
    if (subject !== undefined && !/^[^\s@]+@[^\s@]+$/.test(subject)) {
      throw refuseInput(
        "subject",
        "must be a user's e-mail address",
        "Domain-wide delegation impersonates a Workspace user named by e-mail (the sub claim).",
      );
    }
    const key = importSigningKey(account.privateKey, {
      input: "service_account_json",
      alg: "RS256",
      ...(account.privateKeyId === undefined ? {} : { kid: account.privateKeyId }),
      rule: SERVICE_ACCOUNT_RULE,
    });
    const url = endpointUrl("google.token", context.endpoints);
    const aud = account.tokenUri ?? GOOGLE_TOKEN_URI;
    const target =
      targetAudience !== undefined ? { target_audience: targetAudience } : { scope: scopes.join(" ") };
    return {
      cacheKey: [
        url.href,
        aud,
        account.clientEmail,
        account.privateKeyId ?? null,
        keyFingerprint(key),
        [...new Set(scopes)].sort(),
        subject ?? null,
        targetAudience ?? null,
      ],
      async request() {
        const now = context.clock();
        const iat = secondsOf(now);
        const claims = {
          iss: account.clientEmail,
          ...target,
          aud,
          iat,
          exp: iat + ASSERTION_LIFETIME_SECONDS,
          ...(subject === undefined ? {} : { sub: subject }),
        };
        const { token: assertion } = signPlan({ key, claims }, now);
        const tokenField = targetAudience === undefined ? "access_token" : "id_token";
        const { body } = await jwtBearerGrant(
          { url, assertion, site: SITE, rules: GOOGLE_ERRORS, tokenField },
          context,
        );
        const token = String(body[tokenField]);
        const expiresAt = googleExpiry(body, tokenField, now);
        const accessToken = typeof body.access_token === "string" ? body.access_token : null;
        return {
          outputs: {
            access_token: accessToken,
            id_token: typeof body.id_token === "string" ? body.id_token : null,
            token_type: typeof body.token_type === "string" ? body.token_type : "Bearer",
            expires_in: expiresAt === undefined ? null : Math.max(0, secondsOf(expiresAt.getTime() - now)),
            expires_at: expiresAt ?? null,
            authorization_header: bearer(token),
          },
          ...(expiresAt === undefined ? {} : { expiresAt }),
        };
      },
    };
  },
});

/** From expires_in (seconds from the request), or for an ID token alone from its exp claim. */
function googleExpiry(body: Record<string, unknown>, tokenField: string, now: number): Date | undefined {
  const expiresIn = body.expires_in;
  if (typeof expiresIn === "number" && Number.isFinite(expiresIn) && expiresIn > 0) {
    return new Date(now + expiresIn * 1000);
  }
  if (tokenField === "id_token") {
    try {
      const { exp } = decodeJwt(String(body.id_token)).payload;
      return typeof exp === "number" ? new Date(exp * 1000) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
