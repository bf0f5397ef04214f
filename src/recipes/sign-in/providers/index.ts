/**
 * Every sign-in ID-token provider, one line each, in the order the provider choice lists them. A new
 * provider is its file in this folder and one line here: the choice, the docs' table and the tests
 * that run "every provider" follow.
 */
import { apple } from "./apple.js";
import { auth0 } from "./auth0.js";
import { azureAdB2c } from "./azure-ad-b2c.js";
import { clerk } from "./clerk.js";
import { cognito } from "./cognito.js";
import { entraExternalId } from "./entra-external-id.js";
import { firebase } from "./firebase.js";
import { google } from "./google.js";
import { keycloak } from "./keycloak.js";
import { kinde } from "./kinde.js";
import { linkedin } from "./linkedin.js";
import { memberstack } from "./memberstack.js";
import { microsoft } from "./microsoft.js";
import { oidc } from "./oidc.js";
import { okta } from "./okta.js";
import { stytch } from "./stytch.js";
import { supabase } from "./supabase.js";
import { workos } from "./workos.js";

export const SIGN_IN_PROVIDER_LIST = Object.freeze([
  google,
  apple,
  firebase,
  microsoft,
  auth0,
  cognito,
  clerk,
  supabase,
  stytch,
  workos,
  linkedin,
  memberstack,
  oidc,
  okta,
  keycloak,
  entraExternalId,
  azureAdB2c,
  kinde,
] as const);

export type IdTokenProviderId = (typeof SIGN_IN_PROVIDER_LIST)[number]["id"];

/** The providers whose sign-in ID tokens are verified with published keys, in this order. */
export const ID_TOKEN_PROVIDER_IDS: readonly IdTokenProviderId[] = SIGN_IN_PROVIDER_LIST.map(
  (provider) => provider.id,
);

/**
 * Every provider: the ID-token ones, then authjs, whose session tokens are encrypted with a key derived
 * from the app's own secret (no issuer, no published keys, no network).
 */
export const SIGN_IN_PROVIDER_IDS: readonly SignInProviderId[] = [...ID_TOKEN_PROVIDER_IDS, "authjs"];

export type SignInProviderId = IdTokenProviderId | "authjs";

/** The providers by id. */
export const SIGN_IN_PROVIDERS: Readonly<Record<IdTokenProviderId, (typeof SIGN_IN_PROVIDER_LIST)[number]>> =
  Object.freeze(
    Object.fromEntries(SIGN_IN_PROVIDER_LIST.map((provider) => [provider.id, provider])) as never,
  );

export { MICROSOFT_CONSUMERS_TENANT, MICROSOFT_MULTI_TENANT } from "./microsoft.js";
