import type { InputSpec } from "../../inputs/index.js";
import { JwtError } from "../../jwt/index.js";
import { parseEndpointOverrides } from "../../recipes/endpoint-overrides.js";

/**
 * "Endpoints (advanced)": the action's provider URLs replaced, one `NAME=URL` per line, https only,
 * names from the action's endpoint table. For private deployments (an Auth0 custom domain, a
 * sovereign cloud, a proxy) and for tests against local servers.
 */
export function endpointsInput(table: Readonly<Record<string, string>>, placeholders = false): InputSpec {
  const names = Object.keys(table);
  return {
    name: "endpoints",
    caption: "Endpoints (advanced)",
    type: "long-text",
    doc:
      `Optional; leave empty to call the provider. One NAME=URL per line (https only) replacing the provider's address, for a private deployment or a proxy. Names: ${names.join(", ")}.` +
      (placeholders
        ? " A URL may use the inputs as {tenant}, {domain}, {region}, {user_pool_id}, {frontend_api}, {project_ref}."
        : ""),
  };
}

/**
 * "Trusted CA certificate (PEM, advanced)": a certificate authority trusted for this action's calls
 * instead of the public ones (Node's `ca`), for an endpoint behind a private CA. A field rather than a
 * plugin key: it goes with the Endpoints field of the same action, and it is not a secret.
 */
export const CA_CERTIFICATE_INPUT = {
  name: "ca_certificate",
  caption: "Trusted CA certificate (PEM, advanced)",
  type: "long-text",
  doc: "Optional; leave empty to trust the public certificate authorities. A CA certificate (-----BEGIN CERTIFICATE-----) trusted instead of them for this action's calls: for an endpoint behind a private CA.",
} as const satisfies InputSpec;

/** The two advanced fields' values, read: endpoint overrides by name, and the CA. */
export interface AdvancedValues {
  endpoints?: Record<string, string>;
  ca?: string;
}

/** Reads the advanced fields; a wrong line or a CA that is no certificate names its field. */
export function readAdvancedValues(
  endpoints: unknown,
  ca: unknown,
  table: Readonly<Record<string, string>>,
): AdvancedValues {
  const read: AdvancedValues = {};
  if (typeof endpoints === "string" && endpoints.trim() !== "") {
    const overrides = parseEndpointOverrides(endpoints.split(/\r?\n/), table, "endpoints");
    if (Object.keys(overrides).length > 0) read.endpoints = overrides;
  }
  if (typeof ca === "string" && ca.trim() !== "") {
    if (!/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(ca)) {
      throw new JwtError("ERR_OPTION_INVALID", {
        option: "ca_certificate",
        reason: "invalid",
        problem: "is not a PEM certificate",
        fix: "Paste the CA certificate from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, or leave it empty.",
      });
    }
    read.ca = ca;
  }
  return read;
}
