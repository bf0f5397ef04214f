import { type Algorithm, encodeJwtDetailed, fixedClock } from "../../jwt/index.js";
import { EXIT_OK } from "../errors.js";
import type { CliIo } from "../io.js";
import { currentTime } from "../io.js";
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
import { readDataText } from "../lib/read-input.js";
import { type KeySourceOptions, readSigningKey } from "../lib/read-key.js";

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
    key,
    alg: options.alg,
    expiresInMinutes: options.expiresInMinutes,
    notBeforeMinutes: options.notBeforeMinutes,
    issuer: options.issuer,
    subject: options.subject,
    audience: audience.length === 0 ? undefined : audience.length === 1 ? audience[0] : audience,
    jwtId: options.jwtId,
    clock: fixedClock(currentTime(io)),
  });
  for (const warning of encoded.warnings) {
    io.stderr.write(`bubble-jwt: warning: ${warning.message} (${warning.code})\n`);
  }
  io.stdout.write(`${encoded.token}\n`);
  return EXIT_OK;
}

export const encodeCommand: CommandSpec<EncodeOptions> = {
  name: "encode",
  summary: "Sign claims into a JWT and print it.",
  usage: ["bubble-jwt encode [--data JSON | --data @FILE] [options]", "echo '{...}' | bubble-jwt encode"],
  details: [
    "The key comes from the JWT_SECRET environment variable unless --secret-env or --key-file says otherwise.",
    "Every token gets iat and typ; exp is 60 minutes ahead unless --exp says otherwise.",
  ],
  options: {
    data: { type: "string", value: "JSON", description: "The claims as JSON text, @FILE, or @- for stdin." },
    alg: { type: "string", value: "ALG", description: "The algorithm (default HS256, or the key's own)." },
    exp: {
      type: "string",
      value: "MINUTES",
      description: "Minutes until the token expires (default 60).",
      engineOption: "expiresInMinutes",
    },
    nbf: {
      type: "string",
      value: "MINUTES",
      description: "The token is not valid until this many minutes.",
      engineOption: "notBeforeMinutes",
    },
    kid: { type: "string", value: "KID", description: "The key id to put in the header." },
    iss: { type: "string", value: "ISSUER", description: "The issuer claim (iss).", engineOption: "issuer" },
    sub: {
      type: "string",
      value: "SUBJECT",
      description: "The subject claim (sub).",
      engineOption: "subject",
    },
    aud: {
      type: "string",
      value: "AUD",
      multiple: true,
      description: "The audience claim (aud); repeatable.",
      engineOption: "audience",
    },
    jti: { type: "string", value: "ID", description: "The token id claim (jti)." },
    "random-jti": { type: "boolean", description: "Add a random 128-bit token id (jti)." },
    ...KEY_OPTIONS,
  },
  examples: [
    `export JWT_SECRET="$(bubble-jwt keygen --alg HS256)"`,
    `bubble-jwt encode --data '{"user_id": "42", "email": "a@example.com"}' --exp 60`,
    "bubble-jwt encode --data @claims.json --alg ES256 --key-file private-key.pem",
  ],
  toOptions(values, positionals) {
    checkPositionals(positionals, 0, "encode");
    const alg = stringValue(values, "alg");
    return {
      ...toKeySource(values),
      data: stringValue(values, "data"),
      alg: alg === undefined ? undefined : algorithmValue(alg),
      expiresInMinutes: numberValue(values, "exp"),
      notBeforeMinutes: numberValue(values, "nbf"),
      kid: stringValue(values, "kid"),
      issuer: stringValue(values, "iss"),
      subject: stringValue(values, "sub"),
      audience: stringList(values, "aud"),
      jwtId: booleanValue(values, "random-jti") ? true : stringValue(values, "jti"),
    };
  },
  run: runEncode,
};
