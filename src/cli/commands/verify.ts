import { type Algorithm, isJwtError, parseAlgorithm, verifyJwt } from "../../jwt/index.js";
import { defineInputs } from "../../spec/index.js";
import { CLI_EXIT_CODES, describeForCli, EXIT_OK, isTokenRefusal } from "../errors.js";
import type { CliIo } from "../io.js";
import { defineCommand } from "../lib/command-spec.js";
import { KEY_INPUTS, toKeySource } from "../lib/key-options.js";
import { checkPositionals, nonEmpty } from "../lib/option-values.js";
import { readTokenText } from "../lib/read-input.js";
import { type KeySourceOptions, readVerifyKey, type VerifyKeySourceOptions } from "../lib/read-key.js";

export interface VerifyOptions extends KeySourceOptions, VerifyKeySourceOptions {
  /** The token; standard input when absent or "-". */
  token?: string | undefined;
  /** Algorithms accepted; default: the ones the key is made for. */
  algorithms?: Algorithm[] | undefined;
  issuer?: string[] | undefined;
  audience?: string[] | undefined;
  subject?: string | undefined;
  clockToleranceSeconds?: number | undefined;
  maxAgeSeconds?: number | undefined;
  /** Print `{ valid, ... }` as JSON on standard output, valid or not. */
  json?: boolean | undefined;
}

/**
 * Verifies a token. Valid: prints the claims, returns 0. Refused: prints the reason and its code on
 * standard error (and the JSON result with --json), returns 1. A key or option problem throws.
 */
export async function runVerify(options: VerifyOptions, io: CliIo): Promise<number> {
  const token = await readTokenText(options.token, io);
  const algorithms = options.algorithms ?? [];
  const key = await readVerifyKey(options, algorithms, token, io);
  try {
    const verified = verifyJwt(token, key, {
      clock: io.clock,
      algorithms: nonEmpty(algorithms),
      issuer: nonEmpty(options.issuer),
      audience: nonEmpty(options.audience),
      subject: options.subject,
      clockToleranceSeconds: options.clockToleranceSeconds,
      maxAgeSeconds: options.maxAgeSeconds,
    });
    const output =
      options.json === true
        ? { valid: true, header: verified.header, payload: verified.payload }
        : verified.payload;
    io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!isJwtError(error) || !isTokenRefusal(error)) throw error;
    const reason = describeForCli(error, VERIFY_INPUTS);
    io.stderr.write(`bubble-jwt: invalid token: ${reason} (${error.code})\n`);
    if (options.json === true) {
      const result = { valid: false, reason_code: error.code, reason, claim: error.claim };
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    }
    return CLI_EXIT_CODES[error.code];
  }
}

export const VERIFY_INPUTS = defineInputs([
  {
    name: "alg",
    caption: "Accepted algorithms; repeat or comma-separate",
    type: "list",
    placeholder: "ALG",
    doc: "The accepted algorithms (repeat or comma-separate). Default: those the key is made for; a secret serves HS256, HS384 and HS512.",
  },
  {
    name: "iss",
    caption: "The expected issuer (iss); repeatable",
    type: "list",
    placeholder: "ISSUER",
    doc: 'The expected issuer (`iss`); repeat for "any of these".',
    engineOption: "issuer",
  },
  {
    name: "aud",
    caption: "The expected audience (aud); repeatable",
    type: "list",
    placeholder: "AUD",
    doc: 'The expected audience (`aud`); repeat for "any of these".',
    engineOption: "audience",
  },
  {
    name: "sub",
    caption: "The expected subject (sub)",
    type: "text",
    placeholder: "SUBJECT",
    doc: "The expected subject (`sub`).",
    engineOption: "subject",
  },
  {
    name: "clock_tolerance",
    caption: "Clock difference allowed for exp/nbf",
    type: "number",
    min: 0,
    placeholder: "SECONDS",
    doc: "Clock difference allowed on `exp`, `nbf` and `--max-age`.",
    engineOption: "clockToleranceSeconds",
  },
  {
    name: "max_age",
    caption: "Refuse tokens issued (iat) longer ago than this",
    type: "number",
    min: 0,
    placeholder: "SECONDS",
    doc: "Refuse tokens issued (`iat`) longer ago than this.",
    engineOption: "maxAgeSeconds",
  },
  {
    name: "jwks_file",
    caption: "Verify with the keys of a JWKS file",
    type: "text",
    placeholder: "FILE",
    doc: "Verify with a JWKS; the token's `kid` picks the key.",
  },
  {
    name: "jwks_url",
    caption: "Verify with the keys published at an https JWKS URL (a provider's jwks_uri)",
    type: "text",
    placeholder: "URL",
    doc: "Verify with the JWKS an identity provider publishes (its `jwks_uri`): https only, fetched once with a 5-second limit and a 64 KiB cap; the token's `kid` picks the key. A fetch failure is `ERR_JWKS_FETCH_FAILED`, exit 2.",
  },
  {
    name: "ca_file",
    caption: "With --jwks-url: also trust the CA certificates in this PEM file",
    type: "text",
    placeholder: "FILE",
    doc: "With `--jwks-url`: also trust the CA certificates in this PEM file (a private PKI).",
  },
  {
    name: "json",
    caption: 'Print {"valid": ..., ...} as JSON on stdout, valid or not',
    type: "boolean",
    doc: 'Print `{"valid": true, "header", "payload"}` or `{"valid": false, "reason_code", "reason", "claim"}`.',
  },
  ...KEY_INPUTS,
]);

export const verifyCommand = defineCommand({
  name: "verify",
  summary: "Check a token's signature and claims; exit 0 valid, 1 invalid, 2 usage error.",
  usage: ["bubble-jwt verify [TOKEN] [options]", "echo TOKEN | bubble-jwt verify [options]"],
  details: [
    "Valid: prints the claims as JSON on stdout and exits 0.",
    "Invalid: prints the reason and its code on stderr and exits 1.",
    "The algorithm is chosen by the key, never by the token. Tokens without exp are refused.",
  ],
  inputs: VERIFY_INPUTS,
  examples: [
    'bubble-jwt verify "$TOKEN" && echo ok',
    'bubble-jwt verify "$TOKEN" --alg ES256 --key-file public-key.pem --iss https://myapp.example',
    'bubble-jwt verify "$TOKEN" --jwks-file jwks.json --aud my-api',
    'bubble-jwt verify "$TOKEN" --jwks-url https://login.example.com/.well-known/jwks.json --iss https://login.example.com/',
  ],
  toOptions(values, positionals): VerifyOptions {
    checkPositionals(positionals, 1, "verify");
    return {
      ...toKeySource(values),
      token: positionals[0],
      jwksFile: values.jwks_file,
      jwksUrl: values.jwks_url,
      caFile: values.ca_file,
      algorithms: (values.alg ?? []).map((alg) => parseAlgorithm(alg, "alg")),
      issuer: values.iss,
      audience: values.aud,
      subject: values.sub,
      clockToleranceSeconds: values.clock_tolerance,
      maxAgeSeconds: values.max_age,
      json: values.json === true,
    };
  },
  run: runVerify,
});
