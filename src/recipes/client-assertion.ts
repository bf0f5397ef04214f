import { createHash, createHmac, randomUUID, X509Certificate } from "node:crypto";
import { defineInputs, exampleKey } from "../inputs/index.js";
import { type Algorithm, algorithmInfo, type JwtKey, parseAlgorithm } from "../jwt/index.js";
import { plainHttpsUrl } from "./lib/https-url.js";
import { importProviderSecret, importSigningKey, importSigningKeyFor } from "./lib/keys.js";
import { refuseInput, refuseKey, shown } from "./lib/refuse.js";
import { type SignedToken, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** RFC 7523 section 2.2: the client_assertion_type sent with every JWT client assertion. */
export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export const CLIENT_ASSERTION_PRESETS = ["generic", "okta", "auth0", "entra"] as const;
export type ClientAssertionPreset = (typeof CLIENT_ASSERTION_PRESETS)[number];

const RFC7523 = "https://www.rfc-editor.org/rfc/rfc7523";
const OIDC_CORE = "https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication";
const OKTA = "https://developer.okta.com/docs/guides/build-self-signed-jwt/";
const AUTH0 =
  "https://auth0.com/docs/get-started/authentication-and-authorization-flow/authenticate-with-private-key-jwt";
const AUTH0_CONFIGURE = "https://auth0.com/docs/get-started/applications/configure-private-key-jwt";
const ENTRA = "https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials";
const MSAL = "lib/msal-node/src/client/ClientAssertion.ts (AzureAD/microsoft-authentication-library-for-js)";

/** Each preset's rules: the algorithms it takes, its lifetime default and cap, and where they come from. */
interface PresetRules {
  readonly name: string;
  /** Algorithms for a private key, in order of preference (the key's type picks the first it fits). */
  readonly keyAlgs: readonly Algorithm[];
  /** Algorithms for a client secret (client_secret_jwt); empty when the provider does not offer it. */
  readonly secretAlgs: readonly Algorithm[];
  readonly defaultLifetime: number;
  /** Refused above this; undefined when the provider states no maximum. */
  readonly maxLifetime?: number;
  /** A warning above this (Microsoft's advice), not a refusal. */
  readonly adviseLifetime?: number;
  readonly source: string;
}

const HS: readonly Algorithm[] = ["HS256", "HS384", "HS512"];

const PRESETS: Readonly<Record<ClientAssertionPreset, PresetRules>> = {
  // RFC 7523 and OIDC Core section 9 name no algorithm list: any the key serves.
  generic: {
    name: "the authorization server",
    keyAlgs: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"],
    secretAlgs: HS,
    defaultLifetime: 300,
    source: OIDC_CORE,
  },
  okta: {
    name: "Okta",
    keyAlgs: ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"],
    secretAlgs: HS,
    defaultLifetime: 300,
    maxLifetime: 3600,
    source: OKTA,
  },
  auth0: {
    name: "Auth0",
    keyAlgs: ["RS256", "RS384", "PS256"],
    secretAlgs: [],
    defaultLifetime: 60,
    maxLifetime: 300,
    source: AUTH0,
  },
  entra: {
    name: "Microsoft Entra ID",
    keyAlgs: ["PS256"],
    secretAlgs: [],
    defaultLifetime: 600,
    adviseLifetime: 600,
    source: ENTRA,
  },
};

/** The settings of a client assertion, as read from inputs (the recipe's or an exchange's). */
export interface ClientAssertionSettings {
  readonly preset: ClientAssertionPreset;
  readonly clientId: string;
  readonly privateKey?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly certificate?: string | undefined;
  readonly algorithm?: string | undefined;
  readonly keyId?: string | undefined;
  readonly expiresInSeconds?: number | undefined;
  readonly entraLegacyThumbprint?: boolean | undefined;
}

/** A checked client assertion, ready to be signed for an audience at any instant. */
export interface ClientAssertionPlan {
  readonly preset: ClientAssertionPreset;
  readonly clientId: string;
  readonly method: "private_key_jwt" | "client_secret_jwt";
  readonly key: JwtKey;
  /** Header members besides alg, typ and kid (x5t#S256 or x5t). */
  readonly header: Readonly<Record<string, string>>;
  readonly lifetimeSeconds: number;
  /** Entra's assertion carries nbf = iat, as MSAL sends it. */
  readonly notBefore: boolean;
  /**
   * Names the credential without holding it: SHA-256 of the public key for a key pair, an HMAC of a
   * fixed label keyed by the secret for a shared secret. For cache keys.
   */
  readonly credentialId: string;
  readonly warnings: readonly string[];
}

const KEY_RULE: Readonly<Record<ClientAssertionPreset, string>> = {
  generic:
    "private_key_jwt signs with the private key whose public key (or JWKS) is registered with the client (OpenID Connect Core section 9): an RSA, EC or Ed25519 private key as PEM or JWK.",
  okta: "Okta checks the assertion with the public key registered for the app (Applications > the app > General > Client Credentials > Public key / Private key): RS256/384/512 or ES256/384/512, PEM or JWK.",
  auth0:
    "Auth0 checks the assertion with the credential registered for the application (Applications > the app > Credentials): an RSA key (2048-4096 bits) for RS256, RS384 or PS256; Auth0 takes no EC key.",
  entra:
    "Entra ID checks the assertion with the certificate uploaded to the app registration (Certificates & secrets > Certificates): sign with that certificate's RSA private key.",
};

const SECRET_RULE =
  "client_secret_jwt signs HS256, HS384 or HS512 with the client secret's characters as the key (OpenID Connect Core section 9, Okta's JWT with a shared key).";

/**
 * Checks a client assertion's settings by the preset's rules and imports its key: every refusal
 * (ERR_INPUT_RULE or a key error naming the input) happens here, before anything is signed or sent.
 */
export function planClientAssertion(settings: ClientAssertionSettings): ClientAssertionPlan {
  const rules = PRESETS[settings.preset];
  const clientId = settings.clientId.trim();
  if (clientId === "" || /\s/.test(clientId)) {
    throw refuseInput(
      "client_id",
      "must be the application's client ID, without spaces",
      "iss and sub of a client assertion are both the client_id (RFC 7523 section 3).",
    );
  }
  const privateKey = nonEmpty(settings.privateKey);
  const secret = nonEmpty(settings.clientSecret);
  const certificate = nonEmpty(settings.certificate);
  const keyId = nonEmpty(settings.keyId)?.trim();
  const requested =
    nonEmpty(settings.algorithm) === undefined ? undefined : parseAlgorithm(settings.algorithm, "algorithm");
  const warnings: string[] = [];

  if (privateKey !== undefined && secret !== undefined) {
    throw refuseInput(
      "client_secret",
      "cannot be given with private_key: an assertion is signed with one credential",
      "private_key_jwt signs with a private key, client_secret_jwt with the client secret; give the one the client is registered for (OpenID Connect Core section 9).",
      "conflict",
    );
  }
  if (secret !== undefined && rules.secretAlgs.length === 0) {
    throw refuseInput(
      "client_secret",
      `cannot sign a client assertion for ${rules.name}: it offers no client_secret_jwt`,
      settings.preset === "auth0"
        ? `Auth0's application authentication methods are Private Key JWT, Client Secret (Basic) and Client Secret (Post); a client assertion is signed with a private key (${AUTH0_CONFIGURE}).`
        : `Entra ID takes a client assertion signed with a certificate's private key; a client secret is sent as client_secret itself (${ENTRA}).`,
      "unsupported",
    );
  }
  if (privateKey === undefined && secret === undefined) {
    throw refuseInput(
      "private_key",
      "is required (or client_secret, for client_secret_jwt where the provider offers it)",
      KEY_RULE[settings.preset],
      "missing",
    );
  }

  const lifetimeSeconds = readLifetime(settings.preset, settings.expiresInSeconds, warnings);

  if (secret !== undefined) {
    const alg = requested ?? "HS256";
    if (!rules.secretAlgs.includes(alg)) {
      throw refuseInput(
        "algorithm",
        `must be ${rules.secretAlgs.join(", ")} with a client secret; got ${alg}`,
        SECRET_RULE,
        "unsupported",
      );
    }
    if (certificate !== undefined) {
      throw refuseInput(
        "certificate",
        "goes with a private key, not with a client secret",
        SECRET_RULE,
        "conflict",
      );
    }
    const key = importProviderSecret(secret, {
      input: "client_secret",
      alg,
      ...(keyId === undefined ? {} : { kid: keyId }),
      encoding: "text",
      rule: SECRET_RULE,
    });
    const credentialId = secretId(secret);
    return {
      preset: settings.preset,
      clientId,
      method: "client_secret_jwt",
      key,
      header: {},
      lifetimeSeconds,
      notBefore: false,
      credentialId,
      warnings,
    };
  }

  const keyAlgs = keyAlgorithms(settings.preset, settings.entraLegacyThumbprint === true);
  if (requested !== undefined && !keyAlgs.includes(requested)) {
    throw refuseInput(
      "algorithm",
      `must be ${either(keyAlgs)} for ${rules.name} with a private key; got ${requested}`,
      algorithmRule(settings.preset),
      "unsupported",
    );
  }
  const keyText = privateKey ?? "";
  const key =
    requested === undefined
      ? importSigningKeyFor(keyText, {
          input: "private_key",
          algs: keyAlgs,
          ...(keyId === undefined ? {} : { kid: keyId }),
          rule: KEY_RULE[settings.preset],
        })
      : importSigningKey(keyText, {
          input: "private_key",
          alg: requested,
          ...(keyId === undefined ? {} : { kid: keyId }),
          rule: KEY_RULE[settings.preset],
        });
  if (settings.preset === "auth0" && algorithmInfo(key.alg).keyType === "RSA") {
    const bits = key.keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits > 4096) {
      throw refuseKey(
        "private_key",
        `is a ${bits}-bit RSA key; Auth0 takes 2048 to 4096 bits`,
        KEY_RULE.auth0,
      );
    }
  }

  const header: Record<string, string> = {};
  if (certificate !== undefined) {
    const cert = readCertificate(certificate, key);
    if (settings.preset === "entra" && settings.entraLegacyThumbprint === true) {
      header.x5t = createHash("sha1").update(cert.raw).digest("base64url");
    } else {
      header["x5t#S256"] = createHash("sha256").update(cert.raw).digest("base64url");
    }
  } else if (settings.preset === "entra") {
    throw refuseInput(
      "certificate",
      "is required for Entra ID: the assertion names the certificate by its thumbprint",
      `Entra ID finds the app's certificate by the header's x5t#S256, the base64url SHA-256 of the certificate's DER (${ENTRA}).`,
      "missing",
    );
  }
  return {
    preset: settings.preset,
    clientId,
    method: "private_key_jwt",
    key,
    header,
    lifetimeSeconds,
    notBefore: settings.preset === "entra",
    credentialId: spkiHash(key),
    warnings,
  };
}

/**
 * The assertion's aud, checked by the preset's rule: Okta's and Entra's token endpoint URL, Auth0's
 * tenant URL with its trailing slash. `input` is the input named in a refusal.
 */
export function readAssertionAudience(preset: ClientAssertionPreset, text: string, input: string): string {
  const value = text.trim();
  if (value === "") {
    throw refuseInput(
      input,
      "is required",
      "aud identifies the authorization server (RFC 7523 section 3).",
      "missing",
    );
  }
  if (preset === "generic") return value;
  const rule = AUDIENCE_RULE[preset];
  const url = plainHttpsUrl(value);
  if (url === undefined) {
    throw refuseInput(
      input,
      `must be an https URL without credentials or query; got ${shown(value, 40)}`,
      rule,
    );
  }
  if (preset === "auth0") {
    if (url.pathname !== "/") {
      throw refuseInput(
        input,
        `must be the tenant URL (https://{tenant}.auth0.com/ or the custom domain), not a path on it; got ${shown(value, 60)}`,
        rule,
      );
    }
    if (!value.endsWith("/")) {
      throw refuseInput(
        input,
        `must end with "/" (${value}/): Auth0 compares aud with its trailing slash`,
        rule,
      );
    }
    return value;
  }
  if (preset === "entra" && !/^\/[^/]+\/oauth2\/(v2\.0\/)?token$/.test(url.pathname)) {
    throw refuseInput(
      input,
      `must be the tenant's token endpoint, https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token; got ${shown(value, 60)}`,
      rule,
    );
  }
  if (preset === "okta" && !/\/v1\/[a-z][a-z/]*$/.test(url.pathname)) {
    throw refuseInput(
      input,
      `must be the full URL of the endpoint called, such as https://{yourOktaDomain}/oauth2/default/v1/token; got ${shown(value, 60)}`,
      rule,
    );
  }
  return value;
}

const AUDIENCE_RULE: Readonly<Record<Exclude<ClientAssertionPreset, "generic">, string>> = {
  okta: `Okta's aud is the full URL of the endpoint the assertion is sent to, e.g. https://{yourOktaDomain}/oauth2/default/v1/token (${OKTA}).`,
  auth0: `Auth0's aud is the tenant's URL or custom domain with its trailing slash, e.g. https://{yourTenant}.auth0.com/ (${AUTH0}).`,
  entra: `Entra ID's aud is https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token (${ENTRA}).`,
};

export interface AssertionClaimsInput {
  /** The assertion's aud, checked with readAssertionAudience. */
  readonly audience: string;
}

/** Signs a planned assertion at `nowMs`: iss = sub = client_id, aud, iat, exp, a fresh UUID jti (and Entra's nbf). */
export function signClientAssertion(
  plan: ClientAssertionPlan,
  claims: AssertionClaimsInput,
  nowMs: number,
): SignedToken {
  const iat = secondsOf(nowMs);
  return signPlan(
    {
      key: plan.key,
      header: plan.header,
      claims: {
        iss: plan.clientId,
        sub: plan.clientId,
        aud: claims.audience,
        jti: randomUUID(),
        iat,
        ...(plan.notBefore ? { nbf: iat } : {}),
        exp: iat + plan.lifetimeSeconds,
      },
    },
    nowMs,
  );
}

function keyAlgorithms(preset: ClientAssertionPreset, legacy: boolean): readonly Algorithm[] {
  if (preset === "entra" && legacy) return ["RS256"];
  return PRESETS[preset].keyAlgs;
}

function algorithmRule(preset: ClientAssertionPreset): string {
  switch (preset) {
    case "okta":
      return `Okta takes RS256, RS384, RS512, ES256, ES384 or ES512 for private_key_jwt (${OKTA}).`;
    case "auth0":
      return `Auth0 credentials are RS256, RS384 or PS256, and alg must match the credential's (${AUTH0_CONFIGURE}).`;
    case "entra":
      return `Entra ID's assertion should be PS256 with x5t#S256 (${ENTRA}); RS256 with the SHA-1 x5t only with entra_legacy_thumbprint (${MSAL}).`;
    default:
      return "private_key_jwt is signed with an asymmetric algorithm the private key serves (OpenID Connect Core section 9).";
  }
}

function readLifetime(preset: ClientAssertionPreset, given: number | undefined, warnings: string[]): number {
  const rules = PRESETS[preset];
  const seconds = given === undefined ? rules.defaultLifetime : Math.round(given);
  const rule =
    preset === "okta"
      ? `Okta refuses a client assertion whose exp is more than one hour ahead (${OKTA}).`
      : preset === "auth0"
        ? `Auth0 supports client assertions of at most 5 minutes, and advises 1 minute or less (${AUTH0}).`
        : "exp must be after now; the assertion is used once (RFC 7523 section 3).";
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw refuseInput(
      "expires_in_seconds",
      `must be a positive number of seconds; got ${given}`,
      rule,
      "out-of-range",
    );
  }
  if (rules.maxLifetime !== undefined && seconds > rules.maxLifetime) {
    throw refuseInput(
      "expires_in_seconds",
      `is too long for ${rules.name}: ${seconds} s is above the maximum of ${rules.maxLifetime} s`,
      rule,
      "out-of-range",
    );
  }
  if (rules.adviseLifetime !== undefined && seconds > rules.adviseLifetime) {
    warnings.push(
      `Microsoft advises client assertions of 5 to 10 minutes; this one lives ${seconds} s (expires_in_seconds).`,
    );
  }
  return seconds;
}

/** Reads the certificate (PEM, or its base64 body) and refuses one whose public key is not the private key's. */
function readCertificate(text: string, key: JwtKey): X509Certificate {
  const rule =
    "certificate is the X.509 certificate uploaded to the app registration, whose private key is private_key; the header names it by its SHA-256 thumbprint.";
  const compact = text.replace(/\s+/g, "");
  const pem = text.includes("-----BEGIN")
    ? text
    : `-----BEGIN CERTIFICATE-----\n${compact.match(/.{1,64}/g)?.join("\n") ?? ""}\n-----END CERTIFICATE-----\n`;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw refuseInput(
      "certificate",
      "is not an X.509 certificate (PEM from -----BEGIN CERTIFICATE-----)",
      rule,
    );
  }
  const certKey = cert.publicKey.export({ type: "spki", format: "der" });
  const ownKey = key.verifyKey.export({ type: "spki", format: "der" });
  if (!certKey.equals(ownKey)) {
    throw refuseInput(
      "certificate",
      "does not hold private_key's public key: it is another key's certificate",
      `${rule} Upload (or pick) the certificate made from this private key.`,
      "mismatch",
    );
  }
  return cert;
}

/**
 * Names a client secret without holding it (for cache keys): an HMAC of a fixed label keyed by the
 * secret, so that neither the secret nor a plain hash of it is kept.
 */
export function secretId(secret: string): string {
  return createHmac("sha256", secret.trim()).update("bubble-jwt client secret id").digest("base64url");
}

function spkiHash(key: JwtKey): string {
  return createHash("sha256")
    .update(key.verifyKey.export({ type: "spki", format: "der" }))
    .digest("base64url");
}

/** The preset input's value (a choice, so already one of the names). */
export function readPreset(value: string | undefined): ClientAssertionPreset {
  return CLIENT_ASSERTION_PRESETS.find((preset) => preset === value) ?? "generic";
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

function either(algs: readonly Algorithm[]): string {
  return algs.length < 2 ? algs.join("") : `${algs.slice(0, -1).join(", ")} or ${algs.at(-1)}`;
}

/** The inputs the recipe and the client-credentials exchange share, declared once. */
export const ASSERTION_KEY_INPUTS = [
  {
    name: "private_key",
    caption: "Private key",
    type: "secret",
    multiline: true,
    fallbackKey: "CLIENT_ASSERTION_PRIVATE_KEY",
    doc: "For private_key_jwt: the private key whose public key (or certificate) is registered with the client, PEM or JWK. Leave empty to use the plugin key CLIENT_ASSERTION_PRIVATE_KEY.",
  },
  {
    name: "client_secret",
    caption: "Client secret",
    type: "secret",
    fallbackKey: "OAUTH_CLIENT_SECRET",
    doc: "For client_secret_jwt (generic and Okta only) instead of a private key: the client secret, whose characters sign HS256/384/512. Leave empty to use the plugin key OAUTH_CLIENT_SECRET.",
  },
  {
    name: "certificate",
    caption: "Certificate (PEM)",
    type: "long-text",
    doc: "Entra ID (required there): the X.509 certificate uploaded to the app registration, made from private_key; its SHA-256 thumbprint goes in the header as x5t#S256.",
  },
  {
    name: "algorithm",
    caption: "Algorithm",
    type: "text",
    doc: "Optional: the alg. By default RS256 for an RSA key (ES256/384/512 by an EC key's curve; generic also EdDSA), HS256 with a client secret, PS256 for Entra ID. Auth0: RS256, RS384 or PS256, as registered.",
  },
  {
    name: "key_id",
    caption: "Key ID (kid)",
    type: "text",
    doc: "Optional: the kid header, the key's ID as the provider shows it (Okta's key ID, Auth0's credential kid).",
  },
  {
    name: "entra_legacy_thumbprint",
    caption: "Entra: legacy SHA-1 thumbprint",
    type: "boolean",
    default: false,
    doc: "Entra ID only: sign RS256 with the SHA-1 x5t header (MSAL's deprecated form) instead of PS256 with x5t#S256.",
  },
] as const;

export const PRESET_INPUT = {
  name: "preset",
  caption: "Provider",
  type: "choice",
  options: [...CLIENT_ASSERTION_PRESETS],
  default: "generic",
  doc: "generic (RFC 7523 / OpenID Connect), okta, auth0 or entra (Microsoft Entra ID): which provider's rules the assertion follows.",
} as const;

const INPUTS = defineInputs([
  PRESET_INPUT,
  {
    name: "client_id",
    caption: "Client ID",
    type: "text",
    required: true,
    doc: "The application's client ID (Okta: the app's Client ID; Auth0: Applications > Settings > Client ID; Entra: Application (client) ID): the assertion's iss and sub.",
  },
  {
    name: "audience",
    caption: "Audience (aud)",
    type: "text",
    required: true,
    doc: "Okta and generic: the token endpoint URL, e.g. https://{yourOktaDomain}/oauth2/default/v1/token. Auth0: the tenant URL with its trailing slash, https://{tenant}.auth0.com/. Entra: https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.",
  },
  ...ASSERTION_KEY_INPUTS,
  {
    name: "expires_in_seconds",
    caption: "Expires in (seconds)",
    type: "number",
    doc: "Seconds until the assertion expires. Default: 300 (generic, Okta), 60 (Auth0, at most 300), 600 (Entra, as MSAL). Okta refuses more than 3600.",
  },
]);

export const clientAssertion = defineRecipe({
  id: "client-assertion",
  display: "OAuth: client assertion (private_key_jwt)",
  provider: "OAuth 2.0 (Okta, Auth0, Entra ID)",
  summary:
    "A JWT client assertion (RFC 7523) that authenticates an app at a token endpoint instead of a client secret: private_key_jwt, or client_secret_jwt where offered.",
  source: import.meta.url,
  example: {
    preset: "okta",
    client_id: "0oa1b2c3d4e5f6g7h8i9",
    audience: "https://example.okta.com/oauth2/default/v1/token",
    private_key: exampleKey("rsa-pkcs8"),
  },
  rules: [
    {
      rule: "iss and sub are both the client_id; aud identifies the authorization server; exp is required; jti is a unique id (a fresh UUID); iat is the time of signing.",
      source: RFC7523,
    },
    {
      rule: "The assertion is sent as client_assertion with client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
      source: RFC7523,
    },
    {
      rule: "private_key_jwt signs with the client's private key; client_secret_jwt signs HMAC with the client secret; aud should be the token endpoint URL.",
      source: OIDC_CORE,
    },
    {
      rule: "Okta: RS256/384/512 or ES256/384/512 with a private key, HS256/384/512 with the client secret; aud is the full endpoint URL; exp at most one hour ahead.",
      source: OKTA,
    },
    {
      rule: "Auth0: alg matches the credential (RS256, RS384 or PS256); aud is the tenant URL with its trailing slash; exp at most 5 minutes ahead (1 minute advised); jti required.",
      source: AUTH0,
    },
    {
      rule: "Auth0 offers Private Key JWT, Client Secret Basic and Client Secret Post: no client_secret_jwt.",
      source: AUTH0_CONFIGURE,
    },
    {
      rule: "Entra ID: alg PS256, typ JWT, x5t#S256 the base64url SHA-256 of the certificate's DER; aud https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token; jti required; 5 to 10 minutes advised.",
      source: ENTRA,
    },
    {
      rule: "MSAL signs PS256 with x5t#S256 (RS256 with the SHA-1 x5t on its deprecated path), exp 600 s after nbf = the time of signing.",
      source: MSAL,
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "client_assertion_type",
      type: "text",
      doc: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer: send it as client_assertion_type with the token as client_assertion.",
    },
  ],
  make(values, { clock }) {
    const preset = readPreset(values.preset);
    const plan = planClientAssertion({
      preset,
      clientId: values.client_id,
      privateKey: values.private_key,
      clientSecret: values.client_secret,
      certificate: values.certificate,
      algorithm: values.algorithm,
      keyId: values.key_id,
      expiresInSeconds: values.expires_in_seconds,
      entraLegacyThumbprint: values.entra_legacy_thumbprint,
    });
    const audience = readAssertionAudience(preset, values.audience, "audience");
    const signed = signClientAssertion(plan, { audience }, clock());
    return {
      token: signed.token,
      expiresAt: signed.expiresAt,
      outputs: { client_assertion_type: CLIENT_ASSERTION_TYPE },
      warnings: [...plan.warnings, ...signed.warnings],
    };
  },
});
