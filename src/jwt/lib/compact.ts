import { JwtError } from "../errors.js";
import type { JwtHeader } from "../types.js";
import { type Algorithm, isAlgorithm } from "./algorithms.js";
import { isBase64Url } from "./base64url.js";

/** Tokens longer than this are refused before any decoding; `maxTokenBytes` changes it. */
export const DEFAULT_MAX_TOKEN_BYTES = 8192;

/** The size cap every reader of tokens takes, declared once. */
export interface TokenSizeOptions {
  /**
   * Longer tokens are refused before any decoding (ERR_TOKEN_TOO_LARGE). A finite number, 1 or more.
   * @defaultValue 8192 ({@link DEFAULT_MAX_TOKEN_BYTES})
   */
  maxTokenBytes?: number | undefined;
}

export interface CompactParts {
  readonly header: JwtHeader;
  readonly alg: Algorithm;
  readonly payloadSegment: string;
  readonly signatureSegment: string;
  /** `header.payload`, the bytes the signature covers (as sent: never re-encoded). */
  readonly signingInput: string;
}

/** Splits and checks a compact JWS: structure, size, header JSON, `alg`, `crit` and `b64`. */
export function parseCompact(token: unknown, maxTokenBytes = DEFAULT_MAX_TOKEN_BYTES): CompactParts {
  if (typeof token !== "string") {
    throw malformed(`The token must be a text, not ${token === null ? "null" : typeof token}.`);
  }
  if (token.length === 0) throw malformed("The token is empty.");
  if (token.length > maxTokenBytes) throw tooLarge(token.length, maxTokenBytes);
  const first = token.indexOf(".");
  const second = first < 0 ? -1 : token.indexOf(".", first + 1);
  if (second < 0 || token.indexOf(".", second + 1) >= 0) {
    const parts = token.split(".").length;
    const jwe =
      parts === 5
        ? " Five parts is an encrypted token (JWE), which verifyJwt does not read: decrypt it with decryptJwt."
        : "";
    throw malformed(
      `The token has ${parts} part${parts === 1 ? "" : "s"} separated by dots; a JWT has 3.${jwe}`,
    );
  }
  const { header, alg } = readHeader(token.slice(0, first));
  return {
    header,
    alg,
    payloadSegment: token.slice(first + 1, second),
    signatureSegment: token.slice(second + 1),
    signingInput: token.slice(0, second),
  };
}

interface CheckedHeader {
  readonly header: JwtHeader;
  readonly alg: Algorithm;
}

/**
 * Header segments that passed every check, with their parsed header. All tokens of one issuer
 * share a header, so a verifier parses and checks it once; the checks depend on nothing else.
 * Bounded (entries and length), and only headers whose members are all plain values are kept,
 * so that each caller gets its own copy.
 */
const checkedHeaders = new Map<string, CheckedHeader>();
const CHECKED_HEADERS_LIMIT = 64;
const CHECKED_HEADER_MAX_LENGTH = 512;

function readHeader(segment: string): CheckedHeader {
  const cached = checkedHeaders.get(segment);
  if (cached !== undefined) return { header: { ...cached.header }, alg: cached.alg };
  const header = decodeJsonSegment(segment, "header") as JwtHeader;
  const alg = checkHeader(header);
  if (segment.length <= CHECKED_HEADER_MAX_LENGTH && hasOnlyPlainValues(header)) {
    if (checkedHeaders.size >= CHECKED_HEADERS_LIMIT) checkedHeaders.clear();
    checkedHeaders.set(segment, { header: Object.freeze({ ...header }), alg });
  }
  return { header, alg };
}

function hasOnlyPlainValues(header: JwtHeader): boolean {
  for (const name in header) {
    const value = header[name];
    if (value !== null && typeof value === "object") return false;
  }
  return true;
}

/** The token is longer than the cap: refused before any decoding. */
export function tooLarge(length: number, maxTokenBytes: number): JwtError {
  return new JwtError(
    "ERR_TOKEN_TOO_LARGE",
    `The token is ${length} characters long; the limit is ${maxTokenBytes}. Keep tokens small: ` +
      "store data in your database and put only an id in the token (or raise maxTokenBytes).",
    { reason: "too-large" },
  );
}

/** A segment that is not canonical base64url: outside the alphabet, padded, or with stray bits. */
export function notBase64Url(part: "header" | "payload" | "signature"): JwtError {
  return malformed(
    `The token's ${part} is not canonical base64url (only A-Z a-z 0-9 - _ are allowed, no padding or ` +
      "spaces, and the last character must carry no stray bits).",
  );
}

/**
 * Refuses bytes that are not UTF-8 instead of turning them into U+FFFD: a lenient decoder would let
 * two different signed byte strings read as the same claims. A byte order mark is kept, so JSON.parse
 * refuses it as before.
 */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes a base64url JSON segment that must hold an object. `alphabetChecked`: the caller has
 * already refused a segment that is not canonical base64url (verifyJwt does, before the signature).
 */
export function decodeJsonSegment(
  segment: string,
  part: "header" | "payload",
  alphabetChecked = false,
): Record<string, unknown> {
  if (segment.length === 0) throw malformed(`The token's ${part} is empty.`);
  if (!alphabetChecked && !isBase64Url(segment)) throw notBase64Url(part);
  let text: string;
  try {
    text = strictUtf8.decode(Buffer.from(segment, "base64url"));
  } catch {
    throw malformed(`The token's ${part} is not valid UTF-8 text (RFC 7519 7.2 requires UTF-8 JSON).`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(`The token's ${part} is not valid JSON.`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw malformed(`The token's ${part} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

function checkHeader(header: JwtHeader): Algorithm {
  const alg = header.alg;
  if (typeof alg !== "string") throw malformed('The token\'s header has no "alg".');
  if (!isAlgorithm(alg)) {
    // Only an unsupported alg can be "none" in some case: the supported ones skip the lower-casing.
    if (alg.toLowerCase() === "none") {
      throw new JwtError(
        "ERR_ALG_NOT_ALLOWED",
        'The token is unsigned (alg "none"); unsigned tokens are always refused.',
        { reason: "none" },
      );
    }
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `The token's algorithm "${alg.slice(0, 20)}" is not supported.`,
    );
  }
  if (header.b64 !== undefined) {
    throw malformed('The header sets "b64" (RFC 7797 unencoded payload), which a JWT never uses.');
  }
  if (header.crit !== undefined) {
    // No extension is understood here, so any critical one must make the token fail (RFC 7515 4.1.11).
    const names = Array.isArray(header.crit) ? header.crit.map(String).join(", ") : "(not a list)";
    throw malformed(
      `The header marks extensions as critical ("crit": ${names}) that this verifier does not support.`,
    );
  }
  return alg;
}

function malformed(message: string): JwtError {
  return new JwtError("ERR_JWT_MALFORMED", message);
}
