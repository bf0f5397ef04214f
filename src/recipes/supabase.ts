import { defineInputs } from "../inputs/index.js";
import { importKey, type JwtKey } from "../jwt/index.js";
import { checkId, lifetimeSeconds, parseJsonObject, refuseReserved } from "./lib/checks.js";
import { importProviderSecret, importSigningKeyFor } from "./lib/keys.js";
import { refuseInput } from "./lib/refuse.js";
import { bearerResult, secondsOf, signPlan } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

export const SUPABASE_AUDIENCE = "authenticated";

const INPUTS = defineInputs([
  {
    name: "jwt_secret",
    caption: "JWT secret",
    type: "secret",
    fallbackKey: "SUPABASE_JWT_SECRET",
    doc: "The project's legacy JWT secret (Project Settings > JWT Keys), for an HS256 token; give it or signing_key. Leave empty to use the plugin key SUPABASE_JWT_SECRET.",
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
    doc: 'Optional extra claims, e.g. {"app_metadata": {"plan": "pro"}, "user_metadata": {"name": "Ada"}}. is_anonymous is false unless set here ({"is_anonymous": true} for an anonymous user).',
  },
  {
    name: "lifetime_minutes",
    caption: "Lifetime (minutes)",
    type: "number",
    default: 60,
    doc: "Minutes until the token expires. Default 60; Supabase requires exp but sets no maximum.",
  },
  // Added after release: last, so the released fields keep their Bubble rank.
  {
    name: "signing_key",
    caption: "Signing key",
    type: "secret",
    multiline: true,
    fallbackKey: "SUPABASE_SIGNING_KEY",
    doc: "Instead of jwt_secret: the private key you imported as a JWT signing key (Project Settings > JWT Keys), as the JWK that supabase gen signing-key prints (ES256 or RS256) or as a PEM. Leave empty to use the plugin key SUPABASE_SIGNING_KEY.",
  },
  {
    name: "key_id",
    caption: "Signing key ID",
    type: "text",
    doc: "The signing key's id (kid) as imported; read from the JWK when it has one, needed with a PEM.",
  },
]);

const SECRET_RULE =
  "Supabase verifies HS256 tokens with the legacy JWT secret as text (Project Settings > JWT Keys), or tokens " +
  "signed with a private key you imported as a JWT signing key; give jwt_secret or signing_key.";
const SIGNING_KEY_RULE =
  "Supabase verifies a token signed with an imported signing key by the kid in its header: import your P-256 " +
  "(ES256) or RSA (RS256) private key as a standby key (supabase gen signing-key prints one), rotate to it, and " +
  "give the same kid here. Keys Supabase made itself cannot be exported.";

/**
 * The legacy JWT secret (HS256, no kid) or a private key the owner imported as a JWT signing key
 * (ES256 or RS256, with its kid in the header, as Supabase Auth's own tokens carry).
 */
function supabaseKey(
  secret: string | undefined,
  signingKey: string | undefined,
  keyId: string | undefined,
): JwtKey {
  if (secret !== undefined && signingKey !== undefined) {
    throw refuseInput(
      "signing_key",
      "cannot be given with jwt_secret: give one of them (clear the other field or its plugin key)",
      SECRET_RULE,
    );
  }
  if (signingKey === undefined) {
    if (secret === undefined) {
      throw refuseInput("jwt_secret", "is required, or signing_key instead", SECRET_RULE, "missing");
    }
    return importProviderSecret(secret, {
      input: "jwt_secret",
      alg: "HS256",
      encoding: "text",
      rule: SECRET_RULE,
    });
  }
  const key = importSigningKeyFor(signingKey, {
    input: "signing_key",
    algs: ["ES256", "RS256"],
    rule: SIGNING_KEY_RULE,
  });
  const given = keyId?.trim();
  if (given !== undefined && key.kid !== undefined && given !== key.kid) {
    throw refuseInput("key_id", "differs from the kid inside the signing key's JWK", SIGNING_KEY_RULE);
  }
  const kid = given ?? key.kid;
  if (kid === undefined || kid === "") {
    throw refuseInput(
      "key_id",
      "is required with a signing key that carries no kid (a PEM)",
      SIGNING_KEY_RULE,
      "missing",
    );
  }
  return importKey(key, { kid });
}

export const supabaseUserToken = defineRecipe({
  id: "supabase-user-token",
  display: "Supabase: user token",
  provider: "Supabase",
  summary:
    "A user token signed HS256 with the project's legacy JWT secret, or ES256/RS256 with a private key imported as a JWT signing key, so RLS policies see auth.uid() and the role.",
  source: import.meta.url,
  example: {
    jwt_secret: "super-secret-jwt-token-with-at-least-32-characters-long",
    user_id: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e",
    email: "ada@example.com",
  },
  rules: [
    {
      rule: "Signed HS256 with the project's legacy JWT secret as text, or ES256 or RS256 with a private key imported as a JWT signing key, whose kid goes in the header.",
      source: "https://supabase.com/docs/guides/auth/signing-keys",
    },
    {
      rule: "sub is the user's UUID, which auth.uid() returns.",
      source: "https://supabase.com/docs/guides/auth/jwt-fields",
    },
    {
      rule: "role is a Postgres role that exists (authenticated by default), and aud is authenticated.",
      source: "https://supabase.com/docs/guides/auth/jwt-fields",
    },
    {
      rule: "exp is required.",
      source: "https://supabase.com/docs/guides/auth/jwts",
    },
    {
      rule: "is_anonymous is always written, false for a permanent user.",
      source: "https://supabase.com/docs/guides/auth/jwt-fields",
    },
    {
      rule: "iss, when the project ref is given, is https://<ref>.supabase.co/auth/v1.",
      source: "https://supabase.com/docs/guides/auth/jwt-fields",
    },
  ],
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
      "The recipe sets sub, role, aud, iat, exp, iss and email itself; use claims_json for the other claims " +
      "(is_anonymous is false unless claims_json sets it, as a boolean).";
    const extra =
      values.claims_json === undefined ? {} : parseJsonObject("claims_json", values.claims_json, rule);
    refuseReserved("claims_json", extra, ["sub", "role", "aud", "iat", "exp", "iss", "email"], rule);
    // Supabase Auth always writes is_anonymous, and its documented policy for permanent users,
    // (auth.jwt()->>'is_anonymous')::boolean is false, denies a token without it.
    const isAnonymous = extra.is_anonymous ?? false;
    if (typeof isAnonymous !== "boolean") {
      throw refuseInput("claims_json", "sets is_anonymous to something other than true or false", rule);
    }
    const lifetime = lifetimeSeconds(values.lifetime_minutes ?? 60, {
      input: "lifetime_minutes",
      unit: "minutes",
      rule: "Supabase requires exp; keep user tokens short.",
    });
    const key = supabaseKey(values.jwt_secret, values.signing_key, values.key_id);
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
          is_anonymous: isAnonymous,
        },
      },
      now,
    );
    return bearerResult(signed, warnings);
  },
});
