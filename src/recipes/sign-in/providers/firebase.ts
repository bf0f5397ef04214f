import { defineSignInProvider } from "../provider.js";
import { SignInRefusal } from "../reasons.js";

export const firebase = defineSignInProvider({
  id: "firebase",
  name: "Firebase",
  requires: ["project_id"],
  optional: [],
  issuers: ["https://securetoken.google.com/{project_id}"],
  audience: "{project_id}",
  keys: "firebase.keys",
  keyFormat: "certificate-map",
  algorithms: ["RS256"],
  checks: [
    "alg RS256 only",
    "sub non-empty, at most 128 characters",
    "auth_time present and not in the future",
  ],
  check(payload, _values, nowSeconds) {
    const sub = payload.sub;
    if (typeof sub !== "string" || sub === "" || sub.length > 128) {
      const got =
        typeof sub !== "string" ? "is missing" : sub === "" ? "is empty" : "is longer than 128 characters";
      throw new SignInRefusal("ERR_SIGNIN_SUBJECT", `The token's sub (the Firebase uid) ${got}.`, "sub");
    }
    const authTime = payload.auth_time;
    if (typeof authTime !== "number" || !Number.isFinite(authTime)) {
      throw new SignInRefusal("ERR_SIGNIN_AUTH_TIME", "The token has no auth_time claim.", "auth_time");
    }
    if (authTime > nowSeconds) {
      throw new SignInRefusal(
        "ERR_SIGNIN_AUTH_TIME",
        `The token's auth_time is ${authTime - nowSeconds} s in the future.`,
        "auth_time",
      );
    }
  },
});
