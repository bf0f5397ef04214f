import { createHash } from "node:crypto";

/**
 * Keys imported from text, remembered by a digest of the text and the import options. A caller that
 * passes the same PEM, JWKS or secret text on every call (a form-driven action does: its fields arrive
 * as text each time) pays the parsing once. Only successful imports are kept; keys are immutable, so
 * sharing them is safe. The texts themselves are not kept: the map is keyed by their SHA-256.
 */
const MAX_ENTRIES = 64;
const entries = new Map<string, object>();

export function importTextOnce<T extends object>(text: string, options: object, importText: () => T): T {
  const id = createHash("sha256")
    .update(JSON.stringify(options))
    .update("\u0000")
    .update(text)
    .digest("base64");
  const known = entries.get(id);
  if (known !== undefined) return known as T;
  const imported = importText();
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(id, imported);
  return imported;
}
