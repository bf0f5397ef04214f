import type { OptionSpec, ParsedValues } from "./command-spec.js";
import { booleanValue, secretEncodingValue, stringValue } from "./option-values.js";
import { DEFAULT_SECRET_ENV, type KeySourceOptions } from "./read-key.js";

/** The key options encode and verify share. */
export const KEY_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  "secret-env": {
    type: "string",
    value: "NAME",
    description: `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV}).`,
  },
  "key-file": {
    type: "string",
    value: "FILE",
    description: "Read the key from a file: PEM, JWK, or a service-account JSON file.",
  },
  "passphrase-env": {
    type: "string",
    value: "NAME",
    description: "The environment variable holding the passphrase of an encrypted private key.",
  },
  secret: {
    type: "string",
    value: "SECRET",
    description: "The secret itself. Discouraged: it lands in shell history (a warning says so).",
  },
  "secret-encoding": {
    type: "string",
    value: "ENC",
    description: "How the secret is written: text (default), base64, base64url or hex.",
  },
  "allow-weak-key": {
    type: "boolean",
    description: "Accept an HMAC secret shorter than the hash. Not recommended.",
  },
};

export function toKeySource(values: ParsedValues): KeySourceOptions {
  return {
    secretEnv: stringValue(values, "secret-env"),
    keyFile: stringValue(values, "key-file"),
    passphraseEnv: stringValue(values, "passphrase-env"),
    secret: stringValue(values, "secret"),
    secretEncoding: secretEncodingValue(values),
    allowWeakKey: booleanValue(values, "allow-weak-key") || undefined,
  };
}
