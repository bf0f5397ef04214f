import { createPublicKey, type KeyObject } from "node:crypto";
import { inspect } from "node:util";
import { JwtError } from "./errors.js";
import type { Algorithm, KeyFamily } from "./lib/algorithms.js";
import type { JweAlgorithm } from "./lib/jwe-algorithms.js";

export type KeyKind = "secret" | "private" | "public";

/** What a key is for: signatures (JWS), or encryption (JWE). A key serves one, never both. */
export type KeyUse = "sig" | "enc";

export interface JwtKeyInit {
  readonly kind: KeyKind;
  readonly family: KeyFamily;
  readonly algorithms: readonly Algorithm[];
  readonly keyObject: KeyObject;
  readonly kid?: string | undefined;
  readonly canSign?: boolean;
  readonly canVerify?: boolean;
  readonly allowWeakKey?: boolean;
  /** For an encryption key: the key management algorithms it serves (and no JWS algorithm). */
  readonly encryptionAlgorithms?: readonly JweAlgorithm[];
}

/** Proves a construction comes from this module: only importKey and importSecret make keys. */
const SEAL: unique symbol = Symbol("JwtKey");
let construct: ((init: JwtKeyInit) => JwtKey) | undefined;

/**
 * A key prepared once and bound to one algorithm family (and usually to one algorithm).
 * Reuse it: encoding and verifying with a `JwtKey` skips all parsing and is the fast path.
 * It never prints its material: `console.log(key)` shows only its algorithm, kind and kid.
 * Only {@link importKey} and {@link importSecret} make one, after checking the material: the class
 * serves `instanceof` and types, and `new JwtKey(...)` throws.
 */
export class JwtKey {
  readonly kind: KeyKind;
  readonly family: KeyFamily;
  /** The JWS algorithms this key may be used with; the first is the default for encoding. Empty for an encryption key. */
  readonly algorithms: readonly Algorithm[];
  /** `sig` for a signing or verifying key, `enc` for an encryption key (from a JWE `alg`). */
  readonly use: KeyUse;
  /** For an encryption key: the JWE key management algorithms it serves, the default first. Empty otherwise. */
  readonly encryptionAlgorithms: readonly JweAlgorithm[];
  readonly kid: string | undefined;
  /** False when a JWK's `use`/`key_ops` forbid signing, or the key is public. */
  readonly canSign: boolean;
  /** False when a JWK's `use`/`key_ops` forbid verifying. */
  readonly canVerify: boolean;
  /** The HMAC length rule is waived for this key (not recommended). */
  readonly allowWeakKey: boolean;
  /** The node:crypto key: secret, private or public. */
  readonly keyObject: KeyObject;
  #verifyKey: KeyObject | undefined;

  static {
    construct = (init) => new JwtKey(SEAL, init);
  }

  private constructor(seal: typeof SEAL, init: JwtKeyInit) {
    if (seal !== SEAL) {
      throw new TypeError(
        "A JwtKey cannot be made with new: use importKey or importSecret, which check the key.",
      );
    }
    this.kind = init.kind;
    this.family = init.family;
    const encryption = init.encryptionAlgorithms ?? [];
    this.use = encryption.length > 0 ? "enc" : "sig";
    this.algorithms = Object.freeze(this.use === "enc" ? [] : [...init.algorithms]);
    this.encryptionAlgorithms = Object.freeze([...encryption]);
    this.kid = init.kid;
    this.keyObject = init.keyObject;
    // An encryption key never signs nor verifies: one key, one use.
    this.canSign = this.use === "sig" && init.kind !== "public" && init.canSign !== false;
    this.canVerify = this.use === "sig" && init.canVerify !== false;
    this.allowWeakKey = init.allowWeakKey === true;
    // Prepared keys are shared (importKey remembers keys given as text): nobody may change one.
    Object.freeze(this);
  }

  /** The key that checks signatures: the public half of a private key, or the secret itself. */
  get verifyKey(): KeyObject {
    if (this.#verifyKey === undefined) {
      this.#verifyKey = this.kind === "private" ? createPublicKey(this.keyObject) : this.keyObject;
    }
    return this.#verifyKey;
  }

  /** The default algorithm for encoding with this key; an encryption key has none (it throws). */
  get alg(): Algorithm {
    if (this.use === "enc") {
      throw new JwtError("ERR_KEY_INVALID", {
        option: "key",
        reason: "not-for-signatures",
        problem: `is an encryption key (${this.encryptionAlgorithms.join(", ")}); it has no signature algorithm`,
        fix: "Use a signing key to sign or verify, and this key with encryptJwt or decryptJwt.",
      });
    }
    return this.algorithms[0] as Algorithm;
  }

  /** For an HMAC secret: its length in bytes; 0 otherwise. */
  get secretLength(): number {
    return this.kind === "secret" ? (this.keyObject.symmetricKeySize ?? 0) : 0;
  }

  toJSON(): Record<string, unknown> {
    if (this.use === "enc") {
      return { kind: this.kind, use: "enc", encryptionAlgorithms: this.encryptionAlgorithms, kid: this.kid };
    }
    return { kind: this.kind, algorithms: this.algorithms, kid: this.kid };
  }

  [inspect.custom](): string {
    const kid = this.kid === undefined ? "" : `, kid: ${JSON.stringify(this.kid)}`;
    const algorithms = this.use === "enc" ? this.encryptionAlgorithms : this.algorithms;
    return `JwtKey { ${this.kind} ${algorithms.join("/")}${kid} }`;
  }
}

/** Makes a key from material the caller has checked; for the engine's importers only (not exported). */
export function createJwtKey(init: JwtKeyInit): JwtKey {
  return (construct as (init: JwtKeyInit) => JwtKey)(init);
}
