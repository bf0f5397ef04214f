import { checkVerifyOptions } from "./lib/check-options.js";
import { DEFAULT_MAX_TOKEN_BYTES, type TokenSizeOptions } from "./lib/compact.js";
import { type JweHeader, parseJwe } from "./lib/jwe-compact.js";

/**
 * The protected header of a compact JWE, read WITHOUT decrypting anything (for display and for
 * choosing a key by `kid`). The claims cannot be read without the key: use decryptJwt.
 *
 * @example
 * const { alg, enc, kid } = decodeJweHeader(token);
 */
export function decodeJweHeader(token: string, options: TokenSizeOptions = {}): JweHeader {
  checkVerifyOptions(options);
  return parseJwe(token, options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES).header;
}
