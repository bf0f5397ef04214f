import { defineInputs, exampleKey, type InputValues } from "../inputs/index.js";
import type { JwtKey } from "../jwt/index.js";
import { checkId } from "./lib/checks.js";
import { importSigningKey } from "./lib/keys.js";
import { bearerResult, type SignedToken, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

/** iat 60 s in the past for clock drift, exp 9 minutes ahead: under GitHub's 10 minutes even with drift. */
export const GITHUB_IAT_BACKDATE_SECONDS = 60;
export const GITHUB_EXP_AHEAD_SECONDS = 540;

/** The App JWT's inputs, shared with the installation-token exchange. */
export const GITHUB_APP_INPUTS = defineInputs([
  {
    name: "app_id",
    caption: "App ID or Client ID",
    type: "text",
    required: true,
    doc: "The app's Client ID (Iv23...) or numeric App ID, from the app's settings page (General > About).",
  },
  {
    name: "private_key",
    caption: "Private key",
    type: "secret",
    required: true,
    multiline: true,
    fallbackKey: "GITHUB_PRIVATE_KEY",
    doc: "The .pem private key generated in the app's settings (General > Private keys). Leave empty to use the plugin key GITHUB_PRIVATE_KEY.",
  },
]);

export const githubApp = defineRecipe({
  id: "github-app",
  display: "GitHub: App JWT",
  provider: "GitHub",
  summary:
    "The JWT a GitHub App authenticates with (/app endpoints, installation tokens), signed RS256, under 10 minutes.",
  source: import.meta.url,
  example: { app_id: "123456", private_key: exampleKey("rsa-pkcs1") },
  rules: [
    {
      rule: "Signed RS256 with the private key generated in the app's settings.",
      source:
        "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app",
    },
    {
      rule: "iss is the app's Client ID or its numeric App ID.",
      source:
        "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app",
    },
    {
      rule: "iat is set 60 s in the past against clock drift.",
      source:
        "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app",
    },
    {
      rule: "exp is no more than 10 minutes ahead; 9 minutes are used so that drift cannot push it over.",
      source:
        "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app",
    },
  ],
  inputs: GITHUB_APP_INPUTS,
  outputs: [{ name: "authorization_header", type: "text", doc: "Bearer <token>: the Authorization header." }],
  make(values, { clock }) {
    const signed = signGithubAppJwt(readGithubApp(values), clock());
    return bearerResult(signed);
  },
});

/** A GitHub App's checked identity: its iss value and its imported signing key. */
export interface GithubApp {
  readonly appId: string;
  readonly key: JwtKey;
}

/** Checks `app_id` and `private_key` by GitHub's rules (refusals name the input); signs nothing. */
export function readGithubApp(values: InputValues<typeof GITHUB_APP_INPUTS>): GithubApp {
  const appId = checkId("app_id", values.app_id ?? "", {
    pattern: /^(?:\d+|Iv[0-9A-Za-z.]+)$/,
    problem: "must be the numeric App ID or the Client ID (Iv1... or Iv23...)",
    rule: "GitHub's iss claim is the app's Client ID or App ID, both on the app's settings page.",
  });
  const key = importSigningKey(values.private_key ?? "", {
    input: "private_key",
    alg: "RS256",
    rule: "GitHub Apps sign with the RSA .pem key generated in the app's settings (RS256).",
  });
  return { appId, key };
}

/** The App JWT at `nowMs`: iat 60 s back, exp 9 minutes ahead, iss the App ID (a number) or Client ID. */
export function signGithubAppJwt(app: GithubApp, nowMs: number): SignedToken {
  const seconds = secondsOf(nowMs);
  return signPlan(
    {
      key: app.key,
      claims: {
        iat: seconds - GITHUB_IAT_BACKDATE_SECONDS,
        exp: seconds + GITHUB_EXP_AHEAD_SECONDS,
        iss: /^\d+$/.test(app.appId) ? Number(app.appId) : app.appId,
      },
    },
    nowMs,
  );
}
