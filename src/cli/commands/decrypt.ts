import { defineInputs } from "../../inputs/index.js";
import {
  type Algorithm,
  type DecryptedJwt,
  decryptJwt,
  isJwtError,
  JWE_ALGORITHMS,
  JWE_ENCRYPTIONS,
  type JweAlgorithm,
  type JweEncryption,
  parseAlgorithm,
} from "../../jwt/index.js";
import { CLI_EXIT_CODES, describeForCli, EXIT_OK, isTokenRefusal, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { CLAIM_CHECK_INPUTS } from "../lib/claim-inputs.js";
import { defineCommand } from "../lib/command-spec.js";
import { JWE_KEY_INPUTS, JWE_SECRET_ENV, parseJweName, toJweKeySource } from "../lib/jwe-options.js";
import { checkPositionals, nonEmpty } from "../lib/option-values.js";
import { readTokenText } from "../lib/read-input.js";
import { type KeySourceOptions, readKeyPassphrase, readKeyText, readVerifyKey } from "../lib/read-key.js";

export interface DecryptOptions extends KeySourceOptions {
  /** The token; standard input when absent or "-". */
  token?: string | undefined;
  /** Key management algorithms accepted; default: those the key is made for. */
  algorithms?: JweAlgorithm[] | undefined;
  encryptions?: JweEncryption[] | undefined;
  allowZip?: boolean | undefined;
  issuer?: string[] | undefined;
  audience?: string[] | undefined;
  subject?: string | undefined;
  clockToleranceSeconds?: number | undefined;
  maxAgeSeconds?: number | undefined;
  json?: boolean | undefined;
  /** A nested JWT: verify its signature with this key. */
  verify?:
    | { keyFile?: string | undefined; secretEnv?: string | undefined; algorithms: Algorithm[] }
    | undefined;
}

/**
 * Decrypts a JWE and checks its claims (and, with --verify-key-file or --verify-secret-env, the
 * signature of the JWT inside). Accepted: prints the claims, 0. Refused: the reason and its code on
 * standard error, 1. A key or option problem throws (2).
 */
export async function runDecrypt(options: DecryptOptions, io: CliIo): Promise<number> {
  const token = await readTokenText(options.token, io);
  const keyText = await readKeyText(options, JWE_SECRET_ENV, io);
  const verify =
    options.verify === undefined
      ? undefined
      : {
          key: await readVerifyKey(
            { keyFile: options.verify.keyFile, secretEnv: options.verify.secretEnv },
            options.verify.algorithms,
            token,
            io,
          ),
          algorithms: nonEmpty(options.verify.algorithms),
        };
  let decrypted: DecryptedJwt;
  try {
    decrypted = decryptJwt(token, keyText, {
      clock: io.clock,
      algorithms: nonEmpty(options.algorithms),
      encryptions: nonEmpty(options.encryptions),
      allowZip: options.allowZip === true,
      secretEncoding: options.secretEncoding,
      passphrase: readKeyPassphrase(options, io),
      issuer: nonEmpty(options.issuer),
      audience: nonEmpty(options.audience),
      subject: options.subject,
      clockToleranceSeconds: options.clockToleranceSeconds,
      maxAgeSeconds: options.maxAgeSeconds,
      verify,
    });
  } catch (error) {
    if (!isJwtError(error) || !isTokenRefusal(error)) throw error;
    const reason = describeForCli(error, DECRYPT_INPUTS);
    io.stderr.write(`bubble-jwt: cannot accept the token: ${reason} (${error.code})\n`);
    if (options.json === true) {
      const result = { valid: false, reason_code: error.code, reason, claim: error.claim };
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    }
    return CLI_EXIT_CODES[error.code];
  }
  const output =
    options.json === true
      ? {
          valid: true,
          header: decrypted.header,
          payload: decrypted.payload,
          ...(decrypted.signature === undefined ? {} : { signed_header: decrypted.signature.header }),
        }
      : decrypted.payload;
  io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return EXIT_OK;
}

export const DECRYPT_INPUTS = defineInputs([
  {
    name: "alg",
    caption: "Accepted key management algorithms; repeat or comma-separate",
    type: "list",
    placeholder: "ALG",
    doc: `Accepted key management algorithms (${JWE_ALGORITHMS.join(", ")}). Needed to read a secret or a PEM key; a JWK naming its \`alg\` needs none. RSA1_5 is refused.`,
    engineOption: "algorithms",
  },
  {
    name: "enc",
    caption: "Accepted content encryptions; repeat or comma-separate",
    type: "list",
    placeholder: "ENC",
    doc: `Accepted content encryptions (${JWE_ENCRYPTIONS.join(", ")}); default: any.`,
    engineOption: "encryptions",
  },
  {
    name: "allow_zip",
    caption: "Accept compressed tokens (zip DEF)",
    type: "boolean",
    doc: "Accept a compressed token (`zip: DEF`), inflated to 250 KB at most. Refused by default: compression invites size attacks.",
  },
  ...CLAIM_CHECK_INPUTS,
  {
    name: "verify_key_file",
    caption: "A nested JWT: verify its signature with this key file (PEM, JWK, JWKS)",
    type: "text",
    placeholder: "FILE",
    doc: 'For a signed JWT inside (`"cty": "JWT"`): the signer\'s public key, JWK or JWKS. A nested token is refused without a verify key.',
  },
  {
    name: "verify_secret_env",
    caption: "A nested JWT: verify its signature with the HMAC secret in this environment variable",
    type: "text",
    placeholder: "NAME",
    doc: "For a nested JWT signed with an HMAC secret: the environment variable holding it.",
  },
  {
    name: "verify_alg",
    caption: "A nested JWT: accepted signature algorithms",
    type: "list",
    placeholder: "ALG",
    doc: "The signature algorithms accepted for the nested JWT (default: those the key is made for).",
  },
  {
    name: "json",
    caption: 'Print {"valid": ..., ...} as JSON on stdout, valid or not',
    type: "boolean",
    doc: 'Print `{"valid": true, "header", "payload"}` (and `signed_header` for a nested JWT) or `{"valid": false, "reason_code", "reason", "claim"}`.',
  },
  ...JWE_KEY_INPUTS,
]);

export const decryptCommand = defineCommand({
  name: "decrypt",
  summary: "Decrypt a JWT (JWE) and check its claims; exit 0 accepted, 1 refused, 2 usage error.",
  usage: [
    "bubble-jwt decrypt [TOKEN] --alg ALG [options]",
    "echo TOKEN | bubble-jwt decrypt --alg ALG [options]",
  ],
  details: [
    "Accepted: prints the claims as JSON on stdout and exits 0.",
    "Refused (wrong key, altered token, expired, ...): prints the reason and its code on stderr and exits 1.",
    `The key: the private key (--key-file) for RSA-OAEP and ECDH-ES, else the secret from ${JWE_SECRET_ENV} or --secret-env NAME.`,
    "The key and --alg choose the algorithm, never the token. A signed JWT inside is refused unless",
    "--verify-key-file or --verify-secret-env checks its signature.",
  ],
  inputs: DECRYPT_INPUTS,
  examples: [
    'bubble-jwt decrypt "$TOKEN" --alg dir --secret-encoding base64url',
    'bubble-jwt decrypt "$TOKEN" --alg RSA-OAEP-256 --key-file private-key.pem --iss https://issuer.example',
    'bubble-jwt decrypt "$TOKEN" --alg ECDH-ES --key-file my-private.pem --verify-key-file sender-public.pem',
  ],
  toOptions(values, positionals): DecryptOptions {
    checkPositionals(positionals, 1, "decrypt");
    if (values.verify_key_file !== undefined && values.verify_secret_env !== undefined) {
      throw usageError("Give one of --verify-key-file and --verify-secret-env.");
    }
    const verifies = values.verify_key_file !== undefined || values.verify_secret_env !== undefined;
    if (!verifies && values.verify_alg !== undefined) {
      throw usageError("--verify-alg goes with --verify-key-file or --verify-secret-env.");
    }
    if (values.alg === undefined && values.key_file === undefined) {
      throw usageError(
        "Give --alg (dir, A256KW, PBES2-HS256+A128KW, ...): a secret does not say what it is for.",
      );
    }
    return {
      ...toJweKeySource(values),
      token: positionals[0],
      algorithms: (values.alg ?? []).map((alg) => parseJweName(alg, JWE_ALGORITHMS, "alg")),
      encryptions: (values.enc ?? []).map((enc) => parseJweName(enc, JWE_ENCRYPTIONS, "enc")),
      allowZip: values.allow_zip === true,
      issuer: values.iss,
      audience: values.aud,
      subject: values.sub,
      clockToleranceSeconds: values.clock_tolerance,
      maxAgeSeconds: values.max_age,
      json: values.json === true,
      verify: verifies
        ? {
            keyFile: values.verify_key_file,
            secretEnv: values.verify_secret_env,
            algorithms: (values.verify_alg ?? []).map((alg) => parseAlgorithm(alg, "verify_alg")),
          }
        : undefined,
    };
  },
  run: runDecrypt,
});
