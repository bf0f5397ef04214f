import { defineInputs, exampleKey } from "../../inputs/index.js";
import { checkId } from "../lib/checks.js";
import { importSigningKey } from "../lib/keys.js";
import { refuseInput } from "../lib/refuse.js";
import { bearer, secondsOf, signPlan } from "../lib/sign.js";
import { keyFingerprint } from "./cache.js";
import { defineExchange } from "./define-exchange.js";
import { EXCHANGE_ENDPOINTS, endpointUrl, joinPath } from "./endpoints.js";
import type { ProviderErrorRule } from "./lib/answers.js";
import { jwtBearerGrant } from "./lib/jwt-bearer.js";

/** The assertion's aud per environment: the account server's bare host, no https:// (§11). */
export const DOCUSIGN_AUDIENCE = {
  demo: "account-d.docusign.com",
  production: "account.docusign.com",
} as const;
/** The SDK's usual assertion lifetime, which is also DocuSign's maximum (§11). */
const ASSERTION_LIFETIME_SECONDS = 3600;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_RULE =
  "DocuSign signs with the RSA keypair generated for the integration key (Apps & Keys > the app > Service Integration > Generate RSA), RS256.";

const SITE = { exchange: "docusign-access-token", provider: "DocuSign" } as const;

/** providers.md §11 "Errors": the error names, whether DocuSign sends them as `error` or as the description. */
export const DOCUSIGN_ERRORS: readonly ProviderErrorRule[] = [
  {
    description: /consent_required/,
    code: "ERR_EXCHANGE_CONSENT_REQUIRED",
    check:
      "Open consent_url once, signed in as the user (or an administrator), and accept; then run this again. Its redirect_uri must be one registered for the integration key.",
  },
  {
    description: /no_valid_keys_or_signatures/,
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "private_key is not one of the integration key's RSA keys (Apps & Keys > Service Integration), or environment is wrong: demo keys work only on demo.",
  },
  {
    description: /issuer_not_found/,
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check:
      "integration_key is unknown in this environment: check it in Apps & Keys, and that environment matches (demo or production).",
  },
  {
    description: /user_not_found/,
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "user_id must be the user's API Username GUID (Apps & Keys > My Account Information) in this environment.",
  },
  {
    description: /invalid_request/,
    code: "ERR_EXCHANGE_INVALID_REQUEST",
    check: "DocuSign could not read the request: check the endpoint for the environment.",
  },
];

const INPUTS = defineInputs([
  {
    name: "integration_key",
    caption: "Integration key",
    type: "text",
    required: true,
    doc: "The app's Integration Key (a GUID), from Apps & Keys.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "The GUID of the user to act as: Apps & Keys > My Account Information > User ID (API Username).",
  },
  {
    name: "private_key",
    caption: "Private key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "DOCUSIGN_PRIVATE_KEY",
    doc: "The RSA private key generated for the integration key (shown once). Leave empty to use the plugin key DOCUSIGN_PRIVATE_KEY.",
  },
  {
    name: "environment",
    caption: "Environment",
    type: "choice",
    options: ["demo", "production"],
    default: "demo",
    doc: "demo (developer account, account-d.docusign.com) or production (account.docusign.com).",
  },
  {
    name: "scopes",
    caption: "Scopes",
    type: "list",
    separator: "space",
    default: "signature impersonation",
    doc: "The scopes, separated by spaces; impersonation is required. Default: signature impersonation.",
  },
  {
    name: "redirect_uri",
    caption: "Consent redirect URI",
    type: "text",
    doc: "Optional: a redirect URI registered for the integration key, put in consent_url when consent is needed.",
  },
]);

export const docusignAccessToken = defineExchange({
  id: "docusign-access-token",
  display: "DocuSign: access token",
  provider: "DocuSign",
  summary:
    "An eSignature access token by the JWT grant: an RS256 assertion for a user, exchanged at DocuSign.",
  source: import.meta.url,
  example: {
    integration_key: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    user_id: "9f8e7d6c-5b4a-4392-8190-a1b2c3d4e5f6",
    private_key: exampleKey("rsa-pkcs1"),
    scopes: "signature impersonation",
  },
  rules: [
    {
      rule: "The assertion is signed RS256 with the RSA keypair generated for the integration key.",
      source: "https://developers.docusign.com/platform/auth/jwt-get-token/",
    },
    {
      rule: "iss is the Integration Key and sub the user's ID, both GUIDs.",
      source: "https://developers.docusign.com/platform/auth/jwt-get-token/",
    },
    {
      rule: "aud is the bare host account-d.docusign.com (demo) or account.docusign.com (production), without https://.",
      source: "https://developers.docusign.com/platform/auth/jwt-get-token/",
    },
    {
      rule: "exp is one hour after iat, the longest an assertion may live.",
      source: "https://developers.docusign.com/platform/auth/jwt-get-token/",
    },
    {
      rule: "scope includes impersonation, e.g. signature impersonation.",
      source: "https://developers.docusign.com/platform/auth/jwt-get-token/",
    },
    {
      rule: "The user grants consent once at /oauth/auth before the grant works (error consent_required).",
      source: "https://developers.docusign.com/platform/auth/jwt-get-token/",
    },
  ],
  inputs: INPUTS,
  outputs: [
    { name: "access_token", type: "text", doc: "The access token." },
    { name: "expires_at", type: "date", doc: "When the access token expires." },
    { name: "authorization_header", type: "text", doc: "Bearer <access_token>: the Authorization header." },
    {
      name: "consent_url",
      type: "text",
      doc: "Filled when DocuSign answers consent_required: the page where the user grants consent once.",
    },
  ],
  endpoints: {
    "docusign.demo": EXCHANGE_ENDPOINTS["docusign.demo"],
    "docusign.production": EXCHANGE_ENDPOINTS["docusign.production"],
  },
  prepare(values, context) {
    const guidRule = (what: string) => ({
      pattern: GUID,
      problem: `must be the ${what} GUID (8-4-4-4-12 hexadecimal digits)`,
      rule: "DocuSign names the app by its Integration Key and the user by their User ID, both GUIDs in Apps & Keys.",
    });
    const integrationKey = checkId(
      "integration_key",
      values.integration_key ?? "",
      guidRule("Integration Key"),
    );
    const userId = checkId("user_id", values.user_id ?? "", guidRule("User ID"));
    const environment = values.environment === "production" ? "production" : "demo";
    const scopes = values.scopes ?? [];
    if (!scopes.includes("impersonation")) {
      throw refuseInput(
        "scopes",
        `must include impersonation; got ${JSON.stringify(scopes.join(" ").slice(0, 60))}`,
        "DocuSign's JWT grant acts for a user only with the impersonation scope (e.g. signature impersonation).",
      );
    }
    const redirectUri = values.redirect_uri?.trim();
    if (redirectUri !== undefined && !/^https?:\/\/\S+$/.test(redirectUri)) {
      throw refuseInput(
        "redirect_uri",
        "must be an absolute URL",
        "Give one of the integration key's redirect URIs.",
      );
    }
    const key = importSigningKey(values.private_key ?? "", {
      input: "private_key",
      alg: "RS256",
      rule: KEY_RULE,
    });
    const base = endpointUrl(`docusign.${environment}`, context.endpoints);
    const url = joinPath(base, "/oauth/token");
    const scope = scopes.join(" ");
    const consentUrl =
      `${joinPath(base, "/oauth/auth").href}?response_type=code&scope=${encodeURIComponent(scope)}` +
      `&client_id=${encodeURIComponent(integrationKey)}` +
      (redirectUri === undefined ? "" : `&redirect_uri=${encodeURIComponent(redirectUri)}`);
    return {
      cacheKey: [
        url.href,
        environment,
        integrationKey,
        userId,
        keyFingerprint(key),
        [...new Set(scopes)].sort(),
      ],
      async request() {
        const now = context.clock();
        const iat = secondsOf(now);
        const claims = {
          iss: integrationKey,
          sub: userId,
          aud: DOCUSIGN_AUDIENCE[environment],
          iat,
          exp: iat + ASSERTION_LIFETIME_SECONDS,
          scope,
        };
        const { token: assertion } = signPlan({ key, claims }, now);
        const { body } = await jwtBearerGrant(
          {
            url,
            assertion,
            site: SITE,
            rules: DOCUSIGN_ERRORS,
            tokenField: "access_token",
            errorOutputs: (error) =>
              /consent_required/.test(`${error.error} ${error.description}`)
                ? { consent_url: consentUrl }
                : undefined,
          },
          context,
        );
        const accessToken = String(body.access_token);
        const expiresIn =
          typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : undefined;
        const expiresAt = expiresIn === undefined ? undefined : new Date(now + expiresIn * 1000);
        return {
          outputs: {
            access_token: accessToken,
            expires_at: expiresAt ?? null,
            authorization_header: bearer(accessToken),
            consent_url: null,
          },
          ...(expiresAt === undefined ? {} : { expiresAt }),
        };
      },
    };
  },
});
