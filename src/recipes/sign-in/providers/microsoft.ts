import type { JwtPayload } from "../../../jwt/index.js";
import { defineSignInProvider, GUID } from "../provider.js";
import { SignInRefusal } from "../reasons.js";

export const microsoft = defineSignInProvider({
  id: "microsoft",
  name: "Microsoft",
  requires: ["client_id", "tenant"],
  optional: [],
  issuers: ["https://login.microsoftonline.com/{tenant}/v2.0"],
  audience: "{client_id}",
  keys: "microsoft.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: [
    "v2.0 issuer of the tenant; for common, organizations and consumers the issuer with the token's own tid",
    "consumers: tid is the personal-accounts tenant; organizations: it is not",
    "ver = 2.0",
  ],
  check(payload, values) {
    checkMicrosoftTenant(payload, values.tenant ?? "");
    if (payload.ver !== "2.0") {
      throw new SignInRefusal(
        "ERR_JWT_CLAIM_INVALID",
        `The token's ver is ${JSON.stringify(payload.ver ?? null)}; a v2.0 ID token says "2.0".`,
        "ver",
      );
    }
  },
});

/** Microsoft's tenant of personal accounts (providers.md). */
export const MICROSOFT_CONSUMERS_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
/** Microsoft's multi-tenant `tenant` values: the issuer is checked with the token's own `tid`. */
export const MICROSOFT_MULTI_TENANT = ["common", "organizations", "consumers"] as const;

/**
 * Microsoft multi-tenant rule (providers.md): with common, organizations or consumers the issuer is
 * the template with the token's own tid; consumers only admits the personal-accounts tenant, and
 * organizations never does. A single tenant's tid must be that tenant.
 */
export function checkMicrosoftTenant(payload: JwtPayload, tenant: string): void {
  const tid = payload.tid;
  if (typeof tid !== "string" || !GUID.test(tid)) {
    throw new SignInRefusal("ERR_SIGNIN_TENANT", "The token has no tid (tenant ID) GUID.", "tid");
  }
  const expected = `https://login.microsoftonline.com/${tid}/v2.0`;
  if (payload.iss !== expected) {
    throw new SignInRefusal(
      "ERR_SIGNIN_TENANT",
      "The token's issuer names another tenant than its tid: the {tid} issuer rule refuses it.",
      "tid",
    );
  }
  const lower = tid.toLowerCase();
  const refused =
    (tenant === "consumers" && lower !== MICROSOFT_CONSUMERS_TENANT) ||
    (tenant === "organizations" && lower === MICROSOFT_CONSUMERS_TENANT) ||
    (GUID.test(tenant) && lower !== tenant);
  if (refused) {
    throw new SignInRefusal(
      "ERR_SIGNIN_TENANT",
      `The token's tid ${JSON.stringify(tid)} is not admitted by tenant "${tenant}".`,
      "tid",
    );
  }
}
