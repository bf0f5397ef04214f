import { defineInputs } from "../../inputs/index.js";
import {
  ALGORITHMS,
  type Algorithm,
  DEFAULT_ALGORITHM,
  DEFAULT_EXPIRES_IN_MINUTES,
  encodeJwtDetailed,
  isSymmetric,
  parseAlgorithm,
  securityWarnings,
} from "../../jwt/index.js";
import { EXIT_OK } from "../errors.js";
import type { CliIo } from "../io.js";
import { CLAIM_INPUTS } from "../lib/claim-inputs.js";
import { defineCommand } from "../lib/command-spec.js";
import { KEY_INPUTS, toKeySource } from "../lib/key-options.js";
import { checkPositionals } from "../lib/option-values.js";
import { readDataText } from "../lib/read-input.js";
import { givenSecretText, type KeySourceOptions, readSigningKey } from "../lib/read-key.js";

export interface EncodeOptions extends KeySourceOptions {
  /** The claims: JSON text, `@file`, `@-`; standard input when absent. */
  data?: string | undefined;
  alg?: Algorithm | undefined;
  /** Minutes until expiry (engine default 60). */
  expiresInMinutes?: number | undefined;
  notBeforeMinutes?: number | undefined;
  kid?: string | undefined;
  issuer?: string | undefined;
  subject?: string | undefined;
  audience?: string[] | undefined;
  jwtId?: string | true | undefined;
}

/** Signs the claims and prints the token; the engine's warnings go to standard error. */
export async function runEncode(options: EncodeOptions, io: CliIo): Promise<number> {
  const claims = await readDataText(options.data, io, "claims");
  const key = await readSigningKey(options, options.alg, options.kid, io);
  const audience = options.audience ?? [];
  const encoded = encodeJwtDetailed(claims, {
    clock: io.clock,
    key,
    alg: options.alg,
    expiresInMinutes: options.expiresInMinutes,
    notBeforeMinutes: options.notBeforeMinutes,
    issuer: options.issuer,
    subject: options.subject,
    audience: audience.length === 0 ? undefined : audience.length === 1 ? audience[0] : audience,
    jwtId: options.jwtId,
  });
  const { iat, exp } = encoded.payload;
  const advice = securityWarnings({
    claims: encoded.payload,
    ...(typeof iat === "number" && typeof exp === "number" ? { lifetimeSeconds: exp - iat } : {}),
    ...(isSymmetric(key.alg) ? { secretText: givenSecretText(options, io) } : {}),
  });
  for (const warning of [...encoded.warnings, ...advice]) {
    io.stderr.write(`bubble-jwt: warning: ${warning.message} (${warning.code})\n`);
  }
  io.stdout.write(`${encoded.token}\n`);
  return EXIT_OK;
}

export const ENCODE_INPUTS = defineInputs([
  {
    name: "data",
    caption: "The claims as JSON text, @FILE, or @- for stdin",
    type: "long-text",
    placeholder: "JSON",
    doc: "The claims: JSON text, `@claims.json`, or `@-` for standard input; standard input when absent.",
  },
  {
    name: "alg",
    caption: `The algorithm (default ${DEFAULT_ALGORITHM}, or the key's own)`,
    type: "choice",
    options: ALGORITHMS,
    placeholder: "ALG",
    doc: `${ALGORITHMS.join(", ")}. Default ${DEFAULT_ALGORITHM} for a secret; with --key-file and no --alg, the key's own algorithm.`,
  },
  {
    name: "exp",
    caption: `Minutes until the token expires (default ${DEFAULT_EXPIRES_IN_MINUTES})`,
    type: "number",
    exclusiveMin: 0,
    placeholder: "MINUTES",
    doc: `Minutes until expiry (default ${DEFAULT_EXPIRES_IN_MINUTES}; fractions allowed). Wins over an \`exp\` in the claims, with a warning.`,
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
    caption: "The key id to put in the header",
    type: "text",
    placeholder: "KID",
    doc: "The key id in the header (a service-account file gives its own).",
  },
  ...CLAIM_INPUTS,
  ...KEY_INPUTS,
]);

export const encodeCommand = defineCommand({
  name: "encode",
  summary: "Sign claims into a JWT and print it.",
  usage: ["bubble-jwt encode [--data JSON | --data @FILE] [options]", "echo '{...}' | bubble-jwt encode"],
  details: [
    "The key comes from the JWT_SECRET environment variable unless --secret-env or --key-file says otherwise.",
    `Every token gets iat and typ; exp is ${DEFAULT_EXPIRES_IN_MINUTES} minutes ahead unless --exp says otherwise.`,
  ],
  inputs: ENCODE_INPUTS,
  examples: [
    `export JWT_SECRET="$(bubble-jwt keygen --alg HS256)"`,
    `bubble-jwt encode --data '{"user_id": "42", "email": "a@example.com"}' --exp 60`,
    "bubble-jwt encode --data @claims.json --alg ES256 --key-file private-key.pem",
  ],
  toOptions(values, positionals): EncodeOptions {
    checkPositionals(positionals, 0, "encode");
    return {
      ...toKeySource(values),
      data: values.data,
      alg: values.alg === undefined ? undefined : parseAlgorithm(values.alg, "alg"),
      expiresInMinutes: values.exp,
      notBeforeMinutes: values.nbf,
      kid: values.kid,
      issuer: values.iss,
      subject: values.sub,
      audience: values.aud,
      jwtId: values.random_jti === true ? true : values.jti,
    };
  },
  run: runEncode,
});
