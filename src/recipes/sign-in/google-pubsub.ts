/**
 * Google Cloud Pub/Sub push: the token a push subscription with authentication sends as
 * `Authorization: Bearer <JWT>` (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions),
 * checked as that page says: Google's signature, the audience set on the subscription, and the push
 * service account in `email` with `email_verified` true.
 */
import { defineInputs, defineOperation, type OperationContext, type OutputSpec } from "../../inputs/index.js";
import { type Clock, decodeJwt, JwtError, type JwtPayload, systemClock, verifyJwt } from "../../jwt/index.js";
import { checkSignInEndpoints, SIGN_IN_ENDPOINTS, signInKeyUrl } from "./endpoints.js";
import { type SignInKeySets, sharedSignInKeySets } from "./key-sets.js";
import { reasonOf, type SignInReasonCode, SignInRefusal } from "./reasons.js";
import { refusedOutputs, SIGN_IN_CLOCK_TOLERANCE_SECONDS, verdictOutputs, withoutBearer } from "./verdict.js";

/** Both spellings Google's ID tokens use (google-auth-library's OAuth2Client accepts the two). */
export const PUBSUB_ISSUERS = Object.freeze(["accounts.google.com", "https://accounts.google.com"]);

/**
 * The furthest exp may be ahead: google-auth-library's DEFAULT_MAX_TOKEN_LIFETIME_SECS_ (one day).
 * A push token lasts an hour; one that claims a day or more was not made by Pub/Sub.
 */
export const PUBSUB_MAX_LIFETIME_SECONDS = 86_400;

/** Google's keys only: the one endpoint this check calls. */
const ENDPOINTS = Object.freeze({ "google.keys": SIGN_IN_ENDPOINTS["google.keys"] });

const INPUTS = defineInputs([
  {
    name: "token",
    caption: "Push token",
    type: "text",
    required: true,
    doc: "The push request's Authorization header: the JWT, with or without its Bearer prefix.",
  },
  {
    name: "audience",
    caption: "Audience",
    type: "text",
    required: true,
    doc: "The audience set on the push subscription (Edit subscription > Enable authentication > Audience); when it was left empty, Pub/Sub uses the push endpoint URL.",
  },
  {
    name: "service_account_email",
    caption: "Service account email",
    type: "text",
    required: true,
    pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
    formDoc: "an email address such as push-invoker@my-project.iam.gserviceaccount.com",
    doc: "The service account the push subscription authenticates as (Edit subscription > Enable authentication > Service account), e.g. push-invoker@my-project.iam.gserviceaccount.com.",
  },
]);

const OUTPUTS = [
  ...verdictOutputs({
    valid: "Yes when the push came from Pub/Sub, for this subscription's audience and service account.",
    reasons: "the sign-in reason table, e.g. ERR_SIGNIN_AUDIENCE",
    subject: "token",
  }),
  { name: "email", type: "text", doc: "The service account that pushed (email)." },
  { name: "subject", type: "text", doc: "The service account's unique ID (sub)." },
  { name: "audience", type: "text", doc: "The token's audience (aud)." },
  { name: "issued_at", type: "date", doc: "When the token was issued (iat)." },
  { name: "expires_at", type: "date", doc: "When the token expires (exp)." },
  { name: "claims_json", type: "text", doc: "Every claim of the verified token, as JSON text." },
] as const satisfies readonly OutputSpec[];

type Outputs = {
  valid: boolean;
  reason_code: SignInReasonCode | null;
  error: string | null;
  email: string | null;
  subject: string | null;
  audience: string | null;
  issued_at: Date | null;
  expires_at: Date | null;
  claims_json: string | null;
};

export interface PubSubPushOptions {
  clock?: Clock;
  /** `{ "google.keys": "https://..." }`, https only: tests and proxies. */
  endpoints?: Readonly<Record<string, string>>;
  /** Extra trusted certificate authority (PEM) for the key URL. */
  ca?: string | Buffer;
  /** Where fetched keys are kept: the process's shared key sets (with the sign-in check's) by default. */
  cache?: SignInKeySets;
}

/**
 * Checks a Pub/Sub push token. A refused token is `valid: false` with a `reason_code` (never thrown);
 * a wrong input or endpoint throws a JwtError naming it.
 */
export async function verifyPubSubPush(
  values: { token: string; audience: string; service_account_email: string },
  options: PubSubPushOptions = {},
): Promise<Outputs> {
  const keyUrl = keyUrlOf(options.endpoints);
  const audience = values.audience.trim();
  const account = values.service_account_email.trim();
  try {
    return accepted(await check(withoutBearer(values.token), audience, account, keyUrl, options));
  } catch (error) {
    if (error instanceof SignInRefusal) return refused(error.code, error.message);
    if (error instanceof JwtError && error.code !== "ERR_OPTION_INVALID") {
      return refused(reasonOf(error), error.message);
    }
    throw error;
  }
}

async function check(
  token: string,
  audience: string,
  account: string,
  keyUrl: string,
  options: PubSubPushOptions,
): Promise<JwtPayload> {
  const clock = options.clock ?? systemClock;
  const { header, payload: unverified } = decodeJwt(token);
  // Before any key is fetched: a token that is not Google's never makes Google's keys be fetched again.
  const iss = unverified.iss;
  if (typeof iss !== "string" || !PUBSUB_ISSUERS.includes(iss)) {
    const got = typeof iss === "string" ? JSON.stringify(iss.slice(0, 100)) : "missing";
    throw new SignInRefusal(
      "ERR_SIGNIN_ISSUER",
      `The token's issuer is ${got}; Pub/Sub push tokens say https://accounts.google.com (or accounts.google.com).`,
      "iss",
    );
  }
  if (header.alg !== "RS256") {
    throw new SignInRefusal(
      "ERR_ALG_NOT_ALLOWED",
      `The token's algorithm is ${JSON.stringify(String(header.alg).slice(0, 20))}; Google signs push tokens with RS256 only.`,
      "alg",
    );
  }
  // Only Google's key URL (or its override) is ever fetched: a jku, x5u or jwk in the header is ignored.
  const keySet = await (options.cache ?? sharedSignInKeySets)
    .get(keyUrl, "jwks", options.ca)
    .getKeySet(header.kid);
  const { payload } = verifyJwt(token, keySet, {
    algorithms: ["RS256"],
    clock,
    clockToleranceSeconds: SIGN_IN_CLOCK_TOLERANCE_SECONDS,
    issuer: PUBSUB_ISSUERS,
    requiredClaims: ["iat"],
  });
  const now = Math.floor(clock() / 1000);
  if (typeof payload.exp === "number" && payload.exp >= now + PUBSUB_MAX_LIFETIME_SECONDS) {
    throw new SignInRefusal(
      "ERR_JWT_CLAIM_INVALID",
      `The token's exp is ${payload.exp - now} s ahead; Google's tokens last at most a day (push tokens an hour).`,
      "exp",
    );
  }
  if (payload.aud !== audience) {
    throw new SignInRefusal(
      "ERR_SIGNIN_AUDIENCE",
      `The token's audience ${payload.aud === undefined ? "is missing" : "is another subscription's"}; expected "${audience.slice(0, 200)}".`,
      "aud",
    );
  }
  const email = payload.email;
  if (typeof email !== "string" || email.toLowerCase() !== account.toLowerCase()) {
    throw new SignInRefusal(
      "ERR_SIGNIN_SERVICE_ACCOUNT",
      `The token's email ${typeof email === "string" ? `is ${JSON.stringify(email.slice(0, 100))}` : "is missing"}; expected the push service account ${JSON.stringify(account.slice(0, 100))}.`,
      "email",
    );
  }
  if (payload.email_verified !== true && payload.email_verified !== "true") {
    throw new SignInRefusal(
      "ERR_SIGNIN_EMAIL_UNVERIFIED",
      "The token's email_verified is not true; Pub/Sub's push tokens say true.",
      "email_verified",
    );
  }
  return payload;
}

/** Google's key URL, or its override (the only endpoint this check calls). */
function keyUrlOf(endpoints: Readonly<Record<string, string>> | undefined): string {
  checkSignInEndpoints(endpoints, ENDPOINTS);
  return signInKeyUrl("google.keys", {}, endpoints);
}

function refused(code: SignInReasonCode, message: string): Outputs {
  return refusedOutputs(OUTPUTS, code, message);
}

function accepted(payload: JwtPayload): Outputs {
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const date = (value: unknown) => (typeof value === "number" ? new Date(value * 1000) : null);
  return {
    valid: true,
    reason_code: null,
    error: null,
    email: text(payload.email),
    subject: text(payload.sub),
    audience: text(payload.aud),
    issued_at: date(payload.iat),
    expires_at: date(payload.exp),
    claims_json: JSON.stringify(payload),
  };
}

export const googlePubsub = defineOperation({
  id: "google-pubsub",
  kind: "sign-in",
  display: "Google: verify Pub/Sub push",
  provider: "Google",
  summary:
    "Checks the token a Pub/Sub push subscription sends in its Authorization header: Google's signature, the subscription's audience and its service account.",
  inputs: INPUTS,
  outputs: OUTPUTS,
  // A token of the right shape that verifies nowhere: the example shows the inputs, not a live push.
  example: {
    token:
      "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUta2V5IiwidHlwIjoiSldUIn0.eyJhdWQiOiJodHRwczovL2V4YW1wbGUuY29tL3B1c2giLCJhenAiOiIxMTM3NzQyNjQ0NjMwMzgzMjE5NjQiLCJlbWFpbCI6InB1c2gtaW52b2tlckBteS1wcm9qZWN0LmlhbS5nc2VydmljZWFjY291bnQuY29tIiwiZW1haWxfdmVyaWZpZWQiOnRydWUsImV4cCI6MTc5NjEyMjgwMCwiaWF0IjoxNzk2MTE5MjAwLCJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJzdWIiOiIxMTM3NzQyNjQ0NjMwMzgzMjE5NjQifQ.c2lnbmF0dXJlLW9mLWFuLWV4YW1wbGU",
    audience: "https://example.com/push",
    service_account_email: "push-invoker@my-project.iam.gserviceaccount.com",
  },
  rules: [
    {
      rule: "The push request carries the JWT as Authorization: Bearer <JWT>; the Bearer prefix is taken off.",
      source: "https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions",
    },
    {
      rule: "Signed by Google with RS256 under a kid of Google's keys at https://www.googleapis.com/oauth2/v3/certs (only that URL or its https override is fetched, never one the token names); iss accounts.google.com or https://accounts.google.com.",
      source: "https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions",
    },
    {
      rule: "aud equals the audience configured on the push subscription.",
      source: "https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions",
    },
    {
      rule: "email equals the subscription's service account and email_verified is true.",
      source: "https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions",
    },
    {
      rule: "exp and iat are required and checked with 60 s of clock tolerance; exp at most a day ahead (google-auth-library allows 300 s of skew: this check is stricter).",
      source:
        "src/auth/oauth2client.ts verifySignedJwtWithCertsAsync, DEFAULT_MAX_TOKEN_LIFETIME_SECS_ (googleapis/google-auth-library-nodejs)",
    },
  ],
  source: import.meta.url,
  endpoints: ENDPOINTS,
  run(values, context: OperationContext): Promise<Outputs> {
    return verifyPubSubPush(values, {
      clock: context.clock,
      ...(context.endpoints === undefined ? {} : { endpoints: context.endpoints }),
      ...(context.ca === undefined ? {} : { ca: context.ca }),
    });
  },
});
