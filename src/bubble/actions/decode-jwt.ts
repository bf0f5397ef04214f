import { decodeJweHeader, decodeJwt, isJwtError } from "../../jwt/index.js";
import { defineAction } from "../define-action.js";
import { stopOnErrorInput } from "../lib/common-inputs.js";
import { cleanToken, dateFromSeconds, textClaim } from "../lib/convert.js";

/** Decode JWT: shows what a token says, for display and debugging; it verifies nothing. */
export const decodeJwtAction = defineAction({
  key: "decode-jwt",
  source: import.meta.url,
  display: "Decode JWT",
  summary:
    "Reads a token's header and claims WITHOUT verifying anything: decoding proves nothing, since anyone can write any claims. Use it to display a token; use Verify JWT to accept one.",
  failure: "ok",
  fields: [
    {
      name: "token",
      caption: "token",
      type: "text",
      required: true,
      doc:
        "The token to read. DECODING PROVES NOTHING: the signature and the expiry are not checked, and anyone " +
        "can write any claims into a token. Use Verify JWT before trusting what it says.",
    },
    stopOnErrorInput(
      "Ticked: a token that cannot be read stops the workflow. Not ticked: ok = no with error and error_code.",
    ),
  ],
  returns: [
    { name: "header_json", type: "text", doc: "The header as JSON text." },
    { name: "payload_json", type: "text", doc: "The claims as JSON text." },
    { name: "algorithm", type: "text", doc: "The header's alg." },
    { name: "key_id", type: "text", doc: "The header's kid." },
    { name: "subject", type: "text", doc: "The sub claim." },
    { name: "issuer", type: "text", doc: "The iss claim." },
    { name: "audience", type: "text", doc: "The aud claim; several joined by commas." },
    { name: "issued_at", type: "date", doc: "The iat claim as a date." },
    { name: "expires_at", type: "date", doc: "The exp claim as a date." },
    { name: "not_before", type: "date", doc: "The nbf claim as a date." },
    { name: "is_expired", type: "boolean", doc: "yes when exp is past (nothing else is checked)." },
    { name: "ok", type: "boolean", doc: "yes when the token could be read (for a JWE: its header)." },
    { name: "error", type: "text", doc: "Why it could not be read." },
    { name: "error_code", type: "text", doc: "The error's stable code (ERR_...)." },
    {
      name: "encrypted",
      type: "boolean",
      doc:
        "yes when the token is encrypted (JWE, 5 parts): only its header can be read, and the claims stay " +
        "empty; Decrypt JWT (JWE) reads them with the key.",
    },
  ],
  // An empty token is the engine's "malformed token", as for a token that is not one.
  missingReportedElsewhere: ["token"],
  run(values, context) {
    const token = cleanToken(values.token);
    const encrypted = encryptedHeader(token);
    if (encrypted !== undefined) {
      return {
        header_json: JSON.stringify(encrypted),
        algorithm: textClaim(encrypted.alg),
        key_id: textClaim(encrypted.kid),
        encrypted: true,
      };
    }
    const { header, payload } = decodeJwt(token);
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
      is_expired: expiresAt !== null && expiresAt.getTime() <= context.clock(),
      encrypted: false,
    };
  },
});

/** A JWE's protected header (readable without the key), or undefined when the token is not a JWE. */
function encryptedHeader(token: string): Readonly<Record<string, unknown>> | undefined {
  try {
    decodeJwt(token);
    return undefined;
  } catch (error) {
    if (isJwtError(error) && error.code === "ERR_JWT_ENCRYPTED") return decodeJweHeader(token);
    return undefined;
  }
}
