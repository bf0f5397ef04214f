import { JwtError } from "../../../jwt/index.js";
import { defineSignInProvider } from "../provider.js";
import { SignInRefusal } from "../reasons.js";

/** The claim Stytch puts its session in (stytch-node lib/shared/sessions.ts). */
export const STYTCH_SESSION_CLAIM = "https://stytch.com/session";

/**
 * Stytch session JWTs, checked as stytch-node's `sessions.authenticateJwtLocal` does
 * (lib/b2c/client.ts, lib/b2c/sessions.ts, lib/shared/sessions.ts): keys at
 * `{base}/v1/sessions/jwks/{project_id}`, `iss` `stytch.com/{project_id}` (not a URL) or the API base
 * without its trailing slash, `aud` the project ID, `typ` JWT; RS256 (stytch-python
 * stytch/shared/jwt_helpers.py).
 */
export const stytch = defineSignInProvider({
  id: "stytch",
  name: "Stytch",
  requires: ["project_id"],
  optional: ["custom_domain"],
  issuers: ["stytch.com/{project_id}", "https://{custom_domain}"],
  audience: "{project_id}",
  keys: "stytch.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  typ: "JWT",
  checks: [
    "iss stytch.com/{project_id} or the API base (api.stytch.com for live projects, test.stytch.com for test projects, or custom_domain)",
    "typ JWT",
    "a session claim (https://stytch.com/session) with an id",
  ],
  derive(values): Readonly<Record<string, string>> {
    if (values.custom_domain !== undefined) return {};
    const project = values.project_id ?? "";
    // The SDK picks the API host from the project ID (lib/shared/client.ts, lib/shared/envs.ts).
    if (project.startsWith("project-live-")) return { custom_domain: "api.stytch.com" };
    if (project.startsWith("project-test-")) return { custom_domain: "test.stytch.com" };
    throw new JwtError("ERR_OPTION_INVALID", {
      option: "project_id",
      reason: "invalid",
      problem: "is not a Stytch project ID (project-live-... or project-test-...)",
      fix: "Copy the Project ID from the Stytch Dashboard (Project settings); it starts with project-live- or project-test-, which says where its keys are.",
    });
  },
  check(payload) {
    const session = payload[STYTCH_SESSION_CLAIM];
    const id =
      session !== null && typeof session === "object" && !Array.isArray(session)
        ? (session as { id?: unknown }).id
        : undefined;
    if (typeof id === "string" && id !== "") return;
    throw new SignInRefusal(
      "ERR_SIGNIN_TOKEN_TYPE",
      `The token has no Stytch session claim (${STYTCH_SESSION_CLAIM} with an id): it is not a session JWT.`,
      STYTCH_SESSION_CLAIM,
    );
  },
});
