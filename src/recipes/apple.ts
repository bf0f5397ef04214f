import { defineInputs, exampleKey } from "../inputs/index.js";
import { checkId, type IdRule, lifetimeSeconds } from "./lib/checks.js";
import { importSigningKey } from "./lib/keys.js";
import { refuseInput, shown } from "./lib/refuse.js";
import { bearerResult, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** Apple's limit for client secrets and MusicKit developer tokens: 15777000 s, about 6 months. */
export const APPLE_MAX_LIFETIME_SECONDS = 15_777_000;
export const SIGN_IN_WITH_APPLE_AUDIENCE = "https://appleid.apple.com";
export const APP_STORE_CONNECT_AUDIENCE = "appstoreconnect-v1";
const APP_STORE_CONNECT_MAX_SECONDS = 20 * 60;

const TEAM_ID: IdRule = {
  pattern: /^[A-Z0-9]{10}$/,
  problem: "must be your 10-character Apple Team ID (capital letters and digits)",
  rule: "Apple's Team ID is 10 characters; find it under Membership details at developer.apple.com/account.",
};

const KEY_ID: IdRule = {
  pattern: /^[A-Z0-9]{10}$/,
  problem: "must be the 10-character Key ID of the .p8 key (capital letters and digits)",
  rule: "Apple shows the 10-character Key ID next to the key, and in the .p8 file name (AuthKey_<KEY_ID>.p8).",
};

const ISSUER_ID: IdRule = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  problem: "must be the Issuer ID, a UUID such as 57246542-96fe-1a63-e053-0824d011072a",
  rule: "App Store Connect shows the Issuer ID above the team keys (Users and Access > Integrations); leave it empty for an individual key.",
};

const P8_RULE =
  "Apple signs these tokens with ES256 only: paste the .p8 file Apple let you download once (an EC P-256 " +
  "private key, -----BEGIN PRIVATE KEY-----), with or without its line breaks.";

function privateKeyInput(fallbackKey: string, where: string) {
  return {
    name: "private_key",
    caption: "Private key (.p8)",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey,
    doc: `The .p8 key file's text (${where}), line breaks optional. Leave empty to use the plugin key ${fallbackKey}.`,
  } as const;
}

const teamIdInput = {
  name: "team_id",
  caption: "Team ID",
  type: "text",
  required: true,
  doc: "Your 10-character Apple Team ID (developer.apple.com/account, Membership details).",
} as const;

const keyIdInput = {
  name: "key_id",
  caption: "Key ID",
  type: "text",
  required: true,
  doc: "The 10-character Key ID of the .p8 key (shown with the key; also in its file name AuthKey_<KEY_ID>.p8).",
} as const;

function appleKey(text: string, kid: string) {
  return importSigningKey(text, { input: "private_key", alg: "ES256", kid, rule: P8_RULE });
}

const CLIENT_SECRET_INPUTS = defineInputs([
  teamIdInput,
  {
    name: "client_id",
    caption: "Client ID",
    type: "text",
    required: true,
    doc: "The Services ID (sign-in on the web) or the app's bundle ID (native sign-in): the client_id you send with the secret.",
  },
  keyIdInput,
  privateKeyInput(
    "APPLE_PRIVATE_KEY",
    "a key with Sign in with Apple enabled, Certificates, Identifiers & Profiles > Keys",
  ),
  {
    name: "lifetime_days",
    caption: "Lifetime (days)",
    type: "number",
    default: 180,
    doc: "Days until the secret expires. Default 180; Apple refuses more than 15777000 seconds (about 182.6 days).",
  },
]);

export const appleClientSecret = defineRecipe({
  id: "apple-client-secret",
  display: "Apple: Sign in with Apple client secret",
  provider: "Apple",
  summary:
    "The client_secret for Apple's token endpoint (code exchange, refresh, revoke), signed ES256 with your .p8 key.",
  source: import.meta.url,
  example: {
    team_id: "ABCDE12345",
    key_id: "KEY1234567",
    client_id: "com.example.web",
    private_key: exampleKey("ec-p256-pkcs8"),
    lifetime_days: 30,
  },
  rules: [
    {
      rule: "Signed ES256 with the .p8 EC P-256 key, named by its 10-character Key ID in the kid header.",
      source: "https://developer.apple.com/documentation/sign_in_with_apple/generate_and_validate_tokens",
    },
    {
      rule: "iss is the 10-character Team ID.",
      source: "https://developer.apple.com/documentation/sign_in_with_apple/generate_and_validate_tokens",
    },
    {
      rule: "aud is https://appleid.apple.com and sub is the client_id: the Services ID on the web or the app's bundle ID.",
      source: "https://developer.apple.com/documentation/sign_in_with_apple/generate_and_validate_tokens",
    },
    {
      rule: "exp is at most 15777000 s (about 6 months) after iat.",
      source: "https://developer.apple.com/documentation/sign_in_with_apple/generate_and_validate_tokens",
    },
  ],
  inputs: CLIENT_SECRET_INPUTS,
  outputs: [],
  make(values, { clock }) {
    const teamId = checkId("team_id", values.team_id ?? "", TEAM_ID);
    const keyId = checkId("key_id", values.key_id ?? "", KEY_ID);
    const clientId = (values.client_id ?? "").trim();
    const lifetime = lifetimeSeconds(values.lifetime_days ?? 180, {
      input: "lifetime_days",
      unit: "days",
      maxSeconds: APPLE_MAX_LIFETIME_SECONDS,
      rule: "Apple refuses a client secret whose exp is more than 15777000 seconds (about 6 months) after iat.",
    });
    const key = appleKey(values.private_key ?? "", keyId);
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: { iss: teamId, iat, exp: iat + lifetime, aud: SIGN_IN_WITH_APPLE_AUDIENCE, sub: clientId },
      },
      now,
    );
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings: signed.warnings };
  },
});

const APP_STORE_CONNECT_INPUTS = defineInputs([
  {
    name: "issuer_id",
    caption: "Issuer ID",
    type: "text",
    doc: "The Issuer ID (a UUID) shown above your team keys in App Store Connect, Users and Access > Integrations. Leave empty for an individual key.",
  },
  keyIdInput,
  privateKeyInput(
    "APP_STORE_CONNECT_PRIVATE_KEY",
    "an App Store Connect API key, Users and Access > Integrations",
  ),
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    max: 20,
    default: 20,
    doc: "Minutes until the token expires. Default and maximum 20: Apple refuses a token that expires more than 20 minutes ahead.",
  },
  {
    name: "scope",
    caption: "Scope",
    type: "list",
    doc: 'Optional: limit the token to GET requests, e.g. "GET /v1/apps?filter[platform]=IOS" (several separated by commas).',
  },
]);

export const appStoreConnect = defineRecipe({
  id: "app-store-connect",
  display: "Apple: App Store Connect API token",
  provider: "Apple",
  summary: "A bearer token for the App Store Connect API (team or individual key), at most 20 minutes long.",
  source: import.meta.url,
  example: {
    issuer_id: "57246542-96fe-1a63-e053-0824d011072a",
    key_id: "2X9R4HXF34",
    private_key: exampleKey("ec-p256-pkcs8"),
  },
  rules: [
    {
      rule: "Signed ES256 with the App Store Connect API key, named by its 10-character Key ID in the kid header.",
      source:
        "https://developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests",
    },
    {
      rule: "A team key's token has iss set to the Issuer ID (a UUID); an individual key's token has sub set to user and no iss.",
      source:
        "https://developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests",
    },
    {
      rule: "aud is appstoreconnect-v1.",
      source:
        "https://developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests",
    },
    {
      rule: "exp is at most 20 minutes after iat.",
      source:
        "https://developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests",
    },
    {
      rule: "A scope lists GET requests only, each the method, a space and the path with its query.",
      source:
        "https://developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests",
    },
  ],
  inputs: APP_STORE_CONNECT_INPUTS,
  outputs: [{ name: "authorization_header", type: "text", doc: "Bearer <token>: the Authorization header." }],
  make(values, { clock }) {
    const issuer =
      values.issuer_id === undefined ? undefined : checkId("issuer_id", values.issuer_id, ISSUER_ID);
    const keyId = checkId("key_id", values.key_id ?? "", KEY_ID);
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 20, {
      input: "lifetime_minutes",
      unit: "minutes",
      maxSeconds: APP_STORE_CONNECT_MAX_SECONDS,
      rule: "App Store Connect refuses (401) a token whose exp is more than 20 minutes in the future.",
    });
    const scope = values.scope ?? [];
    for (const item of scope) {
      if (!/^GET \/\S+$/.test(item)) {
        throw refuseInput(
          "scope",
          `must list "GET /path?query" entries; got ${shown(item, 40)}`,
          "App Store Connect scopes allow GET requests only, written as the method, a space and the path (with its query).",
        );
      }
    }
    const key = appleKey(values.private_key ?? "", keyId);
    const now = clock();
    const iat = secondsOf(now);
    const who = issuer === undefined ? { sub: "user" } : { iss: issuer };
    const signed = signPlan(
      {
        key,
        claims: {
          ...who,
          iat,
          exp: iat + lifetime,
          aud: APP_STORE_CONNECT_AUDIENCE,
          ...(scope.length > 0 ? { scope } : {}),
        },
      },
      now,
    );
    return bearerResult(signed);
  },
});

const MUSICKIT_INPUTS = defineInputs([
  teamIdInput,
  keyIdInput,
  privateKeyInput(
    "APPLE_PRIVATE_KEY",
    "a key with MusicKit enabled, Certificates, Identifiers & Profiles > Keys",
  ),
  {
    name: "lifetime_days",
    caption: "Lifetime (days)",
    type: "number",
    default: 180,
    doc: "Days until the developer token expires. Default 180; Apple refuses more than 15777000 seconds (about 182.6 days).",
  },
  {
    name: "origins",
    caption: "Origins",
    type: "list",
    doc: "Optional: the web origins allowed to use the token in a browser, e.g. https://example.com (several separated by commas).",
  },
]);

export const appleMusicKit = defineRecipe({
  id: "apple-musickit",
  display: "Apple: MusicKit developer token",
  provider: "Apple",
  summary: "The developer token for the Apple Music API and MusicKit JS, signed ES256, up to 6 months long.",
  source: import.meta.url,
  example: {
    team_id: "ABCDE12345",
    key_id: "KEY1234567",
    private_key: exampleKey("ec-p256-pkcs8"),
    origins: "https://example.com",
  },
  rules: [
    {
      rule: "Signed ES256 with the MusicKit .p8 key, named by its 10-character Key ID in the kid header.",
      source: "https://developer.apple.com/documentation/applemusicapi/generating-developer-tokens",
    },
    {
      rule: "iss is the 10-character Team ID.",
      source: "https://developer.apple.com/documentation/applemusicapi/generating-developer-tokens",
    },
    {
      rule: "exp is at most 15777000 s (about 6 months) after iat.",
      source: "https://developer.apple.com/documentation/applemusicapi/generating-developer-tokens",
    },
    {
      rule: "The optional origin claim lists the web origins allowed to use the token, each a scheme and host without a path.",
      source: "https://developer.apple.com/documentation/applemusicapi/generating-developer-tokens",
    },
  ],
  inputs: MUSICKIT_INPUTS,
  outputs: [{ name: "authorization_header", type: "text", doc: "Bearer <token>: the Authorization header." }],
  make(values, { clock }) {
    const teamId = checkId("team_id", values.team_id ?? "", TEAM_ID);
    const keyId = checkId("key_id", values.key_id ?? "", KEY_ID);
    const lifetime = lifetimeSeconds(values.lifetime_days ?? 180, {
      input: "lifetime_days",
      unit: "days",
      maxSeconds: APPLE_MAX_LIFETIME_SECONDS,
      rule: "Apple refuses a developer token whose exp is more than 15777000 seconds (about 6 months) after iat.",
    });
    const origins = (values.origins ?? []).map(readOrigin);
    const key = appleKey(values.private_key ?? "", keyId);
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: { iss: teamId, iat, exp: iat + lifetime, ...(origins.length > 0 ? { origin: origins } : {}) },
      },
      now,
    );
    return bearerResult(signed);
  },
});

function readOrigin(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || !/^https?:$/.test(url.protocol) || (url.pathname !== "/" && url.pathname !== "")) {
    throw refuseInput(
      "origins",
      `must list web origins such as https://example.com; got ${shown(text, 40)}`,
      "Apple matches the origin claim against the page's origin: scheme and host (and port), no path.",
    );
  }
  return url.origin;
}

const WEATHERKIT_INPUTS = defineInputs([
  teamIdInput,
  {
    name: "service_id",
    caption: "Service ID",
    type: "text",
    required: true,
    doc: "The Services ID registered for WeatherKit, e.g. com.example.weatherkit-client (Certificates, Identifiers & Profiles > Identifiers).",
  },
  keyIdInput,
  privateKeyInput(
    "APPLE_PRIVATE_KEY",
    "a key with WeatherKit enabled, Certificates, Identifiers & Profiles > Keys",
  ),
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires. Default 60; Apple states no maximum, so keep it short (an hour or less).",
  },
]);

export const appleWeatherKit = defineRecipe({
  id: "apple-weatherkit",
  display: "Apple: WeatherKit token",
  provider: "Apple",
  summary:
    "A bearer token for the WeatherKit REST API, signed ES256 with the Team ID and Services ID in its header.",
  source: import.meta.url,
  example: {
    team_id: "ABCDE12345",
    key_id: "KEY1234567",
    service_id: "com.example.weatherkit-client",
    private_key: exampleKey("ec-p256-pkcs8"),
  },
  rules: [
    {
      rule: "Signed ES256 with the WeatherKit .p8 key, named by its 10-character Key ID in the kid header.",
      source:
        "https://developer.apple.com/documentation/weatherkitrestapi/request-authentication-for-weatherkit-rest-api",
    },
    {
      rule: "The header's id member is the Team ID and the Services ID joined by a dot.",
      source:
        "https://developer.apple.com/documentation/weatherkitrestapi/request-authentication-for-weatherkit-rest-api",
    },
    {
      rule: "iss is the Team ID and sub the Services ID, and the token holds only the listed claims: iss, iat, exp and sub.",
      source:
        "https://developer.apple.com/documentation/weatherkitrestapi/request-authentication-for-weatherkit-rest-api",
    },
  ],
  inputs: WEATHERKIT_INPUTS,
  outputs: [{ name: "authorization_header", type: "text", doc: "Bearer <token>: the Authorization header." }],
  make(values, { clock }) {
    const teamId = checkId("team_id", values.team_id ?? "", TEAM_ID);
    const serviceId = checkId("service_id", values.service_id ?? "", {
      pattern: /^[A-Za-z0-9][A-Za-z0-9.-]*$/,
      problem: "must be a Services ID in reverse-domain form, such as com.example.weatherkit-client",
      rule: "WeatherKit needs the identifier of a Services ID you registered (letters, digits, dots and hyphens).",
    });
    const keyId = checkId("key_id", values.key_id ?? "", KEY_ID);
    const minutes = values.lifetime_minutes ?? 60;
    const lifetime = lifetimeSeconds(minutes, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "Apple states no maximum for WeatherKit tokens; keep them short.",
    });
    const warnings: string[] = [];
    if (lifetime > 3600) {
      warnings.push(
        `The token lives ${minutes} minutes: Apple states no maximum for WeatherKit, an hour or less is safer.`,
      );
    }
    const key = appleKey(values.private_key ?? "", keyId);
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        header: { id: `${teamId}.${serviceId}` },
        claims: { iss: teamId, iat, exp: iat + lifetime, sub: serviceId },
      },
      now,
    );
    return bearerResult(signed, warnings);
  },
});
