import { createHash, hkdfSync } from "node:crypto";

/**
 * How Auth.js (v5, `@auth/core`) and NextAuth.js (v4, `next-auth`) turn the app's secret into the key
 * of their session tokens (JWE, `dir`). Facts from their source, cited in docs/recipes.md:
 * - v5, packages/core/src/jwt.ts `getDerivedEncryptionKey`: HKDF-SHA256 of the secret, salt = the
 *   session cookie's name, info = `Auth.js Generated Encryption Key (<salt>)`, 64 bytes for
 *   A256CBC-HS512 (what it encrypts with) or 32 for A256GCM (what it also reads); the header's kid is
 *   the RFC 7638 thumbprint of that key as an `oct` JWK, hashed with SHA-(key bits) (SHA-512 for 64 bytes).
 * - v4, src/jwt/index.ts `getDerivedEncryptionKey`: HKDF-SHA256 of the secret, empty salt, info
 *   `NextAuth.js Generated Encryption Key`, 32 bytes, A256GCM, no kid.
 * Both: iat now, exp now + maxAge (30 days by default), a random UUID jti; 15 s clock tolerance.
 */

export const AUTHJS_VERSIONS = ["v5", "v4"] as const;
export type AuthjsVersion = (typeof AUTHJS_VERSIONS)[number];

/** The session cookie's name, and so v5's salt, on https (the `__Secure-` prefix) and on http. */
export const AUTHJS_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
export const AUTHJS_DEFAULT_COOKIE = AUTHJS_COOKIE_NAMES[0];
/** Both versions' default session lifetime: 30 days. */
export const AUTHJS_DEFAULT_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** Both versions accept exp and nbf 15 seconds late. */
export const AUTHJS_CLOCK_TOLERANCE_SECONDS = 15;

export interface AuthjsKey {
  readonly key: Buffer;
  readonly enc: "A256CBC-HS512" | "A256GCM";
  /** v5's header kid; v4 writes none. */
  readonly kid?: string;
}

/** The key a version encrypts with (v5: A256CBC-HS512), or with `enc` the one it reads that enc with. */
export function authjsKey(
  secret: string,
  version: AuthjsVersion,
  salt: string,
  enc?: "A256CBC-HS512" | "A256GCM",
): AuthjsKey {
  if (version === "v4") {
    const key = Buffer.from(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    return { key, enc: "A256GCM" };
  }
  const chosen = enc ?? "A256CBC-HS512";
  const length = chosen === "A256CBC-HS512" ? 64 : 32;
  const key = Buffer.from(
    hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, length),
  );
  return { key, enc: chosen, kid: octThumbprint(key) };
}

/** RFC 7638 thumbprint of an `oct` key, hashed with SHA-(its length in bits), as v5 names its key. */
function octThumbprint(key: Buffer): string {
  const canonical = `{"k":"${key.toString("base64url")}","kty":"oct"}`;
  return createHash(`sha${key.length * 8}`)
    .update(canonical)
    .digest("base64url");
}
