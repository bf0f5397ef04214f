import { type InputSpec, type InputValues, readInputs } from "../../inputs/index.js";
import {
  type Algorithm,
  type Clock,
  decodeJwt,
  decryptJwt,
  discoveryUrl,
  type IssuerMetadata,
  importKey,
  JwtError,
  type JwtHeader,
  type JwtPayload,
  systemClock,
  TENANT_ID_TEMPLATE,
  verifyJwt,
} from "../../jwt/index.js";
import {
  AUTHJS_CLOCK_TOLERANCE_SECONDS,
  AUTHJS_DEFAULT_COOKIE,
  type AuthjsVersion,
  authjsKey,
} from "../lib/authjs-key.js";
import { refuseInput as refuseByRule } from "../lib/refuse.js";
import { checkSignInEndpoints, signInDiscoveryUrl, signInKeyUrl } from "./endpoints.js";
import { SIGN_IN_INPUTS, SIGN_IN_OUTPUTS, type SignInInputName } from "./inputs.js";
import { type SignInKeySets, sharedSignInKeySets } from "./key-sets.js";
import { fillTemplate, GUID, nonceMatches, type SignInProvider, type SignInValues } from "./provider.js";
import { MICROSOFT_CONSUMERS_TENANT, MICROSOFT_MULTI_TENANT, SIGN_IN_PROVIDERS } from "./providers/index.js";
import { reasonOf, type SignInReasonCode, SignInRefusal } from "./reasons.js";
import { refusedOutputs, SIGN_IN_CLOCK_TOLERANCE_SECONDS } from "./verdict.js";

export interface VerifySignInOptions {
  /** The time the token is checked against (milliseconds since 1970); the machine's by default. */
  clock?: Clock;
  /** Key URLs by name (see SIGN_IN_ENDPOINTS), https only: tests, proxies, sovereign clouds. */
  endpoints?: Readonly<Record<string, string>>;
  /** Extra trusted certificate authority (PEM) for the key URLs. */
  ca?: string | Buffer;
  /** Where fetched keys are kept: the process's shared key sets by default. */
  cache?: SignInKeySets;
}

/** What a verification gives back, by output name. Every claim is null when the token is refused. */
export interface SignInOutputs {
  valid: boolean;
  reason_code: SignInReasonCode | null;
  error: string | null;
  subject: string | null;
  email: string | null;
  email_verified: boolean | null;
  name: string | null;
  issuer: string | null;
  audience: string | null;
  issued_at: Date | null;
  expires_at: Date | null;
  claims_json: string | null;
}

export type SignInInputValues = InputValues<typeof SIGN_IN_INPUTS>;

/**
 * Verifies a sign-in ID token by its provider's rules: the issuer, the audience, the signature with the
 * provider's published keys (fetched over https, cached by Cache-Control max-age, refetched for an
 * unknown kid at most once per cooldown), the lifetime, and the provider's own checks.
 *
 * A refused token is not an error: it gives `valid: false` with a `reason_code` from
 * SIGN_IN_REASON_CODES and an `error` in plain words. A wrong input (a missing `client_id` for Google,
 * an unknown provider, a malformed region) throws a JwtError ERR_OPTION_INVALID naming the input.
 *
 * @example
 * const result = await verifySignInToken({ token, provider: "google", client_id: "123.apps.googleusercontent.com" });
 * if (result.valid) useAccount(result.subject);
 */
export async function verifySignInToken(
  input: Readonly<Record<string, unknown>>,
  options: VerifySignInOptions = {},
): Promise<SignInOutputs> {
  checkSignInEndpoints(options.endpoints);
  const values = readInputs(SIGN_IN_INPUTS as readonly InputSpec[], input, {
    operation: "verify-sign-in-token",
  }) as SignInInputValues;
  return runSignInVerification(values, options);
}

/** {@link verifySignInToken} for inputs already read against SIGN_IN_INPUTS (the layers' path). */
export async function runSignInVerification(
  values: SignInInputValues,
  options: VerifySignInOptions = {},
): Promise<SignInOutputs> {
  const clock = options.clock ?? systemClock;
  if (values.provider === "authjs") return verifyAuthjsSession(values, clock);
  const plan = planVerification(values, options.endpoints);
  try {
    const payload = await checkToken(plan, values.token ?? "", clock, options);
    return accepted(payload, plan.provider.subjectClaim);
  } catch (error) {
    if (error instanceof SignInRefusal) return refused(error.code, error.message);
    if (error instanceof JwtError && error.code !== "ERR_OPTION_INVALID") {
      return refused(reasonOf(error), error.message);
    }
    throw error;
  }
}

// ---- authjs: a session token read with the app's secret ----

/** The inputs the authjs path reads; any other provider input given is refused (it would not be checked). */
const AUTHJS_INPUTS = new Set<SignInInputName>([
  "token",
  "provider",
  "auth_secret",
  "cookie_name",
  "authjs_version",
]);

/**
 * An Auth.js v5 / NextAuth v4 session token (JWE, dir): the key derived from auth_secret as the library
 * does (src/recipes/lib/authjs-key.ts), decrypted with that version's content encryption only, then
 * exp, nbf and iat checked with the library's 15 s tolerance. No issuer and no audience: the token is
 * the app's own, and only the secret's holder can make one that decrypts.
 */
function verifyAuthjsSession(values: SignInInputValues, clock: Clock): SignInOutputs {
  for (const spec of SIGN_IN_INPUTS) {
    if (values[spec.name] !== undefined && !AUTHJS_INPUTS.has(spec.name)) {
      throw refuseInput(
        spec.name,
        "unused",
        "is not used by provider authjs (Auth.js), so it would not be checked",
        "Leave it empty. Auth.js uses: auth_secret, cookie_name, authjs_version.",
      );
    }
  }
  const secret = values.auth_secret;
  if (secret === undefined || secret === "") {
    throw refuseInput(
      "auth_secret",
      "missing",
      "is required for provider authjs (Auth.js)",
      "Give the app's AUTH_SECRET (or NEXTAUTH_SECRET for v4), or set the plugin key AUTH_SECRET.",
    );
  }
  const version = (values.authjs_version ?? "v5") as AuthjsVersion;
  const salt = values.cookie_name?.trim() || AUTHJS_DEFAULT_COOKIE;
  const token = (values.token ?? "").trim();
  try {
    // v5 reads A256CBC-HS512 (what it writes) and A256GCM, each with its own key length; v4 only A256GCM.
    const enc = authjsEncryptionOf(token, version);
    const derived = authjsKey(secret, version, salt, enc);
    const { payload } = decryptJwt(token, importKey(derived.key, { alg: "dir" }), {
      algorithms: ["dir"],
      encryptions: [derived.enc],
      clock,
      clockToleranceSeconds: AUTHJS_CLOCK_TOLERANCE_SECONDS,
    });
    return accepted(payload);
  } catch (error) {
    if (error instanceof SignInRefusal) return refused(error.code, error.message);
    if (error instanceof JwtError && error.code !== "ERR_OPTION_INVALID") {
      if (error.code === "ERR_JWE_DECRYPTION_FAILED") {
        return refused(
          "ERR_SIGNIN_SESSION_UNREADABLE",
          `The session token does not decrypt with the ${version} key of this secret${version === "v5" ? ` and cookie name "${salt.slice(0, 100)}"` : ""}: another secret, cookie name or version made it, or it was altered.`,
        );
      }
      return refused(reasonOf(error), error.message);
    }
    throw error;
  }
}

/** The content encryption in the token's header, when the version reads it; anything else is refused. */
function authjsEncryptionOf(token: string, version: AuthjsVersion): "A256CBC-HS512" | "A256GCM" {
  const parts = token.split(".");
  if (parts.length !== 5) {
    throw new SignInRefusal(
      "ERR_JWT_MALFORMED",
      `An Auth.js session token has five parts separated by dots (an encrypted JWT); this one has ${parts.length}. Send the session cookie's value as is.`,
    );
  }
  let enc: unknown;
  try {
    enc = JSON.parse(Buffer.from(parts[0] ?? "", "base64url").toString("utf8")).enc;
  } catch {
    throw new SignInRefusal("ERR_JWT_MALFORMED", "The session token's header is not base64url JSON.");
  }
  const read = version === "v4" ? ["A256GCM"] : ["A256CBC-HS512", "A256GCM"];
  if (typeof enc === "string" && read.includes(enc)) return enc as "A256CBC-HS512" | "A256GCM";
  throw new SignInRefusal(
    "ERR_SIGNIN_SESSION_UNREADABLE",
    `The session token's content encryption is ${typeof enc === "string" ? JSON.stringify(enc.slice(0, 40)) : "missing"}; Auth.js ${version} reads ${read.join(" or ")}: check authjs_version.`,
  );
}

interface Plan {
  readonly provider: SignInProvider;
  readonly values: SignInValues;
  /** Exact accepted issuers; empty for Microsoft's multi-tenant rule (checked with the token's tid). */
  readonly issuers: readonly string[];
  readonly audience: string | undefined;
  readonly keyUrl: string;
  /** OpenID discovery providers: the configured issuer and where its configuration is read. */
  readonly discovery?: DiscoveryPlan;
}

interface DiscoveryPlan {
  readonly issuer: string;
  readonly url: string;
  readonly tokenType: "id" | "access";
  /** Microsoft's multi-tenant endpoint: its configuration's issuer holds {tenantid}, filled with the token's tid. */
  readonly tenantTemplate: "common" | "organizations" | "consumers" | undefined;
}

function planVerification(
  values: SignInInputValues,
  endpoints: Readonly<Record<string, string>> | undefined,
): Plan {
  const provider = SIGN_IN_PROVIDERS[values.provider as keyof typeof SIGN_IN_PROVIDERS];
  if (provider === undefined) throw refuseInput("provider", "missing", "is required", "");
  const read = readProviderValues(provider, values);
  const multiTenant =
    provider.id === "microsoft" && (MICROSOFT_MULTI_TENANT as readonly string[]).includes(read.tenant ?? "");
  if (provider.discovery !== undefined) {
    const discovery = planDiscovery(provider, read, endpoints);
    const audience = discovery.tokenType === "access" ? read.audience : read.client_id;
    return { provider, values: read, issuers: [discovery.issuer], audience, keyUrl: "", discovery };
  }
  const fill = (template: string) => fillTemplate(template, read);
  let audience = provider.audience === undefined ? undefined : fill(provider.audience);
  if (provider.id === "cognito" && read.token_use === "id") audience = read.client_id;
  // An issuer given (WorkOS: a custom authentication domain) is the only one accepted.
  const issuers = read.issuer !== undefined ? [read.issuer] : provider.issuers.map(fill);
  return {
    provider,
    values: read,
    issuers: multiTenant ? [] : issuers,
    audience,
    keyUrl: signInKeyUrl(provider.keys, read, endpoints),
  };
}

async function checkToken(
  plan: Plan,
  token: string,
  clock: Clock,
  options: VerifySignInOptions,
): Promise<JwtPayload> {
  if (plan.discovery !== undefined) return checkDiscoveredToken(plan, plan.discovery, token, clock, options);
  const { provider, values } = plan;
  const decoded = decodeJwt(token);
  // The issuer first, before any key is fetched: another provider's token is told as such, and never
  // makes this provider's keys be fetched again for its unknown kid.
  checkIssuer(plan, decoded.payload.iss);
  const keySet = await (options.cache ?? sharedSignInKeySets)
    .get(plan.keyUrl, provider.keyFormat, options.ca)
    .getKeySet(decoded.header.kid);
  const { payload } = verifyJwt(token, keySet, {
    algorithms: [...provider.algorithms],
    clock,
    clockToleranceSeconds: SIGN_IN_CLOCK_TOLERANCE_SECONDS,
    ...(plan.issuers.length > 0 ? { issuer: plan.issuers } : {}),
    ...(provider.typ === undefined ? {} : { typ: provider.typ }),
  });
  if (provider.id === "cognito") checkTokenUse(payload, values.token_use ?? "id");
  checkAudience(plan, payload);
  provider.check?.(payload, values, Math.floor(clock() / 1000));
  if (values.nonce !== undefined && !nonceMatches(provider, payload.nonce, values.nonce)) {
    const got = typeof payload.nonce === "string" ? "differs from the nonce given" : "is missing";
    throw new SignInRefusal("ERR_SIGNIN_NONCE", `The token's nonce ${got}.`, "nonce");
  }
  return payload;
}

function checkIssuer(plan: Plan, iss: unknown): void {
  const fits =
    plan.issuers.length === 0
      ? typeof iss === "string" && /^https:\/\/login\.microsoftonline\.com\/[^/]+\/v2\.0$/.test(iss)
      : typeof iss === "string" && plan.issuers.includes(iss);
  if (fits) return;
  const got = typeof iss === "string" ? JSON.stringify(iss.slice(0, 100)) : "missing";
  const expected =
    plan.issuers.length === 0 ? "https://login.microsoftonline.com/{tid}/v2.0" : plan.issuers.join(" or ");
  throw new SignInRefusal(
    "ERR_SIGNIN_ISSUER",
    `The token's issuer is ${got}; ${plan.provider.name} tokens for these settings say ${expected}.`,
    "iss",
  );
}

function checkTokenUse(payload: JwtPayload, expected: string): void {
  if (payload.token_use === expected) return;
  throw new SignInRefusal(
    "ERR_SIGNIN_TOKEN_USE",
    `The token's token_use is ${JSON.stringify(payload.token_use ?? null)}; expected "${expected}".`,
    "token_use",
  );
}

function checkAudience(plan: Plan, payload: JwtPayload): void {
  if (plan.provider.id === "cognito" && plan.values.token_use === "access") {
    if (payload.client_id === plan.values.client_id) return;
    throw new SignInRefusal(
      "ERR_SIGNIN_AUDIENCE",
      "The access token's client_id is not your app client ID: it was issued to another app.",
      "client_id",
    );
  }
  const expected = plan.audience;
  if (expected === undefined) return;
  const aud = payload.aud;
  const fits = typeof aud === "string" ? aud === expected : Array.isArray(aud) && aud.includes(expected);
  if (fits) return;
  throw new SignInRefusal(
    "ERR_SIGNIN_AUDIENCE",
    `The token's audience ${aud === undefined ? "is missing" : "is another app's"}; expected "${expected}".`,
    "aud",
  );
}

function refused(code: SignInReasonCode, message: string): SignInOutputs {
  return refusedOutputs(SIGN_IN_OUTPUTS, code, message);
}

function accepted(payload: JwtPayload, subjectClaim?: string): SignInOutputs {
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const subject = subjectClaim === undefined ? null : text(payload[subjectClaim]);
  const date = (value: unknown) => (typeof value === "number" ? new Date(value * 1000) : null);
  const verified = payload.email_verified;
  return {
    valid: true,
    reason_code: null,
    error: null,
    subject: subject ?? text(payload.sub),
    email: text(payload.email),
    email_verified:
      verified === true || verified === "true"
        ? true
        : verified === false || verified === "false"
          ? false
          : null,
    name: text(payload.name),
    issuer: text(payload.iss),
    audience: Array.isArray(payload.aud) ? payload.aud.join(", ") : text(payload.aud),
    issued_at: date(payload.iat),
    expires_at: date(payload.exp),
    claims_json: JSON.stringify(payload),
  };
}

// ---- inputs: what each provider needs, in the form it needs it ----

const CHECKED_INPUTS = new Set<SignInInputName>(["token", "provider", "nonce"]);

function readProviderValues(provider: SignInProvider, values: SignInInputValues): SignInValues {
  const used = new Set<SignInInputName>([...provider.requires, ...provider.optional, ...CHECKED_INPUTS]);
  for (const spec of SIGN_IN_INPUTS) {
    // A secret with a plugin key is filled from it whenever the field is empty (Bubble, the environment):
    // its presence says nothing about this verification, so it is ignored rather than refused.
    if (spec.type === "secret") continue;
    if (values[spec.name] !== undefined && !used.has(spec.name)) {
      const uses = [...provider.requires, ...provider.optional];
      throw refuseInput(
        spec.name,
        "unused",
        `is not used by provider ${provider.id} (${provider.name}), so it would not be checked`,
        `Leave it empty. ${provider.name} uses: ${uses.length > 0 ? uses.join(", ") : "no other input"}.`,
      );
    }
  }
  for (const name of provider.requires) {
    if (values[name] === undefined) {
      const spec = SIGN_IN_INPUTS.find((each) => each.name === name);
      throw refuseInput(
        name,
        "missing",
        `is required for provider ${provider.id} (${provider.name})`,
        spec?.doc ?? "",
      );
    }
  }
  const read: Record<string, string | readonly string[] | undefined> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === "token" || name === "authorized_parties" || name === "auth_secret") continue;
    read[name] =
      typeof value === "string"
        ? readForm(name as SignInInputName, value.trim())
        : typeof value === "number"
          ? String(value)
          : undefined;
  }
  if (values.authorized_parties !== undefined) read.authorized_parties = values.authorized_parties;
  Object.assign(read, provider.derive?.(read as SignInValues));
  if (provider.id === "cognito") {
    read.token_use ??= "id";
    const pool = read.user_pool_id as string;
    if (!pool.startsWith(`${read.region as string}_`)) {
      throw refuseInput(
        "user_pool_id",
        "mismatch",
        `is in region ${JSON.stringify(pool.split("_")[0])}, not ${JSON.stringify(read.region)}`,
        "A Cognito user pool ID starts with its region (eu-west-1_AbCdEf123): give the region it starts with.",
      );
    }
  }
  return read as SignInValues;
}

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Each input's form, checked before it goes into an issuer or a key URL (no host can be smuggled in). */
function readForm(name: SignInInputName, value: string): string {
  const fail = (problem: string, fix: string) => refuseInput(name, "invalid", problem, fix);
  switch (name) {
    case "tenant": {
      const lower = value.toLowerCase();
      if (GUID.test(lower) || (MICROSOFT_MULTI_TENANT as readonly string[]).includes(lower)) return lower;
      throw fail(
        "must be a Directory (tenant) ID GUID, or common, organizations or consumers",
        "Find the GUID in Microsoft Entra admin center > Overview > Tenant ID; a domain name cannot be checked against the issuer.",
      );
    }
    case "domain":
    case "frontend_api":
    case "hosted_domain":
    case "custom_domain": {
      const host = value
        .replace(/^https:\/\//i, "")
        .replace(/\/+$/, "")
        .toLowerCase();
      if (HOST.test(host)) return host;
      throw fail("must be a host name such as login.example.com (https:// allowed, no path)", "");
    }
    case "region":
      if (REGION.test(value)) return value;
      throw fail("must be an AWS region such as eu-west-1", "");
    case "user_pool_id":
      if (/^[a-z]{2}(-[a-z]+)+-\d{1,2}_[0-9A-Za-z]+$/.test(value)) return value;
      throw fail("must be a Cognito user pool ID such as eu-west-1_AbCdEf123", "");
    case "project_ref":
      if (/^[a-z0-9]{1,63}$/.test(value.toLowerCase())) return value.toLowerCase();
      throw fail("must be the project reference, the subdomain of https://<ref>.supabase.co", "");
    case "issuer":
      return readIssuer(value, fail);
    case "audience":
      if (/^[^\s"]{1,500}$/.test(value)) return value;
      throw fail(
        "must be your API's identifier, without spaces (e.g. api://default or https://api.example.com)",
        "",
      );
    case "realm":
      if (/^[A-Za-z0-9._~-]{1,100}$/.test(value) && value !== "." && value !== "..") return value;
      throw fail("must be a Keycloak realm name such as acme (letters, digits, . _ ~ -)", "");
    case "authorization_server":
      if (/^[A-Za-z0-9_-]{1,100}$/.test(value)) return value;
      throw fail("must be an Okta authorization server ID such as default or aus1a2b3c4d5e6f7g8h9", "");
    case "policy":
      if (/^[A-Za-z0-9_-]{1,100}$/.test(value)) return value;
      throw fail("must be a B2C user flow or policy name such as B2C_1_signupsignin1", "");
    case "app_id":
      if (/^app_[A-Za-z0-9_-]{1,100}$/.test(value)) return value;
      throw fail(
        "must be a Memberstack App ID such as app_clx1abc2d3",
        "Copy the App ID from the Memberstack dashboard; it starts with app_.",
      );
    case "project_id":
    case "client_id":
      if (/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/.test(value)) return value;
      throw fail("must be an ID without spaces or slashes", "");
    default:
      return value;
  }
}

/** An issuer as configured: an https URL (any host, port allowed) without credentials, query or fragment, kept exactly. */
function readIssuer(value: string, fail: (problem: string, fix: string) => JwtError): string {
  if (value.length > 1000) throw fail("is longer than 1000 characters", "");
  try {
    discoveryUrl(value);
  } catch {
    throw fail(
      "must be an https URL without credentials, query (?) or fragment (#), such as https://login.example.com/realms/acme",
      "Give the issuer exactly as the provider's /.well-known/openid-configuration states it, trailing slash included when it has one.",
    );
  }
  return value;
}

function refuseInput(name: string, reason: string, problem: string, fix: string): JwtError {
  return new JwtError("ERR_OPTION_INVALID", {
    option: name,
    reason,
    problem,
    ...(fix === "" ? {} : { fix }),
  });
}

// ---- OpenID discovery: provider oidc and its presets ----

/** Microsoft's multi-tenant issuers, whose configuration's issuer is a {tenantid} template (any Microsoft cloud's host). */
const MICROSOFT_TEMPLATE_PATH = /^\/(common|organizations|consumers)\/v2\.0$/;

/** The configured issuer (from the inputs, never from the token), where its configuration is read, and the token type. */
function planDiscovery(
  provider: SignInProvider,
  read: SignInValues,
  endpoints: Readonly<Record<string, string>> | undefined,
): DiscoveryPlan {
  const discovery = provider.discovery as NonNullable<SignInProvider["discovery"]>;
  const forms = discovery.issuers(read);
  let issuer: string;
  if (discovery.anyIssuer === true || read.issuer === undefined) {
    issuer = forms[0] ?? "";
  } else if (forms.includes(read.issuer)) {
    issuer = read.issuer;
  } else {
    throw refuseByRule(
      "issuer",
      `is not an issuer ${provider.name} uses with these inputs`,
      `Give one of ${forms.join(", ")} (or leave issuer empty for the first), or use provider oidc for another issuer.`,
      "mismatch",
    );
  }
  const tokenType = read.token_type === "access" ? "access" : "id";
  if (tokenType === "id") {
    if (read.client_id === undefined) {
      throw refuseInput(
        "client_id",
        "missing",
        `is required to check a ${provider.name} ID token (its aud must hold it)`,
        "Give the application's client ID, or token_type access with audience for an access token.",
      );
    }
    if (read.audience !== undefined) {
      throw refuseInput(
        "audience",
        "unused",
        "is only checked for token_type access (an ID token's aud is the client ID)",
        "Leave it empty, or set token_type to access.",
      );
    }
  } else {
    if (read.audience === undefined) {
      throw refuseInput(
        "audience",
        "missing",
        "is required with token_type access: the access token's aud must hold your API's identifier (RFC 9068)",
        "Give the API's audience as the provider shows it.",
      );
    }
    if (read.nonce !== undefined) {
      throw refuseInput(
        "nonce",
        "unused",
        "is only checked in ID tokens",
        "Leave it empty for an access token.",
      );
    }
    const refusal = discovery.accessTokensRefused?.(read);
    if (refusal !== undefined) throw refuseByRule("token_type", "is access", refusal, "unsupported");
  }
  const configuration = discovery.configurationUrl?.(read, issuer) ?? discoveryUrl(issuer);
  const path = discovery.anyIssuer === true ? new URL(issuer).pathname.match(MICROSOFT_TEMPLATE_PATH) : null;
  return {
    issuer,
    url: signInDiscoveryUrl(provider.keys, configuration, read, endpoints),
    tokenType,
    tenantTemplate: (path?.[1] as DiscoveryPlan["tenantTemplate"]) ?? undefined,
  };
}

/**
 * OpenID Connect Core 1.0 section 3.1.3.7 (ID tokens) or RFC 9068 (access tokens): the issuer first
 * (before anything is fetched), then the configuration of the configured issuer, the keys of its
 * jwks_uri, the signature with an asymmetric algorithm, and the claims.
 */
async function checkDiscoveredToken(
  plan: Plan,
  discovery: DiscoveryPlan,
  token: string,
  clock: Clock,
  options: VerifySignInOptions,
): Promise<JwtPayload> {
  const { provider, values } = plan;
  const { header, payload } = decodeJwt(token);
  const tid = typeof payload.tid === "string" && GUID.test(payload.tid) ? payload.tid : undefined;
  // The token's own iss, jku and x5u are never fetched: a token of another issuer stops here.
  const tenantIssuer =
    discovery.tenantTemplate !== undefined && tid !== undefined
      ? discovery.issuer.replace(`/${discovery.tenantTemplate}/`, `/${tid}/`)
      : undefined;
  if (payload.iss !== discovery.issuer && (tenantIssuer === undefined || payload.iss !== tenantIssuer)) {
    const got = typeof payload.iss === "string" ? JSON.stringify(payload.iss.slice(0, 100)) : "missing";
    throw new SignInRefusal(
      "ERR_SIGNIN_ISSUER",
      `The token's issuer is ${got}; the configured issuer is ${JSON.stringify(discovery.issuer)}${discovery.tenantTemplate === undefined ? "" : " (or its tenant's issuer, with the token's tid)"}.`,
      "iss",
    );
  }
  checkTokenType(header, discovery.tokenType);
  const cache = options.cache ?? sharedSignInKeySets;
  const metadata = await cache
    .issuer(discovery.issuer, {
      url: discovery.url,
      ca: options.ca,
      allowTenantTemplate: discovery.tenantTemplate !== undefined,
    })
    .metadata();
  const expectedIssuer = issuerOfToken(metadata, discovery, tid);
  const algorithms = allowedAlgorithms(provider.algorithms, metadata, discovery.tokenType);
  const keySet = await cache.get(metadata.jwks_uri, "jwks", options.ca).getKeySet(header.kid);
  const { payload: verified } = verifyJwt(token, keySet, {
    algorithms: [...algorithms],
    clock,
    clockToleranceSeconds: SIGN_IN_CLOCK_TOLERANCE_SECONDS,
    issuer: expectedIssuer,
  });
  const now = Math.floor(clock() / 1000);
  if (discovery.tokenType === "id") checkIdTokenParties(verified, values.client_id ?? "");
  else checkAccessTokenClaims(verified, values);
  checkSubject(verified);
  checkTokenAge(verified, values.max_token_age, now);
  checkAuthTime(verified, values.max_auth_age, now);
  provider.check?.(verified, values, now);
  if (values.nonce !== undefined && !nonceMatches(provider, verified.nonce, values.nonce)) {
    const got = typeof verified.nonce === "string" ? "differs from the nonce given" : "is missing";
    throw new SignInRefusal("ERR_SIGNIN_NONCE", `The token's nonce ${got}.`, "nonce");
  }
  return verified;
}

/** The exact iss the token must carry: the configuration's issuer, its {tenantid} filled with the token's tid. */
function issuerOfToken(metadata: IssuerMetadata, discovery: DiscoveryPlan, tid: string | undefined): string {
  if (!metadata.issuer.includes(TENANT_ID_TEMPLATE)) return metadata.issuer;
  if (tid === undefined) {
    throw new SignInRefusal("ERR_SIGNIN_TENANT", "The token has no tid (tenant ID) GUID.", "tid");
  }
  const lower = tid.toLowerCase();
  if (
    (discovery.tenantTemplate === "consumers" && lower !== MICROSOFT_CONSUMERS_TENANT) ||
    (discovery.tenantTemplate === "organizations" && lower === MICROSOFT_CONSUMERS_TENANT)
  ) {
    throw new SignInRefusal(
      "ERR_SIGNIN_TENANT",
      `The token's tid ${JSON.stringify(tid)} is not admitted by the ${discovery.tenantTemplate} issuer.`,
      "tid",
    );
  }
  return metadata.issuer.replace(TENANT_ID_TEMPLATE, tid);
}

/** The provider's asymmetric algorithms, within what the configuration says it signs ID tokens with. */
function allowedAlgorithms(
  own: readonly Algorithm[],
  metadata: IssuerMetadata,
  tokenType: "id" | "access",
): readonly Algorithm[] {
  const said = metadata.id_token_signing_alg_values_supported;
  if (tokenType === "access" || said === undefined) return own;
  const allowed = own.filter((alg) => said.includes(alg));
  if (allowed.length > 0) return allowed;
  throw new SignInRefusal(
    "ERR_SIGNIN_DISCOVERY_INVALID",
    `The issuer's configuration signs ID tokens with ${said.slice(0, 5).join(", ") || "nothing"}; none is an asymmetric algorithm accepted here (${own.join(", ")}).`,
  );
}

/** An ID token is not an access token (typ at+jwt), and an RFC 9068 access token says typ at+jwt. */
function checkTokenType(header: JwtHeader, tokenType: "id" | "access"): void {
  const typ =
    typeof header.typ === "string" ? header.typ.toLowerCase().replace(/^application\//, "") : undefined;
  if (tokenType === "access" && typ !== "at+jwt") {
    throw new SignInRefusal(
      "ERR_SIGNIN_TOKEN_TYPE",
      `The token's typ header is ${typ === undefined ? "missing" : JSON.stringify(typ.slice(0, 40))}; an RFC 9068 access token says at+jwt.`,
      "typ",
    );
  }
  if (tokenType === "id" && typ === "at+jwt") {
    throw new SignInRefusal(
      "ERR_SIGNIN_TOKEN_TYPE",
      "The token is an access token (typ at+jwt), not an ID token: set token_type to access to check it as one.",
      "typ",
    );
  }
}

/** Core 3.1.3.7 steps 3 to 5: aud holds the client ID; several audiences need azp; azp, when present, is the client. */
function checkIdTokenParties(payload: JwtPayload, clientId: string): void {
  const aud = payload.aud;
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(clientId)) {
    throw new SignInRefusal(
      "ERR_SIGNIN_AUDIENCE",
      `The token's audience ${aud === undefined ? "is missing" : "does not hold your client ID"}; expected "${clientId}".`,
      "aud",
    );
  }
  const azp = payload.azp;
  if (audiences.length > 1 && azp === undefined) {
    throw new SignInRefusal(
      "ERR_SIGNIN_AZP",
      "The token has several audiences and no azp (authorized party): it cannot be told it was issued to your client.",
      "azp",
    );
  }
  if (azp !== undefined && azp !== clientId) {
    throw new SignInRefusal(
      "ERR_SIGNIN_AZP",
      "The token's azp (authorized party) is another client than your client ID.",
      "azp",
    );
  }
}

/** RFC 9068 section 4: aud holds the API's identifier, and client_id names the client. */
function checkAccessTokenClaims(payload: JwtPayload, values: SignInValues): void {
  const aud = payload.aud;
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(values.audience ?? "")) {
    throw new SignInRefusal(
      "ERR_SIGNIN_AUDIENCE",
      `The access token's audience ${aud === undefined ? "is missing" : "is another API's"}; expected "${values.audience}".`,
      "aud",
    );
  }
  const clientId = payload.client_id;
  if (typeof clientId !== "string" || clientId === "") {
    throw new SignInRefusal(
      "ERR_SIGNIN_CLIENT_ID",
      "The access token has no client_id claim (RFC 9068).",
      "client_id",
    );
  }
  if (values.client_id !== undefined && clientId !== values.client_id) {
    throw new SignInRefusal(
      "ERR_SIGNIN_CLIENT_ID",
      "The access token's client_id is another client than the client_id given.",
      "client_id",
    );
  }
}

function checkSubject(payload: JwtPayload): void {
  if (typeof payload.sub === "string" && payload.sub !== "") return;
  throw new SignInRefusal(
    "ERR_SIGNIN_SUBJECT",
    `The token's sub ${typeof payload.sub === "string" ? "is empty" : "is missing"}.`,
    "sub",
  );
}

/** iat is required (Core 3.1.3.7 step 10; RFC 9068); max_token_age bounds it. */
function checkTokenAge(payload: JwtPayload, maxAge: string | undefined, now: number): void {
  const iat = payload.iat;
  if (typeof iat !== "number" || !Number.isFinite(iat)) {
    throw new SignInRefusal("ERR_SIGNIN_TOKEN_AGE", "The token has no iat (issued at) claim.", "iat");
  }
  if (maxAge === undefined) return;
  const age = now - iat;
  if (age > Number(maxAge) + SIGN_IN_CLOCK_TOLERANCE_SECONDS) {
    throw new SignInRefusal(
      "ERR_SIGNIN_TOKEN_AGE",
      `The token was issued ${age} s ago; max_token_age allows ${maxAge} s.`,
      "iat",
    );
  }
}

/** Core 3.1.3.7 step 13: with max_age asked, auth_time is required and recent enough. */
function checkAuthTime(payload: JwtPayload, maxAge: string | undefined, now: number): void {
  if (maxAge === undefined) return;
  const authTime = payload.auth_time;
  if (typeof authTime !== "number" || !Number.isFinite(authTime)) {
    throw new SignInRefusal(
      "ERR_SIGNIN_AUTH_TIME",
      "The token has no auth_time claim, which max_auth_age requires.",
      "auth_time",
    );
  }
  if (authTime > now + SIGN_IN_CLOCK_TOLERANCE_SECONDS) {
    throw new SignInRefusal(
      "ERR_SIGNIN_AUTH_TIME",
      `The token's auth_time is ${authTime - now} s in the future.`,
      "auth_time",
    );
  }
  if (authTime + Number(maxAge) < now - SIGN_IN_CLOCK_TOLERANCE_SECONDS) {
    throw new SignInRefusal(
      "ERR_SIGNIN_AUTH_TIME",
      `The user signed in ${now - authTime} s ago; max_auth_age allows ${maxAge} s: ask them to sign in again.`,
      "auth_time",
    );
  }
}
