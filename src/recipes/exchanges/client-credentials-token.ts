import { defineInputs, exampleKey } from "../../inputs/index.js";
import { createRemoteIssuer } from "../../jwt/index.js";
import {
  ASSERTION_KEY_INPUTS,
  CLIENT_ASSERTION_TYPE,
  type ClientAssertionPlan,
  type ClientAssertionPreset,
  PRESET_INPUT,
  planClientAssertion,
  readAssertionAudience,
  readPreset,
  secretId,
  signClientAssertion,
} from "../client-assertion.js";
import { refuseInput, shown } from "../lib/refuse.js";
import { bearer, secondsOf } from "../lib/sign.js";
import { defineExchange } from "./define-exchange.js";
import { EXCHANGE_ENDPOINTS, endpointUrl } from "./endpoints.js";
import { ExchangeError } from "./errors.js";
import { answerError, type ProviderErrorRule, readSuccess } from "./lib/answers.js";
import { postHttps } from "./lib/https-post.js";

const RFC6749 = "https://www.rfc-editor.org/rfc/rfc6749#section-4.4";
const RFC6749_AUTH = "https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1";
const RFC7523 = "https://www.rfc-editor.org/rfc/rfc7523#section-2.2";
const RFC8414 = "https://www.rfc-editor.org/rfc/rfc8414#section-2";
const OIDC_DISCOVERY = "https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig";
const ENTRA_FLOW =
  "https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow";
const AUTH0_FLOW =
  "https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow/call-your-api-using-the-client-credentials-flow";
const OKTA_FLOW = "https://developer.okta.com/docs/guides/implement-grant-type/clientcreds/main/";

export const AUTH_METHODS = [
  "private_key_jwt",
  "client_secret_jwt",
  "client_secret_post",
  "client_secret_basic",
] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

const SITE = { exchange: "client-credentials-token", provider: "The authorization server" } as const;
const PROVIDER_NAMES: Readonly<Record<ClientAssertionPreset, string>> = {
  generic: "The authorization server",
  okta: "Okta",
  auth0: "Auth0",
  entra: "Microsoft Entra ID",
};

/**
 * The token endpoint's errors (RFC 6749 section 5.2, with the providers' own descriptions), most
 * precise first; the check says what to look at in each console.
 */
export const CLIENT_CREDENTIALS_ERRORS: readonly ProviderErrorRule[] = [
  {
    error: "invalid_client",
    description: /expir|not yet valid|valid time range|too far in the future|\biat\b|\bnbf\b|AADSTS700024/i,
    code: "ERR_EXCHANGE_CLOCK_SKEW",
    check:
      "The assertion's times were refused: set this server's clock right (NTP) and keep expires_in_seconds within the provider's limit (Okta 1 hour, Auth0 5 minutes).",
  },
  {
    error: "invalid_client",
    description: /\bjti\b|already (been )?used|replay/i,
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check:
      "The assertion was used before: every request needs a fresh one (a new jti), so never reuse a client_assertion.",
  },
  {
    error: "invalid_client",
    description: /\baud\b|audience/i,
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check:
      "The assertion's aud is wrong: Okta and Entra ID want the token URL itself, Auth0 the tenant URL with its trailing slash (https://{tenant}.auth0.com/); set assertion_audience if it differs.",
  },
  {
    error: "invalid_client",
    description: /signature|AADSTS700027|AADSTS700023|key|certificate|thumbprint/i,
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check:
      "The signature or key was refused: register this private key's public key (Okta: the app's Public keys; Auth0: the app's Credentials, same algorithm; Entra ID: upload the certificate under Certificates & secrets) and give its kid if the provider shows one.",
  },
  {
    error: "invalid_client",
    description: /secret|AADSTS7000215/i,
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check:
      "The client secret was refused: copy it again from the console (Entra ID shows a secret's Value once; its Secret ID is not the secret) and check that it has not expired.",
  },
  {
    error: "invalid_client",
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check:
      "Check client_id, the credential, and that the app's client authentication method is auth_method (Okta: General > Client Credentials; Auth0: Credentials > Authentication Method).",
  },
  {
    error: "unauthorized_client",
    code: "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    check:
      "The app may not use the client_credentials grant: enable it (Okta: a service app with Client Credentials; Auth0: Advanced Settings > Grant Types > Client Credentials; Entra ID: grant the application permissions and admin consent).",
  },
  {
    error: "access_denied",
    description: /audience/i,
    code: "ERR_EXCHANGE_INVALID_REQUEST",
    check:
      "Auth0 needs the API to ask a token for: give audience, the API's Identifier (Applications > APIs > the API > Settings).",
  },
  {
    error: "access_denied",
    code: "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    check:
      "The app is not authorised for this API: Auth0: APIs > the API > Machine to Machine Applications, authorise the app; Entra ID: grant admin consent to the application permissions.",
  },
  {
    error: "invalid_scope",
    code: "ERR_EXCHANGE_INVALID_SCOPE",
    check:
      "Check scope: Okta: scopes defined on the authorization server (custom scopes; no openid); Auth0: scopes the API defines and grants the app; Entra ID: one {resource}/.default.",
  },
  {
    error: "invalid_request",
    code: "ERR_EXCHANGE_INVALID_REQUEST",
    check:
      "The token endpoint could not read the request: check token_url, auth_method and the parameters (Auth0: audience; Entra ID: scope).",
  },
];

const INPUTS = defineInputs([
  PRESET_INPUT,
  {
    name: "token_url",
    caption: "Token URL",
    type: "text",
    doc: "The token endpoint, e.g. https://{yourOktaDomain}/oauth2/default/v1/token, https://{tenant}.auth0.com/oauth/token or https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token. Give it or issuer.",
  },
  {
    name: "issuer",
    caption: "Issuer (discovery)",
    type: "text",
    doc: "Instead of token_url: the issuer URL, e.g. https://{tenant}.auth0.com/; the token endpoint is read from its /.well-known/openid-configuration, whose issuer must be exactly this.",
  },
  {
    name: "client_id",
    caption: "Client ID",
    type: "text",
    required: true,
    doc: "The application's client ID (Okta: Client ID; Auth0: Applications > Settings > Client ID; Entra: Application (client) ID).",
  },
  {
    name: "scope",
    caption: "Scope",
    type: "list",
    separator: "space",
    doc: "The scopes, separated by spaces. Okta: custom scopes of the authorization server; Entra ID: the resource's /.default, e.g. https://graph.microsoft.com/.default.",
  },
  {
    name: "audience",
    caption: "API audience (Auth0)",
    type: "text",
    doc: "Auth0: the API's Identifier (APIs > the API > Settings), sent as the audience parameter. Not the assertion's aud.",
  },
  {
    name: "resource",
    caption: "Resource (RFC 8707)",
    type: "text",
    doc: "Optional: a resource parameter for servers that take one (RFC 8707).",
  },
  {
    name: "auth_method",
    caption: "Client authentication",
    type: "choice",
    options: [...AUTH_METHODS],
    doc: "How the app proves itself. Default: private_key_jwt with a private key; with a client secret, client_secret_post for Entra ID and client_secret_basic otherwise. client_secret_jwt: generic and Okta only.",
  },
  ...ASSERTION_KEY_INPUTS,
  {
    name: "assertion_audience",
    caption: "Assertion audience (aud)",
    type: "text",
    doc: "Optional: the client assertion's aud when it is not the default (the token URL; for Auth0 the tenant URL with its trailing slash).",
  },
]);

export const clientCredentialsToken = defineExchange({
  id: "client-credentials-token",
  display: "OAuth: client credentials token",
  provider: "OAuth 2.0 (Okta, Auth0, Entra ID)",
  summary:
    "An app's access token by the OAuth 2.0 client credentials grant, the app authenticated by a client assertion (private_key_jwt, client_secret_jwt) or its client secret.",
  source: import.meta.url,
  example: {
    preset: "okta",
    token_url: "https://example.okta.com/oauth2/default/v1/token",
    client_id: "0oa1b2c3d4e5f6g7h8i9",
    scope: "orders:read",
    private_key: exampleKey("rsa-pkcs8"),
  },
  rules: [
    {
      rule: "The request is a form POST of grant_type=client_credentials with the scope; the answer is access_token, token_type, expires_in and scope.",
      source: RFC6749,
    },
    {
      rule: "A client assertion is sent as client_assertion with client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer; a new one for every request.",
      source: RFC7523,
    },
    {
      rule: "client_secret_basic sends Authorization: Basic of the form-encoded client_id and secret joined by a colon; client_secret_post sends client_id and client_secret in the form.",
      source: RFC6749_AUTH,
    },
    {
      rule: "With issuer, the token endpoint is the discovery document's token_endpoint, trusted only when its issuer is identical to the one configured.",
      source: OIDC_DISCOVERY,
    },
    {
      rule: "When the issuer lists token_endpoint_auth_methods_supported, auth_method must be one of them.",
      source: RFC8414,
    },
    {
      rule: "Entra ID: scope is one resource's /.default (application permissions); client_id is sent with the assertion.",
      source: ENTRA_FLOW,
    },
    {
      rule: "Auth0: audience is the API's Identifier; the token endpoint is https://{tenant}/oauth/token.",
      source: AUTH0_FLOW,
    },
    {
      rule: "Okta: the app is a service app allowed the client credentials grant; scope names custom scopes of the authorization server.",
      source: OKTA_FLOW,
    },
  ],
  inputs: INPUTS,
  outputs: [
    { name: "access_token", type: "text", doc: "The access token." },
    { name: "token_type", type: "text", doc: "The token's type, usually Bearer." },
    { name: "expires_in", type: "number", doc: "Seconds until the token expires." },
    { name: "expires_at", type: "date", doc: "When the token expires." },
    { name: "scope", type: "text", doc: "The scopes granted, when the server says (space-separated)." },
    { name: "authorization_header", type: "text", doc: "Bearer <access_token>: the Authorization header." },
  ],
  endpoints: { "client-credentials.token": EXCHANGE_ENDPOINTS["client-credentials.token"] },
  prepare(values, context) {
    const preset = readPreset(values.preset);
    const site = { ...SITE, provider: PROVIDER_NAMES[preset] };
    const tokenUrl = nonEmpty(values.token_url);
    const issuer = nonEmpty(values.issuer);
    const whereRule =
      "The client credentials grant is posted to the authorization server's token endpoint: give it as token_url, or give the issuer to read it from the issuer's discovery document.";
    if (tokenUrl !== undefined && issuer !== undefined) {
      throw refuseInput("issuer", "and token_url cannot both be given", whereRule, "conflict");
    }
    if (tokenUrl === undefined && issuer === undefined) {
      throw refuseInput("token_url", "or issuer is required", whereRule, "missing");
    }
    const givenUrl = tokenUrl === undefined ? undefined : readTokenUrl(tokenUrl);
    // A wrong issuer is refused now (ERR_OPTION_INVALID naming "issuer"), before any request.
    const remote =
      issuer === undefined
        ? undefined
        : createRemoteIssuer(issuer.trim(), {
            clock: context.clock,
            ...(context.ca === undefined ? {} : { ca: context.ca }),
            ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs }),
          });
    const clientId = (values.client_id ?? "").trim();
    const privateKey = nonEmpty(values.private_key);
    const secret = nonEmpty(values.client_secret);
    const method = readMethod(values.auth_method, preset, privateKey !== undefined, secret !== undefined);
    const scopes = [...new Set(values.scope ?? [])];
    if (preset === "entra" && !(scopes.length === 1 && scopes[0]?.endsWith("/.default"))) {
      throw refuseInput(
        "scope",
        `must be one resource's /.default scope, such as https://graph.microsoft.com/.default; got ${scopes.length === 0 ? "none" : shown(scopes.join(" "), 60)}`,
        `Entra ID's client credentials grant asks for the application permissions of one resource as {resource}/.default (${ENTRA_FLOW}).`,
        scopes.length === 0 ? "missing" : "invalid",
      );
    }

    let plan: ClientAssertionPlan | undefined;
    if (method === "private_key_jwt" || method === "client_secret_jwt") {
      plan = planClientAssertion({
        preset,
        clientId,
        privateKey: method === "private_key_jwt" ? privateKey : undefined,
        clientSecret: method === "client_secret_jwt" ? secret : undefined,
        certificate: values.certificate,
        algorithm: values.algorithm,
        keyId: values.key_id,
        entraLegacyThumbprint: values.entra_legacy_thumbprint,
      });
    } else if (clientId === "" || /\s/.test(clientId)) {
      throw refuseInput("client_id", "must be the application's client ID, without spaces", RFC6749_AUTH);
    }
    const givenAudience = nonEmpty(values.assertion_audience)?.trim();
    if (plan !== undefined && givenAudience !== undefined) {
      readAssertionAudience(preset, givenAudience, "assertion_audience");
    } else if (plan !== undefined && givenUrl !== undefined) {
      readAssertionAudience(preset, defaultAudience(preset, givenUrl.href), "token_url");
    }
    const apiAudience = nonEmpty(values.audience)?.trim();
    const resource = nonEmpty(values.resource)?.trim();
    const override = context.endpoints?.["client-credentials.token"];

    return {
      cacheKey: [
        preset,
        givenUrl?.href ?? null,
        remote?.issuer ?? null,
        override ?? null,
        clientId,
        method,
        // Names the credential by its public key or an HMAC keyed by the secret: never the secret.
        plan?.credentialId ?? secretId(secret ?? ""),
        plan?.key.alg ?? null,
        [...scopes].sort(),
        apiAudience ?? null,
        resource ?? null,
        givenAudience ?? null,
      ],
      async request() {
        let url = givenUrl;
        if (remote !== undefined) {
          const metadata = await remote.metadata();
          const supported = metadata.token_endpoint_auth_methods_supported;
          if (supported !== undefined && !supported.includes(method)) {
            throw refuseInput(
              "auth_method",
              `is ${method}, which the issuer does not list (it offers ${supported.join(", ")})`,
              `An authorization server lists the client authentication methods its token endpoint takes in token_endpoint_auth_methods_supported (${RFC8414}).`,
              "unsupported",
            );
          }
          if (metadata.token_endpoint === undefined) {
            throw new ExchangeError(
              "ERR_EXCHANGE_RESPONSE_INVALID",
              "The issuer's OpenID configuration has no token_endpoint.",
              { ...site, check: "Give token_url instead of issuer." },
            );
          }
          url = new URL(metadata.token_endpoint);
        }
        // One of token_url and issuer was required above, so one of them set url.
        const endpoint = url as URL;
        const target =
          override === undefined ? endpoint : endpointUrl("client-credentials.token", context.endpoints);
        const now = context.clock();
        const form = new URLSearchParams({ grant_type: "client_credentials" });
        if (scopes.length > 0) form.set("scope", scopes.join(" "));
        if (apiAudience !== undefined) form.set("audience", apiAudience);
        if (resource !== undefined) form.set("resource", resource);
        const headers: Record<string, string> = {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        };
        if (plan !== undefined) {
          const aud = readAssertionAudience(
            preset,
            givenAudience ?? defaultAudience(preset, endpoint.href),
            givenAudience === undefined
              ? remote === undefined
                ? "token_url"
                : "issuer"
              : "assertion_audience",
          );
          const assertion = signClientAssertion(plan, { audience: aud }, now).token;
          // RFC 7521 section 4.2 allows client_id beside the assertion; Entra ID asks for it.
          form.set("client_id", clientId);
          form.set("client_assertion_type", CLIENT_ASSERTION_TYPE);
          form.set("client_assertion", assertion);
        } else if (method === "client_secret_post") {
          form.set("client_id", clientId);
          form.set("client_secret", (secret ?? "").trim());
        } else {
          headers.authorization = basicAuthorization(clientId, (secret ?? "").trim());
        }
        const answer = await postHttps(target, form.toString(), headers, context, site);
        if (answer.status !== 200) throw answerError(answer, site, CLIENT_CREDENTIALS_ERRORS);
        const body = readSuccess(answer, site, "access_token");
        const accessToken = String(body.access_token);
        const expiresIn = body.expires_in;
        const seconds =
          typeof expiresIn === "number"
            ? expiresIn
            : typeof expiresIn === "string"
              ? Number(expiresIn)
              : Number.NaN;
        const expiresAt =
          Number.isFinite(seconds) && seconds > 0 ? new Date(now + seconds * 1000) : undefined;
        return {
          outputs: {
            access_token: accessToken,
            token_type: typeof body.token_type === "string" ? body.token_type : "Bearer",
            expires_in: expiresAt === undefined ? null : Math.max(0, secondsOf(expiresAt.getTime() - now)),
            expires_at: expiresAt ?? null,
            scope: typeof body.scope === "string" ? body.scope : null,
            authorization_header: bearer(accessToken),
          },
          ...(expiresAt === undefined ? {} : { expiresAt }),
        };
      },
    };
  },
});

/** Auth0's aud is its tenant URL with the trailing slash; the others' is the token URL itself. */
function defaultAudience(preset: ClientAssertionPreset, tokenUrl: string): string {
  return preset === "auth0" ? `${new URL(tokenUrl).origin}/` : tokenUrl;
}

function readMethod(
  given: string | undefined,
  preset: ClientAssertionPreset,
  hasKey: boolean,
  hasSecret: boolean,
): AuthMethod {
  // An explicit method uses its own credential; the other may be a plugin key set for other actions.
  const method = AUTH_METHODS.find((each) => each === given);
  if (method === undefined) {
    if (hasKey && hasSecret) {
      throw refuseInput(
        "client_secret",
        "and private_key are both given: choose auth_method, or leave the one you do not use empty",
        `A client uses only one authentication method per request (${RFC6749_AUTH}).`,
        "conflict",
      );
    }
    if (hasKey || !hasSecret) return "private_key_jwt";
    return preset === "entra" ? "client_secret_post" : "client_secret_basic";
  }
  if (method === "private_key_jwt") {
    if (!hasKey) {
      throw refuseInput(
        "private_key",
        "is required for private_key_jwt",
        "private_key_jwt signs the client assertion with the app's private key (OpenID Connect Core section 9).",
        "missing",
      );
    }
    return method;
  }
  if (!hasSecret) {
    throw refuseInput(
      "client_secret",
      `is required for ${method}`,
      "client_secret_jwt, client_secret_post and client_secret_basic all use the app's client secret (OpenID Connect Core section 9).",
      "missing",
    );
  }
  return method;
}

/** RFC 6749 section 2.3.1: client_id and secret each form-encoded, joined by ":", then base64. */
function basicAuthorization(clientId: string, secret: string): string {
  const encode = (text: string) => new URLSearchParams({ v: text }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString("base64")}`;
}

function readTokenUrl(text: string): URL {
  const rule = "The token endpoint is an https URL (RFC 6749 section 3.2 requires TLS).";
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw refuseInput("token_url", `is not a URL; got ${shown(text, 40)}`, rule);
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "" || url.hash !== "") {
    throw refuseInput("token_url", `must be an https URL without credentials; got ${shown(text, 40)}`, rule);
  }
  return url;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
