import type { JwtError, JwtErrorCode } from "../../jwt/index.js";

/**
 * Why a sign-in token was refused: the `reason_code` output. Engine codes where they say it
 * exactly; `ERR_SIGNIN_*` for the provider rules. Each entry: when it happens, and what to check.
 */
export const SIGN_IN_REASON_CODES = {
  ERR_JWT_MALFORMED: {
    when: "The token is not a compact JWT (three base64url parts).",
    check:
      "Send the ID token exactly as the provider gave it: no quotes, spaces or Bearer prefix (the Pub/Sub and Shopify checks take one).",
  },
  ERR_TOKEN_TOO_LARGE: {
    when: "The token is longer than 8192 characters.",
    check: "Send the ID token, not another value.",
  },
  ERR_ALG_NOT_ALLOWED: {
    when: "The token's algorithm is not the provider's (RS256; ES256 or RS256 for Supabase; HS256 for Shopify; for OpenID issuers an asymmetric one the issuer's configuration allows), or not one its key is for.",
    check: "The token was not made by this provider's sign-in: check the provider input.",
  },
  ERR_SIGNIN_ISSUER: {
    when: "The token's iss is not this provider's issuer: a token of another provider, project, pool, tenant or domain (Pub/Sub: not accounts.google.com).",
    check:
      "Check the provider input and its settings (project_id, domain, region and user_pool_id, frontend_api, project_ref, tenant; for OpenID issuers issuer, realm, authorization_server, policy).",
  },
  ERR_KID_UNKNOWN: {
    when: "The token's kid names no key the provider publishes now (checked again at most once per cooldown).",
    check: "The token was signed by another key: a forged token, or one of another provider or environment.",
  },
  ERR_JWS_SIGNATURE_INVALID: {
    when: "The signature does not match the provider's key (Shopify: the app's API secret).",
    check:
      "The token was altered or forged; for Shopify, check api_secret (the app's client secret, not another app's).",
  },
  ERR_JWKS_FETCH_FAILED: {
    when: "The provider's keys could not be fetched or used (network, time-out, too large, not the expected JSON, no usable key).",
    check: "Check this server's network access to the key URL, or the endpoint override; try again.",
  },
  ERR_JWT_EXPIRED: {
    when: "The token's exp has passed (60 s of clock difference allowed; 10 s for Shopify).",
    check:
      "Have the front end get a fresh ID token (they last about an hour; Clerk's and Shopify's about a minute); a Pub/Sub push is retried with a new one.",
  },
  ERR_JWT_NOT_YET_VALID: {
    when: "The token's nbf is in the future beyond 60 s (10 s for Shopify).",
    check: "Check this server's clock.",
  },
  ERR_JWT_CLAIM_INVALID: {
    when: "A standard claim is missing or wrong: no exp, an iat in the future, a date out of range, a Microsoft token whose ver is not 2.0, a Pub/Sub token without iat or whose exp is more than 24 hours ahead.",
    check: "The token is not a sign-in ID token of this provider.",
  },
  ERR_SIGNIN_AUDIENCE: {
    when: "The token is meant for another app: aud (Cognito access tokens: client_id) is not your client ID, project ID or authenticated; Pub/Sub: not the subscription's audience; Shopify: not your API key.",
    check:
      "Check client_id (or project_id): the ID of the app the front end signs in with; Pub/Sub: audience, as set on the push subscription; Shopify: api_key (the app's client ID).",
  },
  ERR_SIGNIN_TOKEN_USE: {
    when: "Cognito: the token's token_use is not the one asked for (an access token checked as an ID token, or the reverse).",
    check: "Set token_use to id or access to match the token the front end sends.",
  },
  ERR_SIGNIN_AZP: {
    when: "The authorized party (azp) is not allowed: Clerk, not one of authorized_parties; Auth0, aud has several values and azp is not your client ID; OpenID, azp missing while aud has several values, or azp present and not client_id.",
    check: "Clerk: add your app's origin to authorized_parties. Auth0: check client_id.",
  },
  ERR_SIGNIN_TENANT: {
    when: "Microsoft: the token's tid does not fit: its issuer names another tenant, or a personal account reached an organizations app, or a work account a consumers app.",
    check:
      "Check tenant: a tenant ID, or common, organizations or consumers, as the app registration allows.",
  },
  ERR_SIGNIN_HOSTED_DOMAIN: {
    when: "Google: the account is not in the Workspace domain given as hosted_domain (hd differs or is missing).",
    check: "The user signed in with another Google account: ask them to use their account of that domain.",
  },
  ERR_SIGNIN_NONCE: {
    when: "The token's nonce is missing or differs from the nonce given.",
    check:
      "Give the nonce the front end sent with this sign-in; a token replayed from another sign-in is refused.",
  },
  ERR_SIGNIN_SUBJECT: {
    when: "Firebase: sub is missing, empty or longer than 128 characters. OpenID: sub is missing or empty.",
    check: "The token is not a Firebase ID token.",
  },
  ERR_SIGNIN_AUTH_TIME: {
    when: "Firebase: auth_time is missing or in the future. OpenID with max_auth_age: auth_time is missing, in the future, or older than max_auth_age.",
    check:
      "Check this server's clock; Firebase: the token is not a Firebase ID token otherwise; OpenID: have the user sign in again (with the max_age the front end sends).",
  },
  ERR_SIGNIN_SESSION_UNREADABLE: {
    when: "Auth.js: the session token does not decrypt with the key of auth_secret, cookie_name and authjs_version (another secret, salt or version, or an altered token).",
    check:
      "Give the app's AUTH_SECRET exactly, the session cookie's name (__Secure-authjs.session-token on https, authjs.session-token on http) and the version the app runs.",
  },
  ERR_SIGNIN_SERVICE_ACCOUNT: {
    when: "Pub/Sub: the token's email is missing or is not the service account given as service_account_email.",
    check:
      "Give the service account set on the push subscription (Authentication > Service account); another project's or subscription's push is refused.",
  },
  ERR_SIGNIN_EMAIL_UNVERIFIED: {
    when: "Pub/Sub: the token's email_verified is not true.",
    check: "The token was not made by Pub/Sub for a service account: refuse the push.",
  },
  ERR_SIGNIN_LIFETIME: {
    when: "Shopify: the token has no iat, or lives longer than Shopify's one minute (exp - iat over 60 s).",
    check: "The token is not an App Bridge session token: have the front end send the one App Bridge gives.",
  },
  ERR_SIGNIN_SHOP: {
    when: "Shopify: dest is not https://{shop}.myshopify.com, or iss is not the same shop's https://{shop}.myshopify.com/admin.",
    check: "The token is not an App Bridge session token of one shop's admin: refuse the request.",
  },
  ERR_SIGNIN_DISCOVERY_FAILED: {
    when: "OpenID: the issuer's configuration (<issuer>/.well-known/openid-configuration) could not be fetched: network, time-out, a redirect (never followed), an answer that is not 200 or too large; after a failure it is not asked again for a growing wait (1 s doubling, at most 5 minutes).",
    check:
      "Check the issuer (or domain, realm, tenant, policy) and this server's https access to it; open the configuration URL in a browser.",
  },
  ERR_SIGNIN_DISCOVERY_INVALID: {
    when: "OpenID: the issuer's configuration is not a JSON object with an https jwks_uri, or it allows none of the asymmetric algorithms (RS*, PS*, ES*, EdDSA).",
    check:
      "The URL does not serve an OpenID configuration: check the issuer; a proxy or login page may answer instead.",
  },
  ERR_SIGNIN_DISCOVERY_ISSUER: {
    when: "OpenID: the configuration names another issuer than the one configured (exact text, trailing slash included).",
    check:
      "Configure the issuer exactly as its configuration's issuer says (oidc: the issuer input; presets: the form of domain, realm, tenant, policy or the issuer input).",
  },
  ERR_SIGNIN_TOKEN_AGE: {
    when: "OpenID: the token has no iat, or was issued longer ago than max_token_age.",
    check: "Have the front end get a fresh token, or raise max_token_age.",
  },
  ERR_SIGNIN_CLIENT_ID: {
    when: "OpenID access token: the client_id claim RFC 9068 requires is missing, or names another client than client_id.",
    check: "The token is not an RFC 9068 access token for your client: check token_type and client_id.",
  },
  ERR_SIGNIN_TOKEN_TYPE: {
    when: "The token is another kind of this provider's tokens: OpenID, an access token checked as an ID token (typ at+jwt) or an access token without the RFC 9068 typ at+jwt; Stytch, it has no session claim (https://stytch.com/session with an id), so it is not a session JWT; Memberstack, its type is not member or it names no member id.",
    check:
      "Send the token the front end holds for the signed-in user, or set token_type to match it: OpenID, id for the ID token, access for an RFC 9068 access token; Stytch, the session JWT (stytch_session_jwt); Memberstack, the member's token.",
  },
} as const satisfies Record<string, { when: string; check: string }>;

export type SignInReasonCode = keyof typeof SIGN_IN_REASON_CODES;

/** The engine codes that are also sign-in reasons, as they are. */
export type EngineReasonCode = Extract<SignInReasonCode, JwtErrorCode>;

/** A refused token inside the verifier: turned into `valid: false` outputs, never thrown to the caller. */
export class SignInRefusal extends Error {
  override readonly name = "SignInRefusal";
  readonly code: SignInReasonCode;
  readonly claim: string | undefined;

  constructor(code: SignInReasonCode, message: string, claim?: string) {
    super(message);
    this.code = code;
    this.claim = claim;
  }
}

/** The sign-in reason for each engine code a verification can meet (ERR_OPTION_INVALID is thrown). */
const ENGINE_REASONS: Record<Exclude<JwtErrorCode, "ERR_OPTION_INVALID">, SignInReasonCode> = {
  ERR_PAYLOAD_REQUIRED: "ERR_JWT_MALFORMED",
  ERR_PAYLOAD_INVALID: "ERR_JWT_MALFORMED",
  ERR_KEY_MISSING: "ERR_JWKS_FETCH_FAILED",
  ERR_KEY_INVALID: "ERR_JWKS_FETCH_FAILED",
  ERR_KEY_WEAK: "ERR_JWKS_FETCH_FAILED",
  ERR_ALG_NOT_ALLOWED: "ERR_ALG_NOT_ALLOWED",
  ERR_JWT_MALFORMED: "ERR_JWT_MALFORMED",
  ERR_JWS_SIGNATURE_INVALID: "ERR_JWS_SIGNATURE_INVALID",
  ERR_JWT_EXPIRED: "ERR_JWT_EXPIRED",
  ERR_JWT_NOT_YET_VALID: "ERR_JWT_NOT_YET_VALID",
  ERR_JWT_CLAIM_INVALID: "ERR_JWT_CLAIM_INVALID",
  ERR_KID_UNKNOWN: "ERR_KID_UNKNOWN",
  ERR_TOKEN_TOO_LARGE: "ERR_TOKEN_TOO_LARGE",
  ERR_INPUT_RULE: "ERR_JWT_MALFORMED",
  ERR_JWKS_FETCH_FAILED: "ERR_JWKS_FETCH_FAILED",
  ERR_DISCOVERY_FAILED: "ERR_SIGNIN_DISCOVERY_FAILED",
  ERR_JWE_DECRYPTION_FAILED: "ERR_JWT_MALFORMED",
  ERR_JWE_INVALID: "ERR_JWT_MALFORMED",
  ERR_JWT_ENCRYPTED: "ERR_JWT_MALFORMED",
};

/** ERR_DISCOVERY_FAILED by its reason: each has its own sign-in reason. */
const DISCOVERY_REASONS: Readonly<Record<string, SignInReasonCode>> = {
  fetch: "ERR_SIGNIN_DISCOVERY_FAILED",
  invalid: "ERR_SIGNIN_DISCOVERY_INVALID",
  "issuer-mismatch": "ERR_SIGNIN_DISCOVERY_ISSUER",
};

/** The reason code of an engine refusal met while checking a token (an iss or aud claim has its own). */
export function reasonOf(error: JwtError): SignInReasonCode {
  if (error.code === "ERR_DISCOVERY_FAILED") {
    return DISCOVERY_REASONS[error.reason ?? "fetch"] ?? "ERR_SIGNIN_DISCOVERY_FAILED";
  }
  if (error.code === "ERR_JWT_CLAIM_INVALID" && error.claim === "iss") return "ERR_SIGNIN_ISSUER";
  if (error.code === "ERR_JWT_CLAIM_INVALID" && error.claim === "aud") return "ERR_SIGNIN_AUDIENCE";
  return ENGINE_REASONS[error.code as keyof typeof ENGINE_REASONS] ?? "ERR_JWT_CLAIM_INVALID";
}
