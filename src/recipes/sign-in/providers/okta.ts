import { defineSignInProvider, OPENID_OPTIONAL_INPUTS } from "../provider.js";

/**
 * Okta: a custom authorization server is https://{domain}/oauth2/{authorization_server}, the org
 * authorization server https://{domain}; both publish their OpenID configuration under the issuer.
 */
export const okta = defineSignInProvider({
  id: "okta",
  name: "Okta",
  requires: ["domain"],
  optional: ["authorization_server", ...OPENID_OPTIONAL_INPUTS],
  issuers: ["https://{domain}/oauth2/{authorization_server}", "https://{domain}"],
  audience: "{client_id}",
  keys: "okta.discovery",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: [
    "custom authorization server https://{domain}/oauth2/{authorization_server}, or the org one https://{domain}",
    "access tokens of the org authorization server refused: only Okta may validate them",
  ],
  discovery: {
    issuers: (values) => [
      values.authorization_server === undefined
        ? `https://${values.domain}`
        : `https://${values.domain}/oauth2/${values.authorization_server}`,
    ],
    accessTokensRefused: (values) =>
      values.authorization_server === undefined
        ? "Okta's org authorization server (issuer https://<domain>) issues access tokens that only Okta may consume or validate: give authorization_server (a custom authorization server such as default), or check the ID token instead"
        : undefined,
  },
});
