import { defineInputs } from "../inputs/index.js";
import { lifetimeSeconds } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const INPUTS = defineInputs([
  {
    name: "api_secret",
    caption: "API secret",
    type: "secret",
    required: true,
    fallbackKey: "STREAM_API_SECRET",
    doc: "The app's API secret (Stream dashboard > your app > App Access Keys). Leave empty to use the plugin key STREAM_API_SECRET.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "The user's id: the same id you pass to connectUser.",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    doc: "Optional minutes until the token expires; empty for a token without expiry (Stream's default).",
  },
]);

export const streamUserToken = defineRecipe({
  id: "stream-user-token",
  display: "Stream: user token",
  provider: "Stream",
  summary: "A Stream Chat or Video user token for connectUser, signed HS256 with the app's API secret.",
  source: import.meta.url,
  example: { api_secret: "streamSecretStreamSecretStream123", user_id: "john", lifetime_minutes: 60 },
  rules: [
    {
      rule: "Signed HS256 with the app's API secret as text.",
      source: "https://getstream.io/chat/docs/node/tokens_and_authentication/",
    },
    {
      rule: "user_id is the id the client passes to connectUser.",
      source: "https://getstream.io/chat/docs/node/tokens_and_authentication/",
    },
    {
      rule: "exp is optional: without it the token never expires.",
      source: "https://getstream.io/chat/docs/node/tokens_and_authentication/",
    },
    {
      rule: "iat is written so that tokens issued before a revocation are refused.",
      source: "https://getstream.github.io/stream-cli/stream-cli_chat_revoke-token.html",
    },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const lifetime =
      values.lifetime_minutes === undefined
        ? undefined
        : lifetimeSeconds(values.lifetime_minutes, {
            input: "lifetime_minutes",
            unit: "minutes",
            rule: "Stream accepts any exp; without one the token never expires.",
          });
    const key = importProviderSecret(values.api_secret ?? "", {
      input: "api_secret",
      alg: "HS256",
      encoding: "text",
      rule: "Stream signs user tokens with the app's API secret as text (HS256).",
    });
    const now = clock();
    const iat = secondsOf(now);
    // iat lets Stream refuse tokens issued before a revocation (revoke_tokens_issued_before).
    const signed = signPlan(
      {
        key,
        claims: {
          user_id: values.user_id ?? "",
          ...(lifetime === undefined ? {} : { exp: iat + lifetime }),
          iat,
        },
      },
      now,
    );
    const warnings = [...signed.warnings];
    if (lifetime === undefined) warnings.push("The token never expires: revoke it in Stream if it leaks.");
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings };
  },
});
