import { createHash } from "node:crypto";
import {
  ALGORITHMS,
  type Algorithm,
  isSymmetric,
  type JwtPayload,
  type KeySetFormat,
} from "../../jwt/index.js";
import type { SignInEndpointName } from "./endpoints.js";
import type { SignInInputName } from "./inputs.js";

/** The inputs a provider's rules read, after their form was checked (hosts lower-cased, URLs reduced to hosts). */
export type SignInValues = Readonly<
  Partial<Record<Exclude<SignInInputName, "authorized_parties">, string>>
> & {
  readonly authorized_parties?: readonly string[];
};

/**
 * One provider's rules for its sign-in ID tokens, as data: one file per provider in `providers/`, one
 * line in `providers/index.ts`. Templates hold `{input}` placeholders; `{tid}` is the token's own
 * tenant (Microsoft).
 */
export interface SignInProvider {
  readonly id: string;
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
  /** The token's nonce may also be the SHA-256 (hex) of the nonce given (Apple on iOS). */
  readonly hashedNonce?: boolean;
  /** The `typ` header the provider sets and its own SDK demands (Stytch: JWT); not checked when absent. */
  readonly typ?: string;
  /** The claim that holds the user's id, when it is not `sub` (Memberstack: `id`); `sub` when the token lacks it. */
  readonly subjectClaim?: string;
  /**
   * Values that follow from the inputs once their forms are checked (Stytch: the API host from the
   * project ID), merged into the values the templates read; throws a JwtError ERR_OPTION_INVALID
   * naming the input for a value the provider cannot take.
   */
  derive?(values: SignInValues): Readonly<Record<string, string>>;
  /**
   * OpenID discovery (provider oidc and its presets): the issuer comes from the inputs, its keys from
   * the `jwks_uri` of its configuration, and the ID-token (or RFC 9068 access-token) rules apply.
   * `issuers` and `keys` are then the docs' templates and the discovery endpoint's name.
   */
  readonly discovery?: SignInDiscovery;
}

/** How a provider finds its issuer's configuration. */
export interface SignInDiscovery {
  /**
   * The issuers these inputs admit, the default first. An `issuer` input must be one of them; with
   * `anyIssuer`, any https issuer given as the `issuer` input is the one (provider oidc).
   */
  issuers(values: SignInValues): readonly string[];
  readonly anyIssuer?: boolean;
  /** The configuration's URL when it is not `<issuer>/.well-known/openid-configuration` (B2C's user flow). */
  configurationUrl?(values: SignInValues, issuer: string): string;
  /** Why these inputs cannot check access tokens (Okta's org authorization server); undefined when they can. */
  accessTokensRefused?(values: SignInValues): string | undefined;
}

/** Declares a provider, keeping its id's literal type (the provider choice is made from the ids). */
export function defineSignInProvider<const Id extends string>(
  provider: SignInProvider & { readonly id: Id },
): SignInProvider & { readonly id: Id } {
  return Object.freeze(provider);
}

/** Fills a template's `{input}` placeholders; `tid` comes from the token (Microsoft). */
export function fillTemplate(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_match, key: string) => {
    const value = values[key];
    return typeof value === "string" ? value : `{${key}}`;
  });
}

/**
 * What OpenID discovery providers sign with: the asymmetric algorithms only (RS*, PS*, ES*, EdDSA),
 * never HS* (a shared secret is not a published key) and never none.
 */
export const OPENID_ALGORITHMS: readonly Algorithm[] = Object.freeze(
  ALGORITHMS.filter((alg) => !isSymmetric(alg)),
);

/** The inputs every OpenID discovery provider may take besides its own. */
export const OPENID_OPTIONAL_INPUTS = [
  "client_id",
  "audience",
  "token_type",
  "max_auth_age",
  "max_token_age",
] as const satisfies readonly SignInInputName[];

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The nonce given, or (for a provider that hashes it) its SHA-256 in hex, is the token's nonce. */
export function nonceMatches(provider: SignInProvider, tokenNonce: unknown, given: string): boolean {
  if (typeof tokenNonce !== "string") return false;
  if (tokenNonce === given) return true;
  return (
    provider.hashedNonce === true && tokenNonce === createHash("sha256").update(given, "utf8").digest("hex")
  );
}
