import { defineSignInProvider, OPENID_OPTIONAL_INPUTS } from "../provider.js";

/** Kinde: the issuer is the business domain (or custom domain), RS256 only. */
export const kinde = defineSignInProvider({
  id: "kinde",
  name: "Kinde",
  requires: ["domain"],
  optional: [...OPENID_OPTIONAL_INPUTS],
  issuers: ["https://{domain}"],
  audience: "{client_id}",
  keys: "kinde.discovery",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: ["issuer https://{domain}", "RS256 only"],
  discovery: {
    issuers: (values) => [`https://${values.domain}`],
  },
});
