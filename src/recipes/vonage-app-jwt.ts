import { randomUUID } from "node:crypto";
import { defineInputs, exampleKey } from "../inputs/index.js";
import { lifetimeSeconds, parseJsonObject } from "./lib/checks.js";
import { importSigningKey } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { bearerResult, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const DOCS = "https://developer.vonage.com/en/getting-started/concepts/authentication";
const SDK = "packages/jwt/lib/tokenGenerate.ts (Vonage/vonage-node-sdk)";
/** Vonage refuses an application JWT that lives longer than 24 hours. */
export const VONAGE_MAX_LIFETIME_SECONDS = 24 * 60 * 60;
const VONAGE_MIN_LIFETIME_SECONDS = 30;

const KEY_RULE =
  "Vonage checks application JWTs with RS256 against the application's public key: paste the private.key file " +
  "downloaded when the application was created or its keys regenerated (an RSA private key PEM).";

const ACL_RULE =
  'acl is a JSON object with a "paths" object of API paths to rules, such as {"paths": {"/*/users/**": {}, ' +
  '"/*/conversations/**": {}}}; the Client SDK needs it to act for a user.';

const INPUTS = defineInputs([
  {
    name: "application_id",
    caption: "Application ID",
    type: "text",
    required: true,
    pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    formDoc: "a UUID such as aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab",
    doc: "The Vonage application's ID (Vonage dashboard > Applications), a UUID: the token's application_id.",
  },
  {
    name: "private_key",
    caption: "Private key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "VONAGE_PRIVATE_KEY",
    doc: "The application's private.key file (downloaded once when the keys were generated). Leave empty to use the plugin key VONAGE_PRIVATE_KEY.",
  },
  {
    name: "subject",
    caption: "Username (sub)",
    type: "text",
    doc: "Optional: the Vonage user's name for a Client SDK token (sub). Empty for a token that calls Vonage's APIs as the application.",
  },
  {
    name: "acl",
    caption: "ACL (JSON)",
    type: "long-text",
    doc: 'Optional: the paths a Client SDK token may use, e.g. {"paths":{"/*/users/**":{},"/*/conversations/**":{},"/*/sessions/**":{}}}.',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 15,
    doc: "Minutes until the token expires. Default 15 (Vonage's default); Vonage refuses more than 1440 (24 hours).",
  },
]);

export const vonageAppJwt = defineRecipe({
  id: "vonage-app-jwt",
  display: "Vonage: application JWT",
  provider: "Vonage",
  summary:
    "A JWT for Vonage's APIs (Voice, Messages, Video) or, with a username and ACL, for its Client SDK, signed RS256 with the application's key.",
  source: import.meta.url,
  example: {
    application_id: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab",
    private_key: exampleKey("rsa-pkcs8"),
    subject: "alice",
    acl: '{"paths":{"/*/users/**":{},"/*/conversations/**":{},"/*/sessions/**":{}}}',
  },
  rules: [
    {
      rule: "Signed RS256 with the application's private key; the header is alg RS256, typ JWT.",
      source: DOCS,
    },
    { rule: "application_id, iat and jti (a unique id) are required claims.", source: DOCS },
    {
      rule: "exp is at most 24 hours after iat and at least 30 seconds; the default is 15 minutes.",
      source: DOCS,
    },
    {
      rule: "A Client SDK token adds sub (the user's name) and acl, an object of paths the token may use.",
      source: DOCS,
    },
    { rule: "jti is a fresh UUID for every token.", source: SDK },
  ],
  inputs: INPUTS,
  outputs: [{ name: "authorization_header", type: "text", doc: "Bearer <token>: the Authorization header." }],
  make(values, { clock }) {
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 15, {
      input: "lifetime_minutes",
      unit: "minutes",
      minSeconds: VONAGE_MIN_LIFETIME_SECONDS,
      maxSeconds: VONAGE_MAX_LIFETIME_SECONDS,
      rule: "Vonage refuses an application JWT whose exp is more than 24 hours (or less than 30 seconds) after iat.",
    });
    const acl = values.acl === undefined ? undefined : readAcl(values.acl);
    const subject = values.subject?.trim();
    const key = importSigningKey(values.private_key ?? "", {
      input: "private_key",
      alg: "RS256",
      rule: KEY_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: {
          application_id: values.application_id.trim(),
          iat,
          jti: randomUUID(),
          exp: iat + lifetime,
          ...(subject === undefined || subject === "" ? {} : { sub: subject }),
          ...(acl === undefined ? {} : { acl }),
        },
      },
      now,
    );
    return bearerResult(signed);
  },
});

function readAcl(text: string): Record<string, unknown> {
  const acl = parseJsonObject("acl", text, ACL_RULE);
  const { paths } = acl;
  if (paths === null || typeof paths !== "object" || Array.isArray(paths)) {
    throw refuseInput("acl", 'must hold a "paths" object of API paths to rules', ACL_RULE);
  }
  return acl;
}
