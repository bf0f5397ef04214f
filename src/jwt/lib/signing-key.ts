import { DEFAULT_ALGORITHM } from "../defaults.js";
import { JwtError } from "../errors.js";
import { type ImportKeyOptions, importKey, type KeyInput } from "../import-key.js";
import { JwtKey } from "../key.js";
import type { Algorithm } from "./algorithms.js";

/** How a signer is given its key, shared by encodeJwt and encodeJws. */
export interface SigningKeyOptions
  extends Pick<ImportKeyOptions, "secretEncoding" | "passphrase" | "allowWeakKey"> {
  /** The secret or private key: text, PEM, JWK, KeyObject, or (fastest) a key from importKey. */
  key: KeyInput;
  /**
   * The algorithm to sign with; it must be one the key is made for.
   * @defaultValue the `JwtKey`'s own algorithm; {@link DEFAULT_ALGORITHM} (HS256) for a key given in another form
   */
  alg?: Algorithm | undefined;
}

/** The key to sign with: imported if needed, and checked to fit the algorithm and to be allowed to sign. */
export function signingKey(options: SigningKeyOptions): JwtKey {
  const { alg } = options;
  if (options.key === undefined || options.key === null || options.key === "") {
    throw new JwtError("ERR_KEY_MISSING", {
      option: "key",
      reason: "missing",
      problem: "is missing",
      fix: "Give the secret or the private key to sign with.",
    });
  }
  const key =
    options.key instanceof JwtKey
      ? options.key
      : importKey(options.key, {
          alg: alg ?? DEFAULT_ALGORITHM,
          secretEncoding: options.secretEncoding,
          passphrase: options.passphrase,
        });
  if (key.use === "enc") {
    throw new JwtError("ERR_KEY_INVALID", {
      option: "key",
      reason: "not-for-signatures",
      problem: `is an encryption key (${key.encryptionAlgorithms.join(", ")}); it cannot sign`,
      fix: "Sign with a signing key, and use this key with encryptJwt.",
    });
  }
  if (alg !== undefined && !key.algorithms.includes(alg)) {
    throw new JwtError("ERR_KEY_INVALID", {
      option: "key",
      reason: "wrong-algorithm",
      problem: `is made for ${key.algorithms.join(", ")}; it cannot sign ${String(alg)} tokens`,
      fix: `Use a key made for ${String(alg)}, or sign with the key's own algorithm.`,
    });
  }
  if (!key.canSign) {
    const why =
      key.kind === "public"
        ? "it is a public key, which can only verify"
        : 'its "key_ops"/"use" do not allow "sign"';
    throw new JwtError("ERR_KEY_INVALID", {
      option: "key",
      reason: "cannot-sign",
      problem: `cannot sign: ${why}`,
      fix: "Use the private key.",
    });
  }
  return key;
}
