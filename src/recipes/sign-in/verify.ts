import { type InputSpec, type InputValues, readInputs } from "../../inputs/index.js";
import {
  type Clock,
  decodeJwt,
  decryptJwt,
  importKey,
  JwtError,
  type JwtPayload,
  systemClock,
  verifyJwt,
} from "../../jwt/index.js";
import {
  AUTHJS_CLOCK_TOLERANCE_SECONDS,
  AUTHJS_DEFAULT_COOKIE,
  type AuthjsVersion,
  authjsKey,
} from "../lib/authjs-key.js";
import { checkSignInEndpoints, signInKeyUrl } from "./endpoints.js";
import { SIGN_IN_INPUTS, type SignInInputName } from "./inputs.js";
import { type SignInKeySets, sharedSignInKeySets } from "./key-sets.js";
import { fillTemplate, GUID, nonceMatches, type SignInProvider, type SignInValues } from "./provider.js";
import { MICROSOFT_MULTI_TENANT, SIGN_IN_PROVIDERS } from "./providers/index.js";
import { reasonOf, type SignInReasonCode, SignInRefusal } from "./reasons.js";

/** The clock difference allowed for exp, nbf and iat (providers.md: "allow ~60 s skew"). */
export const SIGN_IN_CLOCK_TOLERANCE_SECONDS = 60;

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
  return {
    valid: false,
    reason_code: code,
    error: message,
    subject: null,
    email: null,
    email_verified: null,
    name: null,
    issuer: null,
    audience: null,
    issued_at: null,
    expires_at: null,
    claims_json: null,
  };
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
    read[name] = typeof value === "string" ? readForm(name as SignInInputName, value.trim()) : undefined;
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
    case "issuer": {
      // Compared exactly with the token's iss, never fetched: an https URL, kept as given.
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      if (
        url !== undefined &&
        url.protocol === "https:" &&
        url.username === "" &&
        url.password === "" &&
        url.search === "" &&
        url.hash === "" &&
        !/\s/.test(value)
      ) {
        return value;
      }
      throw fail(
        "must be an https URL without query or fragment, such as https://auth.example.com",
        "Copy the iss of one of your access tokens exactly (decode it with the action Decode JWT).",
      );
    }
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

function refuseInput(name: string, reason: string, problem: string, fix: string): JwtError {
  return new JwtError("ERR_OPTION_INVALID", {
    option: name,
    reason,
    problem,
    ...(fix === "" ? {} : { fix }),
  });
}
