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
 * last character, so two spellings would decode to the same signature. Re-encoding and comparing
 * makes every accepted signature have exactly one spelling.
 */
export function decodeCanonicalBase64Url(text: string): Buffer | undefined {
  if (!isBase64Url(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}
