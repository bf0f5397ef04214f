import { defineInputs } from "../../inputs/index.js";
import {
  ALGORITHMS,
  type Algorithm,
  DEFAULT_EXPIRES_IN_MINUTES,
  encryptJwt,
  JWE_ALGORITHMS,
  JWE_ENCRYPTIONS,
  type JweAlgorithm,
  type JweEncryption,
  type JwtWarning,
  parseAlgorithm,
} from "../../jwt/index.js";
import { EXIT_OK, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { CLAIM_INPUTS } from "../lib/claim-inputs.js";
import { defineCommand } from "../lib/command-spec.js";
import { JWE_KEY_INPUTS, JWE_SECRET_ENV, parseJweName, toJweKeySource } from "../lib/jwe-options.js";
import { checkPositionals } from "../lib/option-values.js";
import { readDataText } from "../lib/read-input.js";
import { type KeySourceOptions, readKeyPassphrase, readKeyText, readSigningKey } from "../lib/read-key.js";

export interface EncryptOptions extends KeySourceOptions {
  /** The claims: JSON text, `@file`, `@-`; standard input when absent. */
  data?: string | undefined;
  alg?: JweAlgorithm | undefined;
  enc?: JweEncryption | undefined;
  /** Compress before encrypting (zip DEF); a decrypter must allow it. */
  zip?: boolean | undefined;
  expiresInMinutes?: number | undefined;
  notBeforeMinutes?: number | undefined;
  kid?: string | undefined;
  issuer?: string | undefined;
  subject?: string | undefined;
  audience?: string[] | undefined;
  jwtId?: string | true | undefined;
  /** Sign first with this key (a nested JWT), then encrypt. */
  sign?:
    | { keyFile?: string | undefined; secretEnv?: string | undefined; alg?: Algorithm | undefined }
    | undefined;
}

/** Encrypts the claims (signed first with --sign-key-file or --sign-secret-env) and prints the JWE. */
export async function runEncrypt(options: EncryptOptions, io: CliIo): Promise<number> {
  const claims = await readDataText(options.data, io, "claims");
  const keyText = await readKeyText(options, JWE_SECRET_ENV, io);
  const sign =
    options.sign === undefined
      ? undefined
      : {
          key: await readSigningKey(
            { keyFile: options.sign.keyFile, secretEnv: options.sign.secretEnv },
            options.sign.alg,
            undefined,
            io,
          ),
        };
  const audience = options.audience ?? [];
  const warnings: JwtWarning[] = [];
  const token = encryptJwt(claims, {
    clock: io.clock,
    key: keyText,
    alg: options.alg,
    enc: options.enc,
    secretEncoding: options.secretEncoding,
    passphrase: readKeyPassphrase(options, io),
    ...(options.zip === true ? { zip: "DEF" as const } : {}),
    ...(options.kid === undefined ? {} : { header: { kid: options.kid } }),
    expiresInMinutes: options.expiresInMinutes,
    notBeforeMinutes: options.notBeforeMinutes,
    issuer: options.issuer,
    subject: options.subject,
    audience: audience.length === 0 ? undefined : audience.length === 1 ? audience[0] : audience,
    jwtId: options.jwtId,
    sign,
    onWarning: (warning) => warnings.push(warning),
  });
  for (const warning of warnings) {
    io.stderr.write(`bubble-jwt: warning: ${warning.message} (${warning.code})\n`);
  }
  io.stdout.write(`${token}\n`);
  return EXIT_OK;
}

export const ENCRYPT_INPUTS = defineInputs([
  {
    name: "data",
    caption: "The claims as JSON text, @FILE, or @- for stdin",
    type: "long-text",
    placeholder: "JSON",
    doc: "The claims: JSON text, `@claims.json`, or `@-` for standard input; standard input when absent.",
  },
  {
    name: "alg",
    caption: "The key management algorithm (how the recipient's key protects the content key)",
    type: "text",
    placeholder: "ALG",
    doc: `${JWE_ALGORITHMS.join(", ")}. Required unless a JWK key file names its own. RSA1_5 is refused (Bleichenbacher's padding attack).`,
  },
  {
    name: "enc",
    caption: "The content encryption (default A256GCM; with dir, the one the key's length fits)",
    type: "text",
    placeholder: "ENC",
    doc: `${JWE_ENCRYPTIONS.join(", ")}. Default A256GCM; with \`dir\`, the one the secret's length fits.`,
  },
  {
    name: "zip",
    caption: "Compress the claims before encrypting (zip DEF)",
    type: "boolean",
    doc: "Compress with DEFLATE first. The decrypter must allow it (`decrypt --allow-zip`); leave it off when secrets sit next to data an attacker chooses.",
  },
  {
    name: "exp",
    caption: `Minutes until the token expires (default ${DEFAULT_EXPIRES_IN_MINUTES})`,
    type: "number",
    exclusiveMin: 0,
    placeholder: "MINUTES",
    doc: `Minutes until expiry (default ${DEFAULT_EXPIRES_IN_MINUTES}).`,
    engineOption: "expiresInMinutes",
  },
  {
    name: "nbf",
    caption: "The token is not valid until this many minutes",
    type: "number",
    placeholder: "MINUTES",
    doc: "Not valid before now + MINUTES.",
    engineOption: "notBeforeMinutes",
  },
  {
    name: "kid",
    caption: "The recipient key's id, in the protected header",
    type: "text",
    placeholder: "KID",
    doc: "The recipient key's id (`kid`) in the protected header, so that it picks its key.",
  },
  ...CLAIM_INPUTS,
  {
    name: "sign_key_file",
    caption: "Sign the claims first with this private key (PEM, JWK), then encrypt",
    type: "text",
    placeholder: "FILE",
    doc: 'A nested JWT: sign with this key first, then encrypt the signed token (`"cty": "JWT"`); `decrypt --verify-key-file` checks it.',
  },
  {
    name: "sign_secret_env",
    caption: "Sign the claims first with the HMAC secret in this environment variable",
    type: "text",
    placeholder: "NAME",
    doc: "A nested JWT signed with the HMAC secret held in this environment variable.",
  },
  {
    name: "sign_alg",
    caption: "The signature algorithm of the nested JWT",
    type: "choice",
    options: ALGORITHMS,
    placeholder: "ALG",
    doc: "The signature algorithm of the nested JWT (default: the key's own; HS256 for a secret).",
  },
  ...JWE_KEY_INPUTS,
]);

export const encryptCommand = defineCommand({
  name: "encrypt",
  summary: "Encrypt claims into a JWT (JWE) for the key's holder and print it.",
  usage: [
    "bubble-jwt encrypt --alg ALG [--enc ENC] [--data JSON | --data @FILE] [options]",
    "echo '{...}' | bubble-jwt encrypt --alg ALG [options]",
  ],
  details: [
    `The key: the recipient's public key (--key-file) for RSA-OAEP and ECDH-ES, else a secret from ${JWE_SECRET_ENV}`,
    "(or --secret-env NAME): dir and AES key wrap need exactly the key's length in bytes, PBES2 takes a password.",
    `Every token gets iat; exp is ${DEFAULT_EXPIRES_IN_MINUTES} minutes ahead unless --exp says otherwise.`,
    "--sign-key-file or --sign-secret-env signs the claims first (a nested JWT), then encrypts.",
    "RSA1_5 is refused: its padding checks leak enough to decrypt tokens (Bleichenbacher's attack).",
  ],
  inputs: ENCRYPT_INPUTS,
  examples: [
    `export ${JWE_SECRET_ENV}="$(bubble-jwt keygen --alg dir --enc A256GCM)"`,
    `bubble-jwt encrypt --alg dir --enc A256GCM --secret-encoding base64url --data '{"user_id": "42"}'`,
    "bubble-jwt encrypt --alg RSA-OAEP-256 --key-file recipient-public.pem --data @claims.json",
    "bubble-jwt encrypt --alg ECDH-ES --key-file recipient-public.pem --sign-key-file my-private.pem --data @claims.json",
  ],
  toOptions(values, positionals): EncryptOptions {
    checkPositionals(positionals, 0, "encrypt");
    if (values.sign_key_file !== undefined && values.sign_secret_env !== undefined) {
      throw usageError("Give one of --sign-key-file and --sign-secret-env.");
    }
    const signs = values.sign_key_file !== undefined || values.sign_secret_env !== undefined;
    if (!signs && values.sign_alg !== undefined) {
      throw usageError("--sign-alg goes with --sign-key-file or --sign-secret-env.");
    }
    if (values.alg === undefined && values.key_file === undefined) {
      throw usageError(
        "Give --alg (dir, A256KW, PBES2-HS256+A128KW, ...): a secret does not say what it is for.",
      );
    }
    return {
      ...toJweKeySource(values),
      data: values.data,
      alg: values.alg === undefined ? undefined : parseJweName(values.alg, JWE_ALGORITHMS, "alg"),
      enc: values.enc === undefined ? undefined : parseJweName(values.enc, JWE_ENCRYPTIONS, "enc"),
      zip: values.zip === true,
      expiresInMinutes: values.exp,
      notBeforeMinutes: values.nbf,
      kid: values.kid,
      issuer: values.iss,
      subject: values.sub,
      audience: values.aud,
      jwtId: values.random_jti === true ? true : values.jti,
      sign: signs
        ? {
            keyFile: values.sign_key_file,
            secretEnv: values.sign_secret_env,
            alg: values.sign_alg === undefined ? undefined : parseAlgorithm(values.sign_alg, "sign_alg"),
          }
        : undefined,
    };
  },
  run: runEncrypt,
});
