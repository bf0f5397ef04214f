import { defineSignInProvider } from "../provider.js";
import { SignInRefusal } from "../reasons.js";

export const auth0 = defineSignInProvider({
  id: "auth0",
  name: "Auth0",
  requires: ["client_id", "domain"],
  optional: [],
  issuers: ["https://{domain}/"],
  audience: "{client_id}",
  keys: "auth0.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: [
    "iss with the trailing slash, custom domains allowed",
    "azp = client_id when aud has several values",
  ],
  check(payload, values) {
    if (!Array.isArray(payload.aud) || payload.aud.length < 2) return;
    if (payload.azp !== values.client_id) {
      throw new SignInRefusal(
        "ERR_SIGNIN_AZP",
        `The token has several audiences and its azp is ${JSON.stringify(payload.azp ?? null)}; expected the client ID.`,
        "azp",
      );
    }
  },
});
