import { JwtError } from "../../jwt/index.js";

/** A JWT NumericDate (seconds) as a Date, or null. */
export function dateFromSeconds(value: unknown): Date | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  const date = new Date(value * 1000);
  return Number.isFinite(date.getTime()) ? date : null;
}

/** A claim that should be text, or null. Lists (an `aud` with several values) are joined by ", ". */
export function textClaim(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === "string").join(", ");
  return null;
}

/** What people paste as a token: trimmed, quotes and a "Bearer " prefix removed. */
export function cleanToken(text: string | undefined): string {
  if (text === undefined) {
    throw new JwtError("ERR_JWT_MALFORMED", "The token is empty: give the token to read.");
  }
  return text
    .trim()
    .replace(/^["']|["']$/g, "")
    .replace(/^bearer\s+/i, "")
    .trim();
}
