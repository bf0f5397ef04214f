import { defineSignInProvider } from "../provider.js";

export const supabase = defineSignInProvider({
  id: "supabase",
  name: "Supabase",
  requires: ["project_ref"],
  optional: [],
  issuers: ["https://{project_ref}.supabase.co/auth/v1"],
  audience: "authenticated",
  keys: "supabase.keys",
  keyFormat: "jwks",
  algorithms: ["ES256", "RS256"],
  checks: [
    "aud authenticated (signed-in users)",
    "asymmetric signing keys only (HS256 projects: verify with the secret)",
  ],
});
