import { JwtError } from "../../jwt/index.js";

/**
 * Where each provider publishes its keys (providers.md "Verifying sign-in ID tokens"), by name.
 * `{name}` is replaced by the input of that name (URL-encoded, after checking its form). An override
 * (`endpoints: { "auth0.keys": "https://..." }`) replaces the template and may use the same
 * placeholders; https only.
 */
export const SIGN_IN_ENDPOINTS = Object.freeze({
  /** Google's JWKS (the PEM form is at /oauth2/v1/certs). */
  "google.keys": "https://www.googleapis.com/oauth2/v3/certs",
  /** Apple's JWKS. */
  "apple.keys": "https://appleid.apple.com/auth/keys",
  /** Firebase Auth's X.509 certificate map (kid -> PEM), cached by its Cache-Control max-age. */
  "firebase.keys": "https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com",
  /** Microsoft Entra ID's v2.0 JWKS for the tenant (or common, organizations, consumers). */
  "microsoft.keys": "https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys",
  /** Auth0's JWKS under the tenant or custom domain. */
  "auth0.keys": "https://{domain}/.well-known/jwks.json",
  /** A Cognito user pool's JWKS. */
  "cognito.keys": "https://cognito-idp.{region}.amazonaws.com/{user_pool_id}/.well-known/jwks.json",
  /** Clerk's JWKS under the Frontend API host. */
  "clerk.keys": "https://{frontend_api}/.well-known/jwks.json",
  /** Supabase Auth's JWKS (asymmetric signing keys only). */
  "supabase.keys": "https://{project_ref}.supabase.co/auth/v1/.well-known/jwks.json",
  /**
   * A Stytch project's session JWKS under its API base: api.stytch.com (live projects), test.stytch.com
   * (test projects) or the custom domain (stytch-node lib/b2c/client.ts, lib/shared/envs.ts).
   */
  "stytch.keys": "https://{custom_domain}/v1/sessions/jwks/{project_id}",
  /** WorkOS AuthKit's JWKS for the client ID (workos.com/docs/reference/authkit/session-tokens). */
  "workos.keys": "https://api.workos.com/sso/jwks/{client_id}",
  /** LinkedIn's OpenID Connect JWKS (jwks_uri of https://www.linkedin.com/oauth/.well-known/openid-configuration). */
  "linkedin.keys": "https://www.linkedin.com/oauth/openid/jwks",
  /**
   * Memberstack's JWKS as its OpenID Connect configuration lists it (developers.memberstack.com,
   * dom-package/advanced-integration). The official @memberstack/admin 1.7.0 fetches its member-token
   * keys from an http-only address, which is never used here: see docs/recipes.md "Memberstack".
   */
  "memberstack.keys": "https://auth.memberstack.com/jwks",
  // OpenID discovery: where each issuer's configuration is read. The origin (with any path prefix) is
  // replaced; the issuer's path and /.well-known/openid-configuration follow; keys come from its jwks_uri.
  /** Any OpenID issuer: read under the issuer itself unless overridden. */
  "oidc.discovery": "{issuer}",
  /** Okta: the org's host (custom or org authorization server). */
  "okta.discovery": "https://{domain}",
  /** Keycloak: the server's host. */
  "keycloak.discovery": "https://{domain}",
  /** Entra External ID: the sign-in host, <tenant>.ciamlogin.com unless domain says another. */
  "entra-external-id.discovery": "https://{domain}",
  /** Azure AD B2C: the B2C host; the user flow's metadata document. */
  "azure-ad-b2c.discovery": "https://{domain}",
  /** Kinde: the business domain. */
  "kinde.discovery": "https://{domain}",
});

export type SignInEndpointName = keyof typeof SIGN_IN_ENDPOINTS;

/**
 * Where an issuer's configuration is read: `configurationUrl` as is, or, when the provider's discovery
 * endpoint is overridden, that origin (and path prefix) followed by the configuration URL's path.
 */
export function signInDiscoveryUrl(
  name: SignInEndpointName,
  configurationUrl: string,
  values: Readonly<Record<string, unknown>>,
  endpoints: Readonly<Record<string, string>> | undefined,
): string {
  if (endpoints?.[name] === undefined) return configurationUrl;
  const base = signInKeyUrl(name, values, endpoints).replace(/\/+$/, "");
  return `${base}${new URL(configurationUrl).pathname}`;
}

/**
 * Checks an endpoints override once: names of `known` (every sign-in endpoint, or the few one check
 * calls), https URLs without credentials.
 */
export function checkSignInEndpoints(
  endpoints: Readonly<Record<string, string>> | undefined,
  known: Readonly<Record<string, string>> = SIGN_IN_ENDPOINTS,
): void {
  for (const [name, value] of Object.entries(endpoints ?? {})) {
    if (!Object.hasOwn(known, name)) {
      throw new JwtError("ERR_OPTION_INVALID", {
        option: "endpoints",
        reason: "unknown",
        problem: `has no endpoint named ${JSON.stringify(name.slice(0, 40))}`,
        fix: `The endpoints here are: ${Object.keys(known).join(", ")}.`,
      });
    }
    if (typeof value !== "string") throw notHttps(name, "not a text");
  }
}

/** The key URL of a provider: the template (or its override) with the placeholders filled in. */
export function signInKeyUrl(
  name: SignInEndpointName,
  values: Readonly<Record<string, unknown>>,
  endpoints: Readonly<Record<string, string>> | undefined,
): string {
  const template = endpoints?.[name] ?? SIGN_IN_ENDPOINTS[name];
  const filled = template.replace(/\{([a-z_]+)\}/g, (_match, key: string) => {
    const value = values[key];
    if (typeof value !== "string")
      throw notHttps(name, `uses {${key}}, which this provider has no value for`);
    return encodeURIComponent(value);
  });
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    throw notHttps(name, "not a valid URL");
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "") {
    throw notHttps(name, `not an https URL without credentials (got ${url.protocol.replace(":", "")})`);
  }
  return url.href;
}

function notHttps(name: string, problem: string): JwtError {
  return new JwtError("ERR_OPTION_INVALID", {
    option: "endpoints",
    reason: "invalid",
    problem: `${name} is ${problem}`,
    fix: "Give an absolute https URL such as https://login.example.com/.well-known/jwks.json; keys fetched in clear text could be replaced.",
  });
}
