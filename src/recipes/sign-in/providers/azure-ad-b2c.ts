import { defineSignInProvider, OPENID_OPTIONAL_INPUTS } from "../provider.js";
import { tenantId } from "./entra-external-id.js";

/**
 * Azure AD B2C: each user flow (policy) publishes its configuration at
 * https://{domain}/{tenant}/{policy}/v2.0/.well-known/openid-configuration; its issuer is
 * https://{domain}/{tenant}/v2.0/ or, when the user flow says so, https://{domain}/tfp/{tenant}/{policy}/v2.0/.
 */
export const azureAdB2c = defineSignInProvider({
  id: "azure-ad-b2c",
  name: "Azure AD B2C",
  requires: ["domain", "tenant", "policy"],
  optional: ["issuer", ...OPENID_OPTIONAL_INPUTS],
  issuers: ["https://{domain}/{tenant}/v2.0/", "https://{domain}/tfp/{tenant}/{policy}/v2.0/"],
  audience: "{client_id}",
  keys: "azure-ad-b2c.discovery",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: [
    "configuration of the user flow (policy); issuer https://{domain}/{tenant}/v2.0/ or, as the issuer input, the tfp form",
  ],
  discovery: {
    issuers: (values) => {
      const tenant = tenantId(values, "Azure AD B2C");
      return [
        `https://${values.domain}/${tenant}/v2.0/`,
        `https://${values.domain}/tfp/${tenant}/${values.policy}/v2.0/`,
      ];
    },
    configurationUrl: (values) =>
      `https://${values.domain}/${values.tenant}/${values.policy}/v2.0/.well-known/openid-configuration`,
  },
});
