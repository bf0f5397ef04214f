import { defineInputs } from "../inputs/index.js";
import { checkSecretForm, lifetimeSeconds } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const DOCS = "https://talkjs.com/docs/Features/Security_Settings/Authentication/";

const SECRET_RULE =
  "TalkJS signs user tokens HS256 with the app's secret key (Settings in the TalkJS dashboard), which starts " +
  "with sk_test_ or sk_live_; the publishable App ID is not a secret key.";

const INPUTS = defineInputs([
  {
    name: "app_id",
    caption: "App ID",
    type: "text",
    required: true,
    pattern: "^[A-Za-z0-9]+$",
    formDoc: "letters and digits, such as tPx0Lx8s",
    doc: "The TalkJS App ID (dashboard, Settings): the token's iss and the appId the Session is made with.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "The id of the user the Session is for: the token's sub, the same userId passed to new Talk.Session.",
  },
  {
    name: "secret_key",
    caption: "Secret key",
    type: "secret",
    required: true,
    fallbackKey: "TALKJS_SECRET_KEY",
    doc: "The app's secret key (dashboard, Settings; sk_test_... or sk_live_...). Leave empty to use the plugin key TALKJS_SECRET_KEY.",
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 1440,
    doc: "Minutes until the token expires (default 1440, one day, as in TalkJS's example). TalkJS states no maximum; a tokenFetcher gets a new one when it expires.",
  },
]);

export const talkjsToken = defineRecipe({
  id: "talkjs-token",
  display: "TalkJS: user authentication token",
  provider: "TalkJS",
  summary:
    "The user token for a TalkJS Session (token or tokenFetcher), signed HS256 with the app's secret key.",
  source: import.meta.url,
  example: {
    app_id: "tPx0Lx8s",
    user_id: "user-42",
    secret_key: "sk_test_TalkJsExampleSecretKey0123456789",
  },
  rules: [
    { rule: "Signed HS256 with the app's secret key as text.", source: DOCS },
    { rule: "tokenType is user: a user token, not an app token for the REST API.", source: DOCS },
    { rule: "iss is the App ID and sub the id of the user the Session is for.", source: DOCS },
    { rule: "exp is set; TalkJS's example gives one day.", source: DOCS },
  ],
  inputs: INPUTS,
  outputs: [],
  make(values, { clock }) {
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 1440, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "A TalkJS token should expire; give a positive number of minutes (TalkJS's example uses one day).",
    });
    const secret = checkSecretForm("secret_key", values.secret_key ?? "", {
      pattern: /^sk_(?:test|live)_\S+$/,
      problem: "must be the app's secret key, starting with sk_test_ or sk_live_",
      rule: SECRET_RULE,
    });
    const key = importProviderSecret(secret, {
      input: "secret_key",
      alg: "HS256",
      encoding: "text",
      rule: SECRET_RULE,
    });
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: {
          tokenType: "user",
          iss: values.app_id.trim(),
          sub: values.user_id,
          iat,
          exp: iat + lifetime,
        },
      },
      now,
    );
    return { token: signed.token, expiresAt: signed.expiresAt, outputs: {}, warnings: signed.warnings };
  },
});
