import { decodeJwt, JwtError, type JwtKey, verifyJwt } from "../../jwt/index.js";
import {
  cleanToken,
  dateFromSeconds,
  readAlgorithm,
  readSecretEncoding,
  splitList,
  textClaim,
} from "../lib/convert.js";
import { readPluginKey } from "../lib/plugin-keys.js";
import { type FieldReader, readFields } from "../lib/read-fields.js";
import { settle } from "../lib/settle.js";
import { stopOnErrorField } from "../lib/stop-on-error-field.js";
import { gatherVerifyKeys, type VerifyKeys } from "../lib/verify-keys.js";
import type { ActionDefinition, BubbleContext, BubbleResult, FieldDefinition } from "../types.js";

const FIELDS = [
  {
    id: "AGA",
    name: "token",
    caption: "token",
    type: "text",
    editor: "DynamicValue",
    optional: false,
    doc: 'The token to check. A "Bearer " prefix (from an Authorization header) is removed.',
  },
  {
    id: "AGB",
    name: "secret",
    caption: "Secret",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: "The HMAC secret. Empty: the plugin key JWT_SECRET, unless a Public key or JWKS URL is given.",
  },
  {
    id: "AGC",
    name: "previous_secret",
    caption: "Previous secret",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: "During a rotation, the secret used before. Empty: the plugin key JWT_SECRET_PREVIOUS (when the secret is used). A match returns matched_key = previous.",
  },
  {
    id: "AGD",
    name: "public_key",
    caption: "Public key or JWKS",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    longText: true,
    doc: 'For RS/PS/ES/EdDSA tokens: a public key as PEM (or a certificate), a JWK, or a JWKS ({"keys": [...]}).',
  },
  {
    id: "AGE",
    name: "jwks_url",
    caption: "JWKS URL",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: "An https URL publishing the keys (an identity provider's jwks_uri). Cached; fetched again when a token names an unknown kid (at most every 30 s); 5 s time-out.",
  },
  {
    id: "AGF",
    name: "allowed_algorithms",
    caption: "Allowed algorithms",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: "Accept only these, separated by commas (e.g. RS256, ES256). Empty: the algorithms the keys are made for.",
  },
  {
    id: "AGG",
    name: "expected_issuer",
    caption: "Expected issuer",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: 'When set, the token\'s "iss" must be this (or one of several, separated by commas).',
    engineOption: "issuer",
  },
  {
    id: "AGH",
    name: "expected_audience",
    caption: "Expected audience",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: 'When set, the token\'s "aud" must contain this (or one of several, separated by commas).',
    engineOption: "audience",
  },
  {
    id: "AGI",
    name: "expected_subject",
    caption: "Expected subject",
    type: "text",
    editor: "DynamicValue",
    optional: true,
    doc: 'When set, the token\'s "sub" must be exactly this.',
    engineOption: "subject",
  },
  {
    id: "AGJ",
    name: "clock_tolerance",
    caption: "Clock tolerance (seconds)",
    type: "number",
    editor: "DynamicValue",
    optional: true,
    defaultValue: 0,
    doc: "Seconds of clock difference allowed for exp and nbf (e.g. 30). Default 0.",
    engineOption: "clockToleranceSeconds",
  },
  {
    id: "AGK",
    name: "secret_encoding",
    caption: "Secret encoding",
    type: "text",
    editor: "Dropdown",
    optional: true,
    defaultValue: "text",
    options: ["text", "base64", "base64url", "hex"],
    doc: "How the secrets are written; the same setting as in Encode JWT. Default text.",
  },
  stopOnErrorField(
    "AGL",
    "Ticked: a token that is not valid stops the workflow with the reason. Not ticked: valid = no with reason_code and error.",
  ),
] as const satisfies readonly FieldDefinition[];

type FieldName = (typeof FIELDS)[number]["name"];

const RETURNS = [
  { id: "AHA", name: "valid", caption: "valid", type: "boolean" },
  { id: "AHB", name: "reason_code", caption: "reason_code", type: "text" },
  { id: "AHC", name: "error", caption: "error", type: "text" },
  { id: "AHD", name: "payload_json", caption: "payload_json", type: "text" },
  { id: "AHE", name: "subject", caption: "subject", type: "text" },
  { id: "AHF", name: "issuer", caption: "issuer", type: "text" },
  { id: "AHG", name: "audience", caption: "audience", type: "text" },
  { id: "AHH", name: "issued_at", caption: "issued_at", type: "date" },
  { id: "AHI", name: "expires_at", caption: "expires_at", type: "date" },
  { id: "AHJ", name: "key_id", caption: "key_id", type: "text" },
  { id: "AHK", name: "matched_key", caption: "matched_key", type: "text" },
] as const;

async function verify(read: FieldReader<FieldName>, context: BubbleContext): Promise<BubbleResult> {
  const token = cleanToken(read.text("token"));
  const publicKeys = read.text("public_key");
  const jwksUrl = read.text("jwks_url");
  // The plugin's secrets are the default only when no other kind of key is given.
  const useSecrets = publicKeys === undefined && jwksUrl === undefined;
  const secret = read.text("secret") ?? (useSecrets ? readPluginKey(context, "JWT_SECRET") : undefined);
  const previousSecret =
    read.text("previous_secret") ??
    (useSecrets || secret !== undefined ? readPluginKey(context, "JWT_SECRET_PREVIOUS") : undefined);
  const clockTolerance = read.number("clock_tolerance");
  if (clockTolerance !== undefined && clockTolerance < 0) {
    throw new JwtError("ERR_OPTION_INVALID", '"Clock tolerance (seconds)" cannot be negative.');
  }
  const keys = await gatherVerifyKeys({
    secret,
    previousSecret,
    publicKeys,
    jwksUrl,
    secretEncoding: readSecretEncoding(read.text("secret_encoding")),
    kid: jwksUrl === undefined ? undefined : decodeJwt(token).header.kid,
  });
  const { header, payload, key } = verifyJwt(token, keys.keySet, {
    algorithms: splitList(read.text("allowed_algorithms"))?.map((alg) =>
      readAlgorithm(alg, "Allowed algorithms", "HS256"),
    ),
    issuer: splitList(read.text("expected_issuer")),
    audience: splitList(read.text("expected_audience")),
    subject: read.text("expected_subject")?.trim(),
    clockToleranceSeconds: clockTolerance,
  });
  return {
    valid: true,
    payload_json: JSON.stringify(payload),
    subject: textClaim(payload.sub),
    issuer: textClaim(payload.iss),
    audience: textClaim(payload.aud),
    issued_at: dateFromSeconds(payload.iat),
    expires_at: dateFromSeconds(payload.exp),
    key_id: textClaim(header.kid),
    matched_key: describeMatch(key, keys),
  };
}

function describeMatch(key: JwtKey, keys: VerifyKeys): string {
  if (key === keys.current) return "current";
  if (key === keys.previous) return "previous";
  return key.kid ?? "public_key";
}

/** Verify JWT: accepts a token only when signature, algorithm, time and expected claims all check out. */
export const verifyJwtAction: ActionDefinition<FieldName> = {
  id: "AAE",
  display: "Verify JWT",
  slug: "verify-jwt",
  summary:
    "Checks a token's signature (with the secret, the previous secret, a public key, a JWKS or a JWKS URL), its expiry and the expected claims. Returns valid = yes with the claims, or valid = no with reason_code and a plain-language error.",
  fields: FIELDS,
  returns: RETURNS,
  run: (properties, context) => {
    const read = readFields(FIELDS, properties);
    return settle(
      { fields: FIELDS, returns: RETURNS },
      read.flag("stop_on_error"),
      () => verify(read, context),
      (failure) => ({ valid: false, reason_code: failure.code, error: failure.message }),
    );
  },
};
