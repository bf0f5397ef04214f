import { defineSignInProvider, OPENID_ALGORITHMS, OPENID_OPTIONAL_INPUTS } from "../provider.js";

/** Keycloak: one issuer per realm, https://{domain}/realms/{realm} (before 17: /auth/realms/{realm}). */
export const keycloak = defineSignInProvider({
  id: "keycloak",
  name: "Keycloak",
  requires: ["domain", "realm"],
  optional: ["issuer", ...OPENID_OPTIONAL_INPUTS],
  issuers: ["https://{domain}/realms/{realm}", "https://{domain}/auth/realms/{realm}"],
  audience: "{client_id}",
  keys: "keycloak.discovery",
  keyFormat: "jwks",
  algorithms: OPENID_ALGORITHMS,
  checks: [
    "issuer https://{domain}/realms/{realm}; the /auth/realms/{realm} form of Keycloak before 17 as the issuer input",
  ],
  discovery: {
    issuers: (values) => [
      `https://${values.domain}/realms/${values.realm}`,
      `https://${values.domain}/auth/realms/${values.realm}`,
    ],
  },
});
