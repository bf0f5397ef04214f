import { JwtError } from "./errors.js";
import type { JwtKey } from "./key.js";
import type { VerifyKeyInput } from "./key-set.js";
import { isBase64Url } from "./lib/base64url.js";
import { checkVerifyOptions } from "./lib/check-options.js";
import { notBase64Url, parseCompact, type TokenSizeOptions } from "./lib/compact.js";
import { describeValue, invalidOption } from "./lib/option-error.js";
import { type SignatureOptions, verifySignature } from "./lib/verify-signature.js";
import type { JwtHeader } from "./types.js";

/** The options of {@link verifyJws}: the accepted algorithms and key forms, the size cap, and a detached payload. */
export interface VerifyJwsOptions extends SignatureOptions, TokenSizeOptions {
  /** For a detached signature (`header..signature`, RFC 7515 Appendix F): the payload bytes. */
  detachedPayload?: Uint8Array | string | undefined;
}

export interface VerifiedJws {
  header: JwtHeader;
  /** The payload bytes, whatever they are (not necessarily JSON). */
  payload: Uint8Array;
  key: JwtKey;
}

/**
 * Verifies a compact JWS whose payload need not be a JWT (the RFC examples, signed documents).
 * No claim is checked: there are none.
 */
export function verifyJws(token: string, key: VerifyKeyInput, options: VerifyJwsOptions = {}): VerifiedJws {
  checkVerifyOptions(options);
  let parsed = parseCompact(token, options.maxTokenBytes);
  if (options.detachedPayload !== undefined) {
    if (parsed.payloadSegment !== "") {
      throw new JwtError(
        "ERR_JWT_MALFORMED",
        "A detached payload was given but the token carries a payload too.",
      );
    }
    const detached = options.detachedPayload;
    if (typeof detached !== "string" && !(detached instanceof Uint8Array)) {
      throw invalidOption(
        "detachedPayload",
        "type",
        `must be a text or bytes (Uint8Array); got ${describeValue(detached)}`,
      );
    }
    const payloadSegment = Buffer.from(detached).toString("base64url");
    parsed = { ...parsed, payloadSegment, signingInput: `${parsed.signingInput}${payloadSegment}` };
  }
  if (!isBase64Url(parsed.payloadSegment)) throw notBase64Url("payload");
  const matched = verifySignature(parsed, key, options);
  return { header: parsed.header, payload: Buffer.from(parsed.payloadSegment, "base64url"), key: matched };
}
