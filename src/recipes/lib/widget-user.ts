import { parseJsonObject, refuseReserved } from "./checks.js";
import { refuseInput, shown } from "./refuse.js";

/** Returns the trimmed email address, refused naming the input when it is not one. */
export function readEmail(input: string, value: string, rule: string): string {
  const trimmed = value.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
    throw refuseInput(input, `must be an email address; got ${shown(trimmed, 40)}`, rule);
  }
  return trimmed;
}

/** Returns the URL as given when it is an absolute http(s) URL, refused naming the input otherwise. */
export function readWebUrl(input: string, value: string, rule: string): string {
  const trimmed = value.trim();
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (url === undefined || !/^https?:$/.test(url.protocol)) {
    throw refuseInput(input, `must be an absolute https:// URL; got ${shown(trimmed, 40)}`, rule);
  }
  return trimmed;
}

/**
 * Reads the optional JSON object of further user fields a widget provider accepts, refusing the
 * members the recipe writes itself (the user's identity, iat, exp).
 */
export function readExtraFields(
  input: string,
  text: string | undefined,
  reserved: readonly string[],
  rule: string,
): Record<string, unknown> {
  if (text === undefined) return {};
  const fields = parseJsonObject(input, text, rule);
  refuseReserved(input, fields, [...reserved, "iat", "exp", "nbf"], rule);
  return fields;
}
