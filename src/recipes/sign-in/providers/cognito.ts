import { defineSignInProvider } from "../provider.js";

export const cognito = defineSignInProvider({
  id: "cognito",
  name: "AWS Cognito",
  requires: ["region", "user_pool_id", "client_id"],
  optional: ["token_use"],
  issuers: ["https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"],
  audience: undefined,
  keys: "cognito.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  checks: ["token_use = id (aud = client_id) or access (no aud; client_id claim = client_id)"],
});
