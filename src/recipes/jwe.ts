import { randomBytes } from "node:crypto";
import { defineInputs, defineOperation, exampleKey } from "../inputs/index.js";
import {
  DEFAULT_EXPIRES_IN_MINUTES,
  decryptJwt,
  describeJwtError,
  encodeJwtDetailed,
  encryptJwt,
  importKey,
  isJwtError,
  JWE_ALGORITHMS,
  JWE_ENCRYPTIONS,
  type JwtErrorCode,
  SECRET_ENCODINGS,
} from "../jwt/index.js";
import { defineRecipe } from "./types.js";

/**
 * Encrypted JWTs (JWE, RFC 7516) as operations: Encrypt JWT (JWE) makes one for the key's holder,
 * Decrypt JWT (JWE) opens one and checks its claims. Keys come from the fields or the plugin key
 * JWE_KEY. The key and the chosen algorithm decide, never the token; RSA1_5 is not offered
 * (Bleichenbacher's padding attack) and compressed tokens are refused.
 */

const RULES = [
  {
    rule: "Compact serialization: five base64url parts (protected header, encrypted key, IV, ciphertext, tag).",
    source: "https://www.rfc-editor.org/rfc/rfc7516#section-7.1",
  },
  {
    rule: "Key management and content encryption algorithms as RFC 7518 defines them; RSA1_5 is not offered (its padding checks leak: Bleichenbacher).",
    source: "https://www.rfc-editor.org/rfc/rfc7518#section-4",
  },
  {
    rule: 'A JWT inside a JWE is either the claims (typ "JWT") or a signed JWT ("cty": "JWT").',
    source: "https://www.rfc-editor.org/rfc/rfc7519#section-5.2",
  },
];

const KEY_DOC =
  "The shared secret (dir, AES key wrap; exactly the key's length, e.g. 32 bytes for dir + A256GCM), the password " +
  "(PBES2), or a PEM/JWK key (RSA-OAEP, ECDH-ES). Leave empty to use the plugin key JWE_KEY.";

const KEY_ENCODING = {
  name: "key_encoding",
  caption: "Key encoding",
  type: "choice",
  options: SECRET_ENCODINGS,
  default: "base64url",
  engineOption: "secretEncoding",
  doc: "How a secret is written: base64url (what bubble-jwt keygen --alg dir prints), base64, hex or text (a PBES2 password). Ignored for a PEM or JWK key.",
} as const;

const ENCRYPT_INPUTS = defineInputs([
  {
    name: "claims_json",
    caption: "Claims (JSON)",
    type: "long-text",
    required: true,
    engineOption: "payload",
    doc: 'The claims as a JSON object, e.g. {"user_id": "42"}. iat is added, and exp unless the claims have one.',
  },
  {
    name: "key",
    caption: "Recipient's key",
    type: "secret",
    required: true,
    fallbackKey: "JWE_KEY",
    engineOption: "key",
    doc: `${KEY_DOC} For RSA-OAEP and ECDH-ES, the recipient's public key.`,
  },
  KEY_ENCODING,
  {
    name: "algorithm",
    caption: "Key management algorithm",
    type: "choice",
    options: JWE_ALGORITHMS,
    default: "dir",
    engineOption: "alg",
    doc: "How the key protects the content key: dir (the secret is the content key), A256KW, RSA-OAEP-256, ECDH-ES, PBES2-HS256+A128KW, ...",
  },
  {
    name: "encryption",
    caption: "Content encryption",
    type: "choice",
    options: JWE_ENCRYPTIONS,
    default: "A256GCM",
    engineOption: "enc",
    doc: "The content encryption: A256GCM (default), A128GCM, A256CBC-HS512, ... With dir, the secret's length must fit it.",
  },
  {
    name: "expiration",
    caption: "Expiration (minutes)",
    type: "number",
    exclusiveMin: 0,
    engineOption: "expiresInMinutes",
    doc: `Minutes until the token expires; default ${DEFAULT_EXPIRES_IN_MINUTES}, or the claims' own exp when they have one.`,
  },
  {
    name: "key_id",
    caption: "Key ID (kid)",
    type: "text",
    doc: "The recipient key's id, put in the protected header so that the recipient picks its key.",
  },
]);

export const encryptJwtOperation = defineRecipe({
  id: "encrypt-jwt",
  display: "Encrypt JWT (JWE)",
  provider: "Any",
  summary:
    "Encrypts claims into a JWT (JWE, RFC 7516) that only the key's holder can read: a shared secret (dir, AES key wrap) or the recipient's public key (RSA-OAEP, ECDH-ES).",
  source: import.meta.url,
  example: {
    claims_json: '{"user_id": "42", "email": "ada@example.com"}',
    key: exampleKey("oct-256-base64url"),
    key_encoding: "base64url",
    algorithm: "dir",
    encryption: "A256GCM",
    expiration: 60,
  },
  rules: RULES,
  inputs: ENCRYPT_INPUTS,
  outputs: [],
  make(values, { clock }) {
    // The claims are set exactly as Encode JWT sets them (iat, exp, warnings), read from a token signed
    // with a throwaway key, then encrypted as they are: expires_at is the token's own exp.
    const { payload, warnings } = encodeJwtDetailed(values.claims_json ?? "", {
      key: importKey(randomBytes(32), { alg: "HS256" }),
      expiresInMinutes: values.expiration,
      clock,
    });
    const token = encryptJwt(payload, {
      key: values.key ?? "",
      alg: values.algorithm as (typeof JWE_ALGORITHMS)[number],
      enc: values.encryption as (typeof JWE_ENCRYPTIONS)[number],
      secretEncoding: values.key_encoding as (typeof SECRET_ENCODINGS)[number],
      ...(values.key_id === undefined ? {} : { header: { kid: values.key_id } }),
      clock,
    });
    return {
      token,
      ...(typeof payload.exp === "number" ? { expiresAt: new Date(payload.exp * 1000) } : {}),
      outputs: {},
      warnings: warnings.map((warning) => warning.message),
    };
  },
});

const DECRYPT_INPUTS = defineInputs([
  {
    name: "token",
    caption: "Token",
    type: "text",
    required: true,
    doc: "The encrypted token (JWE, five parts separated by dots); a Bearer prefix is removed.",
  },
  {
    name: "key",
    caption: "Key",
    type: "secret",
    required: true,
    fallbackKey: "JWE_KEY",
    engineOption: "key",
    doc: `${KEY_DOC} For RSA-OAEP and ECDH-ES, your private key.`,
  },
  KEY_ENCODING,
  {
    name: "algorithm",
    caption: "Key management algorithm",
    type: "choice",
    options: JWE_ALGORITHMS,
    default: "dir",
    engineOption: "algorithms",
    doc: "The one key management algorithm accepted: a token that says another is refused (the token never chooses).",
  },
  {
    name: "encryption",
    caption: "Content encryption",
    type: "choice",
    options: JWE_ENCRYPTIONS,
    engineOption: "encryptions",
    doc: "The one content encryption accepted; empty accepts any.",
  },
  {
    name: "issuer",
    caption: "Expected issuer (iss)",
    type: "text",
    engineOption: "issuer",
    doc: "When set, a token whose iss differs is refused.",
  },
  {
    name: "audience",
    caption: "Expected audience (aud)",
    type: "text",
    engineOption: "audience",
    doc: "When set, a token whose aud does not include it is refused.",
  },
]);

const DECRYPT_OUTPUTS = [
  { name: "claims_json", type: "text", doc: "The claims as JSON text." },
  { name: "subject", type: "text", doc: "The sub claim." },
  { name: "email", type: "text", doc: "The email claim." },
  { name: "issuer", type: "text", doc: "The iss claim." },
  { name: "audience", type: "text", doc: "The aud claim; several joined by commas." },
  { name: "issued_at", type: "date", doc: "The iat claim as a date." },
  { name: "expires_at", type: "date", doc: "The exp claim as a date." },
  { name: "header_json", type: "text", doc: "The protected header as JSON text (alg, enc, kid, ...)." },
  { name: "key_id", type: "text", doc: "The protected header's kid." },
  { name: "ok", type: "boolean", doc: "yes when the token was decrypted and its claims accepted." },
  { name: "error", type: "text", doc: "Why the token was refused, in plain words." },
  {
    name: "error_code",
    type: "text",
    doc: "The stable code (ERR_JWE_DECRYPTION_FAILED, ERR_JWT_EXPIRED, ...).",
  },
] as const;

/**
 * Which failures are the token's (an answer: ok = no) and which the caller's (an error naming the
 * input). A new engine code does not compile until it is placed here.
 */
const REFUSES_THE_TOKEN: Readonly<Record<JwtErrorCode, boolean>> = {
  ERR_PAYLOAD_REQUIRED: false,
  ERR_PAYLOAD_INVALID: false,
  ERR_KEY_MISSING: false,
  ERR_KEY_INVALID: false,
  ERR_KEY_WEAK: false,
  ERR_OPTION_INVALID: false,
  ERR_INPUT_RULE: false,
  ERR_JWKS_FETCH_FAILED: false,
  ERR_DISCOVERY_FAILED: false,
  ERR_ALG_NOT_ALLOWED: true,
  ERR_JWT_MALFORMED: true,
  ERR_JWS_SIGNATURE_INVALID: true,
  ERR_JWT_EXPIRED: true,
  ERR_JWT_NOT_YET_VALID: true,
  ERR_JWT_CLAIM_INVALID: true,
  ERR_KID_UNKNOWN: true,
  ERR_TOKEN_TOO_LARGE: true,
  ERR_JWE_DECRYPTION_FAILED: true,
  ERR_JWE_INVALID: true,
  ERR_JWT_ENCRYPTED: true,
};

export const decryptJwtOperation = defineOperation({
  id: "decrypt-jwt",
  kind: "check",
  display: "Decrypt JWT (JWE)",
  provider: "Any",
  summary:
    "Decrypts a JWT (JWE, RFC 7516) with your secret or private key and checks its claims (exp, nbf, iss, aud): ok = no with the reason when it is refused.",
  source: import.meta.url,
  example: {
    token: exampleKey("jwe-dir-token"),
    key: exampleKey("oct-256-base64url"),
    key_encoding: "base64url",
    algorithm: "dir",
  },
  rules: RULES,
  inputs: DECRYPT_INPUTS,
  outputs: DECRYPT_OUTPUTS,
  run(values, { clock }) {
    const token = (values.token ?? "").trim().replace(/^Bearer\s+/i, "");
    try {
      const { header, payload } = decryptJwt(token, values.key ?? "", {
        algorithms: [values.algorithm as (typeof JWE_ALGORITHMS)[number]],
        ...(values.encryption === undefined
          ? {}
          : { encryptions: [values.encryption as (typeof JWE_ENCRYPTIONS)[number]] }),
        secretEncoding: values.key_encoding as (typeof SECRET_ENCODINGS)[number],
        issuer: values.issuer,
        audience: values.audience,
        clock,
      });
      return {
        claims_json: JSON.stringify(payload),
        subject: text(payload.sub),
        email: text(payload.email),
        issuer: text(payload.iss),
        audience: text(payload.aud),
        issued_at: date(payload.iat),
        expires_at: date(payload.exp),
        header_json: JSON.stringify(header),
        key_id: text(header.kid),
        ok: true,
      };
    } catch (error) {
      if (!isJwtError(error) || !REFUSES_THE_TOKEN[error.code] || error.option !== undefined) throw error;
      return { ok: false, error: describeJwtError(error, {}), error_code: error.code };
    }
  },
});

function text(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === "string").join(", ");
  return null;
}

function date(value: unknown): Date | null {
  return typeof value === "number" && Number.isFinite(value) ? new Date(value * 1000) : null;
}
