import type { OutputSpec } from "../../inputs/index.js";
import { defineInputs } from "../../inputs/index.js";
import { AUTHJS_COOKIE_NAMES, AUTHJS_DEFAULT_COOKIE, AUTHJS_VERSIONS } from "../lib/authjs-key.js";
import { SIGN_IN_PROVIDER_LIST } from "./providers/index.js";

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
    doc: `Who signed the user in: ${PROVIDER_OPTIONS.join(", ")}. Each provider needs its own inputs (see the table of providers).` as string,
  },
  {
    name: "client_id",
    caption: "Client ID",
    type: "text",
    doc: "Google: the OAuth client ID (...apps.googleusercontent.com). Apple: the bundle ID (native) or Services ID (web). Microsoft: the Application (client) ID. Auth0: the application's Client ID. Cognito: the app client ID. WorkOS: the client ID (client_...). LinkedIn: the app's Client ID (Auth tab).",
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
    doc: "Microsoft: the Directory (tenant) ID (a GUID) for a single-tenant app, or common, organizations or consumers for a multi-tenant app (the token's tid is then checked against its issuer).",
  },
  {
    name: "domain",
    caption: "Auth0 domain",
    type: "text",
    doc: "Auth0: the tenant domain (example.us.auth0.com) or your custom domain (login.example.com), as tokens are issued under it.",
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
  {
    name: "issuer",
    caption: "Issuer",
    type: "text",
    doc: "WorkOS: the issuer exactly as your access tokens' iss says, when it is your custom authentication domain (e.g. https://auth.example.com); leave empty to accept WorkOS's own, https://api.workos.com and https://api.workos.com/user_management/<client_id>.",
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
]);

/** The cookie name v5 salts with when none is given: the https one, as the authjs-session recipe. */
export const SIGN_IN_AUTHJS_DEFAULT_COOKIE = AUTHJS_DEFAULT_COOKIE;

export type SignInInputName = (typeof SIGN_IN_INPUTS)[number]["name"];

/** What "Verify sign-in token" gives back. A refused token gives valid = no and every claim empty. */
export const SIGN_IN_OUTPUTS = [
  { name: "valid", type: "boolean", doc: "Yes when the token is genuine, current and meant for your app." },
  {
    name: "reason_code",
    type: "text",
    doc: "Why the token was refused (a code of the sign-in reason table, e.g. ERR_JWT_EXPIRED); empty when valid.",
  },
  { name: "error", type: "text", doc: "Why the token was refused, in plain words; empty when valid." },
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
