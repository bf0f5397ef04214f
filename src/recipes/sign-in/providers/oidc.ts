import { defineSignInProvider, OPENID_ALGORITHMS, OPENID_OPTIONAL_INPUTS } from "../provider.js";

/**
 * Any OpenID Connect issuer, found by discovery from the configured issuer (never from the token):
 * OpenID Connect Core 1.0 section 3.1.3.7 for ID tokens, RFC 9068 for access tokens.
 */
export const oidc = defineSignInProvider({
  id: "oidc",
  name: "OpenID Connect",
  requires: ["issuer"],
  optional: [...OPENID_OPTIONAL_INPUTS],
  issuers: ["{issuer}"],
  audience: "{client_id}",
  keys: "oidc.discovery",
  keyFormat: "jwks",
  algorithms: OPENID_ALGORITHMS,
  checks: [
    "discovery from the configured issuer only; its issuer identical to it and to iss",
    "keys from its jwks_uri; asymmetric algorithms only, within id_token_signing_alg_values_supported",
    "id: aud holds client_id; azp required with several audiences and equal to client_id when present; iat; auth_time with max_auth_age",
    "access (RFC 9068): typ at+jwt, aud holds audience, sub, client_id, iat",
    "Microsoft .../common|organizations|consumers/v2.0: the {tenantid} issuer filled with the token's tid",
  ],
  discovery: {
    anyIssuer: true,
    issuers: (values) => (values.issuer === undefined ? [] : [values.issuer]),
  },
});
