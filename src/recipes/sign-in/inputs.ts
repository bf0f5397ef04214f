import type { OutputSpec } from "../../inputs/index.js";
import { defineInputs } from "../../inputs/index.js";
import { AUTHJS_COOKIE_NAMES, AUTHJS_DEFAULT_COOKIE, AUTHJS_VERSIONS } from "../lib/authjs-key.js";
import { SIGN_IN_PROVIDER_LIST } from "./providers/index.js";
import { verdictOutputs } from "./verdict.js";

export {
  ID_TOKEN_PROVIDER_IDS,
  type IdTokenProviderId,
  SIGN_IN_PROVIDER_IDS,
  type SignInProviderId,
} from "./providers/index.js";

/** The provider choice, typed as text: the providers' own types name these inputs. */
function providerOptions(): readonly string[] {
  return [...SIGN_IN_PROVIDER_LIST.map((provider) => provider.id), "authjs"];
}

const PROVIDER_OPTIONS = providerOptions();

/** The inputs of "Verify sign-in token", declared once for the library, the Bubble action and the CLI. */
export const SIGN_IN_INPUTS = defineInputs([
  {
    name: "token",
    caption: "ID token",
    type: "text",
    required: true,
    doc: "The ID token the front end received when the user signed in (three base64url parts separated by dots), sent as is to the backend; for authjs, the session cookie's value (five parts).",
  },
  {
    name: "provider",
    caption: "Provider",
    type: "choice",
    required: true,
    options: PROVIDER_OPTIONS,
    doc: `Who signed the user in: ${PROVIDER_OPTIONS.join(", ")}. Each provider needs its own inputs (see the table of providers); oidc takes any OpenID issuer (issuer and client_id), found by its discovery document.` as string,
  },
  {
    name: "client_id",
    caption: "Client ID",
    type: "text",
    doc: "Google: the OAuth client ID (...apps.googleusercontent.com). Apple: the bundle ID (native) or Services ID (web). Microsoft: the Application (client) ID. Auth0: the application's Client ID. Cognito: the app client ID. WorkOS: the client ID (client_...). LinkedIn: the app's Client ID (Auth tab). oidc and its presets: the application's client ID as the provider shows it (Okta: Applications > General > Client ID; Keycloak: Clients > Client ID; Entra External ID and Azure AD B2C: the Application (client) ID; Kinde: the application's Client ID); required for ID tokens, the access token's client_id when given.",
  },
  {
    name: "project_id",
    caption: "Project ID",
    type: "text",
    doc: "Firebase: the project ID (Project settings > General), e.g. my-app-12345. Stytch: the project ID (Project settings; project-live-... or project-test-...).",
  },
  {
    name: "tenant",
    caption: "Microsoft tenant",
    type: "text",
    doc: "Microsoft: the Directory (tenant) ID (a GUID) for a single-tenant app, or common, organizations or consumers for a multi-tenant app (the token's tid is then checked against its issuer). Entra External ID and Azure AD B2C: the tenant ID GUID (Overview > Tenant ID).",
  },
  {
    name: "domain",
    caption: "Auth0 domain",
    type: "text",
    doc: "Auth0: the tenant domain (example.us.auth0.com) or your custom domain (login.example.com), as tokens are issued under it. Okta: the org's domain (dev-123456.okta.com) or custom domain. Keycloak: the server's host (login.example.com). Kinde: the business domain (myapp.kinde.com) or custom domain. Azure AD B2C: <tenant-name>.b2clogin.com or your custom domain. Entra External ID: the sign-in host when not <tenant>.ciamlogin.com (<tenant-name>.ciamlogin.com, or your custom URL domain).",
  },
  {
    name: "region",
    caption: "AWS region",
    type: "text",
    doc: "Cognito: the AWS region of the user pool, e.g. eu-west-1.",
  },
  {
    name: "user_pool_id",
    caption: "Cognito user pool ID",
    type: "text",
    doc: "Cognito: the user pool ID, e.g. eu-west-1_AbCdEf123.",
  },
  {
    name: "token_use",
    caption: "Cognito token use",
    type: "choice",
    options: ["id", "access"],
    doc: "Cognito: id (the default) for an ID token, whose aud is the app client ID; access for an access token, which has no aud and names the app client in client_id.",
  },
  {
    name: "frontend_api",
    caption: "Clerk Frontend API URL",
    type: "text",
    doc: "Clerk: the Frontend API URL (Dashboard > API keys), e.g. https://clerk.example.com or https://your-slug.clerk.accounts.dev.",
  },
  {
    name: "authorized_parties",
    caption: "Authorized parties",
    type: "list",
    doc: "Clerk: the origins your app runs on, e.g. https://example.com (separated by commas); the token's azp must be one of them.",
  },
  {
    name: "project_ref",
    caption: "Supabase project ref",
    type: "text",
    doc: "Supabase: the project reference, the subdomain of https://<ref>.supabase.co.",
  },
  {
    name: "nonce",
    caption: "Nonce",
    type: "text",
    doc: "The nonce your front end sent with the sign-in request; the token's nonce must equal it (for Apple, the token may hold its SHA-256 in hex, as on iOS).",
  },
  {
    name: "hosted_domain",
    caption: "Google Workspace domain",
    type: "text",
    doc: "Google: accept only accounts of this Workspace domain (the token's hd claim), e.g. example.com.",
  },
  {
    name: "auth_secret",
    caption: "Auth.js secret",
    type: "secret",
    fallbackKey: "AUTH_SECRET",
    doc: "Auth.js: the app's AUTH_SECRET (v5) or NEXTAUTH_SECRET (v4), exactly as the app has it. Leave empty to use the plugin key AUTH_SECRET (the environment variable AUTH_SECRET on the command line).",
  },
  {
    name: "cookie_name",
    caption: "Auth.js session cookie name (salt)",
    type: "text",
    doc: `Auth.js v5: the session cookie's name, which salts the key: ${AUTHJS_COOKIE_NAMES[0]} when the app runs on https (the default here, as for the authjs-session recipe), ${AUTHJS_COOKIE_NAMES[1]} on http (local development), or your cookies.sessionToken.name. v4 has no salt and ignores it.`,
  },
  {
    name: "authjs_version",
    caption: "Auth.js version",
    type: "choice",
    options: AUTHJS_VERSIONS,
    doc: "Auth.js: v5 (Auth.js, @auth/core, next-auth@5; the default) or v4 (NextAuth.js, next-auth@4).",
  },
  // OpenID discovery (provider oidc and its presets), and the issuers of WorkOS, Stytch and Memberstack.
  // Appended: Bubble field IDs are append-only.
  {
    name: "issuer",
    caption: "Issuer",
    type: "text",
    doc: "oidc: the issuer exactly as its /.well-known/openid-configuration states it (https, trailing slash included when it has one), e.g. https://login.example.com/realms/acme; the token's iss must be identical. Presets: only to choose another issuer form they know: Keycloak before 17 (https://<domain>/auth/realms/<realm>), Azure AD B2C's tfp form (https://<domain>/tfp/<tenant>/<policy>/v2.0/), Entra External ID's https://<domain>/<tenant>/v2.0. WorkOS: the issuer exactly as your access tokens' iss says, when it is your custom authentication domain (e.g. https://auth.example.com); leave empty to accept WorkOS's own, https://api.workos.com and https://api.workos.com/user_management/<client_id>.",
  },
  {
    name: "custom_domain",
    caption: "Stytch custom domain",
    type: "text",
    doc: "Stytch: your custom domain (the CNAME you set up, e.g. login.example.com) when your Stytch client uses it as its base URL: session JWTs then name it as their issuer and the keys are fetched from it. Leave empty to use api.stytch.com (live projects) or test.stytch.com (test projects).",
  },
  {
    name: "app_id",
    caption: "Memberstack app ID",
    type: "text",
    doc: "Memberstack: your App ID (app_...), the token's aud.",
  },
  {
    name: "audience",
    caption: "API audience (access tokens)",
    type: "text",
    doc: "With token_type access: your API's identifier, which the access token's aud must contain (Okta: the authorization server's Audience, e.g. api://default; Kinde: the API's audience; elsewhere the resource or API identifier the front end asked the token for).",
  },
  {
    name: "token_type",
    caption: "Token type (OpenID)",
    type: "choice",
    options: ["id", "access"],
    doc: "oidc and its presets: id (the default) for an ID token, whose aud holds client_id; access for an RFC 9068 access token (typ at+jwt, aud your API's audience, client_id and sub claims).",
  },
  {
    name: "max_auth_age",
    caption: "Max seconds since sign-in (max_age)",
    type: "number",
    integer: true,
    min: 0,
    doc: "oidc and its presets: the max_age (seconds) your front end asked for; the token must then carry auth_time, at most this long ago.",
  },
  {
    name: "max_token_age",
    caption: "Max token age (seconds)",
    type: "number",
    integer: true,
    min: 0,
    doc: "oidc and its presets: refuse tokens issued (iat) longer ago than this many seconds, even when not expired.",
  },
  {
    name: "realm",
    caption: "Keycloak realm",
    type: "text",
    doc: "Keycloak: the realm's name (the admin console's realm selector, and the /realms/<realm> part of its URLs), e.g. acme.",
  },
  {
    name: "authorization_server",
    caption: "Okta authorization server ID",
    type: "text",
    doc: "Okta: the custom authorization server's ID (Security > API > Authorization Servers), e.g. default or aus1a2b3c4d5e6f7g8h9; leave empty for the org authorization server (issuer https://<domain>).",
  },
  {
    name: "policy",
    caption: "Azure AD B2C user flow (policy)",
    type: "text",
    doc: "Azure AD B2C: the user flow or custom policy the front end signs in with, e.g. B2C_1_signupsignin1 (User flows in the B2C portal).",
  },
]);

/** The cookie name v5 salts with when none is given: the https one, as the authjs-session recipe. */
export const SIGN_IN_AUTHJS_DEFAULT_COOKIE = AUTHJS_DEFAULT_COOKIE;

export type SignInInputName = (typeof SIGN_IN_INPUTS)[number]["name"];

/** What "Verify sign-in token" gives back. A refused token gives valid = no and every claim empty. */
export const SIGN_IN_OUTPUTS = [
  ...verdictOutputs({
    valid: "Yes when the token is genuine, current and meant for your app.",
    reasons: "the sign-in reason table, e.g. ERR_JWT_EXPIRED",
    subject: "token",
  }),
  {
    name: "subject",
    type: "text",
    doc: "The user's stable id at the provider (sub): use it, not the email, as the user's key.",
  },
  { name: "email", type: "text", doc: "The email claim, when the token has one." },
  {
    name: "email_verified",
    type: "boolean",
    doc: "Whether the provider verified the email (email_verified); empty when the token does not say.",
  },
  { name: "name", type: "text", doc: "The user's name, when the token has one." },
  { name: "issuer", type: "text", doc: "The token's issuer (iss)." },
  { name: "audience", type: "text", doc: "The token's audience (aud), several separated by commas." },
  { name: "issued_at", type: "date", doc: "When the token was issued (iat)." },
  { name: "expires_at", type: "date", doc: "When the token expires (exp)." },
  { name: "claims_json", type: "text", doc: "Every claim of the verified token, as JSON text." },
] as const satisfies readonly OutputSpec[];

export type SignInOutputName = (typeof SIGN_IN_OUTPUTS)[number]["name"];
