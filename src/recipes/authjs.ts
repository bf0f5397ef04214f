import { randomUUID } from "node:crypto";
import { defineInputs } from "../inputs/index.js";
import { encryptJwe, importKey } from "../jwt/index.js";
import {
  AUTHJS_DEFAULT_COOKIE,
  AUTHJS_DEFAULT_MAX_AGE_SECONDS,
  AUTHJS_VERSIONS,
  type AuthjsVersion,
  authjsKey,
} from "./lib/authjs-key.js";
import { refuseInput, refuseKey } from "./lib/refuse.js";
import { secondsOf } from "./lib/sign.js";
import { defineRecipe } from "./types.js";

const CLAIMS_RULE =
  'The session\'s claims as a JSON object, e.g. {"sub": "42", "name": "Ada", "email": "ada@example.com"}: what the jwt callback returns.';

const INPUTS = defineInputs([
  {
    name: "secret",
    caption: "Auth secret",
    type: "secret",
    required: true,
    fallbackKey: "AUTH_SECRET",
    doc: "The app's AUTH_SECRET (v5) or NEXTAUTH_SECRET (v4), as text, exactly as the app has it. Leave empty to use the plugin key AUTH_SECRET.",
  },
  {
    name: "version",
    caption: "Version",
    type: "choice",
    options: AUTHJS_VERSIONS,
    default: "v5",
    doc: "v5: Auth.js (@auth/core, next-auth@5), A256CBC-HS512 with a key salted by the cookie name. v4: NextAuth.js (next-auth@4), A256GCM.",
  },
  {
    name: "cookie_name",
    caption: "Session cookie name (salt)",
    type: "text",
    default: AUTHJS_DEFAULT_COOKIE,
    doc: "v5: the session cookie's name, which salts the key: __Secure-authjs.session-token on https (the default), authjs.session-token on http, or your cookies.sessionToken.name. v4 has no salt: only the __Secure- prefix counts, for the cookie_name output.",
  },
  {
    name: "claims_json",
    caption: "Session claims (JSON)",
    type: "long-text",
    required: true,
    doc: CLAIMS_RULE,
  },
  {
    name: "max_age",
    caption: "Max age (seconds)",
    type: "number",
    exclusiveMin: 0,
    default: AUTHJS_DEFAULT_MAX_AGE_SECONDS,
    doc: "Seconds until the session token expires: session.maxAge, 30 days (2592000) by default.",
  },
]);

export const authjsSession = defineRecipe({
  id: "authjs-session",
  display: "Auth.js / NextAuth: session token",
  provider: "Auth.js",
  summary:
    "A session token (encrypted JWT) that an Auth.js v5 or NextAuth.js v4 app reads as its own session cookie, made from the app's secret.",
  source: import.meta.url,
  example: {
    secret: "an-example-auth-secret-of-32-characters-or-more",
    version: "v5",
    cookie_name: AUTHJS_DEFAULT_COOKIE,
    claims_json: '{"sub": "42", "name": "Ada Lovelace", "email": "ada@example.com"}',
    max_age: 3600,
  },
  rules: [
    {
      rule: 'v5 encrypts with dir and A256CBC-HS512; the key is HKDF-SHA256 of the secret, salted with the cookie name, info "Auth.js Generated Encryption Key (<cookie name>)", 64 bytes; kid is the key\'s SHA-512 JWK thumbprint.',
      source: "packages/core/src/jwt.ts getDerivedEncryptionKey (nextauthjs/next-auth)",
    },
    {
      rule: 'v4 encrypts with dir and A256GCM; the key is HKDF-SHA256 of the secret, no salt, info "NextAuth.js Generated Encryption Key", 32 bytes.',
      source: "src/jwt/index.ts getDerivedEncryptionKey (nextauthjs/next-auth, v4 branch)",
    },
    {
      rule: "The token carries iat, exp = now + maxAge (30 days by default) and a random UUID jti.",
      source: "packages/core/src/jwt.ts encode (nextauthjs/next-auth)",
    },
  ],
  inputs: INPUTS,
  outputs: [
    {
      name: "cookie_name",
      type: "text",
      doc: "The cookie to set the token in (v5: the salt given; v4: next-auth.session-token, __Secure- on https).",
    },
  ],
  make(values, { clock }) {
    const secret = values.secret ?? "";
    // The key is derived from the exact text: a pasted line break or space would make a key the app
    // never uses, and every token would be refused there without saying why.
    if (/[\r\n\t]/.test(secret) || secret.trim() !== secret) {
      throw refuseKey(
        "secret",
        "has a line break, a tab or spaces around it",
        "Give AUTH_SECRET (or NEXTAUTH_SECRET) exactly as the app reads it, without line breaks or surrounding spaces.",
      );
    }
    const version = (values.version ?? "v5") as AuthjsVersion;
    const salt = values.cookie_name ?? AUTHJS_DEFAULT_COOKIE;
    let claims: unknown;
    try {
      claims = JSON.parse(values.claims_json ?? "");
    } catch {
      throw refuseInput("claims_json", "is not valid JSON", CLAIMS_RULE);
    }
    if (claims === null || typeof claims !== "object" || Array.isArray(claims)) {
      throw refuseInput("claims_json", "must be a JSON object", CLAIMS_RULE);
    }
    const derived = authjsKey(secret, version, salt);
    const iat = secondsOf(clock());
    const exp = iat + Math.floor(values.max_age ?? AUTHJS_DEFAULT_MAX_AGE_SECONDS);
    // The library's order: the app's claims, then iat, exp and jti set over them.
    const payload = { ...(claims as Record<string, unknown>), iat, exp, jti: randomUUID() };
    // encryptJwe, not encryptJwt: the header is exactly the library's (no typ).
    const token = encryptJwe(JSON.stringify(payload), {
      key: importKey(derived.key, { alg: "dir" }),
      enc: derived.enc,
      ...(derived.kid === undefined ? {} : { header: { kid: derived.kid } }),
    });
    const warnings =
      secret.length < 32
        ? ["The secret is shorter than 32 characters: `npx auth secret` makes one of 32 random bytes."]
        : [];
    return {
      token,
      expiresAt: new Date(exp * 1000),
      outputs: {
        cookie_name:
          version === "v5"
            ? salt
            : `${salt.startsWith("__Secure-") ? "__Secure-" : ""}next-auth.session-token`,
      },
      warnings,
    };
  },
});
