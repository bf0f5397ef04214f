const ALPHABET = "0123456789abcdefghjkmnpqrsuvwxyz";

/**
 * The suffix Bubble gives an action's folder: the ID's ASCII bytes in base32 with this alphabet,
 * lower case, no padding (AAC -> 850m6). Inferred from synchronised plugin repositories.
 */
export function folderSuffix(id: string): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of Buffer.from(id, "ascii")) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** `actions/<ID>-<suffix>`: where an action lives in the synchronised layout. */
export function actionFolder(id: string): string {
  return `actions/${id}-${folderSuffix(id)}`;
}
