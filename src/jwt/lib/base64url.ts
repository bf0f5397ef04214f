const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function encodeBase64Url(data: string | Uint8Array): string {
  return (typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data)).toString("base64url");
}

/**
 * True when `text` is canonical base64url without padding (RFC 7515 section 2, RFC 4648 section 3.5):
 * only the alphabet, a length that can hold whole bytes, and a last character whose unused low bits
 * are zero. Buffer's decoder ignores those bits, so without this check one token would have several
 * spellings that decode alike. Only the last character is examined: cheap on the hot path.
 */
export function isBase64Url(text: string): boolean {
  const length = text.length;
  const rest = length % 4;
  if (rest === 1 || !BASE64URL.test(text)) return false;
  return rest === 0 || (sextetOf(text.charCodeAt(length - 1)) & (UNUSED_BITS_MASK[rest] as number)) === 0;
}

/** Decodes base64url that must be canonical ({@link isBase64Url}); undefined otherwise. */
export function decodeCanonicalBase64Url(text: string): Buffer | undefined {
  return isBase64Url(text) ? Buffer.from(text, "base64url") : undefined;
}

/** Bits of the last character that carry no data, by length mod 4 (2 chars: 4 bits; 3 chars: 2 bits). */
const UNUSED_BITS_MASK = [0, 0, 0b1111, 0b11];

/** The 6-bit value of a base64url character (the alphabet was checked before). */
function sextetOf(code: number): number {
  if (code >= 97) return code - 71; // a-z: 26..51
  if (code === 95) return 63; // "_"
  if (code >= 65) return code - 65; // A-Z: 0..25
  if (code >= 48) return code + 4; // 0-9: 52..61
  return 62; // "-"
}
