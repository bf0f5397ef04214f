import { refuseInput } from "../../lib/refuse.js";
import { defineSignInProvider, GUID, OPENID_OPTIONAL_INPUTS, type SignInValues } from "../provider.js";

/**
 * Microsoft Entra External ID (external tenants): the configuration is read at
 * https://{sign-in host}/{tenant}/v2.0/.well-known/openid-configuration, the sign-in host being
 * {tenant}.ciamlogin.com, <tenant-name>.ciamlogin.com or a custom URL domain.
 */
export const entraExternalId = defineSignInProvider({
  id: "entra-external-id",
  name: "Microsoft Entra External ID",
  requires: ["tenant"],
  optional: ["domain", "issuer", ...OPENID_OPTIONAL_INPUTS],
  issuers: ["https://{tenant}.ciamlogin.com/{tenant}/v2.0", "https://{domain}/{tenant}/v2.0"],
  audience: "{client_id}",
  keys: "entra-external-id.discovery",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: [
    "tenant ID GUID; issuer https://{tenant}.ciamlogin.com/{tenant}/v2.0 or, as the issuer input, https://{domain}/{tenant}/v2.0",
  ],
  discovery: {
    issuers: (values) => {
      const tenant = tenantId(values, "Microsoft Entra External ID");
      return [
        `https://${tenant}.ciamlogin.com/${tenant}/v2.0`,
        ...(values.domain === undefined ? [] : [`https://${values.domain}/${tenant}/v2.0`]),
      ];
    },
    configurationUrl: (values) =>
      `https://${values.domain ?? `${values.tenant}.ciamlogin.com`}/${values.tenant}/v2.0/.well-known/openid-configuration`,
  },
});

/** The tenant ID GUID an external or B2C tenant's issuer names; common and the like have no meaning there. */
export function tenantId(values: SignInValues, name: string): string {
  const tenant = values.tenant ?? "";
  if (GUID.test(tenant)) return tenant;
  throw refuseInput(
    "tenant",
    `is ${JSON.stringify(tenant)}, not a tenant ID`,
    `${name} issuers name the tenant by its ID, a GUID (Overview > Tenant ID).`,
  );
}
