import { defineSignInProvider } from "../provider.js";

/**
 * Sign In with LinkedIn using OpenID Connect: the ID token's iss is the issuer of LinkedIn's OpenID
 * configuration (https://www.linkedin.com/oauth/.well-known/openid-configuration), aud the app's
 * client ID, keys at its jwks_uri (learn.microsoft.com/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2);
 * RS256, the configuration's id_token_signing_alg_values_supported. LinkedIn changed its issuer from
 * https://www.linkedin.com in April 2024 (keycloak/keycloak#28686, supabase/auth#1536).
 */
export const linkedin = defineSignInProvider({
  id: "linkedin",
  name: "LinkedIn",
  requires: ["client_id"],
  optional: [],
  issuers: ["https://www.linkedin.com/oauth"],
  audience: "{client_id}",
  keys: "linkedin.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: [
    "iss https://www.linkedin.com/oauth only (the bare https://www.linkedin.com of older tokens is refused)",
  ],
});
