import { createHash } from "node:crypto";
import type { Algorithm, JwtPayload, KeySetFormat } from "../../jwt/index.js";
import type { SignInEndpointName } from "./endpoints.js";
import type { IdTokenProviderId, SignInInputName, SignInProviderId } from "./inputs.js";
import { SignInRefusal } from "./reasons.js";

/** The inputs a provider's rules read, after their form was checked (hosts lower-cased, URLs reduced to hosts). */
export type SignInValues = Readonly<
  Partial<Record<Exclude<SignInInputName, "authorized_parties">, string>>
> & {
  readonly authorized_parties?: readonly string[];
};

/**
 * One provider's rules for its sign-in ID tokens, as data (providers.md "Verifying sign-in ID
 * tokens"). Templates hold `{input}` placeholders; `{tid}` is the token's own tenant (Microsoft).
 */
export interface SignInProvider {
  readonly id: IdTokenProviderId;
  readonly name: string;
  /** Inputs this provider cannot do without. */
  readonly requires: readonly SignInInputName[];
  /** Inputs it may use besides `token`, `provider` and `nonce`; any other input given is refused. */
  readonly optional: readonly SignInInputName[];
  /** Accepted `iss` values (templates); exact match. */
  readonly issuers: readonly string[];
  /** Expected `aud` (template), or undefined when the provider sets none (Clerk) or it depends (Cognito). */
  readonly audience: string | undefined;
  /** Where the keys are: a named endpoint (overridable), and how they are published. */
  readonly keys: SignInEndpointName;
  readonly keyFormat: KeySetFormat;
  /** The algorithms its keys sign with; a token with another is refused whatever it says. */
  readonly algorithms: readonly Algorithm[];
  /** The provider's own checks, in words (for the docs), and in code. */
  readonly checks: readonly string[];
  check?(payload: JwtPayload, values: SignInValues, nowSeconds: number): void;
}

/** Microsoft's tenant of personal accounts (providers.md). */
export const MICROSOFT_CONSUMERS_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
/** Microsoft's multi-tenant `tenant` values: the issuer is checked with the token's own `tid`. */
export const MICROSOFT_MULTI_TENANT = ["common", "organizations", "consumers"] as const;

const google: SignInProvider = {
  id: "google",
  name: "Google",
  requires: ["client_id"],
  optional: ["hosted_domain"],
  issuers: ["accounts.google.com", "https://accounts.google.com"],
  audience: "{client_id}",
  keys: "google.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: ["iss in either spelling", "hd = hosted_domain when given", "email_verified reported"],
  check(payload, values) {
    const domain = values.hosted_domain;
    if (domain === undefined) return;
    const hd = payload.hd;
    if (typeof hd !== "string" || hd.toLowerCase() !== domain) {
      const got = typeof hd === "string" ? `is ${JSON.stringify(hd)}` : "is missing (a personal account)";
      throw new SignInRefusal(
        "ERR_SIGNIN_HOSTED_DOMAIN",
        `The token's hd (Workspace domain) ${got}; expected "${domain}".`,
        "hd",
      );
    }
  },
};

const apple: SignInProvider = {
  id: "apple",
  name: "Apple",
  requires: ["client_id"],
  optional: [],
  issuers: ["https://appleid.apple.com"],
  audience: "{client_id}",
  keys: "apple.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: ["nonce (or its SHA-256 in hex, as iOS sends) when given", "email only on the first sign-in"],
};

const firebase: SignInProvider = {
  id: "firebase",
  name: "Firebase",
  requires: ["project_id"],
  optional: [],
  issuers: ["https://securetoken.google.com/{project_id}"],
  audience: "{project_id}",
  keys: "firebase.keys",
  keyFormat: "certificate-map",
  algorithms: ["RS256"],
  checks: [
    "alg RS256 only",
    "sub non-empty, at most 128 characters",
    "auth_time present and not in the future",
  ],
  check(payload, _values, nowSeconds) {
    const sub = payload.sub;
    if (typeof sub !== "string" || sub === "" || sub.length > 128) {
      const got =
        typeof sub !== "string" ? "is missing" : sub === "" ? "is empty" : "is longer than 128 characters";
      throw new SignInRefusal("ERR_SIGNIN_SUBJECT", `The token's sub (the Firebase uid) ${got}.`, "sub");
    }
    const authTime = payload.auth_time;
    if (typeof authTime !== "number" || !Number.isFinite(authTime)) {
      throw new SignInRefusal("ERR_SIGNIN_AUTH_TIME", "The token has no auth_time claim.", "auth_time");
    }
    if (authTime > nowSeconds) {
      throw new SignInRefusal(
        "ERR_SIGNIN_AUTH_TIME",
        `The token's auth_time is ${authTime - nowSeconds} s in the future.`,
        "auth_time",
      );
    }
  },
};

const microsoft: SignInProvider = {
  id: "microsoft",
  name: "Microsoft",
  requires: ["client_id", "tenant"],
  optional: [],
  issuers: ["https://login.microsoftonline.com/{tenant}/v2.0"],
  audience: "{client_id}",
  keys: "microsoft.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: [
    "v2.0 issuer of the tenant; for common, organizations and consumers the issuer with the token's own tid",
    "consumers: tid is the personal-accounts tenant; organizations: it is not",
    "ver = 2.0",
  ],
  check(payload, values) {
    checkMicrosoftTenant(payload, values.tenant ?? "");
    if (payload.ver !== "2.0") {
      throw new SignInRefusal(
        "ERR_JWT_CLAIM_INVALID",
        `The token's ver is ${JSON.stringify(payload.ver ?? null)}; a v2.0 ID token says "2.0".`,
        "ver",
      );
    }
  },
};

const auth0: SignInProvider = {
  id: "auth0",
  name: "Auth0",
  requires: ["client_id", "domain"],
  optional: [],
  issuers: ["https://{domain}/"],
  audience: "{client_id}",
  keys: "auth0.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: [
    "iss with the trailing slash, custom domains allowed",
    "azp = client_id when aud has several values",
  ],
  check(payload, values) {
    if (!Array.isArray(payload.aud) || payload.aud.length < 2) return;
    if (payload.azp !== values.client_id) {
      throw new SignInRefusal(
        "ERR_SIGNIN_AZP",
        `The token has several audiences and its azp is ${JSON.stringify(payload.azp ?? null)}; expected the client ID.`,
        "azp",
      );
    }
  },
};

const cognito: SignInProvider = {
  id: "cognito",
  name: "AWS Cognito",
  requires: ["region", "user_pool_id", "client_id"],
  optional: ["token_use"],
  issuers: ["https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"],
  audience: undefined,
  keys: "cognito.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: ["token_use = id (aud = client_id) or access (no aud; client_id claim = client_id)"],
};

const clerk: SignInProvider = {
  id: "clerk",
  name: "Clerk",
  requires: ["frontend_api"],
  optional: ["authorized_parties"],
  issuers: ["https://{frontend_api}"],
  audience: undefined,
  keys: "clerk.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: ["no aud", "azp present and one of authorized_parties when given"],
  check(payload, values) {
    const parties = values.authorized_parties ?? [];
    if (parties.length === 0) return;
    if (typeof payload.azp !== "string" || !parties.includes(payload.azp)) {
      throw new SignInRefusal(
        "ERR_SIGNIN_AZP",
        `The token's azp ${typeof payload.azp === "string" ? `is ${JSON.stringify(payload.azp.slice(0, 80))}` : "is missing"}; expected one of the authorized parties.`,
        "azp",
      );
    }
  },
};

const supabase: SignInProvider = {
  id: "supabase",
  name: "Supabase",
  requires: ["project_ref"],
  optional: [],
  issuers: ["https://{project_ref}.supabase.co/auth/v1"],
  audience: "authenticated",
  keys: "supabase.keys",
  keyFormat: "jwks",
  algorithms: ["ES256", "RS256"],
  checks: [
    "aud authenticated (signed-in users)",
    "asymmetric signing keys only (HS256 projects: verify with the secret)",
  ],
};

/** Every ID-token provider's preset, by id (authjs has none: its token is read with the app's secret). */
export const SIGN_IN_PROVIDERS: Readonly<Record<IdTokenProviderId, SignInProvider>> = Object.freeze({
  google,
  apple,
  firebase,
  microsoft,
  auth0,
  cognito,
  clerk,
  supabase,
});

/** Fills a template's `{input}` placeholders; `tid` comes from the token (Microsoft). */
export function fillTemplate(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_match, key: string) => {
    const value = values[key];
    return typeof value === "string" ? value : `{${key}}`;
  });
}

/**
 * Microsoft multi-tenant rule (providers.md): with common, organizations or consumers the issuer is
 * the template with the token's own tid; consumers only admits the personal-accounts tenant, and
 * organizations never does. A single tenant's tid must be that tenant.
 */
export function checkMicrosoftTenant(payload: JwtPayload, tenant: string): void {
  const tid = payload.tid;
  if (typeof tid !== "string" || !GUID.test(tid)) {
    throw new SignInRefusal("ERR_SIGNIN_TENANT", "The token has no tid (tenant ID) GUID.", "tid");
  }
  const expected = `https://login.microsoftonline.com/${tid}/v2.0`;
  if (payload.iss !== expected) {
    throw new SignInRefusal(
      "ERR_SIGNIN_TENANT",
      "The token's issuer names another tenant than its tid: the {tid} issuer rule refuses it.",
      "tid",
    );
  }
  const lower = tid.toLowerCase();
  const refused =
    (tenant === "consumers" && lower !== MICROSOFT_CONSUMERS_TENANT) ||
    (tenant === "organizations" && lower === MICROSOFT_CONSUMERS_TENANT) ||
    (GUID.test(tenant) && lower !== tenant);
  if (refused) {
    throw new SignInRefusal(
      "ERR_SIGNIN_TENANT",
      `The token's tid ${JSON.stringify(tid)} is not admitted by tenant "${tenant}".`,
      "tid",
    );
  }
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Apple on iOS puts the SHA-256 (hex) of the raw nonce in the token (providers.md). */
export function nonceMatches(provider: SignInProviderId, tokenNonce: unknown, given: string): boolean {
  if (typeof tokenNonce !== "string") return false;
  if (tokenNonce === given) return true;
  return provider === "apple" && tokenNonce === createHash("sha256").update(given, "utf8").digest("hex");
}
