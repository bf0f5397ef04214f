import type { ClockOptions } from "./clock.js";
import { encodeJwtDetailed, readPayload } from "./encode.js";
import type { KeyInput } from "./import-key.js";
import type { Algorithm } from "./lib/algorithms.js";
import { checkOption } from "./lib/check-options.js";
import { buildClaims, type ClaimOptions } from "./lib/claims.js";
import {
  DEFAULT_PBES2_COUNT,
  type JweAlgorithm,
  type JweEncryption,
  MIN_PBES2_COUNT,
} from "./lib/jwe-algorithms.js";
import { type JweHeader, RESERVED_JWE_MEMBERS, sealJwe } from "./lib/jwe-compact.js";
import { capOption, contentEncryption, encryptionKey, type JweKeyOptions } from "./lib/jwe-options.js";
import { readClock } from "./lib/numeric-date.js";
import { describeValue, inputError, invalidOption } from "./lib/option-error.js";
import type { SigningKeyOptions } from "./lib/signing-key.js";
import type { JwtWarning } from "./types.js";

/** The options of {@link encryptJwe}: the recipient's key, the algorithms, compression and header. */
export interface EncryptJweOptions extends JweKeyOptions {
  /**
   * The recipient's public key (RSA-OAEP, ECDH-ES), the shared secret (`dir`, AES key wrap) or the
   * password (PBES2): text, PEM, JWK, bytes, KeyObject, or (fastest) a key from importKey.
   */
  key: KeyInput;
  /**
   * The key management algorithm; it must be one the key is made for.
   * @defaultValue the `JwtKey`'s own algorithm (a key given in another form needs it)
   */
  alg?: JweAlgorithm | undefined;
  /**
   * The content encryption.
   * @defaultValue A256GCM; with `dir`, the GCM (else CBC-HMAC) algorithm the key's length fits
   */
  enc?: JweEncryption | undefined;
  /** `"DEF"` compresses the plaintext (DEFLATE) before encrypting. Leave it out for secrets mixed with data an attacker chooses. */
  zip?: "DEF" | undefined;
  /** Extra protected header members (`kid`, `typ`, `cty`, `apu`, `apv`, ...); alg, enc, zip, crit, epk, p2s, p2c, iv and tag are the engine's. */
  header?: Readonly<Record<string, unknown>> | undefined;
  /**
   * PBES2 iteration count, 1000 or more.
   * @defaultValue 10000 (the most a default decrypter accepts)
   */
  pbes2Count?: number | undefined;
}

/**
 * Encrypts any bytes or text as a compact JWE (RFC 7516) for the key's holder. The algorithm comes
 * from the key or the options.
 *
 * @example
 * const key = importKey(process.env.JWE_SECRET ?? "", { alg: "dir", secretEncoding: "base64url" });
 * const token = encryptJwe("hello", { key, enc: "A256GCM" });
 */
export function encryptJwe(plaintext: Uint8Array | string, options: EncryptJweOptions): string {
  return encryptWithHeader(plaintext, options, {}).token;
}

function encryptWithHeader(
  plaintext: Uint8Array | string,
  options: EncryptJweOptions,
  engineHeader: Readonly<Record<string, unknown>>,
): { token: string; header: JweHeader } {
  if (typeof plaintext !== "string" && !(plaintext instanceof Uint8Array)) {
    throw inputError(
      "ERR_PAYLOAD_INVALID",
      "payload",
      "The plaintext",
      "type",
      `must be a text or bytes (Uint8Array); got ${describeValue(plaintext)}`,
    );
  }
  checkOptionsObject(options);
  const { key, alg } = encryptionKey(options.key, options.alg, options);
  const enc = contentEncryption(options.enc, alg, key);
  if (options.zip !== undefined && options.zip !== "DEF") {
    throw invalidOption("zip", "type", `must be "DEF" or left out; got ${describeValue(options.zip)}`);
  }
  const header = { ...engineHeader, ...extraHeader(options.header) };
  const pbes2Count = capOption(options.pbes2Count, "pbes2Count", DEFAULT_PBES2_COUNT, MIN_PBES2_COUNT);
  const bytes = typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext;
  return sealJwe(bytes, { key, alg, enc, zip: options.zip === "DEF", header, pbes2Count });
}

function checkOptionsObject(options: unknown): void {
  if (options === null || typeof options !== "object") {
    throw invalidOption(
      "options",
      "type",
      `must be an object with at least { key }; got ${describeValue(options)}`,
    );
  }
}

function extraHeader(extra: unknown): Record<string, unknown> {
  if (extra === undefined) return {};
  if (extra === null || typeof extra !== "object" || Array.isArray(extra)) {
    throw invalidOption(
      "header",
      "type",
      `must be an object of extra header members; got ${describeValue(extra)}`,
    );
  }
  for (const name of RESERVED_JWE_MEMBERS) {
    if ((extra as Record<string, unknown>)[name] !== undefined) {
      throw invalidOption(
        "header",
        "not-allowed",
        `cannot set the member "${name}"`,
        "The engine writes it from the options.",
      );
    }
  }
  return { ...(extra as Record<string, unknown>) };
}

/** How encryptJwt signs the claims first (a nested JWT: signed, then encrypted). */
export interface NestedSigningOptions extends SigningKeyOptions {
  /** Extra members of the inner (JWS) header. */
  header?: Readonly<Record<string, unknown>> | undefined;
}

/** The options of {@link encryptJwt}: those of {@link encryptJwe}, the claims set by option, the clock, and `sign`. */
export interface EncryptJwtOptions extends EncryptJweOptions, ClaimOptions, ClockOptions {
  /**
   * Sign the claims with this key first, then encrypt the signed token (`cty: "JWT"`, RFC 7519
   * section 5.2); decryptJwt's `verify` checks that signature.
   */
  sign?: NestedSigningOptions | undefined;
  /** Called with each warning (numbers converted, claims replaced). */
  onWarning?: ((warning: JwtWarning) => void) | undefined;
}

/**
 * Encrypts a JWT: the claims (with `iat` and, unless told otherwise, `exp` 60 minutes ahead, as
 * encodeJwt sets them) as a compact JWE, or first signed with `sign` and then encrypted.
 *
 * @example
 * const token = encryptJwt({ user_id: "42" }, { key: recipientPublicKeyPem, alg: "RSA-OAEP-256" });
 */
export function encryptJwt(payload: object | string, options: EncryptJwtOptions): string {
  checkOptionsObject(options);
  const tolerance = options.clockToleranceSeconds;
  if (tolerance !== undefined) checkOption("clockToleranceSeconds", tolerance);
  if (options.sign !== undefined) {
    const sign = options.sign;
    if (sign === null || typeof sign !== "object") {
      throw invalidOption(
        "sign",
        "type",
        `must be an object with at least { key }; got ${describeValue(sign)}`,
      );
    }
    const signed = encodeJwtDetailed(payload, {
      ...claimOptionsOf(options),
      key: sign.key,
      alg: sign.alg as Algorithm | undefined,
      secretEncoding: sign.secretEncoding,
      passphrase: sign.passphrase,
      allowWeakKey: sign.allowWeakKey,
      header: sign.header,
      onWarning: options.onWarning,
    });
    return encryptWithHeader(signed.token, options, { cty: "JWT" }).token;
  }
  const warnings: JwtWarning[] = [];
  const claims = buildClaims(
    readPayload(payload),
    options,
    readClock(options.clock),
    tolerance ?? 0,
    warnings,
  );
  let json: string;
  try {
    json = JSON.stringify(claims);
  } catch {
    throw inputError(
      "ERR_PAYLOAD_INVALID",
      "payload",
      "The payload",
      "not-json",
      "cannot be written as JSON",
    );
  }
  const { token } = encryptWithHeader(json, options, { typ: "JWT" });
  for (const warning of warnings) options.onWarning?.(warning);
  return token;
}

function claimOptionsOf(options: EncryptJwtOptions): ClaimOptions & ClockOptions {
  return {
    expiresInMinutes: options.expiresInMinutes,
    noExpiry: options.noExpiry,
    notBeforeMinutes: options.notBeforeMinutes,
    issuer: options.issuer,
    subject: options.subject,
    audience: options.audience,
    jwtId: options.jwtId,
    clock: options.clock,
    clockToleranceSeconds: options.clockToleranceSeconds,
  };
}
