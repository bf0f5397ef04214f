import { defineSignInProvider } from "../provider.js";
import { SignInRefusal } from "../reasons.js";

/**
 * Memberstack 2.0 member tokens, checked as the official @memberstack/admin `verifyToken` does
 * (lib/methods/jwt/index.js, 1.7.0): iss https://api.memberstack.com, exp required, aud the app ID
 * (optional there, "recommended" by developers.memberstack.com/admin-node-package/verification; always
 * here); the member is `id`, `type` is member (developers.memberstack.com/admin-rest-api/verification).
 * RS256 as Memberstack's token help article says (help.memberstack.com/en/articles/4454690, written for
 * 1.0 tokens). The key URL is the one unconfirmed fact: see
 * endpoints.ts and docs/recipes.md.
 */
export const memberstack = defineSignInProvider({
  id: "memberstack",
  name: "Memberstack",
  requires: ["app_id"],
  optional: [],
  issuers: ["https://api.memberstack.com"],
  audience: "{app_id}",
  keys: "memberstack.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  subjectClaim: "id",
  checks: ["type member", "id (the member ID) present: it is the subject output"],
  check(payload) {
    if (payload.type !== "member") {
      const got = typeof payload.type === "string" ? JSON.stringify(payload.type.slice(0, 40)) : "missing";
      throw new SignInRefusal(
        "ERR_SIGNIN_TOKEN_TYPE",
        `The token's type is ${got}; a Memberstack member token says "member".`,
        "type",
      );
    }
    if (typeof payload.id !== "string" || payload.id === "") {
      throw new SignInRefusal(
        "ERR_SIGNIN_TOKEN_TYPE",
        "The token names no member (its id is missing).",
        "id",
      );
    }
  },
});
