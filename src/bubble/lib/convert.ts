import {
  ALGORITHMS,
  type Algorithm,
  JwtError,
  SECRET_ENCODINGS,
  type SecretEncoding,
} from "../../jwt/index.js";

/** A JWT NumericDate (seconds) as a Date, or null. */
export function dateFromSeconds(value: unknown): Date | null {
  return typeof value === "number" && Number.isFinite(value) ? new Date(value * 1000) : null;
}

/** A claim that should be text, or null. Lists (an `aud` with several values) are joined by ", ". */
export function textClaim(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === "string").join(", ");
  return null;
}

/** "a, b ,c" as ["a", "b", "c"]; undefined when nothing is left. */
export function splitList(text: string | undefined): string[] | undefined {
  const items = (text ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return items.length === 0 ? undefined : items;
}

export function readAlgorithm(text: string | undefined, caption: string, fallback: Algorithm): Algorithm {
  if (text === undefined) return fallback;
  const found = ALGORITHMS.find((alg) => alg.toLowerCase() === text.trim().toLowerCase());
  if (found === undefined) {
    throw new JwtError(
      "ERR_OPTION_INVALID",
      `"${caption}" must be one of ${ALGORITHMS.join(", ")}; "${text.trim().slice(0, 20)}" is not.`,
    );
  }
  return found;
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

export function readSecretEncoding(text: string | undefined): SecretEncoding | undefined {
  if (text === undefined) return undefined;
  const encoding = text.trim().toLowerCase();
  if (!(SECRET_ENCODINGS as readonly string[]).includes(encoding)) {
    throw new JwtError(
      "ERR_OPTION_INVALID",
      `"Secret encoding" must be one of text, base64, base64url, hex; "${encoding.slice(0, 20)}" is not.`,
    );
  }
  return encoding as SecretEncoding;
}
