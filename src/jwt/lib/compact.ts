import { JwtError } from "../errors.js";
import type { JwtHeader } from "../types.js";
import { type Algorithm, isAlgorithm } from "./algorithms.js";
import { isBase64Url } from "./base64url.js";

/** Tokens longer than this are refused before any decoding; `maxTokenBytes` changes it. */
export const DEFAULT_MAX_TOKEN_BYTES = 8192;

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
  if (token.length > maxTokenBytes) {
    throw new JwtError(
      "ERR_TOKEN_TOO_LARGE",
      `The token is ${token.length} characters long; the limit is ${maxTokenBytes}. Keep tokens small: ` +
        "store data in your database and put only an id in the token (or raise maxTokenBytes).",
    );
  }
  const first = token.indexOf(".");
  const second = first < 0 ? -1 : token.indexOf(".", first + 1);
  if (second < 0 || token.indexOf(".", second + 1) >= 0) {
    const parts = token.split(".").length;
    const jwe =
      parts === 5 ? " Five parts is an encrypted token (JWE), which this engine does not read." : "";
    throw malformed(
      `The token has ${parts} part${parts === 1 ? "" : "s"} separated by dots; a JWT has 3.${jwe}`,
    );
  }
  const headerSegment = token.slice(0, first);
  const header = decodeJsonSegment(headerSegment, "header") as JwtHeader;
  const alg = checkHeader(header);
  return {
    header,
    alg,
    payloadSegment: token.slice(first + 1, second),
    signatureSegment: token.slice(second + 1),
    signingInput: token.slice(0, second),
  };
}

/** Decodes a base64url JSON segment that must hold an object. */
export function decodeJsonSegment(segment: string, part: "header" | "payload"): Record<string, unknown> {
  if (segment.length === 0) throw malformed(`The token's ${part} is empty.`);
  if (!isBase64Url(segment)) {
    throw malformed(
      `The token's ${part} is not base64url (only A-Z a-z 0-9 - _ are allowed, no padding or spaces).`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
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
  if (alg.toLowerCase() === "none") {
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      'The token is unsigned (alg "none"); unsigned tokens are always refused.',
      { reason: "none" },
    );
  }
  if (!isAlgorithm(alg)) {
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
