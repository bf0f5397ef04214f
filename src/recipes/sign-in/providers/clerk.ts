import { defineSignInProvider } from "../provider.js";
import { SignInRefusal } from "../reasons.js";

export const clerk = defineSignInProvider({
  id: "clerk",
  name: "Clerk",
  requires: ["frontend_api"],
  optional: ["authorized_parties"],
  issuers: ["https://{frontend_api}"],
  audience: undefined,
  keys: "clerk.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: ["no aud", "azp present and one of authorized_parties when given"],
  check(payload, values) {
    const parties = values.authorized_parties ?? [];
    if (parties.length === 0) return;
    if (typeof payload.azp !== "string" || !parties.includes(payload.azp)) {
      throw new SignInRefusal(
        "ERR_SIGNIN_AZP",
        `The token's azp ${typeof payload.azp === "string" ? `is ${JSON.stringify(payload.azp.slice(0, 80))}` : "is missing"}; expected one of the authorized parties.`,
        "azp",
      );
    }
  },
});
