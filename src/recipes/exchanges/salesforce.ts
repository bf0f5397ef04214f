import { defineInputs, exampleKey } from "../../inputs/index.js";
import { checkId } from "../lib/checks.js";
import { plainHttpsUrl } from "../lib/https-url.js";
import { importSigningKey } from "../lib/keys.js";
import { refuseInput, shown } from "../lib/refuse.js";
import { bearer, secondsOf, signPlan } from "../lib/sign.js";
import { keyFingerprint } from "./cache.js";
import { defineExchange } from "./define-exchange.js";
import { EXCHANGE_ENDPOINTS, endpointUrl, joinPath } from "./endpoints.js";
import type { ProviderErrorRule } from "./lib/answers.js";
import { jwtBearerGrant } from "./lib/jwt-bearer.js";

/** exp must be within 3 minutes of now (§12); 2 minutes leaves a minute for clock drift either way. */
export const SALESFORCE_EXP_SECONDS = 120;
/**
 * Salesforce's answer says nothing of the token's lifetime (§12: no expires_in, no refresh token); it
 * lives as long as the org's session timeout. We assume 15 minutes, so with the 5-minute margin a
 * token is reused for 10 minutes. An assumption of ours, not a providers.md rule.
 */
export const SALESFORCE_ASSUMED_LIFETIME_MS = 15 * 60 * 1000;
const KEY_RULE =
  "Salesforce checks the assertion with the X.509 certificate uploaded to the connected app (Use digital signatures); sign with its private key, RS256.";

const SITE = { exchange: "salesforce-access-token", provider: "Salesforce" } as const;

/** providers.md §12 "Errors". */
export const SALESFORCE_ERRORS: readonly ProviderErrorRule[] = [
  {
    error: "invalid_grant",
    description: /approved this consumer/i,
    code: "ERR_EXCHANGE_CONSENT_REQUIRED",
    check:
      "The user has not been pre-authorised: in the connected app's policies set Permitted Users to 'Admin approved users are pre-authorized' and assign the user's profile or a permission set.",
  },
  {
    error: "invalid_grant",
    description: /audience/i,
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "login_url is the assertion's aud: https://login.salesforce.com for production, https://test.salesforce.com for a sandbox, or the site's URL.",
  },
  {
    error: "invalid_grant",
    description: /expired/i,
    code: "ERR_EXCHANGE_CLOCK_SKEW",
    check: "exp must be within 3 minutes of Salesforce's time: set this server's clock right (NTP).",
  },
  {
    error: "invalid_grant",
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "The certificate uploaded to the connected app must match private_key, and username must be the user's Salesforce username in this org.",
  },
  {
    error: "invalid_client_id",
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check:
      "consumer_key must be the connected app's Consumer Key (App Manager > View > Manage Consumer Details).",
  },
  {
    error: "invalid_app_access",
    code: "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    check: "The user may not use this connected app: assign their profile or a permission set to it.",
  },
];

const INPUTS = defineInputs([
  {
    name: "consumer_key",
    caption: "Consumer key",
    type: "text",
    required: true,
    doc: "The connected app's Consumer Key (Setup > App Manager > the app > View > Manage Consumer Details).",
  },
  {
    name: "username",
    caption: "Username",
    type: "text",
    required: true,
    doc: "The Salesforce username to act as, e.g. integration@acme.com.",
  },
  {
    name: "private_key",
    caption: "Private key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "SALESFORCE_PRIVATE_KEY",
    doc: "The private key of the certificate uploaded to the connected app. Leave empty to use the plugin key SALESFORCE_PRIVATE_KEY.",
  },
  {
    name: "login_url",
    caption: "Login URL",
    type: "text",
    default: EXCHANGE_ENDPOINTS["salesforce.login"],
    doc: "https://login.salesforce.com (production), https://test.salesforce.com (sandbox), or your My Domain or site URL.",
  },
]);

export const salesforceAccessToken = defineExchange({
  id: "salesforce-access-token",
  display: "Salesforce: access token",
  provider: "Salesforce",
  summary:
    "An access token by the OAuth 2.0 JWT bearer flow: an RS256 assertion for a user, exchanged at login.",
  source: import.meta.url,
  example: {
    consumer_key: "3MVG9A2kN3Bn17hs.consumer_key",
    username: "integration@acme.com",
    private_key: exampleKey("rsa-pkcs8"),
  },
  rules: [
    {
      rule: "The assertion is signed RS256 with the private key of the certificate uploaded to the connected app.",
      source: "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm&type=5",
    },
    {
      rule: "iss is the connected app's Consumer Key and sub the Salesforce username.",
      source: "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm&type=5",
    },
    {
      rule: "aud is https://login.salesforce.com, https://test.salesforce.com for a sandbox, or the site's URL.",
      source: "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm&type=5",
    },
    {
      rule: "exp is within 3 minutes of now; 2 minutes are used.",
      source: "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm&type=5",
    },
    {
      rule: "The assertion is posted to the login URL's /services/oauth2/token with grant_type urn:ietf:params:oauth:grant-type:jwt-bearer.",
      source: "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm&type=5",
    },
  ],
  inputs: INPUTS,
  outputs: [
    { name: "access_token", type: "text", doc: "The access token." },
    { name: "instance_url", type: "text", doc: "The org's URL: call {instance_url}/services/data/vXX.X/..." },
    { name: "authorization_header", type: "text", doc: "Bearer <access_token>: the Authorization header." },
  ],
  endpoints: { "salesforce.login": EXCHANGE_ENDPOINTS["salesforce.login"] },
  prepare(values, context) {
    const consumerKey = checkId("consumer_key", values.consumer_key ?? "", {
      pattern: /^[\x21-\x7e]{8,}$/,
      problem: "must be the connected app's Consumer Key (no spaces)",
      rule: "The assertion's iss is the connected app's Consumer Key.",
    });
    const username = checkId("username", values.username ?? "", {
      pattern: /^[^\s@]+@[^\s@]+$/,
      problem: "must be a Salesforce username (written like an e-mail address)",
      rule: "The assertion's sub is the username of the user the integration acts as.",
    });
    const audience = readLoginUrl(values.login_url ?? EXCHANGE_ENDPOINTS["salesforce.login"]);
    const key = importSigningKey(values.private_key ?? "", {
      input: "private_key",
      alg: "RS256",
      rule: KEY_RULE,
    });
    const base =
      context.endpoints?.["salesforce.login"] === undefined
        ? new URL(audience)
        : endpointUrl("salesforce.login", context.endpoints);
    const url = joinPath(base, "/services/oauth2/token");
    return {
      cacheKey: [url.href, audience, consumerKey, username, keyFingerprint(key)],
      async request() {
        const now = context.clock();
        const claims = {
          iss: consumerKey,
          sub: username,
          aud: audience,
          exp: secondsOf(now) + SALESFORCE_EXP_SECONDS,
        };
        const { token: assertion } = signPlan({ key, claims }, now);
        const { body } = await jwtBearerGrant(
          { url, assertion, site: SITE, rules: SALESFORCE_ERRORS, tokenField: "access_token" },
          context,
        );
        const accessToken = String(body.access_token);
        return {
          outputs: {
            access_token: accessToken,
            instance_url: typeof body.instance_url === "string" ? body.instance_url : null,
            authorization_header: bearer(accessToken),
          },
          assumedLifetimeMs: SALESFORCE_ASSUMED_LIFETIME_MS,
        };
      },
    };
  },
});

/** The login URL as the assertion's aud: https, no query, no trailing slash. */
function readLoginUrl(text: string): string {
  const rule =
    "The assertion's aud is the login URL: https://login.salesforce.com, https://test.salesforce.com, or a My Domain or site URL.";
  const url = plainHttpsUrl(text.trim());
  if (url === undefined) {
    throw refuseInput("login_url", `must be an https URL without query; got ${shown(text, 40)}`, rule);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
