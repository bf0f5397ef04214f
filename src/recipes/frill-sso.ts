import { defineInputs } from "../inputs/index.js";
import { checkId, lifetimeSeconds } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { readEmail, readWebUrl } from "./lib/widget-user.js";
import { defineRecipe } from "./types.js";

const SSO_DOCS = "https://help.frill.co/article/65-sso-implementation";
const SCRIPT_DOCS = "https://developers.frill.co/frill-script/identifying-users";

const KEY_RULE =
  "Frill checks the token's HS256 signature with your company's Frill SSO Key (Frill dashboard > Settings > " +
  "SSO, admins only); a token signed with another key fails the SSO login.";

const INPUTS = defineInputs([
  {
    name: "sso_key",
    caption: "Frill SSO Key",
    type: "secret",
    required: true,
    fallbackKey: "FRILL_SSO_KEY",
    doc: "Your company's Frill SSO Key (Frill dashboard > Settings > SSO; admins only). Leave empty to use the plugin key FRILL_SSO_KEY.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "Your app's unique, stable id for the user (the token's id).",
  },
  {
    name: "email",
    caption: "Email",
    type: "text",
    required: true,
    doc: "The user's email address; Frill requires a valid one.",
  },
  {
    name: "name",
    caption: "Name",
    type: "text",
    doc: "The user's name (optional, recommended).",
  },
  {
    name: "avatar_url",
    caption: "Avatar URL",
    type: "text",
    doc: "Optional: an https URL of the user's picture (avatar).",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires (its exp). Default 60. Frill's example token has no exp; keep one so a token leaked from a URL stops working.",
  },
]);

export const frillSso = defineRecipe({
  id: "frill-sso",
  display: "Frill: SSO token",
  provider: "Frill",
  summary:
    "A Frill SSO user token for the Frill Script (ssoToken) or the SSO redirect, signed HS256 with the Frill SSO Key.",
  source: import.meta.url,
  example: {
    sso_key: "frill-sso-key-0123456789abcdef0123456789",
    user_id: "user-42",
    email: "ada@example.com",
    name: "Ada Lovelace",
  },
  rules: [
    { rule: "Signed HS256 with the company's Frill SSO Key.", source: SSO_DOCS },
    { rule: "The claims are the user's email, id and name, with avatar optional.", source: SSO_DOCS },
    { rule: "The email must be a valid email address; the name is optional.", source: SCRIPT_DOCS },
    {
      rule: "The token is passed to the Frill Script as ssoToken (container or identify), or sent back to the redirect URL Frill gave your login page.",
      source: SCRIPT_DOCS,
    },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const userId = checkId("user_id", values.user_id ?? "", {
      pattern: /^\S(?:.*\S)?$/,
      problem: "must be your app's id for the user",
      rule: "Frill identifies the user by the id your app gives it.",
    });
    const email = readEmail("email", values.email ?? "", "Frill requires a valid email address.");
    const name = values.name?.trim();
    const avatar =
      values.avatar_url === undefined
        ? undefined
        : readWebUrl("avatar_url", values.avatar_url, "avatar is the URL of the user's picture.");
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "The token stops working at exp.",
    });
    const key = importProviderSecret(values.sso_key ?? "", {
      input: "sso_key",
      alg: "HS256",
      encoding: "text",
      rule: KEY_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: {
          email,
          id: userId,
          ...(name === undefined ? {} : { name }),
          ...(avatar === undefined ? {} : { avatar }),
          iat,
          exp: iat + lifetime,
        },
      },
      now,
    );
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings: signed.warnings };
  },
});
