const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function encodeBase64Url(data: string | Uint8Array): string {
  return (typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data)).toString("base64url");
}

/** True when `text` uses only the base64url alphabet, without padding (RFC 7515 section 2). */
export function isBase64Url(text: string): boolean {
  return text.length % 4 !== 1 && BASE64URL.test(text);
}

/**
 * Decodes base64url that must be canonical: Buffer's decoder ignores the unused low bits of the
 * last character, so two spellings would decode to the same signature. Requiring those bits to be
 * zero (what re-encoding the bytes would give) makes every accepted signature have exactly one spelling.
 */
export function decodeCanonicalBase64Url(text: string): Buffer | undefined {
  if (!isBase64Url(text)) return undefined;
  const unusedBits = UNUSED_BITS_MASK[text.length % 4] as number;
  if (unusedBits !== 0 && (sextetOf(text.charCodeAt(text.length - 1)) & unusedBits) !== 0) return undefined;
  return Buffer.from(text, "base64url");
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
