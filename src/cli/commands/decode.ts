import { defineInputs } from "../../inputs/index.js";
import {
  type DecodedJwt,
  decodeJweHeader,
  decodeJwt,
  isJwtError,
  type JweHeader,
  type JwtPayload,
} from "../../jwt/index.js";
import { CLI_EXIT_CODES, describeForCli, EXIT_OK } from "../errors.js";
import type { CliIo } from "../io.js";
import { defineCommand } from "../lib/command-spec.js";
import { describeTimeClaim, formatDate } from "../lib/human-time.js";
import { checkPositionals } from "../lib/option-values.js";
import { readTokenText } from "../lib/read-input.js";

export interface DecodeOptions {
  /** The token; standard input when absent or "-". */
  token?: string | undefined;
  /** Print one JSON object `{ header, payload }` instead of the readable form. */
  json?: boolean | undefined;
}

const TIME_CLAIMS = [
  ["iat", "issued"],
  ["nbf", "not before"],
  ["exp", "expires"],
] as const;

export const ENCRYPTED_NOTICE =
  "The token is encrypted (JWE): its claims cannot be read without the key. Use `bubble-jwt decrypt` with the key.";

export const DECODE_NOTICE =
  "Decoding proves nothing: the signature was not checked. Use `bubble-jwt verify` before trusting a token.";

/** Prints a token's header and payload without verifying anything. */
export async function runDecode(options: DecodeOptions, io: CliIo): Promise<number> {
  const token = await readTokenText(options.token, io);
  let decoded: DecodedJwt;
  try {
    decoded = decodeJwt(token);
  } catch (error) {
    if (!isJwtError(error)) throw error;
    if (error.code === "ERR_JWT_ENCRYPTED") return showEncrypted(token, options, io);
    io.stderr.write(`bubble-jwt: cannot decode the token: ${describeForCli(error)} (${error.code})\n`);
    return CLI_EXIT_CODES[error.code];
  }
  const { header, payload } = decoded;
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify({ header, payload }, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = [
    "Header",
    indent(JSON.stringify(header, null, 2)),
    "Payload",
    indent(JSON.stringify(payload, null, 2)),
  ];
  const times = describeTimes(payload, Math.floor(io.clock() / 1000));
  if (times.length > 0) lines.push("Times", ...times);
  lines.push(DECODE_NOTICE);
  io.stdout.write(`${lines.join("\n")}\n`);
  return EXIT_OK;
}

/** A JWE: only its protected header can be shown; that is an answer, not a failure. */
function showEncrypted(token: string, options: DecodeOptions, io: CliIo): number {
  let header: JweHeader;
  try {
    header = decodeJweHeader(token);
  } catch (error) {
    if (!isJwtError(error)) throw error;
    io.stderr.write(`bubble-jwt: cannot decode the token: ${describeForCli(error)} (${error.code})\n`);
    return CLI_EXIT_CODES[error.code];
  }
  if (options.json === true) {
    io.stdout.write(`${JSON.stringify({ header, encrypted: true }, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = ["Protected header (JWE)", indent(JSON.stringify(header, null, 2)), ENCRYPTED_NOTICE];
  io.stdout.write(`${lines.join("\n")}\n`);
  return EXIT_OK;
}

function describeTimes(payload: JwtPayload, nowSeconds: number): string[] {
  const lines: string[] = [];
  for (const [claim, label] of TIME_CLAIMS) {
    const value = payload[claim];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      lines.push(`  ${claim}  ${label.padEnd(10)}  not a number of seconds: ${JSON.stringify(value)}`);
      continue;
    }
    const relative = describeTimeClaim(claim, value, nowSeconds);
    lines.push(`  ${claim}  ${label.padEnd(10)}  ${formatDate(value)}  (${relative})`);
  }
  return lines;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

export const DECODE_INPUTS = defineInputs([
  {
    name: "json",
    caption: 'Print {"header": ..., "payload": ...} as JSON, for scripts',
    type: "boolean",
    doc: 'Print `{"header": ..., "payload": ...}` only, for scripts (for an encrypted token: `{"header": ..., "encrypted": true}`).',
  },
]);

export const decodeCommand = defineCommand({
  name: "decode",
  summary: "Show a token's header and claims, with readable dates (does not verify).",
  usage: ["bubble-jwt decode [TOKEN] [--json]", "echo TOKEN | bubble-jwt decode"],
  details: [
    "Decoding proves nothing: anyone can write any claims. Use verify to accept a token.",
    "An encrypted token (JWE, 5 parts) shows its protected header only: its claims need the key (decrypt).",
  ],
  inputs: DECODE_INPUTS,
  examples: ["bubble-jwt decode eyJhbGciOi...", "bubble-jwt decode --json < token.txt | jq .payload.exp"],
  toOptions(values, positionals): DecodeOptions {
    checkPositionals(positionals, 1, "decode");
    return { token: positionals[0], json: values.json === true };
  },
  run: runDecode,
});
