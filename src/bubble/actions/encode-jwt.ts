import {
  ALGORITHMS,
  type Algorithm,
  type EncodeJwtOptions,
  encodeJwtDetailed,
  JwtError,
} from "../../jwt/index.js";
import { readAlgorithm, readSecretEncoding, splitList } from "../lib/convert.js";
import { readPluginKey } from "../lib/plugin-keys.js";
import { type FieldReader, readFields } from "../lib/read-fields.js";
import { settle } from "../lib/settle.js";
import { stopOnErrorField } from "../lib/stop-on-error-field.js";
import type { ActionDefinition, BubbleContext, BubbleResult, FieldDefinition } from "../types.js";

const FIELDS = [
  {
    id: "ACA",
    name: "json_data",
    caption: "json data",
    type: "text",
    editor: "DynamicValue",
    optional: false,
    longText: true,
    doc:
      'The claims, as a JSON object: {"user_id": "...", "email": "..."}. Insert dynamic texts with ' +
      '":formatted as JSON-safe". Dates as UNIX milliseconds in "exp", "iat" or "nbf" are turned into seconds.',
  },
  {
    id: "ACB",
    name: "secret",
    caption: "Secret",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: "The HMAC secret (HS256/384/512). Leave empty to use the plugin key JWT_SECRET (recommended: it stays on the server).",
  },
  {
    id: "ACC",
    name: "expiration",
    caption: "Expiration",
    type: "number",
    editor: "DynamicValue",
    optional: true,
    defaultValue: 60,
    doc: "Minutes until the token expires (60 = one hour; 0.5 = 30 seconds). Default 60.",
    engineOption: "expiresInMinutes",
  },
  {
    id: "ACD",
    name: "algorithm",
    caption: "Algorithm",
    type: "text",
    editor: "Dropdown",
    optional: true,
    defaultValue: "HS256",
    options: ALGORITHMS,
    doc: "HS256/384/512 sign with the secret; RS, PS, ES and EdDSA sign with the private key. Default HS256.",
  },
  {
    id: "ACE",
    name: "private_key",
    caption: "Private key",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    longText: true,
    doc: "For RS/PS/ES/EdDSA: the private key (PEM or JWK; pasted line breaks may be lost). Leave empty to use the plugin key JWT_PRIVATE_KEY.",
  },
  {
    id: "ACF",
    name: "secret_encoding",
    caption: "Secret encoding",
    type: "text",
    editor: "Dropdown",
    optional: true,
    defaultValue: "text",
    options: ["text", "base64", "base64url", "hex"],
    doc: "How the secret is written: text (its characters as they are, the default) or base64, base64url, hex bytes. Use the same setting in Verify.",
  },
  {
    id: "ACG",
    name: "key_id",
    caption: "Key ID (kid)",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: 'Written into the header as "kid", so a verifier with several keys picks the right one.',
  },
  {
    id: "ACH",
    name: "issuer",
    caption: "Issuer",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: 'The "iss" claim: who made the token, e.g. your app\'s URL.',
    engineOption: "issuer",
  },
  {
    id: "ACI",
    name: "subject",
    caption: "Subject",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: 'The "sub" claim: whom the token is about, e.g. the user\'s unique id.',
    engineOption: "subject",
  },
  {
    id: "ACJ",
    name: "audience",
    caption: "Audience",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: 'The "aud" claim: who should accept the token. Several values separated by commas.',
    engineOption: "audience",
  },
  {
    id: "ACK",
    name: "not_before_minutes",
    caption: "Not before (minutes from now)",
    type: "number",
    editor: "DynamicValue",
    optional: true,
    doc: 'The "nbf" claim: the token is not valid until this many minutes from now.',
    engineOption: "notBeforeMinutes",
  },
  {
    id: "ACL",
    name: "add_jti",
    caption: "Add a unique token ID (jti)",
    type: "boolean",
    editor: "Checkbox",
    optional: true,
    defaultValue: false,
    doc: 'Adds a random "jti", returned as jti, so a token can be recognised or revoked.',
  },
  {
    id: "ACM",
    name: "extra_header",
    caption: "Extra header (JSON)",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: 'More header members as a JSON object, e.g. {"typ": "at+jwt"}. "alg" cannot be set here.',
  },
  {
    id: "ACN",
    name: "allow_short_secret",
    caption: "Allow a short secret (not recommended)",
    type: "boolean",
    editor: "Checkbox",
    optional: true,
    defaultValue: false,
    doc: "Accept a secret shorter than the hash (32 bytes for HS256). Short secrets can be guessed; use only to match an existing system.",
  },
  stopOnErrorField(
    "ACO",
    "Ticked: a failure stops the workflow with its message. Not ticked: the action returns ok = no with error and error_code.",
  ),
] as const satisfies readonly FieldDefinition[];

type FieldName = (typeof FIELDS)[number]["name"];

const RETURNS = [
  { id: "ADA", name: "token", caption: "token", type: "text" },
  { id: "ADB", name: "expires_at", caption: "expires_at", type: "date" },
  { id: "ADC", name: "issued_at", caption: "issued_at", type: "date" },
  { id: "ADD", name: "expires_at_unix", caption: "expires_at_unix", type: "number" },
  { id: "ADE", name: "jti", caption: "jti", type: "text" },
  { id: "ADF", name: "ok", caption: "ok", type: "boolean" },
  { id: "ADG", name: "error", caption: "error", type: "text" },
  { id: "ADH", name: "error_code", caption: "error_code", type: "text" },
  { id: "ADI", name: "warnings", caption: "warnings", type: "text" },
] as const;

function encode(read: FieldReader<FieldName>, context: BubbleContext): BubbleResult {
  const alg = readAlgorithm(read.text("algorithm"), "Algorithm", "HS256");
  const hmac = alg.startsWith("HS");
  const warnings: string[] = [];
  if (hmac && read.text("private_key") !== undefined) {
    warnings.push(
      `Private key is ignored: ${alg} signs with the secret. Choose RS256, ES256 or EdDSA to use it.`,
    );
  }
  const encoded = encodeJwtDetailed(read.text("json_data") ?? "", {
    key: signingKey(read, context, alg),
    alg,
    secretEncoding: readSecretEncoding(read.text("secret_encoding")),
    expiresInMinutes: read.number("expiration") ?? 60,
    notBeforeMinutes: read.number("not_before_minutes"),
    issuer: read.text("issuer"),
    subject: read.text("subject"),
    audience: splitList(read.text("audience")),
    jwtId: read.flag("add_jti") ? true : undefined,
    header: readHeader(read.text("extra_header"), read.text("key_id")),
    allowWeakKey: read.flag("allow_short_secret"),
  } satisfies EncodeJwtOptions);
  warnings.push(...encoded.warnings.map((warning) => warning.message));
  const exp = encoded.payload.exp;
  return {
    token: encoded.token,
    expires_at: encoded.expiresAt ?? null,
    issued_at: encoded.issuedAt,
    expires_at_unix: typeof exp === "number" ? exp : null,
    jti: typeof encoded.payload.jti === "string" ? encoded.payload.jti : null,
    ok: true,
    warnings: warnings.length === 0 ? null : warnings.join("\n"),
  };
}

function signingKey(read: FieldReader<FieldName>, context: BubbleContext, alg: Algorithm): string {
  if (alg.startsWith("HS")) {
    const secret = read.text("secret") ?? readPluginKey(context, "JWT_SECRET");
    if (secret !== undefined) return secret;
    throw new JwtError(
      "ERR_KEY_MISSING",
      `No secret: fill in the plugin key JWT_SECRET (Plugins tab) or the action's Secret field. ${alg} needs at least ${Number(alg.slice(2)) / 8} random bytes.`,
    );
  }
  const privateKey = read.text("private_key") ?? readPluginKey(context, "JWT_PRIVATE_KEY");
  if (privateKey !== undefined) return privateKey;
  throw new JwtError(
    "ERR_KEY_MISSING",
    `No private key: ${alg} signs with a private key. Fill in the plugin key JWT_PRIVATE_KEY (Plugins tab) or the action's Private key field.`,
  );
}

function readHeader(json: string | undefined, kid: string | undefined): Record<string, unknown> | undefined {
  let header: Record<string, unknown> | undefined;
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new JwtError(
        "ERR_OPTION_INVALID",
        '"Extra header (JSON)" is not valid JSON. Write an object such as {"typ": "at+jwt"}, with double quotes.',
      );
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new JwtError("ERR_OPTION_INVALID", '"Extra header (JSON)" must be a JSON object ({ ... }).');
    }
    header = { ...(parsed as Record<string, unknown>) };
  }
  if (kid !== undefined) header = { ...header, kid: kid.trim() };
  return header;
}

/** Encode JWT: the seed plugin's action (json data, Secret, Expiration), with the engine's checks. */
export const encodeJwtAction: ActionDefinition<FieldName> = {
  id: "AAC",
  display: "Encode JWT",
  slug: "encode-jwt",
  summary:
    "Signs a token from the JSON claims in json data. It sets iat, and exp Expiration minutes ahead; the secret comes from the Secret field or the plugin key JWT_SECRET.",
  fields: FIELDS,
  returns: RETURNS,
  run: (properties, context) => {
    const read = readFields(FIELDS, properties);
    return settle(
      { fields: FIELDS, returns: RETURNS },
      read.flag("stop_on_error"),
      () => encode(read, context),
      (failure) => ({ ok: false, error: failure.message, error_code: failure.code }),
    );
  },
};
