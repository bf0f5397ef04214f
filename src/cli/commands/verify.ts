import { type Algorithm, fixedClock, isJwtError, verifyJwt } from "../../jwt/index.js";
import { EXIT_CHECK_FAILED, EXIT_OK, isTokenRefusal } from "../errors.js";
import { type CliIo, currentTime } from "../io.js";
import type { CommandSpec } from "../lib/command-spec.js";
import { KEY_OPTIONS, toKeySource } from "../lib/key-options.js";
import {
  algorithmValue,
  booleanValue,
  checkPositionals,
  numberValue,
  stringList,
  stringValue,
} from "../lib/option-values.js";
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
  const nonEmpty = <T>(list: T[] | undefined) => (list === undefined || list.length === 0 ? undefined : list);
  try {
    const verified = verifyJwt(token, key, {
      algorithms: nonEmpty(algorithms),
      issuer: nonEmpty(options.issuer),
      audience: nonEmpty(options.audience),
      subject: options.subject,
      clockToleranceSeconds: options.clockToleranceSeconds,
      maxAgeSeconds: options.maxAgeSeconds,
      clock: fixedClock(currentTime(io)),
    });
    const output =
      options.json === true
        ? { valid: true, header: verified.header, payload: verified.payload }
        : verified.payload;
    io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!isJwtError(error) || !isTokenRefusal(error)) throw error;
    io.stderr.write(`bubble-jwt: invalid token: ${error.message} (${error.code})\n`);
    if (options.json === true) {
      const result = { valid: false, reason_code: error.code, reason: error.message, claim: error.claim };
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    }
    return EXIT_CHECK_FAILED;
  }
}

export const verifyCommand: CommandSpec<VerifyOptions> = {
  name: "verify",
  summary: "Check a token's signature and claims; exit 0 valid, 1 invalid, 2 usage error.",
  usage: ["bubble-jwt verify [TOKEN] [options]", "echo TOKEN | bubble-jwt verify [options]"],
  details: [
    "Valid: prints the claims as JSON on stdout and exits 0.",
    "Invalid: prints the reason and its code on stderr and exits 1.",
    "The algorithm is chosen by the key, never by the token. Tokens without exp are refused.",
  ],
  options: {
    alg: {
      type: "string",
      value: "ALG",
      multiple: true,
      description: "Accepted algorithms; repeat or comma-separate.",
    },
    iss: {
      type: "string",
      value: "ISSUER",
      multiple: true,
      description: "The expected issuer (iss); repeatable.",
      engineOption: "issuer",
    },
    aud: {
      type: "string",
      value: "AUD",
      multiple: true,
      description: "The expected audience (aud); repeatable.",
      engineOption: "audience",
    },
    sub: {
      type: "string",
      value: "SUBJECT",
      description: "The expected subject (sub).",
      engineOption: "subject",
    },
    "clock-tolerance": {
      type: "string",
      value: "SECONDS",
      description: "Clock difference allowed for exp/nbf.",
      engineOption: "clockToleranceSeconds",
    },
    "max-age": {
      type: "string",
      value: "SECONDS",
      description: "Refuse tokens issued (iat) longer ago than this.",
      engineOption: "maxAgeSeconds",
    },
    "jwks-file": { type: "string", value: "FILE", description: "Verify with the keys of a JWKS file." },
    "jwks-url": {
      type: "string",
      value: "URL",
      description: "Verify with the keys published at an https JWKS URL (a provider's jwks_uri).",
    },
    "ca-file": {
      type: "string",
      value: "FILE",
      description: "With --jwks-url: also trust the CA certificates in this PEM file.",
    },
    json: { type: "boolean", description: 'Print {"valid": ..., ...} as JSON on stdout, valid or not.' },
    ...KEY_OPTIONS,
  },
  examples: [
    'bubble-jwt verify "$TOKEN" && echo ok',
    'bubble-jwt verify "$TOKEN" --alg ES256 --key-file public-key.pem --iss https://myapp.example',
    'bubble-jwt verify "$TOKEN" --jwks-file jwks.json --aud my-api',
    'bubble-jwt verify "$TOKEN" --jwks-url https://login.example.com/.well-known/jwks.json --iss https://login.example.com/',
  ],
  toOptions(values, positionals) {
    checkPositionals(positionals, 1, "verify");
    return {
      ...toKeySource(values),
      token: positionals[0],
      jwksFile: stringValue(values, "jwks-file"),
      jwksUrl: stringValue(values, "jwks-url"),
      caFile: stringValue(values, "ca-file"),
      algorithms: stringList(values, "alg").map((alg) => algorithmValue(alg)),
      issuer: stringList(values, "iss"),
      audience: stringList(values, "aud"),
      subject: stringValue(values, "sub"),
      clockToleranceSeconds: numberValue(values, "clock-tolerance"),
      maxAgeSeconds: numberValue(values, "max-age"),
      json: booleanValue(values, "json"),
    };
  },
  run: runVerify,
};
