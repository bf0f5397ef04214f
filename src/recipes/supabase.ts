import { defineInputs } from "../inputs/index.js";
import { checkId, lifetimeSeconds, parseJsonObject, refuseReserved } from "./lib/checks.js";
import { importProviderSecret } from "./lib/keys.js";
import { bearerResult, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

export const SUPABASE_AUDIENCE = "authenticated";

const INPUTS = defineInputs([
  {
    name: "jwt_secret",
    caption: "JWT secret",
    type: "secret",
    required: true,
    fallbackKey: "SUPABASE_JWT_SECRET",
    doc: "The project's legacy JWT secret (Project Settings > JWT Keys). Leave empty to use the plugin key SUPABASE_JWT_SECRET.",
  },
  {
    name: "user_id",
    caption: "User ID",
    type: "text",
    required: true,
    doc: "The user's UUID (auth.users id): it becomes sub, which auth.uid() returns in RLS policies.",
  },
  {
    name: "role",
    caption: "Role",
    type: "text",
    default: "authenticated",
    doc: "The Postgres role the request runs as. Default authenticated; a custom role must exist and be granted.",
  },
  {
    name: "email",
    caption: "Email",
    type: "text",
    doc: "Optional: the user's email (auth.jwt() ->> 'email').",
  },
  {
    name: "project_ref",
    caption: "Project ref",
    type: "text",
    doc: "Optional: the project ref (the subdomain of <ref>.supabase.co); sets iss to https://<ref>.supabase.co/auth/v1.",
  },
  {
    name: "claims_json",
    caption: "Claims (JSON)",
    type: "long-text",
    doc: 'Optional extra claims, e.g. {"app_metadata": {"plan": "pro"}, "user_metadata": {"name": "Ada"}}.',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires. Default 60; Supabase requires exp but sets no maximum.",
  },
]);

export const supabaseUserToken = defineRecipe({
  id: "supabase-user-token",
  display: "Supabase: user token",
  provider: "Supabase",
  summary:
    "A user token signed HS256 with the project's legacy JWT secret, so RLS policies see auth.uid() and the role.",
  source: import.meta.url,
  example: {
    jwt_secret: "super-secret-jwt-token-with-at-least-32-characters-long",
    user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e",
    email: "ada@example.com",
  },
  rules: [],
  inputs: INPUTS,
  outputs: [
    {
      name: "authorization_header",
      type: "text",
      doc: "Bearer <token>: the Authorization header (send the apikey header too).",
    },
  ],
  make(values, { clock }) {
    const userId = checkId("user_id", values.user_id ?? "", {
      pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      problem: "must be the user's UUID",
      rule: "Supabase reads sub as a UUID: auth.uid() fails on anything else.",
    });
    const role = checkId("role", values.role ?? "authenticated", {
      pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
      problem: "must be a Postgres role name such as authenticated",
      rule: "Supabase runs the request as the role claim, a Postgres role that exists and is granted.",
    });
    const projectRef =
      values.project_ref === undefined
        ? undefined
        : checkId("project_ref", values.project_ref, {
            pattern: /^[a-z0-9]+$/,
            problem: "must be the project ref, the lowercase subdomain of <ref>.supabase.co",
            rule: "Supabase's issuer is https://<ref>.supabase.co/auth/v1; find the ref in Project Settings > General.",
          });
    const rule =
      "The recipe sets sub, role, aud, iat, exp, iss and email itself; use claims_json for the other claims.";
    const extra =
      values.claims_json === undefined ? {} : parseJsonObject("claims_json", values.claims_json, rule);
    refuseReserved("claims_json", extra, ["sub", "role", "aud", "iat", "exp", "iss", "email"], rule);
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "Supabase requires exp; keep user tokens short.",
    });
    const key = importProviderSecret(values.jwt_secret ?? "", {
      input: "jwt_secret",
      alg: "HS256",
      encoding: "text",
      rule: "Supabase verifies HS256 tokens with the legacy JWT secret as text (Project Settings > JWT Keys).",
    });
    const warnings: string[] = [];
    if (role === "service_role") {
      warnings.push(
        "A service_role token bypasses every RLS policy: keep it on the server, never send it to a browser.",
      );
    }
    const now = clock();
    const iat = secondsOf(now);
    const signed = signPlan(
      {
        key,
        claims: {
          ...extra,
          sub: userId,
          role,
          aud: SUPABASE_AUDIENCE,
          iat,
          exp: iat + lifetime,
          ...(projectRef === undefined ? {} : { iss: `https://${projectRef}.supabase.co/auth/v1` }),
          ...(values.email === undefined ? {} : { email: values.email.trim() }),
        },
      },
      now,
    );
    return bearerResult(signed, warnings);
  },
});
