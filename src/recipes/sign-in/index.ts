/**
 * Sign-in verification (issue 10): an ID token from Google, Apple, Firebase, Microsoft, Auth0, Cognito,
 * Clerk, Supabase or LinkedIn, a Stytch session JWT, a WorkOS access token or a Memberstack member token,
 * checked in a backend by its provider's rules (providers.md "Verifying sign-in ID tokens",
 * providers-2.md 21), an ID or access token of any OpenID issuer found by discovery (provider oidc and
 * its presets), or an Auth.js / NextAuth session token read with the app's secret. `verifySignInToken(input)` reads the inputs and returns the outputs; `SIGN_IN_VERIFIER` is
 * the same as data, for the Bubble action "Verify sign-in token" and `bubble-jwt verify --provider`.
 */
import { defineOperation, type InputSpec, type OperationContext } from "../../inputs/index.js";
import { SIGN_IN_ENDPOINTS } from "./endpoints.js";
import { SIGN_IN_INPUTS, SIGN_IN_OUTPUTS } from "./inputs.js";
import { SIGN_IN_PROVIDER_LIST, SIGN_IN_PROVIDERS } from "./providers/index.js";
import { SIGN_IN_REASON_CODES } from "./reasons.js";
import {
  runSignInVerification,
  type SignInInputValues,
  type SignInOutputs,
  type VerifySignInOptions,
} from "./verify.js";

export { checkSignInEndpoints, SIGN_IN_ENDPOINTS, type SignInEndpointName } from "./endpoints.js";
export {
  googlePubsub,
  PUBSUB_ISSUERS,
  PUBSUB_MAX_LIFETIME_SECONDS,
  type PubSubPushOptions,
  verifyPubSubPush,
} from "./google-pubsub.js";
export {
  ID_TOKEN_PROVIDER_IDS,
  type IdTokenProviderId,
  SIGN_IN_INPUTS,
  SIGN_IN_OUTPUTS,
  SIGN_IN_PROVIDER_IDS,
  type SignInInputName,
  type SignInOutputName,
  type SignInProviderId,
} from "./inputs.js";
export {
  createSignInKeySets,
  type SignInIssuerOptions,
  SignInKeySets,
  type SignInKeySetsOptions,
  sharedSignInKeySets,
} from "./key-sets.js";
export {
  defineSignInProvider,
  OPENID_ALGORITHMS,
  type SignInDiscovery,
  type SignInProvider,
} from "./provider.js";
export {
  MICROSOFT_CONSUMERS_TENANT,
  MICROSOFT_MULTI_TENANT,
  SIGN_IN_PROVIDER_LIST,
  SIGN_IN_PROVIDERS,
} from "./providers/index.js";
export { SIGN_IN_REASON_CODES, type SignInReasonCode } from "./reasons.js";
export {
  SHOPIFY_CLOCK_TOLERANCE_SECONDS,
  SHOPIFY_SESSION_LIFETIME_SECONDS,
  shopifySession,
  verifyShopifySession,
} from "./shopify-session.js";
export { SIGN_IN_CLOCK_TOLERANCE_SECONDS } from "./verdict.js";
export {
  runSignInVerification,
  type SignInInputValues,
  type SignInOutputs,
  type VerifySignInOptions,
  verifySignInToken,
} from "./verify.js";

/** What a layer's run passes: the clock, and optionally where the keys are (endpoints, a CA, a cache). */
export interface SignInRunContext extends VerifySignInOptions {
  readonly clock: NonNullable<VerifySignInOptions["clock"]>;
}

/** The presets' names, from the providers' list (oidc, the generic one, is named on its own). */
const PROVIDER_NAMES = SIGN_IN_PROVIDER_LIST.filter((provider) => provider.id !== "oidc")
  .map((provider) => provider.name)
  .join(", ");

/**
 * "Verify sign-in token" as an operation: the Bubble action, `bubble-jwt verify --provider NAME`, the
 * HTTP route and the docs are made from `inputs` and `outputs`, and call `run` with values read by
 * `readInputs`. A refused token is `valid: false` with a `reason_code` (never thrown); a wrong input
 * throws a JwtError ERR_OPTION_INVALID naming it.
 */
export const SIGN_IN_VERIFIER = defineOperation({
  id: "verify-sign-in-token",
  kind: "sign-in",
  display: "Verify sign-in token",
  provider: "Any",
  summary: `Checks a sign-in token by its provider's rules (${PROVIDER_NAMES}), an ID or RFC 9068 access token of any OpenID issuer found by discovery (oidc), or an Auth.js / NextAuth session token read with the app's secret, and gives the user's id and claims.`,
  inputs: SIGN_IN_INPUTS,
  outputs: SIGN_IN_OUTPUTS,
  // A token of the right shape that verifies nowhere: the example shows the inputs, not a live session.
  example: {
    token:
      "eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUta2V5IiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJhdWQiOiIxMjM0NTY3ODkwLWFiYy5hcHBzLmdvb2dsZXVzZXJjb250ZW50LmNvbSIsInN1YiI6IjExMDE2OTQ4NDQ3NDM4NjI3NjMzNCIsImVtYWlsIjoiYWRhQGV4YW1wbGUuY29tIiwiaWF0IjoxNzk2MTE5MjAwLCJleHAiOjE3OTYxMjI4MDB9.c2lnbmF0dXJlLW9mLWFuLWV4YW1wbGU",
    provider: "google",
    client_id: "1234567890-abc.apps.googleusercontent.com",
  },
  rules: [
    {
      rule: "Google: RS256 keys at https://www.googleapis.com/oauth2/v3/certs, iss accounts.google.com or https://accounts.google.com, aud the client ID, and hd the Workspace domain when one is given.",
      source: "https://developers.google.com/identity/sign-in/web/backend-auth",
    },
    {
      rule: "Apple: keys at https://appleid.apple.com/auth/keys, iss https://appleid.apple.com, aud the client_id, and the nonce (on iOS its SHA-256 in hex) when one is given.",
      source: "https://developer.apple.com/documentation/signinwithapple/verifying-a-user",
    },
    {
      rule: "Firebase: RS256 certificates at https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com, iss https://securetoken.google.com/<projectId>, aud the project ID, sub 1 to 128 characters and auth_time in the past.",
      source: "https://firebase.google.com/docs/auth/admin/verify-id-tokens",
    },
    {
      rule: "Microsoft: keys at https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys, iss https://login.microsoftonline.com/<tid>/v2.0 with the token's own tid for common, organizations and consumers, aud the application ID, and ver 2.0.",
      source: "https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference",
    },
    {
      rule: "Auth0: keys at https://<domain>/.well-known/jwks.json, iss https://<domain>/ with its trailing slash, aud the client ID, and azp the client ID when aud has several values.",
      source: "https://auth0.com/docs/secure/tokens/id-tokens/validate-id-tokens",
    },
    {
      rule: "Cognito: keys at the user pool's /.well-known/jwks.json, iss https://cognito-idp.<region>.amazonaws.com/<userPoolId>, and token_use id with aud the app client ID, or token_use access with a client_id claim instead.",
      source:
        "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html",
    },
    {
      rule: "Clerk: keys at https://<frontend-api>/.well-known/jwks.json, iss the Frontend API URL, no aud, and azp one of the authorized origins when they are given.",
      source: "https://clerk.com/docs/guides/sessions/manual-jwt-verification",
    },
    {
      rule: "Supabase: ES256 or RS256 keys at https://<ref>.supabase.co/auth/v1/.well-known/jwks.json, iss https://<ref>.supabase.co/auth/v1 and aud authenticated; HS256 projects publish no keys.",
      source: "https://supabase.com/docs/guides/auth/signing-keys",
    },
    {
      rule: "Stytch: session JWTs with RS256 keys at https://api.stytch.com/v1/sessions/jwks/<project_id> for project-live- projects and https://test.stytch.com/v1/sessions/jwks/<project_id> for project-test- ones (or under the custom domain), iss stytch.com/<project_id> or the API base without its trailing slash (https://api.stytch.com, https://test.stytch.com or https://<custom_domain>), aud the project ID, typ JWT, and the session claim https://stytch.com/session with an id.",
      source:
        "lib/b2c/client.ts, lib/b2c/sessions.ts, lib/shared/sessions.ts, lib/shared/client.ts and lib/shared/envs.ts (stytchauth/stytch-node); stytch/shared/jwt_helpers.py (stytchauth/stytch-python); https://stytch.com/docs/api-reference/consumer/api/sessions/get-jwks",
    },
    {
      rule: "WorkOS: AuthKit access tokens with RS256 keys at https://api.workos.com/sso/jwks/<client_id>, no aud, and iss https://api.workos.com (older environments) or https://api.workos.com/user_management/<client_id> (newer ones), or exactly the issuer given for a custom authentication domain.",
      source:
        "https://workos.com/docs/reference/authkit/session-tokens; src/workos/session.py (workos/workos-python); https://github.com/workos/workos-node/pull/1694",
    },
    {
      rule: "LinkedIn: Sign In with LinkedIn using OpenID Connect ID tokens with RS256 keys at https://www.linkedin.com/oauth/openid/jwks, iss https://www.linkedin.com/oauth (the issuer of its OpenID configuration) and aud the app's client ID.",
      source:
        "https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2#validating-id-tokens; https://www.linkedin.com/oauth/.well-known/openid-configuration",
    },
    {
      rule: "Memberstack: member tokens with iss https://api.memberstack.com, aud the app ID, a required exp, type member and the member in id (the subject output); RS256 keys from the JWKS at https://auth.memberstack.com/jwks (the key URL is unconfirmed: see docs/recipes.md).",
      source:
        "lib/methods/jwt/index.js (@memberstack/admin 1.7.0); https://developers.memberstack.com/admin-node-package/verification; https://developers.memberstack.com/admin-rest-api/verification; https://developers.memberstack.com/dom-package/advanced-integration",
    },
    {
      rule: "Auth.js: the session token (JWE, dir) is decrypted with the key derived from the app's secret as the library does (v5: HKDF-SHA256 salted with the cookie name, A256CBC-HS512 or A256GCM; v4: unsalted, A256GCM), then exp and nbf with its 15 s clock tolerance; no issuer, audience or network.",
      source:
        "packages/core/src/jwt.ts decode and getDerivedEncryptionKey (nextauthjs/next-auth); src/jwt/index.ts (v4 branch)",
    },
    {
      rule: "OpenID (oidc and its presets): the configuration is read from the configured issuer's <issuer>/.well-known/openid-configuration only (never from the token's iss, jku or x5u), over https, and trusted only when its issuer is identical to the configured one; the token's iss must be identical too, and the keys come from its jwks_uri.",
      source: "https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation",
    },
    {
      rule: "OpenID ID tokens: iss exactly the issuer; aud holds client_id; several audiences need azp; azp, when present, is client_id; the signature with an asymmetric algorithm of the issuer's keys (within id_token_signing_alg_values_supported, never HS* or none); exp; iat required (and bounded by max_token_age); the nonce when given; auth_time required and recent enough when max_auth_age is given.",
      source: "https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation",
    },
    {
      rule: "OpenID access tokens (token_type access): typ at+jwt (or application/at+jwt), iss exactly the issuer, aud holds the API's audience, exp, sub, client_id and iat present.",
      source: "https://www.rfc-editor.org/rfc/rfc9068#section-4",
    },
    {
      rule: "Microsoft multi-tenant issuers (.../common, organizations or consumers/v2.0): the configuration's {tenantid} issuer is filled with the token's own tid GUID and nothing else; consumers admits only the personal-accounts tenant, organizations never.",
      source: "https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference",
    },
    {
      rule: "Okta: a custom authorization server's issuer is https://<domain>/oauth2/<authorization_server>, the org authorization server's https://<domain>; access tokens of the org authorization server are refused, as only Okta may validate them.",
      source: "https://developer.okta.com/docs/guides/validate-access-tokens/nodejs/overview/",
    },
    {
      rule: "Keycloak: the issuer is https://<domain>/realms/<realm>; Keycloak before 17 served it under /auth (https://<domain>/auth/realms/<realm>, given as the issuer input).",
      source: "https://www.keycloak.org/migration/migrating-to-quarkus",
    },
    {
      rule: "Entra External ID: the configuration is read at https://<tenant>.ciamlogin.com (or <tenant-name>.ciamlogin.com, or the custom URL domain)/<tenant>/v2.0/.well-known/openid-configuration; its issuer (by default https://<tenant-id>.ciamlogin.com/<tenant-id>/v2.0) must be the one configured.",
      source: "https://learn.microsoft.com/en-us/entra/external-id/customers/how-to-custom-url-domain",
    },
    {
      rule: "Azure AD B2C: each user flow's configuration is at https://<domain>/<tenant>/<policy>/v2.0/.well-known/openid-configuration; its issuer is https://<domain>/<tenant>/v2.0/ or, when the user flow is set so, https://<domain>/tfp/<tenant>/<policy>/v2.0/ (the issuer input).",
      source: "https://learn.microsoft.com/en-us/azure/active-directory-b2c/tokens-overview",
    },
    {
      rule: "Azure AD B2C: the two issuer forms a user flow can emit (Token compatibility settings > Issuer (iss) claim).",
      source: "https://github.com/AzureAD/microsoft-identity-web/wiki/Azure-AD-B2C-issuer-claim-support",
    },
    {
      rule: "Kinde: the issuer is https://<domain> (the business or custom domain), tokens signed with RS256 only.",
      source: "https://docs.kinde.com/build/tokens/verifying-json-web-tokens",
    },
    {
      rule: "Every token is checked by the kid's key with the provider's algorithm only, exp, nbf and iat with 60 s of clock tolerance, and the nonce when one is given.",
      source: "https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation",
    },
  ],
  source: import.meta.url,
  providers: SIGN_IN_PROVIDERS,
  endpoints: SIGN_IN_ENDPOINTS,
  reasonCodes: SIGN_IN_REASON_CODES,
  run(values: SignInInputValues, context: OperationContext): Promise<SignInOutputs> {
    return runSignInVerification(values, {
      clock: context.clock,
      ...(context.endpoints === undefined ? {} : { endpoints: context.endpoints }),
      ...(context.ca === undefined ? {} : { ca: context.ca }),
    });
  },
});

/** The inputs as a plain spec list (for code that takes `readonly InputSpec[]`). */
export const SIGN_IN_INPUT_SPECS: readonly InputSpec[] = SIGN_IN_INPUTS;
