import { JwtError } from "./errors.js";
import { type ImportKeyOptions, importKey, type KeyInput } from "./import-key.js";
import { JwtKey } from "./key.js";
import type { Algorithm } from "./lib/algorithms.js";
import { isJwksLike, type Jwks } from "./lib/jwk.js";
import { keyError } from "./lib/option-error.js";
import { unwrapPastedText } from "./lib/pem.js";
import { importTextOnce } from "./lib/text-key-cache.js";

/**
 * Several keys for one verifier, for rotation: a token's `kid` picks its key by exact match.
 * Keys without a kid (a current and a previous secret, say) are tried in order for tokens whose
 * kid names no key of the set.
 */
export class JwtKeySet {
  readonly keys: readonly JwtKey[];
  /** Every algorithm some key of the set is made for (read on every verification, so made once). */
  readonly algorithms: readonly Algorithm[];
  readonly #byKid = new Map<string, JwtKey[]>();
  readonly #unnamed: JwtKey[] = [];

  constructor(keys: readonly JwtKey[]) {
    if (keys.length === 0) {
      throw keyError("ERR_KEY_MISSING", "missing", "is empty", "Give at least one key.", "The key set");
    }
    const encryption = keys.find((key) => key.use === "enc");
    if (encryption !== undefined) {
      // One key, one use: a key made for encryption never verifies a signature.
      throw keyError(
        "ERR_KEY_INVALID",
        "not-for-signatures",
        `is for encryption (${encryption.encryptionAlgorithms.join(", ")}); it can never verify a signature`,
        "Verify with the signer's public key or the shared HMAC secret; decrypt with decryptJwt.",
      );
    }
    this.keys = Object.freeze([...keys]);
    this.algorithms = Object.freeze([...new Set(keys.flatMap((key) => key.algorithms))]);
    for (const key of keys) {
      if (key.kid === undefined) this.#unnamed.push(key);
      else this.#byKid.set(key.kid, [...(this.#byKid.get(key.kid) ?? []), key]);
    }
  }

  /** Keys that may have signed a token with this header, most likely first. */
  candidates(kid: unknown, alg: Algorithm): JwtKey[] {
    const forAlg = this.#pool(kid).filter((key) => key.algorithms.includes(alg));
    const usable = forAlg.filter((key) => key.canVerify);
    if (forAlg.length > 0 && usable.length === 0) {
      throw new JwtError(
        "ERR_KEY_INVALID",
        'The key for this token may not verify: its JWK "key_ops" do not include "verify". ' +
          'Publish the verifying key with "key_ops": ["verify"] (or without key_ops).',
      );
    }
    return usable;
  }

  #pool(kid: unknown): readonly JwtKey[] {
    if (typeof kid !== "string") return this.keys;
    const named = this.#byKid.get(kid);
    if (named !== undefined) return named;
    if (this.#unnamed.length === 0) {
      throw new JwtError(
        "ERR_KID_UNKNOWN",
        `No key in the key set has kid ${JSON.stringify(truncate(kid))}. The token was signed with a key this verifier ` +
          "does not have: add it to the key set (during a rotation, keep the previous key until old tokens expire).",
      );
    }
    return this.#unnamed;
  }
}

function truncate(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}...` : text;
}

/** What a verifier accepts as its key: one key, a JWKS, or several keys (rotation). */
export type VerifyKeyInput = KeyInput | Jwks | JwtKeySet | readonly (KeyInput | JwtKey)[];

/**
 * Builds a key set from a JWKS (object or JSON text), a list of keys, or one key.
 * Keys of a JWKS that are not for signatures (`use: "enc"`, unknown `alg`) are skipped.
 */
export function importKeySet(input: VerifyKeyInput, options: ImportKeyOptions = {}): JwtKeySet {
  if (input instanceof JwtKeySet) return input;
  if (Array.isArray(input)) {
    return new JwtKeySet(input.map((item: KeyInput) => importKey(item, options)));
  }
  if (typeof input === "string") {
    return importTextOnce(input, { ...options, key: "importKeySet" }, () => importOneOrJwks(input, options));
  }
  return importOneOrJwks(input as KeyInput | Jwks, options);
}

function importOneOrJwks(input: KeyInput | Jwks, options: ImportKeyOptions): JwtKeySet {
  const jwks = asJwks(input);
  if (jwks !== undefined) return importJwks(jwks, options);
  return new JwtKeySet([importKey(input as KeyInput, options)]);
}

function asJwks(input: KeyInput | Jwks): Jwks | undefined {
  if (typeof input === "string") {
    const text = unwrapPastedText(input);
    if (!text.startsWith("{") || !text.includes('"keys"')) return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === "object" && isJwksLike(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return input !== null && typeof input === "object" && !(input instanceof JwtKey) && isJwksLike(input)
    ? (input as Jwks)
    : undefined;
}

function importJwks(jwks: Jwks, options: ImportKeyOptions): JwtKeySet {
  const keys: JwtKey[] = [];
  const problems: string[] = [];
  for (const jwk of jwks.keys) {
    try {
      const key = importKey(jwk, options);
      if (key.use === "enc")
        problems.push(
          `The JWK${jwk.kid === undefined ? "" : ` with kid "${jwk.kid}"`} is for encryption, not signatures`,
        );
      else keys.push(key);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (keys.length === 0) {
    const why = problems.length > 0 ? ` (${problems[0]})` : "";
    throw keyError(
      "ERR_KEY_INVALID",
      "no-usable-key",
      `has no usable signature key${why}`,
      undefined,
      "The JWKS",
    );
  }
  return new JwtKeySet(keys);
}
