import { createHash, type KeyObject } from "node:crypto";
import { defineInputs, exampleKey } from "../inputs/index.js";
import { checkId, lifetimeSeconds } from "./lib/checks.js";
import { importSigningKeyFor } from "./lib/keys.js";
import { bearer, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

export const SNOWFLAKE_MAX_LIFETIME_SECONDS = 3600;

const INPUTS = defineInputs([
  {
    name: "account",
    caption: "Account",
    type: "text",
    required: true,
    doc: "The account identifier, e.g. MYORG-MYACCOUNT or the locator XY12345 (a full host such as xy12345.us-east-1.snowflakecomputing.com works too).",
  },
  {
    name: "user",
    caption: "User",
    type: "text",
    required: true,
    doc: "The Snowflake user whose public key is set (RSA_PUBLIC_KEY for an RSA key).",
  },
  {
    name: "private_key",
    caption: "Private key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "SNOWFLAKE_PRIVATE_KEY",
    doc: "Your RSA or EC (P-256, P-384, P-521) private key (PEM, encrypted PKCS#8 or not) whose public key is set on the user. Leave empty to use the plugin key SNOWFLAKE_PRIVATE_KEY.",
  },
  {
    name: "passphrase",
    caption: "Passphrase",
    type: "secret",
    fallbackKey: "SNOWFLAKE_PASSPHRASE",
    doc: "The passphrase of an encrypted private key. Leave empty to use the plugin key SNOWFLAKE_PASSPHRASE, if any.",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    max: 60,
    default: 59,
    doc: "Minutes until the token expires. Default 59 (Snowflake's sample); Snowflake refuses more than 60.",
  },
]);

/** `SHA256:` and the standard base64 of the SHA-256 of the public key's DER SubjectPublicKeyInfo. */
export function snowflakeFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return `SHA256:${createHash("sha256").update(der).digest("base64")}`;
}

/** The account part of iss and sub, as Snowflake's connector derives it, and whether it was shortened. */
export function snowflakeAccount(text: string): { account: string; shortened: boolean } {
  let account = text
    .trim()
    .replace(/^https?:\/\//i, "")
    .replace(/\/.*$/, "")
    .replace(/\.snowflakecomputing\.com$/i, "");
  const full = account;
  account = account.toLowerCase().includes(".global")
    ? (account.split("-")[0] ?? "")
    : (account.split(".")[0] ?? "");
  return { account: account.toUpperCase(), shortened: account !== full };
}

export const snowflakeKeypair = defineRecipe({
  id: "snowflake-keypair",
  display: "Snowflake: key-pair JWT",
  provider: "Snowflake",
  summary:
    "A key-pair JWT for Snowflake's SQL API, signed RS256 (RSA key) or ES256/384/512 (EC key), with the public key's fingerprint in iss.",
  source: import.meta.url,
  example: { account: "myorg-myaccount", user: "jsmith", private_key: exampleKey("rsa-pkcs8") },
  rules: [
    {
      rule: "Signed RS256 with an RSA key, or ES256, ES384 or ES512 with an EC key on P-256, P-384 or P-521.",
      source: "src/snowflake/connector/auth/keypair.py (snowflakedb/snowflake-connector-python)",
    },
    {
      rule: "iss is ACCOUNT.USER.SHA256: and the standard base64 of the SHA-256 of the public key's DER SubjectPublicKeyInfo.",
      source: "src/snowflake/connector/auth/keypair.py (snowflakedb/snowflake-connector-python)",
    },
    {
      rule: "sub is ACCOUNT.USER in upper case, the account without its region or cloud.",
      source: "src/snowflake/connector/auth/keypair.py (snowflakedb/snowflake-connector-python)",
    },
    {
      rule: "exp is at most one hour after iat.",
      source: "https://docs.snowflake.com/en/developer-guide/sql-api/authenticating",
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "public_key_fingerprint",
      type: "text",
      doc: "SHA256:<base64>: compare with RSA_PUBLIC_KEY_FP in DESC USER.",
    },
    {
      name: "authorization_header",
      type: "text",
      doc: "Bearer <token>: the Authorization header (with X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT).",
    },
  ],
  make(values, { clock }) {
    const { account, shortened } = snowflakeAccount(
      checkId("account", values.account ?? "", {
        pattern: /^[A-Za-z0-9_./:-]+$/,
        problem: "must be an account identifier such as MYORG-MYACCOUNT or XY12345",
        rule: "Snowflake names the account by its identifier (Admin > Accounts), letters, digits, hyphens and underscores.",
      }),
    );
    const user = (values.user ?? "").trim().toUpperCase();
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 59, {
      input: "lifetime_minutes",
      unit: "minutes",
      maxSeconds: SNOWFLAKE_MAX_LIFETIME_SECONDS,
      rule: "Snowflake refuses a key-pair JWT whose exp is more than one hour after iat.",
    });
    // Snowflake's connector (4.5.0 on) signs RS256 with an RSA key and ES256/ES384/ES512 with an EC
    // key, chosen by its curve; the fingerprint is the same SHA-256 of the DER public key either way.
    const key = importSigningKeyFor(values.private_key ?? "", {
      input: "private_key",
      algs: ["RS256", "ES256", "ES384", "ES512"],
      passphrase: values.passphrase,
      rule: "Snowflake signs with your RSA private key (2048 bits or more) or your EC private key (P-256, P-384 or P-521), whose public key is set on the user (for RSA: ALTER USER ... SET RSA_PUBLIC_KEY).",
    });
    const fingerprint = snowflakeFingerprint(key.verifyKey);
    const warnings: string[] = [];
    if (shortened) {
      warnings.push(
        `The account was read as ${account}: Snowflake's iss and sub use the account name without region or cloud.`,
      );
    }
    const now = clock();
    const iat = secondsOf(now);
    const qualified = `${account}.${user}`;
    const signed = signPlan(
      { key, claims: { iss: `${qualified}.${fingerprint}`, sub: qualified, iat, exp: iat + lifetime } },
      now,
    );
    return {
      token: signed.token,
      expiresAt: signed.expiresAt,
      outputs: { public_key_fingerprint: fingerprint, authorization_header: bearer(signed.token) },
      warnings: [...warnings, ...signed.warnings],
    };
  },
});
