import { JwtError } from "../errors.js";
import { type ImportKeyOptions, importEncryptionKey, importKey, type KeyInput } from "../import-key.js";
import { JwtKey } from "../key.js";
import {
  DEFAULT_JWE_ENCRYPTION,
  encryptionForDirectKey,
  isJweAlgorithm,
  isJweEncryption,
  JWE_ALGORITHMS,
  JWE_ENCRYPTIONS,
  type JweAlgorithm,
  type JweEncryption,
  KEY_MANAGEMENT_SPECS,
  REFUSED_JWE_ALGORITHM,
  refusedRsa15,
} from "./jwe-algorithms.js";
import { describeValue, invalidOption } from "./option-error.js";

/** How a JWE operation is given its key, shared by encryptJwe, encryptJwt, decryptJwe and decryptJwt. */
export type JweKeyOptions = Pick<ImportKeyOptions, "secretEncoding" | "passphrase">;

/** Only the options that say how to read a key (they also key the cache of keys given as text). */
function keyReading(options: JweKeyOptions): JweKeyOptions {
  const reading: JweKeyOptions = {};
  if (options.secretEncoding !== undefined) reading.secretEncoding = options.secretEncoding;
  if (options.passphrase !== undefined) reading.passphrase = options.passphrase;
  return reading;
}

function missingKey(what: string): JwtError {
  return new JwtError("ERR_KEY_MISSING", {
    option: "key",
    reason: "missing",
    problem: "is missing",
    fix: `Give ${what}.`,
  });
}

function notBound(): JwtError {
  return new JwtError("ERR_KEY_INVALID", {
    option: "key",
    reason: "no-encryption-algorithm",
    problem: "is not bound to a JWE key management algorithm, and none was given",
    fix: 'Import it with importKey(key, { alg: "RSA-OAEP-256" }) (or the algorithm it is for), or name the algorithm in the options.',
  });
}

/** Checks a caller's JWE algorithm (never RSA1_5). */
export function checkJweAlgorithm(value: unknown, option: string): JweAlgorithm {
  if (value === REFUSED_JWE_ALGORITHM) throw refusedRsa15(option);
  if (!isJweAlgorithm(value)) {
    throw new JwtError("ERR_ALG_NOT_ALLOWED", {
      option,
      reason: "unknown-algorithm",
      problem: `must be one of ${JWE_ALGORITHMS.join(", ")}; got ${describeValue(value)}`,
    });
  }
  return value;
}

export function checkJweEncryption(value: unknown, option: string): JweEncryption {
  if (!isJweEncryption(value)) {
    throw new JwtError("ERR_ALG_NOT_ALLOWED", {
      option,
      reason: "unknown-encryption",
      problem: `must be one of ${JWE_ENCRYPTIONS.join(", ")}; got ${describeValue(value)}`,
    });
  }
  return value;
}

export function checkList<T>(
  value: unknown,
  option: string,
  check: (item: unknown, option: string) => T,
): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidOption(option, "type", `must be a non-empty list; got ${describeValue(value)}`);
  }
  return value.map((item) => check(item, option));
}

/** The key to encrypt with and the algorithm: from the options, else the key's own. */
export function encryptionKey(
  input: KeyInput | undefined,
  alg: unknown,
  options: JweKeyOptions,
): { key: JwtKey; alg: JweAlgorithm } {
  if (input === undefined || input === null || input === "")
    throw missingKey("the recipient's public key or the shared secret");
  const wanted = alg === undefined ? undefined : checkJweAlgorithm(alg, "alg");
  const key =
    input instanceof JwtKey
      ? importKey(input, wanted === undefined ? {} : { alg: wanted })
      : importKey(input, { ...keyReading(options), ...(wanted === undefined ? {} : { alg: wanted }) });
  if (key.use !== "enc") throw notBound();
  return { key, alg: wanted ?? (key.encryptionAlgorithms[0] as JweAlgorithm) };
}

/** The content encryption: the caller's, else the one a `dir` key's length fits, else A256GCM. */
export function contentEncryption(enc: unknown, alg: JweAlgorithm, key: JwtKey): JweEncryption {
  if (enc !== undefined) return checkJweEncryption(enc, "enc");
  if (KEY_MANAGEMENT_SPECS[alg].mode === "dir") {
    return encryptionForDirectKey(key.keyObject.symmetricKeySize ?? 0) ?? DEFAULT_JWE_ENCRYPTION;
  }
  return DEFAULT_JWE_ENCRYPTION;
}

/** The key to decrypt with, narrowed to the accepted algorithms; it must hold the private part. */
export function decryptionKey(
  input: KeyInput | undefined,
  algorithms: readonly JweAlgorithm[] | undefined,
  options: JweKeyOptions,
): JwtKey {
  if (input === undefined || input === null || input === "")
    throw missingKey("the private key or the shared secret");
  let key: JwtKey;
  if (input instanceof JwtKey) {
    key = algorithms === undefined ? input : importEncryptionKey(input, algorithms);
  } else {
    const reading = keyReading(options);
    key =
      algorithms === undefined ? importKey(input, reading) : importEncryptionKey(input, algorithms, reading);
  }
  if (key.use !== "enc") throw notBound();
  if (key.kind === "public") {
    throw new JwtError("ERR_KEY_INVALID", {
      option: "key",
      reason: "cannot-decrypt",
      problem: "is a public key, which can only encrypt",
      fix: "Decrypt with the private key.",
    });
  }
  return key;
}

/** The token's `alg` and `enc` against the key and the caller's lists: the token never chooses. */
export function checkAllowedJwe(
  alg: JweAlgorithm,
  enc: JweEncryption,
  key: JwtKey,
  encryptions: readonly JweEncryption[] | undefined,
): void {
  if (!key.encryptionAlgorithms.includes(alg)) {
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `The token says "alg": "${alg}". The key is made for ${key.encryptionAlgorithms.join(", ")}, ` +
        "so the token cannot be accepted (the key and the options choose the algorithm, never the token).",
      { reason: "not-allowed" },
    );
  }
  if (encryptions !== undefined && !encryptions.includes(enc)) {
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `The token uses "enc": "${enc}", which is not among the allowed content encryptions (${encryptions.join(", ")}).`,
      { reason: "not-allowed" },
    );
  }
}

/** A positive whole number option (a cap), or its default. */
export function capOption(value: unknown, option: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw invalidOption(
      option,
      "out-of-range",
      `must be a whole number of at least ${min}; got ${describeValue(value)}`,
    );
  }
  return value;
}
