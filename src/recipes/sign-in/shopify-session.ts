/**
 * Shopify App Bridge session tokens (App Bridge now calls them ID tokens): what an embedded app's front
 * end sends its backend as `Authorization: Bearer <JWT>`, signed HS256 with the app's client secret
 * (https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens), checked as
 * @shopify/shopify-api's decodeSessionToken does, plus the one-minute lifetime and the shop the docs
 * describe.
 */
import { defineInputs, defineOperation, type OperationContext, type OutputSpec } from "../../inputs/index.js";
import {
  type Clock,
  decodeJwt,
  importKey,
  JwtError,
  type JwtPayload,
  systemClock,
  verifyJwt,
} from "../../jwt/index.js";
import { reasonOf, type SignInReasonCode, SignInRefusal } from "./reasons.js";
import { refusedOutputs, verdictOutputs, withoutBearer } from "./verdict.js";

/** decode-session-token.ts JWT_PERMITTED_CLOCK_TOLERANCE (the Ruby gem's JWT_LEEWAY is 10 s too). */
export const SHOPIFY_CLOCK_TOLERANCE_SECONDS = 10;

/** "The lifetime of a session token is one minute" (shopify.dev, session tokens). */
export const SHOPIFY_SESSION_LIFETIME_SECONDS = 60;

/** dest: the shop's own domain, https://{shop}.myshopify.com, and nothing after it. */
const SHOP_ORIGIN = /^https:\/\/([a-z0-9][a-z0-9-]*)\.myshopify\.com$/i;

const INPUTS = defineInputs([
  {
    name: "token",
    caption: "Session token",
    type: "text",
    required: true,
    doc: "The session (ID) token App Bridge added to the request's Authorization header, with or without its Bearer prefix.",
  },
  {
    name: "api_key",
    caption: "API key (client ID)",
    type: "text",
    required: true,
    pattern: "^\\S+$",
    formDoc: "the client ID as shown, without spaces",
    doc: "The app's client ID (API key): Partner Dashboard or Dev Dashboard > your app > Settings > Client ID, or SHOPIFY_API_KEY in the app's environment.",
  },
  {
    name: "api_secret",
    caption: "API secret (client secret)",
    type: "secret",
    required: true,
    fallbackKey: "SHOPIFY_API_SECRET",
    doc: "The app's client secret (API secret key), next to the client ID in the app's settings; it signs the session tokens. Leave empty to use the plugin key SHOPIFY_API_SECRET (the environment variable SHOPIFY_API_SECRET for the service).",
  },
]);

const OUTPUTS = [
  ...verdictOutputs({
    valid: "Yes when Shopify made the token for your app, for one shop, and it is current.",
    reasons: "the sign-in reason table, e.g. ERR_JWT_EXPIRED",
    subject: "token",
  }),
  { name: "shop", type: "text", doc: "The shop's domain, e.g. my-shop.myshopify.com (from dest)." },
  { name: "user_id", type: "text", doc: "The staff member using the app (sub), a Shopify user ID." },
  { name: "session_id", type: "text", doc: "The admin session (sid)." },
  { name: "token_id", type: "text", doc: "The token's unique ID (jti), to refuse a replayed token." },
  { name: "expires_at", type: "date", doc: "When the token expires (exp)." },
  { name: "claims_json", type: "text", doc: "Every claim of the verified token, as JSON text." },
] as const satisfies readonly OutputSpec[];

type Outputs = {
  valid: boolean;
  reason_code: SignInReasonCode | null;
  error: string | null;
  shop: string | null;
  user_id: string | null;
  session_id: string | null;
  token_id: string | null;
  expires_at: Date | null;
  claims_json: string | null;
};

/**
 * Checks a Shopify session token with the app's secret. A refused token is `valid: false` with a
 * `reason_code` (never thrown); no network.
 */
export function verifyShopifySession(
  values: { token: string; api_key: string; api_secret: string },
  options: { clock?: Clock } = {},
): Outputs {
  const clock = options.clock ?? systemClock;
  const secret = values.api_secret.trim();
  if (secret === "") {
    throw new JwtError("ERR_OPTION_INVALID", {
      option: "api_secret",
      reason: "missing",
      problem: "is required",
      fix: "Give the app's client secret, or set SHOPIFY_API_SECRET.",
    });
  }
  // The secret as Shopify's library uses it: its UTF-8 bytes, whatever its length (jose sets no minimum).
  const key = importKey(Buffer.from(secret, "utf8"), { alg: "HS256", allowWeakKey: true });
  try {
    const token = withoutBearer(values.token);
    decodeJwt(token);
    const { payload } = verifyJwt(token, key, {
      algorithms: ["HS256"],
      clock,
      clockToleranceSeconds: SHOPIFY_CLOCK_TOLERANCE_SECONDS,
    });
    checkLifetime(payload);
    const apiKey = values.api_key.trim();
    if (payload.aud !== apiKey) {
      throw new SignInRefusal(
        "ERR_SIGNIN_AUDIENCE",
        `The token's aud ${payload.aud === undefined ? "is missing" : "is another app's client ID"}; expected api_key "${apiKey.slice(0, 100)}".`,
        "aud",
      );
    }
    return accepted(payload, shopOf(payload));
  } catch (error) {
    if (error instanceof SignInRefusal) return refused(error.code, error.message);
    if (error instanceof JwtError && error.code !== "ERR_OPTION_INVALID") {
      return refused(reasonOf(error), error.message);
    }
    throw error;
  }
}

function checkLifetime(payload: JwtPayload): void {
  const { iat, exp } = payload;
  if (typeof iat !== "number") {
    throw new SignInRefusal(
      "ERR_SIGNIN_LIFETIME",
      "The token has no iat; Shopify's session tokens have one.",
      "iat",
    );
  }
  const lifetime = (exp as number) - iat;
  if (lifetime > SHOPIFY_SESSION_LIFETIME_SECONDS) {
    throw new SignInRefusal(
      "ERR_SIGNIN_LIFETIME",
      `The token lives ${lifetime} s (exp - iat); Shopify's session tokens live one minute.`,
      "exp",
    );
  }
}

/** dest names the shop; iss must be the same shop's admin. Gives the shop's domain. */
function shopOf(payload: JwtPayload): string {
  const { dest, iss } = payload;
  const match = typeof dest === "string" ? SHOP_ORIGIN.exec(dest) : null;
  if (match === null) {
    const got = typeof dest === "string" ? JSON.stringify(dest.slice(0, 100)) : "missing";
    throw new SignInRefusal(
      "ERR_SIGNIN_SHOP",
      `The token's dest is ${got}; Shopify names the shop as https://{shop}.myshopify.com.`,
      "dest",
    );
  }
  const origin = (dest as string).toLowerCase();
  if (typeof iss !== "string" || iss.toLowerCase() !== `${origin}/admin`) {
    const got = typeof iss === "string" ? JSON.stringify(iss.slice(0, 100)) : "missing";
    throw new SignInRefusal(
      "ERR_SIGNIN_SHOP",
      `The token's iss is ${got}; for dest ${origin} Shopify says ${origin}/admin.`,
      "iss",
    );
  }
  return origin.slice("https://".length);
}

function refused(code: SignInReasonCode, message: string): Outputs {
  return refusedOutputs(OUTPUTS, code, message);
}

function accepted(payload: JwtPayload, shop: string): Outputs {
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    valid: true,
    reason_code: null,
    error: null,
    shop,
    user_id: typeof payload.sub === "number" ? String(payload.sub) : text(payload.sub),
    session_id: text(payload.sid),
    token_id: text(payload.jti),
    expires_at: typeof payload.exp === "number" ? new Date(payload.exp * 1000) : null,
    claims_json: JSON.stringify(payload),
  };
}

export const shopifySession = defineOperation({
  id: "shopify-session",
  kind: "sign-in",
  display: "Shopify: verify session token",
  provider: "Shopify",
  summary:
    "Checks the session (ID) token an embedded Shopify app's front end sends with each request, with the app's client secret, and gives the shop and the staff member.",
  inputs: INPUTS,
  outputs: OUTPUTS,
  // Signed with the example secret for 2026-12-01T10:00:00Z: valid for that minute only, as Shopify's are.
  example: {
    token:
      "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2V4YW1wbGUtc2hvcC5teXNob3BpZnkuY29tL2FkbWluIiwiZGVzdCI6Imh0dHBzOi8vZXhhbXBsZS1zaG9wLm15c2hvcGlmeS5jb20iLCJhdWQiOiJhMWIyYzNkNGU1ZjZhN2I4YzlkMGUxZjJhM2I0YzVkNiIsInN1YiI6IjQyIiwiZXhwIjoxNzk2MTE5MjYwLCJuYmYiOjE3OTYxMTkyMDAsImlhdCI6MTc5NjExOTIwMCwianRpIjoiMGU4YjRmNWEtM2I2Yy00ZDJlLTlmMWEtN2M4ZDllMGYxYTJiIiwic2lkIjoiOGE3YjZjNWQtNGUzZi0yYTFiLTBjOWQtOGU3ZjZhNWI0YzNkIn0._cVffdVJ-02F6fp5ypBoQhjJxgCob75qy35Jn8ILDKo",
    api_key: "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6",
    api_secret: "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",
  },
  rules: [
    {
      rule: "The token is HS256 only, signed with the app's client secret (API secret key); App Bridge sends it as Authorization: Bearer <JWT>, and the Bearer prefix is taken off.",
      source: "packages/apps/shopify-api/lib/session/decode-session-token.ts (Shopify/shopify-app-js)",
    },
    {
      rule: "exp and nbf are checked with 10 s of clock tolerance (JWT_PERMITTED_CLOCK_TOLERANCE); iat may not be more than 10 s in the future.",
      source: "packages/apps/shopify-api/lib/session/decode-session-token.ts (Shopify/shopify-app-js)",
    },
    {
      rule: 'aud equals the app\'s client ID (API key): "Session token had invalid API key" otherwise.',
      source: "packages/apps/shopify-api/lib/session/decode-session-token.ts (Shopify/shopify-app-js)",
    },
    {
      rule: "The token lives one minute: iat is required and exp - iat is at most 60 s (the docs' lifetime; the library does not check it).",
      source: "https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens",
    },
    {
      rule: "dest is the shop's domain https://{shop}.myshopify.com and iss the same shop's admin, https://{shop}.myshopify.com/admin; the shop output is dest's host.",
      source: "packages/apps/shopify-api/lib/session/types.ts JwtPayload (Shopify/shopify-app-js)",
    },
  ],
  source: import.meta.url,
  run(values, context: OperationContext): Outputs {
    return verifyShopifySession(values, { clock: context.clock });
  },
});
