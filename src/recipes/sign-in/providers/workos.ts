import { defineSignInProvider } from "../provider.js";

/**
 * WorkOS AuthKit access tokens: keys at https://api.workos.com/sso/jwks/{client_id}
 * (workos.com/docs/reference/authkit/session-tokens), RS256 (workos-python src/workos/session.py),
 * no audience checked (the SDKs verify with verify_aud off; the documented token has no aud). The
 * issuer depends on the environment (workos/workos-node#1694): https://api.workos.com for older
 * environments, https://api.workos.com/user_management/{client_id} for newer ones, or a custom
 * authentication domain, given as `issuer`, which then is the only one accepted.
 */
export const workos = defineSignInProvider({
  id: "workos",
  name: "WorkOS",
  requires: ["client_id"],
  optional: ["issuer"],
  issuers: ["https://api.workos.com", "https://api.workos.com/user_management/{client_id}"],
  audience: undefined,
  keys: "workos.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: [
    "no aud",
    "iss https://api.workos.com or https://api.workos.com/user_management/{client_id}, or exactly issuer when given (custom authentication domain)",
  ],
});
