import { defineInputs, exampleKey } from "../../inputs/index.js";
import { GITHUB_APP_INPUTS, readGithubApp, signGithubAppJwt } from "../github-app.js";
import { checkId, parseJsonObject } from "../lib/checks.js";
import { refuseInput, shown } from "../lib/refuse.js";
import { bearer } from "../lib/sign.js";
import { keyFingerprint } from "./cache.js";
import { defineExchange } from "./define-exchange.js";
import { EXCHANGE_ENDPOINTS, endpointUrl, joinPath } from "./endpoints.js";
import { ExchangeError } from "./errors.js";
import { answerError, type ProviderErrorRule, readSuccess } from "./lib/answers.js";
import { type HttpsAnswer, postHttps } from "./lib/https-post.js";

const SITE = { exchange: "github-installation-token", provider: "GitHub" } as const;

/** GitHub's two clock-skew answers (§13), which octokit retries once with the answer's Date. */
export const GITHUB_CLOCK_SKEW =
  /'Issued at' claim \('iat'\) is in the future|'Expiration time' claim \('exp'\) is too far in the future/;

/**
 * The largest clock difference the retry corrects. GitHub asks for iat 60 s in the past "to protect
 * against clock drift" and for an accurate server clock (NTP), and refuses an App JWT whose exp is
 * more than 10 minutes ahead (docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app).
 * A difference beyond the JWT's whole lifetime is a wrong clock or an endpoint that is not GitHub,
 * not drift: following it would sign an App JWT valid at another time.
 */
export const GITHUB_MAX_CLOCK_CORRECTION_MS = 10 * 60_000;

/** providers.md §13 "Errors" and the endpoint's documented statuses. */
export const GITHUB_ERRORS: readonly ProviderErrorRule[] = [
  {
    status: 401,
    description: GITHUB_CLOCK_SKEW,
    code: "ERR_EXCHANGE_CLOCK_SKEW",
    check:
      "This server's clock and GitHub's still differ after one retry on GitHub's time: set this server's clock right (NTP).",
  },
  {
    status: 401,
    description: /could not be decoded/i,
    code: "ERR_EXCHANGE_INVALID_GRANT",
    check:
      "private_key must be the app's .pem key (General > Private keys) and app_id the same app's App ID or Client ID.",
  },
  {
    status: 401,
    description: /must be an Integer/i,
    code: "ERR_EXCHANGE_INVALID_REQUEST",
    check: "GitHub could not read the App JWT's times; check the endpoint.",
  },
  {
    status: 401,
    code: "ERR_EXCHANGE_INVALID_CLIENT",
    check:
      "app_id and private_key must belong to the same app, and the key must not be deleted in its settings.",
  },
  {
    status: 403,
    code: "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
    check: "The installation may be suspended, or the app may not create tokens for it.",
  },
  {
    status: 404,
    code: "ERR_EXCHANGE_NOT_FOUND",
    check:
      "installation_id must be an installation of this app: the number at the end of its settings URL (.../settings/installations/<id>).",
  },
  {
    status: 422,
    code: "ERR_EXCHANGE_INVALID_SCOPE",
    check:
      "repositories and permissions_json may ask only for repositories the installation can access and permissions the app was granted.",
  },
];

const INPUTS = defineInputs([
  ...GITHUB_APP_INPUTS,
  {
    name: "installation_id",
    caption: "Installation ID",
    type: "text",
    required: true,
    doc: "The installation's number: the end of its settings URL (github.com/settings/installations/<id>), or from GET /app/installations.",
  },
  {
    name: "repositories",
    caption: "Repositories",
    type: "list",
    doc: "Optional: limit the token to these repositories of the installation (names without the owner, separated by commas).",
  },
  {
    name: "permissions_json",
    caption: "Permissions (JSON)",
    type: "long-text",
    doc: 'Optional: limit the token\'s permissions, e.g. {"contents": "read", "issues": "write"}.',
  },
]);

export const githubInstallationToken = defineExchange({
  id: "github-installation-token",
  display: "GitHub: installation token",
  provider: "GitHub",
  summary: "An installation access token (ghs_..., one hour): the App JWT exchanged at the REST API.",
  source: import.meta.url,
  example: {
    app_id: "123456",
    private_key: exampleKey("rsa-pkcs1"),
    installation_id: "4242",
    repositories: "hello-world, docs",
  },
  rules: [
    {
      rule: "The request is authenticated by the App JWT: RS256, iss the Client ID or App ID, iat 60 s back, exp under 10 minutes ahead.",
      source:
        "https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app",
    },
    {
      rule: "The token is made by POST /app/installations/{installation_id}/access_tokens, the installation named by its number.",
      source: "https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app",
    },
    {
      rule: "repositories lists repository names without the owner, and permissions maps each permission to a level such as read.",
      source: "https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app",
    },
    {
      rule: "After a clock-skew 401, the request is retried once on GitHub's time, read from the answer's Date header.",
      source: "src/hook.ts (octokit/auth-app.js)",
    },
  ],
  inputs: INPUTS,
  outputs: [
    { name: "access_token", type: "text", doc: "The installation token (ghs_...)." },
    { name: "expires_at", type: "date", doc: "When the token expires (one hour)." },
    {
      name: "permissions_json",
      type: "text",
      doc: "The token's permissions, as GitHub answered them (JSON).",
    },
    { name: "authorization_header", type: "text", doc: "Bearer <access_token>: the Authorization header." },
  ],
  endpoints: { "github.api": EXCHANGE_ENDPOINTS["github.api"] },
  prepare(values, context) {
    const app = readGithubApp(values);
    const installationId = checkId("installation_id", values.installation_id ?? "", {
      pattern: /^\d{1,20}$/,
      problem: "must be the installation's number",
      rule: "GitHub names an installation by a number: the end of its settings URL.",
    });
    const repositories = values.repositories ?? [];
    for (const name of repositories) {
      if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) {
        throw refuseInput(
          "repositories",
          `must list repository names without the owner; got ${shown(name, 40)}`,
          "GitHub's repositories member takes names such as my-repo, not owner/my-repo.",
        );
      }
    }
    const permissions = readPermissions(values.permissions_json);
    const url = joinPath(
      endpointUrl("github.api", context.endpoints),
      `/app/installations/${installationId}/access_tokens`,
    );
    const request: Record<string, unknown> = {
      ...(repositories.length > 0 ? { repositories } : {}),
      ...(permissions === undefined ? {} : { permissions }),
    };
    const body = Object.keys(request).length > 0 ? JSON.stringify(request) : "";
    const post = (nowMs: number): Promise<HttpsAnswer> =>
      postHttps(
        url,
        body,
        {
          accept: "application/vnd.github+json",
          authorization: bearer(signGithubAppJwt(app, nowMs).token),
          "user-agent": "bubble-jwt",
          ...(body === "" ? {} : { "content-type": "application/json" }),
        },
        context,
        SITE,
      );
    return {
      cacheKey: [
        url.href,
        app.appId,
        keyFingerprint(app.key),
        installationId,
        [...new Set(repositories)].sort(),
        permissions ?? null,
      ],
      async request() {
        let answer = await post(context.clock());
        // As octokit does: one retry with GitHub's time, taken from the answer's Date header.
        if (answer.status === 401 && answer.date !== undefined && GITHUB_CLOCK_SKEW.test(answer.body)) {
          const offset = answer.date - context.clock();
          if (Math.abs(offset) > GITHUB_MAX_CLOCK_CORRECTION_MS) throw clockTooFarApart(offset);
          answer = await post(context.clock() + offset);
        }
        if (answer.status !== 201 && answer.status !== 200) throw answerError(answer, SITE, GITHUB_ERRORS);
        const parsed = readSuccess(answer, SITE, "token");
        const token = String(parsed.token);
        const expires = Date.parse(String(parsed.expires_at ?? ""));
        const expiresAt = Number.isFinite(expires) ? new Date(expires) : undefined;
        return {
          outputs: {
            access_token: token,
            expires_at: expiresAt ?? null,
            permissions_json: JSON.stringify(parsed.permissions ?? {}),
            authorization_header: bearer(token),
          },
          ...(expiresAt === undefined ? {} : { expiresAt }),
        };
      },
    };
  },
});

/** GitHub's Date is further from this server's clock than the retry corrects: fix a clock instead. */
function clockTooFarApart(offsetMs: number): ExchangeError {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const apart = minutes >= 2880 ? `${Math.round(minutes / 1440)} days` : `${minutes} minutes`;
  const side = offsetMs > 0 ? "ahead of" : "behind";
  return new ExchangeError(
    "ERR_EXCHANGE_CLOCK_SKEW",
    `GitHub refused the App JWT's times, and its answer's Date is ${apart} ${side} this server's clock; ` +
      `only differences up to ${GITHUB_MAX_CLOCK_CORRECTION_MS / 60_000} minutes are corrected.`,
    {
      ...SITE,
      status: 401,
      check:
        "Set this server's clock right (NTP); if the GitHub endpoint is overridden, check that it is GitHub's API.",
    },
  );
}

function readPermissions(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const rule = 'GitHub\'s permissions member maps a permission to its level, e.g. {"contents": "read"}.';
  const object = parseJsonObject("permissions_json", text, rule);
  for (const [name, level] of Object.entries(object)) {
    if (typeof level !== "string" || !/^[a-z_]+$/.test(name)) {
      throw refuseInput("permissions_json", `has ${shown(name, 30)} not set to a level such as "read"`, rule);
    }
  }
  return object as Record<string, string>;
}
