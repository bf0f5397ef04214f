import { createHash, createPrivateKey, type KeyObject, randomBytes } from "node:crypto";
import { defineInputs, exampleKey } from "../../inputs/index.js";
import { parseAlgorithm } from "../../jwt/index.js";
import { importSigningKey } from "../lib/keys.js";
import { refuseInput, refuseKey, shown } from "../lib/refuse.js";
import { bearer, secondsOf, signPlan } from "../lib/sign.js";
import { keyFingerprint } from "./cache.js";
import { defineExchange } from "./define-exchange.js";
import { EXCHANGE_ENDPOINTS, endpointUrl } from "./endpoints.js";
import type { ProviderErrorRule } from "./lib/answers.js";
import { jwtBearerGrant } from "./lib/jwt-bearer.js";

const WITHOUT_SDK = "https://developer.box.com/guides/authentication/jwt/without-sdk/";
const JWT_SETUP = "https://developer.box.com/guides/authentication/jwt/jwt-setup/";
const SDK_JWT_AUTH = "box/box-typescript-sdk-gen src/box/jwtAuth.generated.ts";
const COMMON_ERRORS = "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/";

/** The assertion's aud, always this URL (without-sdk §3), even when the endpoint is overridden. */
export const BOX_AUDIENCE = EXCHANGE_ENDPOINTS["box.token"];
/**
 * Box refuses an exp more than 60 s after issue (without-sdk §3). We use the official SDK's 30 s
 * (jwtAuth.generated.ts) rather than the docs samples' 45 s: half the maximum leaves the same 30 s
 * for this server's clock to run ahead of Box's as behind it.
 */
export const BOX_ASSERTION_SECONDS = 30;
/** jti: 16 to 128 characters, unique (without-sdk §3); 24 random bytes are 32 base64url characters. */
const JTI_BYTES = 24;

/** Where a Box config file comes from, said in every refusal about it. */
const CONFIG_RULE =
  "Box's JWT app configuration is the JSON file downloaded when Box generates the key pair (Developer Console > the app > Configuration > Add and Manage Public Keys > Generate a Public/Private Keypair): paste the whole file.";
const KEY_RULE =
  "Box checks the assertion with the public key of boxAppSettings.appAuth.publicKeyID (Configuration > Add and Manage Public Keys); sign with its RSA private key, decrypted with boxAppSettings.appAuth.passphrase.";

const SITE = { exchange: "box-access-token", provider: "Box" } as const;

/** Box's token endpoint errors (common-errors guide, 400), most precise first. */
export const BOX_ERRORS: readonly ProviderErrorRule[] = [
  {
    error: "invalid_grant",
    description: /before the expiration date time|'exp' claim|`exp` claim/i,
    code: "ERR_EXCHANGE_CLOCK_SKEW",
    check:
      "Set this server's clock right (NTP): the assertion expires 30 seconds after this server's now, and Box compares it with its own time.",
  },
  {
    error: "invalid_grant",
    description: /'sub' claim|`sub` claim/i,
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "Check the subject: with subject_type enterprise the config's enterpriseID must be the enterprise that authorized the app; with user, user_id must be a user of that enterprise the app may act as (App Users, or Managed Users with App + Enterprise Access).",
  },
  {
    error: "invalid_grant",
    description: /signature|kid/i,
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "The key pair does not match: paste the configuration file downloaded with this key pair; if the keys were rotated in Configuration > Add and Manage Public Keys, download a new file.",
  },
  {
    error: "invalid_grant",
    description: /'iss' claim|`iss` claim/i,
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check: "boxAppSettings.clientID must be the app's Client ID (Configuration > OAuth 2.0 Credentials).",
  },
  {
    error: "invalid_grant",
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "Check that the configuration file belongs to this app and its key pair, and the enterprise or user it acts for.",
  },
  {
    error: "unauthorized_client",
    code: "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    check:
      "A Box admin must authorize the app first (Developer Console > the app > Authorization > Review and Submit, then the Admin Console's Platform Apps Manager), and again after its scopes or access level change.",
  },
  {
    error: "invalid_client",
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check:
      "boxAppSettings.clientID and clientSecret must be the app's current Client ID and Client Secret (Configuration > OAuth 2.0 Credentials); a reset secret needs a new configuration file.",
  },
  {
    error: "invalid_request",
    description: /grant type is unauthorized/i,
    code: "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    check:
      "The app does not use Server Authentication (with JWT): create a JWT app in the Developer Console.",
  },
  {
    error: "invalid_request",
    description: /user token/i,
    code: "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    check:
      "User tokens need the app's 'Generate user access tokens' advanced feature (Configuration > Advanced Features), then a new authorization by the admin.",
  },
];

const INPUTS = defineInputs([
  {
    name: "config_json",
    caption: "Config JSON",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "BOX_CONFIG_JSON",
    doc: "The whole JSON configuration file of the Box app (Developer Console > the app > Configuration > Add and Manage Public Keys > Generate a Public/Private Keypair). Leave empty to use the plugin key BOX_CONFIG_JSON.",
  },
  {
    name: "subject_type",
    caption: "Subject type",
    type: "choice",
    options: ["enterprise", "user"],
    default: "enterprise",
    doc: "enterprise: the app's Service Account (the config's enterpriseID); user: the Box user given in user_id.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    doc: "With subject type user: the Box user ID to act as (digits, e.g. 12345678; Admin Console > Users, or GET /users).",
  },
  {
    name: "algorithm",
    caption: "Algorithm",
    type: "choice",
    options: ["RS256", "RS384", "RS512"],
    default: "RS256",
    doc: "The assertion's signing algorithm: RS256 (the Box SDKs' default), RS384 or RS512.",
  },
]);

export const boxAccessToken = defineExchange({
  id: "box-access-token",
  display: "Box: access token",
  provider: "Box",
  summary:
    "An access token for a Box JWT app (Server Authentication), as its Service Account or a user, from Box's token endpoint.",
  source: import.meta.url,
  example: {
    config_json: exampleKey("box-config"),
  },
  rules: [
    {
      rule: "The configuration file holds boxAppSettings.clientID, clientSecret, appAuth.publicKeyID, appAuth.privateKey (encrypted PKCS#8) and appAuth.passphrase, and enterpriseID.",
      source: WITHOUT_SDK,
    },
    {
      rule: "The private key is decrypted with the passphrase before signing.",
      source: WITHOUT_SDK,
    },
    {
      rule: "The assertion is signed RS256, RS384 or RS512 (RS256 by default, as the SDK) with kid = appAuth.publicKeyID in the header.",
      source: WITHOUT_SDK,
    },
    {
      rule: "iss is the Client ID; sub the enterprise ID with box_sub_type enterprise, or the user ID with box_sub_type user.",
      source: WITHOUT_SDK,
    },
    {
      rule: "aud is always https://api.box.com/oauth2/token.",
      source: WITHOUT_SDK,
    },
    {
      rule: "jti is a unique string of 16 to 128 characters (32 random base64url characters here).",
      source: WITHOUT_SDK,
    },
    {
      rule: "exp is at most 60 s after issue; 30 s are used, as the official SDK does, with iat.",
      source: SDK_JWT_AUTH,
    },
    {
      rule: "The assertion is posted form-encoded with grant_type urn:ietf:params:oauth:grant-type:jwt-bearer, client_id and client_secret.",
      source: WITHOUT_SDK,
    },
    {
      rule: "Box's refusals (invalid_grant for the exp, sub, jti, iss, kid or signature, invalid_client, unauthorized_client for an app no admin authorized) are told apart.",
      source: COMMON_ERRORS,
    },
    {
      rule: "A JWT app must be authorized by a Box admin before its first token.",
      source: JWT_SETUP,
    },
  ],
  inputs: INPUTS,
  outputs: [
    { name: "access_token", type: "text", doc: "The access token." },
    { name: "token_type", type: "text", doc: "bearer." },
    { name: "expires_in", type: "number", doc: "Seconds until the token expires (about an hour)." },
    { name: "expires_at", type: "date", doc: "When the token expires." },
    { name: "authorization_header", type: "text", doc: "Bearer <access_token>: the Authorization header." },
  ],
  endpoints: { "box.token": BOX_AUDIENCE },
  prepare(values, context) {
    const config = readBoxConfig(values.config_json ?? "");
    const subjectType = values.subject_type === "user" ? "user" : "enterprise";
    const userId = values.user_id?.trim();
    let subject: string;
    if (subjectType === "user") {
      if (userId === undefined || userId === "") {
        throw refuseInput(
          "user_id",
          "is required with subject_type user",
          "A user token's sub is the Box user ID, with box_sub_type user.",
          "missing",
        );
      }
      if (!/^\d{1,20}$/.test(userId)) {
        throw refuseInput(
          "user_id",
          `must be a Box user ID (digits only); got ${shown(userId)}`,
          "A user token's sub is the Box user ID (a number such as 12345678, from the Admin Console's Users or GET /users), not a login e-mail.",
        );
      }
      subject = userId;
    } else {
      if (userId !== undefined && userId !== "") {
        throw refuseInput(
          "user_id",
          "is only read with subject_type user",
          "An enterprise token's sub is the config's enterpriseID; choose subject_type user to act as a user.",
          "conflict",
        );
      }
      if (config.enterpriseId === undefined) {
        throw refuseInput(
          "config_json",
          'has no "enterpriseID" (digits): the Service Account token needs it; copy it from a file downloaded with Configuration > App Settings > Download as JSON, or choose subject_type user',
          CONFIG_RULE,
          "missing",
        );
      }
      subject = config.enterpriseId;
    }
    const alg = parseAlgorithm(values.algorithm ?? "RS256", "algorithm");
    const key = importSigningKey(decryptConfigKey(config), {
      input: "config_json",
      alg,
      kid: config.publicKeyId,
      rule: KEY_RULE,
    });
    const url = endpointUrl("box.token", context.endpoints);
    return {
      cacheKey: [
        url.href,
        config.clientId,
        // A reset client secret gets its own token; the secret itself is never kept.
        createHash("sha256").update(config.clientSecret).digest("base64url"),
        config.publicKeyId,
        keyFingerprint(key),
        subjectType,
        subject,
        alg,
      ],
      async request() {
        const now = context.clock();
        const iat = secondsOf(now);
        const claims = {
          iss: config.clientId,
          sub: subject,
          box_sub_type: subjectType,
          aud: BOX_AUDIENCE,
          jti: randomBytes(JTI_BYTES).toString("base64url"),
          iat,
          exp: iat + BOX_ASSERTION_SECONDS,
        };
        const { token: assertion } = signPlan({ key, claims }, now);
        const { body } = await jwtBearerGrant(
          {
            url,
            assertion,
            site: SITE,
            rules: BOX_ERRORS,
            tokenField: "access_token",
            fields: { client_id: config.clientId, client_secret: config.clientSecret },
          },
          context,
        );
        const accessToken = String(body.access_token);
        const expiresIn = body.expires_in;
        const expiresAt =
          typeof expiresIn === "number" && Number.isFinite(expiresIn) && expiresIn > 0
            ? new Date(now + expiresIn * 1000)
            : undefined;
        const tokenType =
          typeof body.token_type === "string"
            ? body.token_type
            : typeof body.issued_token_type === "string"
              ? body.issued_token_type
              : "bearer";
        return {
          outputs: {
            access_token: accessToken,
            token_type: tokenType,
            expires_in: expiresAt === undefined ? null : Math.max(0, secondsOf(expiresAt.getTime() - now)),
            expires_at: expiresAt ?? null,
            authorization_header: bearer(accessToken),
          },
          ...(expiresAt === undefined ? {} : { expiresAt }),
        };
      },
    };
  },
});

/** The members of a Box JWT configuration file that the exchange uses. */
export interface BoxConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly publicKeyId: string;
  readonly privateKey: string;
  readonly passphrase: string;
  /** Digits, when the file names an enterprise. */
  readonly enterpriseId: string | undefined;
}

/** Where each member is found, said when it is missing or wrong. */
const WHERE: Readonly<Record<string, string>> = {
  "boxAppSettings.clientID": "the app's Client ID (Configuration > OAuth 2.0 Credentials)",
  "boxAppSettings.clientSecret": "the app's Client Secret (Configuration > OAuth 2.0 Credentials)",
  "boxAppSettings.appAuth.publicKeyID":
    "the ID of the public key (Configuration > Add and Manage Public Keys)",
  "boxAppSettings.appAuth.privateKey":
    "the private key, written into the file only when Box generates the key pair (Generate a Public/Private Keypair; Box keeps no copy, so App Settings > Download as JSON leaves it empty); for a key pair you added yourself, put your PEM key there",
  "boxAppSettings.appAuth.passphrase":
    "the passphrase of the encrypted private key, written into the same file",
};

/**
 * Reads a Box configuration file as pasted (with its "\n" escapes kept, or turned into line breaks by
 * a form field). Refuses, naming the member's path and where the console shows it, a file that is not
 * one; never quotes the secret members.
 */
export function readBoxConfig(text: string): BoxConfig {
  const parsed = parseObject(text.trim());
  if (parsed === undefined) {
    throw refuseInput(
      "config_json",
      "is not a Box app configuration file (it cannot be read as a JSON object)",
      CONFIG_RULE,
    );
  }
  const settings = parsed.boxAppSettings;
  if (!isObject(settings)) {
    throw refuseInput(
      "config_json",
      'has no "boxAppSettings" object: paste the whole configuration file, not only its private key',
      CONFIG_RULE,
      "missing",
    );
  }
  const appAuth = settings.appAuth;
  if (!isObject(appAuth)) {
    throw refuseInput(
      "config_json",
      'has no "boxAppSettings.appAuth" object: the file is not one of a Server Authentication (with JWT) app',
      CONFIG_RULE,
      "missing",
    );
  }
  const member = (path: string, value: unknown): string => {
    if (typeof value !== "string" || value.trim() === "") {
      const what = value === undefined || value === "" ? "is missing or empty" : "is not text";
      throw refuseInput("config_json", `"${path}" ${what}: it is ${WHERE[path]}`, CONFIG_RULE, "missing");
    }
    return value.trim();
  };
  const clientId = member("boxAppSettings.clientID", settings.clientID);
  const clientSecret = member("boxAppSettings.clientSecret", settings.clientSecret);
  const publicKeyId = member("boxAppSettings.appAuth.publicKeyID", appAuth.publicKeyID);
  const privateKey = member("boxAppSettings.appAuth.privateKey", appAuth.privateKey);
  const rawPassphrase = appAuth.passphrase;
  if (rawPassphrase !== undefined && rawPassphrase !== null && typeof rawPassphrase !== "string") {
    throw refuseInput(
      "config_json",
      `"boxAppSettings.appAuth.passphrase" is not text: it is ${WHERE["boxAppSettings.appAuth.passphrase"]}`,
      CONFIG_RULE,
    );
  }
  if (!/^[\x21-\x7e]+$/.test(clientId)) {
    throw refuseInput(
      "config_json",
      `"boxAppSettings.clientID" must be the app's Client ID (no spaces); got ${clientId.length} characters`,
      CONFIG_RULE,
    );
  }
  return {
    clientId,
    clientSecret,
    publicKeyId,
    privateKey,
    passphrase: typeof rawPassphrase === "string" ? rawPassphrase : "",
    enterpriseId: readEnterpriseId(parsed.enterpriseID),
  };
}

/** enterpriseID: digits, as text (the file's form) or a number; "" or absent is none. */
function readEnterpriseId(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !/^\d{1,20}$/.test(text.trim())) {
    throw refuseInput(
      "config_json",
      `"enterpriseID" must be the enterprise's ID (digits); got ${typeof text === "string" ? shown(text) : typeof text}`,
      CONFIG_RULE,
    );
  }
  return text.trim();
}

/**
 * The private key, decrypted with the passphrase by node:crypto (Box generates an encrypted PKCS#8
 * key; a key pair added by hand may be any RSA PEM, encrypted or not).
 */
function decryptConfigKey(config: BoxConfig): KeyObject {
  const pem = normalisePem(config.privateKey);
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
  if (!pem.includes("-----BEGIN")) {
    throw refuseKey(
      "config_json",
      '"boxAppSettings.appAuth.privateKey" is not a PEM private key (no BEGIN line)',
      KEY_RULE,
    );
  }
  if (encrypted && config.passphrase === "") {
    throw refuseInput(
      "config_json",
      `"boxAppSettings.appAuth.passphrase" is missing or empty, and the private key is encrypted: it is ${WHERE["boxAppSettings.appAuth.passphrase"]}`,
      KEY_RULE,
      "missing",
    );
  }
  try {
    return createPrivateKey({ key: pem, format: "pem", passphrase: config.passphrase });
  } catch {
    // node:crypto's reasons (bad decrypt, unsupported) say nothing a person can act on, and never the key.
    throw refuseKey(
      "config_json",
      encrypted
        ? '"boxAppSettings.appAuth.passphrase" does not decrypt "boxAppSettings.appAuth.privateKey" (a wrong passphrase, or members from two different files)'
        : '"boxAppSettings.appAuth.privateKey" cannot be read as a PEM private key (damaged when pasted?)',
      KEY_RULE,
    );
  }
}

/**
 * A PEM block as pasted, made readable again: "\\n" escapes left as text, or line breaks turned into
 * spaces by a form field, become line breaks; a base64 body is wrapped at 64 characters.
 */
function normalisePem(text: string): string {
  const unescaped = text.replace(/\\n/g, "\n").replace(/\r/g, "");
  const block = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(unescaped);
  if (block === null) return unescaped;
  const [, label = "", body = ""] = block;
  // A traditional encrypted key carries Proc-Type and DEK-Info headers: only its line breaks are restored.
  if (body.includes(":")) return `-----BEGIN ${label}-----${body}-----END ${label}-----\n`;
  const base64 = body.replace(/\s+/g, "");
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)?.join("\n") ?? ""}\n-----END ${label}-----\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  for (const candidate of [text, text.replace(/\r?\n/g, " ")]) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (isObject(parsed)) return parsed;
    } catch {
      // try the next form
    }
  }
  return undefined;
}
