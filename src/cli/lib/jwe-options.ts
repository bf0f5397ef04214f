import { defineInputs, type InputValues } from "../../inputs/index.js";
import { REFUSED_JWE_ALGORITHM, SECRET_ENCODINGS, type SecretEncoding } from "../../jwt/index.js";
import { usageError } from "../errors.js";
import { PASSPHRASE_ENV_INPUT, SECRET_FLAG_INPUT } from "./key-options.js";
import type { KeySourceOptions } from "./read-key.js";

/** The environment variable encrypt and decrypt read a secret from by default (the plugin key's name too). */
export const JWE_SECRET_ENV = "JWE_KEY";

/**
 * Where encrypt and decrypt find the recipient's key: as for encode and verify, but a secret comes from
 * JWE_KEY (an encryption key is not a signing secret, so it gets its own variable).
 */
export const JWE_KEY_INPUTS = defineInputs([
  {
    name: "secret_env",
    caption: `Read the secret or password from this environment variable (default ${JWE_SECRET_ENV})`,
    type: "text",
    placeholder: "NAME",
    doc: `The environment variable holding the shared secret (dir, AES key wrap) or the password (PBES2); by default ${JWE_SECRET_ENV}.`,
  },
  {
    name: "key_file",
    caption: "Read the key from a file: PEM or JWK",
    type: "text",
    placeholder: "FILE",
    doc: "A PEM key (the recipient's public key to encrypt, the private key to decrypt) or a JWK (an `oct` JWK for a secret).",
  },
  PASSPHRASE_ENV_INPUT,
  SECRET_FLAG_INPUT,
  {
    name: "secret_encoding",
    caption: "How the secret is written: text (default), base64, base64url or hex",
    type: "choice",
    options: SECRET_ENCODINGS,
    placeholder: "ENC",
    doc: "How the secret is written: text (UTF-8, the default), base64, base64url or hex. `keygen` prints base64url: pass `--secret-encoding base64url` with its secrets.",
  },
]);

export function toJweKeySource(values: InputValues<typeof JWE_KEY_INPUTS>): KeySourceOptions {
  return {
    secretEnv: values.secret_env,
    keyFile: values.key_file,
    passphraseEnv: values.passphrase_env,
    secret: values.secret,
    secretEncoding: SECRET_ENCODINGS.find((encoding) => encoding === values.secret_encoding) as
      | SecretEncoding
      | undefined,
  };
}

/**
 * A JWE algorithm or encryption name as a person types it (any case), checked against the engine's
 * list; RSA1_5 gets its own refusal, with why.
 */
export function parseJweName<T extends string>(text: string, known: readonly T[], flag: string): T {
  const wanted = text.trim().toLowerCase();
  const found = known.find((name) => name.toLowerCase() === wanted);
  if (found !== undefined) return found;
  if (wanted === REFUSED_JWE_ALGORITHM.toLowerCase()) {
    throw usageError(
      `--${flag} ${REFUSED_JWE_ALGORITHM} (RSAES-PKCS1-v1_5) is not offered: its padding checks leak enough to ` +
        "decrypt tokens (Bleichenbacher's attack). Use RSA-OAEP-256 (or RSA-OAEP) with the same RSA key.",
    );
  }
  throw usageError(`--${flag} must be one of ${known.join(", ")}; got "${text.slice(0, 40)}".`);
}
