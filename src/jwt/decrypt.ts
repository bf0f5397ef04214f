import * as nodeBuffer from "node:buffer";
import type { ClockOptions } from "./clock.js";
import { JwtError } from "./errors.js";
import type { KeyInput } from "./import-key.js";
import type { JwtKey } from "./key.js";
import type { VerifyKeyInput } from "./key-set.js";
import type { Algorithm } from "./lib/algorithms.js";
import { type ClaimExpectations, checkClaims } from "./lib/check-claims.js";
import { checkVerifyOptions } from "./lib/check-options.js";
import { DEFAULT_MAX_TOKEN_BYTES, type TokenSizeOptions } from "./lib/compact.js";
import {
  DEFAULT_MAX_INFLATED_BYTES,
  DEFAULT_MAX_PBES2_COUNT,
  type JweAlgorithm,
  type JweEncryption,
  MIN_PBES2_COUNT,
} from "./lib/jwe-algorithms.js";
import { type JweHeader, openJwe, parseJwe } from "./lib/jwe-compact.js";
import {
  capOption,
  checkAllowedJwe,
  checkJweAlgorithm,
  checkJweEncryption,
  checkList,
  decryptionKey,
  type JweKeyOptions,
} from "./lib/jwe-options.js";
import { readClock } from "./lib/numeric-date.js";
import { describeValue, invalidOption } from "./lib/option-error.js";
import type { JwtHeader, JwtPayload } from "./types.js";
import { verifyJwt } from "./verify.js";

/** The options of {@link decryptJwe}: the accepted algorithms, the caps, compression, the key's form. */
export interface DecryptJweOptions extends JweKeyOptions, TokenSizeOptions {
  /**
   * Key management algorithms accepted; it narrows what the key is made for. A key that is not bound
   * to an algorithm yet (a PEM, a secret text) is imported for these.
   * @defaultValue the algorithms the key is made for
   */
  algorithms?: readonly JweAlgorithm[] | undefined;
  /**
   * Content encryptions accepted.
   * @defaultValue all six (each is authenticated)
   */
  encryptions?: readonly JweEncryption[] | undefined;
  /**
   * Accept compressed tokens (`zip: "DEF"`); only an explicit true does.
   * @defaultValue false
   */
  allowZip?: boolean | undefined;
  /**
   * The most bytes a compressed token may inflate to; more is refused (a zip bomb).
   * @defaultValue 250000 ({@link DEFAULT_MAX_INFLATED_BYTES})
   */
  maxInflatedBytes?: number | undefined;
  /**
   * The highest PBES2 iteration count accepted (each costs the server work); at least 1000.
   * @defaultValue 10000 ({@link DEFAULT_MAX_PBES2_COUNT})
   */
  maxPbes2Count?: number | undefined;
}

export interface DecryptedJwe {
  /** The decrypted (and inflated) bytes. */
  plaintext: Uint8Array;
  /** The protected header. */
  header: JweHeader;
  /** The key that decrypted it. */
  key: JwtKey;
}

/**
 * Decrypts a compact JWE whose plaintext is any bytes. The algorithm is the key's (or the options'),
 * never the token's; every failure to decrypt is the same ERR_JWE_DECRYPTION_FAILED.
 *
 * @example
 * const { plaintext } = decryptJwe(token, key, { encryptions: ["A256GCM"] });
 */
export function decryptJwe(token: string, key: KeyInput, options: DecryptJweOptions = {}): DecryptedJwe {
  const checked = checkDecryptOptions(options);
  const parts = parseJwe(token, options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES);
  const decryptWith = decryptionKey(key, checked.algorithms, options);
  checkAllowedJwe(parts.alg, parts.enc, decryptWith, checked.encryptions);
  const plaintext = openJwe(parts, decryptWith, checked);
  return { plaintext, header: parts.header, key: decryptWith };
}

interface CheckedDecryptOptions {
  readonly algorithms: readonly JweAlgorithm[] | undefined;
  readonly encryptions: readonly JweEncryption[] | undefined;
  readonly allowZip: boolean;
  readonly maxInflatedBytes: number;
  readonly maxPbes2Count: number;
}

const DEFAULT_OPTIONS: CheckedDecryptOptions = Object.freeze({
  algorithms: undefined,
  encryptions: undefined,
  allowZip: false,
  maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES,
  maxPbes2Count: DEFAULT_MAX_PBES2_COUNT,
});

function checkDecryptOptions(options: DecryptJweOptions): CheckedDecryptOptions {
  if (options !== null && typeof options === "object" && isEmpty(options)) return DEFAULT_OPTIONS;
  checkVerifyOptions({ ...options, algorithms: undefined });
  if (options.allowZip !== undefined && typeof options.allowZip !== "boolean") {
    throw invalidOption("allowZip", "type", `must be true or false; got ${describeValue(options.allowZip)}`);
  }
  return {
    algorithms: checkList(options.algorithms, "algorithms", checkJweAlgorithm),
    encryptions: checkList(options.encryptions, "encryptions", checkJweEncryption),
    allowZip: options.allowZip === true,
    maxInflatedBytes: capOption(options.maxInflatedBytes, "maxInflatedBytes", DEFAULT_MAX_INFLATED_BYTES),
    maxPbes2Count: capOption(
      options.maxPbes2Count,
      "maxPbes2Count",
      DEFAULT_MAX_PBES2_COUNT,
      MIN_PBES2_COUNT,
    ),
  };
}

function isEmpty(options: object): boolean {
  for (const _name in options) return false;
  return true;
}

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });

/** node:buffer's isUtf8 where it exists (Node 18.14+), else a fatal decoder: both refuse bad UTF-8. */
const isUtf8: (bytes: Uint8Array) => boolean =
  typeof nodeBuffer.isUtf8 === "function"
    ? nodeBuffer.isUtf8
    : (bytes) => {
        try {
          fatalUtf8.decode(bytes);
          return true;
        } catch {
          return false;
        }
      };

/** How decryptJwt checks the signature of a nested token (signed, then encrypted). */
export interface NestedVerifyOptions {
  /** The signer's key: a secret, public key, JWKS, list of keys or key set, as verifyJwt takes. */
  key: VerifyKeyInput;
  /** Signature algorithms accepted (narrows the key's). */
  algorithms?: readonly Algorithm[] | undefined;
  secretEncoding?: JweKeyOptions["secretEncoding"];
  allowWeakKey?: boolean | undefined;
  /** Expected `typ` of the inner header. */
  typ?: string | undefined;
}

/** The options of {@link decryptJwt}: those of {@link decryptJwe}, the expected claims, the clock, and `verify`. */
export interface DecryptJwtOptions extends DecryptJweOptions, ClaimExpectations, ClockOptions {
  /**
   * For a nested token (`cty: "JWT"`): the signer's key, to verify the inner signature in the same
   * call. A nested token without it is refused, and so is a token that is not nested when it is given.
   */
  verify?: NestedVerifyOptions | undefined;
}

export interface DecryptedJwt {
  /** The protected (JWE) header. */
  header: JweHeader;
  payload: JwtPayload;
  /** The key that decrypted the token. */
  key: JwtKey;
  /** For a nested token: the inner (JWS) header and the key that verified it. */
  signature?: { header: JwtHeader; key: JwtKey };
}

/**
 * Decrypts a JWT (a compact JWE whose plaintext is the claims, or a signed JWT when `cty` is "JWT"),
 * then checks `exp`/`nbf`/`iat` and the expected claims exactly as verifyJwt does.
 *
 * @example
 * const { payload } = decryptJwt(token, privateKeyPem, { algorithms: ["RSA-OAEP-256"], issuer: "https://issuer.example" });
 */
export function decryptJwt(token: string, key: KeyInput, options: DecryptJwtOptions = {}): DecryptedJwt {
  const { plaintext, header, key: decryptedWith } = decryptJwe(token, key, options);
  // isUtf8 then toString: as strict as a fatal TextDecoder, and faster on small tokens.
  if (!isUtf8(plaintext)) {
    throw new JwtError("ERR_JWT_MALFORMED", "The decrypted content is not UTF-8 text, so it is not a JWT.", {
      reason: "not-utf8",
    });
  }
  const text = Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).toString("utf8");
  const nested = typeof header.cty === "string" && header.cty.toUpperCase() === "JWT";
  if (nested) return verifyNested(text, header, decryptedWith, options);
  if (options.verify !== undefined) {
    throw new JwtError(
      "ERR_JWT_MALFORMED",
      'A signature check was asked (verify), but the token holds claims that are not signed (no "cty": "JWT"). ' +
        "Refused: the claims were not signed by the expected key.",
      { reason: "not-nested" },
    );
  }
  const payload = parseClaims(text);
  checkClaims(payload, options, options.clockToleranceSeconds ?? 0, readClock(options.clock));
  return { header, payload, key: decryptedWith };
}

function parseClaims(text: string): JwtPayload {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwtError("ERR_JWT_MALFORMED", "The decrypted content is not valid JSON.", {
      reason: "payload",
    });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new JwtError("ERR_JWT_MALFORMED", "The decrypted content must be a JSON object of claims.", {
      reason: "payload",
    });
  }
  return value as JwtPayload;
}

function verifyNested(
  text: string,
  header: JweHeader,
  decryptedWith: JwtKey,
  options: DecryptJwtOptions,
): DecryptedJwt {
  const verify = options.verify;
  if (verify === undefined || verify === null || typeof verify !== "object") {
    throw new JwtError(
      "ERR_KEY_MISSING",
      'The token is a signed JWT inside an encrypted one ("cty": "JWT"): give the signer\'s key as verify: { key } to check its signature.',
      {
        option: "verify",
        reason: "missing",
        problem: "is required for a nested token",
        fix: "Give verify: { key }.",
      },
    );
  }
  const inner = verifyJwt(text, verify.key, {
    algorithms: verify.algorithms,
    secretEncoding: verify.secretEncoding,
    allowWeakKey: verify.allowWeakKey,
    typ: verify.typ,
    issuer: options.issuer,
    audience: options.audience,
    subject: options.subject,
    maxAgeSeconds: options.maxAgeSeconds,
    requiredClaims: options.requiredClaims,
    requireExpiry: options.requireExpiry,
    clock: options.clock,
    clockToleranceSeconds: options.clockToleranceSeconds,
    // The outer token passed its own size cap; the inner one is as long as the decrypted content.
    maxTokenBytes: Math.max(text.length, 1),
  });
  return {
    header,
    payload: inner.payload,
    key: decryptedWith,
    signature: { header: inner.header, key: inner.key },
  };
}
