import type { BubbleContext, SharedKeyDefinition } from "../types.js";

/**
 * The plugin's own shared keys (Plugins tab of the app), all secure: they never reach the browser.
 * Their IDs come from the ledger (src/bubble/ids.json) by caption.
 */
export const SHARED_KEYS = [
  {
    caption: "JWT_SECRET",
    doc: "The HMAC secret used by Encode and Verify when their Secret field is empty (at least 32 random characters for HS256).",
  },
  {
    caption: "JWT_SECRET_PREVIOUS",
    doc: "During a rotation: the secret used before JWT_SECRET, so tokens it signed keep verifying until they expire.",
  },
  {
    caption: "JWT_PRIVATE_KEY",
    doc: "The PEM private key used by Encode for RS/PS/ES/EdDSA when its Private key field is empty.",
  },
] as const satisfies readonly SharedKeyDefinition[];

export type SharedKeyCaption = (typeof SHARED_KEYS)[number]["caption"];

/** A plugin key's value, or undefined when the app owner left it empty. */
export function readPluginKey(context: BubbleContext | undefined, caption: string): string | undefined {
  const keys = context !== null && typeof context === "object" ? context.keys : undefined;
  const value = keys !== null && typeof keys === "object" ? keys[caption] : undefined;
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
