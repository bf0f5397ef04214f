import { defineInputs, type InputValues } from "../../inputs/index.js";
import { SECRET_ENCODINGS, type SecretEncoding } from "../../jwt/index.js";
import { DEFAULT_SECRET_ENV, type KeySourceOptions } from "./read-key.js";

/** A passphrase for an encrypted private key, read from the environment (never a flag). */
export const PASSPHRASE_ENV_INPUT = {
  name: "passphrase_env",
  caption: "The environment variable holding the passphrase of an encrypted private key",
  type: "text",
  placeholder: "NAME",
  doc: "The environment variable holding the passphrase of an encrypted PKCS#8 private key.",
} as const;

/** A secret given on the command line: accepted, with a warning. */
export const SECRET_FLAG_INPUT = {
  name: "secret",
  caption: "The secret itself. Discouraged: it lands in shell history (a warning says so)",
  type: "secret",
  placeholder: "SECRET",
  doc: "The secret itself. It lands in your shell history and the process list, so a warning says so; prefer the environment.",
} as const;

/** The key inputs encode and verify share. */
export const KEY_INPUTS = defineInputs([
  {
    name: "secret_env",
    caption: `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`,
    type: "text",
    placeholder: "NAME",
    doc: `The environment variable holding the secret; by default ${DEFAULT_SECRET_ENV}.`,
  },
  {
    name: "key_file",
    caption: "Read the key from a file: PEM, JWK, or a service-account JSON file",
    type: "text",
    placeholder: "FILE",
    doc: "A PEM key (PKCS#8, PKCS#1, SEC1, SPKI, certificate, encrypted PKCS#8), a JWK, a service-account JSON file, or for verify a JWKS.",
  },
  PASSPHRASE_ENV_INPUT,
  SECRET_FLAG_INPUT,
  {
    name: "secret_encoding",
    caption: "How the secret is written: text (default), base64, base64url or hex",
    type: "choice",
    options: SECRET_ENCODINGS,
    placeholder: "ENC",
    doc: "How the secret is written: text (UTF-8, the default), base64, base64url or hex. The signer and the verifier must agree.",
  },
  {
    name: "allow_weak_key",
    caption: "Accept an HMAC secret shorter than the hash. Not recommended",
    type: "boolean",
    doc: "Accept an HMAC secret shorter than the hash (32 bytes for HS256). Not recommended.",
  },
]);

export function toKeySource(values: InputValues<typeof KEY_INPUTS>): KeySourceOptions {
  return {
    secretEnv: values.secret_env,
    keyFile: values.key_file,
    passphraseEnv: values.passphrase_env,
    // An empty --secret is read as absent by the spec; the key reader says what is missing.
    secret: values.secret,
    secretEncoding: SECRET_ENCODINGS.find((encoding) => encoding === values.secret_encoding) as
      | SecretEncoding
      | undefined,
    allowWeakKey: values.allow_weak_key === true || undefined,
  };
}
