import { DEFAULT_MAX_TOKEN_BYTES } from "./defaults.js";
import { JwtError } from "./errors.js";
import { checkVerifyOptions } from "./lib/check-options.js";
import { decodeJsonSegment, type TokenSizeOptions, tooLarge } from "./lib/compact.js";
import type { DecodedJwt, JwtHeader, JwtPayload } from "./types.js";

/** The options of {@link decodeJwt}: only the size cap, since nothing is verified. */
export type DecodeJwtOptions = TokenSizeOptions;

/**
 * Reads a token's header and payload WITHOUT verifying anything: the signature is not checked, nor
 * the expiry. Anyone can write any claims into a token, so never trust what this returns; use
 * {@link verifyJwt} to accept a token.
 *
 * @example
 * const { header, payload } = decodeJwt(token); // for display and debugging only
 */
export function decodeJwt(token: string, options: DecodeJwtOptions = {}): DecodedJwt {
  checkVerifyOptions(options);
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES;
  if (typeof token !== "string" || token.length === 0) {
    throw new JwtError("ERR_JWT_MALFORMED", "The token must be a non-empty text.");
  }
  if (token.length > maxTokenBytes) throw tooLarge(token.length, maxTokenBytes);
  const parts = token.split(".");
  if (parts.length === 5) throw encrypted(parts[0] as string);
  if (parts.length !== 3) {
    throw new JwtError(
      "ERR_JWT_MALFORMED",
      `The token has ${parts.length} parts separated by dots; a JWT has 3.`,
    );
  }
  const header = decodeJsonSegment(parts[0] as string, "header") as JwtHeader;
  const payload = decodeJsonSegment(parts[1] as string, "payload") as JwtPayload;
  return { header, payload };
}

/** A JWE cannot be read without its key: the error says so, and what its protected header says. */
function encrypted(headerSegment: string): JwtError {
  const header = decodeJsonSegment(headerSegment, "header");
  const said = ["alg", "enc", "kid", "cty", "zip"]
    .filter((name) => typeof header[name] === "string")
    .map((name) => `${name} ${JSON.stringify((header[name] as string).slice(0, 64))}`)
    .join(", ");
  return new JwtError(
    "ERR_JWT_ENCRYPTED",
    `The token is encrypted (JWE, 5 parts): its claims cannot be read without the key. ` +
      `Its protected header says ${said === "" ? "nothing readable" : said}. Decrypt it with decryptJwt, ` +
      "or read the header alone with decodeJweHeader.",
    { reason: "encrypted" },
  );
}
