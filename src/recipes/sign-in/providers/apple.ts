import { defineSignInProvider } from "../provider.js";

export const apple = defineSignInProvider({
  id: "apple",
  name: "Apple",
  requires: ["client_id"],
  optional: [],
  issuers: ["https://appleid.apple.com"],
  audience: "{client_id}",
  keys: "apple.keys",
  keyFormat: "jwks",
  algorithms: ["RS256"],
  hashedNonce: true,
  checks: ["nonce (or its SHA-256 in hex, as iOS sends) when given", "email only on the first sign-in"],
});
