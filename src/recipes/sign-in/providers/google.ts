import { defineSignInProvider } from "../provider.js";
import { SignInRefusal } from "../reasons.js";

export const google = defineSignInProvider({
  id: "google",
  name: "Google",
  requires: ["client_id"],
  optional: ["hosted_domain"],
  issuers: ["accounts.google.com", "https://accounts.google.com"],
  audience: "{client_id}",
  keys: "google.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: ["iss in either spelling", "hd = hosted_domain when given", "email_verified reported"],
  check(payload, values) {
    const domain = values.hosted_domain;
    if (domain === undefined) return;
    const hd = payload.hd;
    if (typeof hd !== "string" || hd.toLowerCase() !== domain) {
      const got = typeof hd === "string" ? `is ${JSON.stringify(hd)}` : "is missing (a personal account)";
      throw new SignInRefusal(
        "ERR_SIGNIN_HOSTED_DOMAIN",
        `The token's hd (Workspace domain) ${got}; expected "${domain}".`,
        "hd",
      );
    }
  },
});
