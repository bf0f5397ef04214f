import { decodeJwt } from "../../jwt/index.js";
import { cleanToken, dateFromSeconds, textClaim } from "../lib/convert.js";
import { type FieldReader, readFields } from "../lib/read-fields.js";
import { settle } from "../lib/settle.js";
import { stopOnErrorField } from "../lib/stop-on-error-field.js";
import type { ActionDefinition, BubbleResult, FieldDefinition } from "../types.js";

const FIELDS = [
  {
    id: "AEA",
    name: "token",
    caption: "token",
    type: "text",
    editor: "DynamicValue",
    optional: false,
    doc:
      "The token to read. DECODING PROVES NOTHING: the signature and the expiry are not checked, and anyone " +
      "can write any claims into a token. Use Verify JWT before trusting what it says.",
  },
  stopOnErrorField(
    "AEB",
    "Ticked: a token that cannot be read stops the workflow. Not ticked: ok = no with error and error_code.",
  ),
] as const satisfies readonly FieldDefinition[];

type FieldName = (typeof FIELDS)[number]["name"];

const RETURNS = [
  { id: "AFA", name: "header_json", caption: "header_json", type: "text" },
  { id: "AFB", name: "payload_json", caption: "payload_json", type: "text" },
  { id: "AFC", name: "algorithm", caption: "algorithm", type: "text" },
  { id: "AFD", name: "key_id", caption: "key_id", type: "text" },
  { id: "AFE", name: "subject", caption: "subject", type: "text" },
  { id: "AFF", name: "issuer", caption: "issuer", type: "text" },
  { id: "AFG", name: "audience", caption: "audience", type: "text" },
  { id: "AFH", name: "issued_at", caption: "issued_at", type: "date" },
  { id: "AFI", name: "expires_at", caption: "expires_at", type: "date" },
  { id: "AFJ", name: "not_before", caption: "not_before", type: "date" },
  { id: "AFK", name: "is_expired", caption: "is_expired", type: "boolean" },
  { id: "AFL", name: "ok", caption: "ok", type: "boolean" },
  { id: "AFM", name: "error", caption: "error", type: "text" },
  { id: "AFN", name: "error_code", caption: "error_code", type: "text" },
] as const;

function decode(read: FieldReader<FieldName>): BubbleResult {
  const { header, payload } = decodeJwt(cleanToken(read.text("token")));
  const expiresAt = dateFromSeconds(payload.exp);
  return {
    header_json: JSON.stringify(header),
    payload_json: JSON.stringify(payload),
    algorithm: textClaim(header.alg),
    key_id: textClaim(header.kid),
    subject: textClaim(payload.sub),
    issuer: textClaim(payload.iss),
    audience: textClaim(payload.aud),
    issued_at: dateFromSeconds(payload.iat),
    expires_at: expiresAt,
    not_before: dateFromSeconds(payload.nbf),
    is_expired: expiresAt !== null && expiresAt.getTime() <= Date.now(),
    ok: true,
  };
}

/** Decode JWT: shows what a token says, for display and debugging; it verifies nothing. */
export const decodeJwtAction: ActionDefinition<FieldName> = {
  id: "AAD",
  display: "Decode JWT",
  slug: "decode-jwt",
  summary:
    "Reads a token's header and claims WITHOUT verifying anything: decoding proves nothing, since anyone can write any claims. Use it to display a token; use Verify JWT to accept one.",
  fields: FIELDS,
  returns: RETURNS,
  run: (properties) => {
    const read = readFields(FIELDS, properties);
    return settle(
      { fields: FIELDS, returns: RETURNS },
      read.flag("stop_on_error"),
      () => decode(read),
      (failure) => ({ ok: false, error: failure.message, error_code: failure.code }),
    );
  },
};
