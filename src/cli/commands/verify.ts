import { defineInputs, type InputSpec } from "../../inputs/index.js";
import { type Algorithm, isJwtError, parseAlgorithm, verifyJwt } from "../../jwt/index.js";
import {
  SIGN_IN_INPUTS,
  SIGN_IN_PROVIDER_IDS,
  SIGN_IN_VERIFIER,
  type SignInInputValues,
  type SignInOutputs,
} from "../../recipes/sign-in/index.js";
import {
  CLI_EXIT_CODES,
  describeForCli,
  EXIT_CHECK_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  isTokenRefusal,
  usageError,
} from "../errors.js";
import type { CliIo } from "../io.js";
import { CLAIM_CHECK_INPUTS } from "../lib/claim-inputs.js";
import { defineCommand } from "../lib/command-spec.js";
import { ENDPOINT_OPTIONS, readEndpointOptions } from "../lib/exchange-command.js";
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
  /** `--provider NAME`: verify a sign-in ID token by that provider's rules, with these inputs. */
  signIn?: Record<string, unknown> | undefined;
  /** With --provider: endpoint overrides, NAME=URL. */
  endpoint?: string[] | undefined;
}

/**
 * `verify --provider NAME`: a sign-in ID token checked by its provider's rules (src/recipes/sign-in).
 * Valid: prints the claims (or with --json every output), 0. Refused: the reason and its code on
 * stderr, 1 (2 when the provider's keys could not be fetched, as for --jwks-url). A wrong input
 * throws (2), naming its flag.
 */
async function runSignIn(options: VerifyOptions, io: CliIo): Promise<number> {
  const token = await readTokenText(options.token, io);
  const where = await readEndpointOptions(
    { endpoint: options.endpoint, ca_file: options.caFile },
    SIGN_IN_VERIFIER.endpoints,
  );
  const values: Record<string, unknown> = { ...options.signIn, token };
  // A secret left out is read from the environment variable named like its plugin key (AUTH_SECRET).
  for (const input of SIGN_IN_INPUTS) {
    if (input.type !== "secret" || input.fallbackKey === undefined || values[input.name] !== undefined)
      continue;
    const fallback = io.env[input.fallbackKey];
    if (fallback !== undefined && fallback !== "") values[input.name] = fallback;
  }
  const outputs = (await SIGN_IN_VERIFIER.run(values as SignInInputValues, {
    clock: io.clock,
    ...where,
  })) as SignInOutputs;
  if (outputs.valid) {
    const shown = options.json === true ? outputs : JSON.parse(outputs.claims_json ?? "{}");
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return EXIT_OK;
  }
  io.stderr.write(`bubble-jwt: invalid token: ${outputs.error} (${outputs.reason_code})\n`);
  if (options.json === true) io.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
  // The keys or the issuer's configuration could not be fetched: the check could not be made.
  const unreachable = ["ERR_JWKS_FETCH_FAILED", "ERR_SIGNIN_DISCOVERY_FAILED"];
  return unreachable.includes(outputs.reason_code ?? "") ? EXIT_USAGE : EXIT_CHECK_FAILED;
}

/**
 * Verifies a token. Valid: prints the claims, returns 0. Refused: prints the reason and its code on
 * standard error (and the JSON result with --json), returns 1. A key or option problem throws.
 */
export async function runVerify(options: VerifyOptions, io: CliIo): Promise<number> {
  if (options.signIn !== undefined) return runSignIn(options, io);
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
  ...CLAIM_CHECK_INPUTS,
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
    caption: "With --jwks-url or --provider: trust the CA certificates in this PEM file",
    type: "text",
    placeholder: "FILE",
    doc: "With `--jwks-url` or `--provider`: trust the CA certificates in this PEM file, instead of the public ones, for fetching the keys (a private PKI).",
  },
  {
    name: "json",
    caption: 'Print {"valid": ..., ...} as JSON on stdout, valid or not',
    type: "boolean",
    doc: 'Print `{"valid": true, "header", "payload"}` or `{"valid": false, "reason_code", "reason", "claim"}`.',
  },
  ...KEY_INPUTS,
  ...signInFlags(),
]);

/**
 * `--provider` and the sign-in inputs as flags (`--client-id`, `--tenant`, ...), from SIGN_IN_INPUTS
 * (the token stays the argument), then `--endpoint`.
 */
function signInFlags() {
  const inputs = SIGN_IN_INPUTS.filter((input) => input.name !== "token").map(
    (input): InputSpec => ({
      ...input,
      required: false,
      caption:
        input.name === "provider"
          ? "Verify a sign-in ID token by this provider's rules"
          : `With --provider: ${input.caption}`,
    }),
  );
  const endpoint = ENDPOINT_OPTIONS.find((input) => input.name === "endpoint") as InputSpec;
  return [
    ...inputs,
    {
      ...endpoint,
      doc: `With \`--provider\`: replace a provider's key URL, \`NAME=URL\` (https only; repeatable), e.g. \`--endpoint auth0.keys=https://login.example.com/.well-known/jwks.json\`. Names: ${Object.keys(SIGN_IN_VERIFIER.endpoints).join(", ")}; a URL may use the {input} placeholders of its default. The .discovery names of the OpenID presets replace the origin their configuration is read from (the path follows).`,
    },
  ] as const;
}

const SIGN_IN_FLAG_NAMES = SIGN_IN_INPUTS.map((input) => input.name).filter((name) => name !== "token");
/** The flags of the key and claim checks, which --provider replaces. */
const KEY_FLAG_NAMES = [
  "alg",
  "iss",
  "aud",
  "sub",
  "max_age",
  "clock_tolerance",
  "jwks_file",
  "jwks_url",
  ...KEY_INPUTS.map((input) => input.name),
];

export const verifyCommand = defineCommand({
  name: "verify",
  summary: "Check a token's signature and claims; exit 0 valid, 1 invalid, 2 usage error.",
  usage: [
    "bubble-jwt verify [TOKEN] [options]",
    "echo TOKEN | bubble-jwt verify [options]",
    "bubble-jwt verify [TOKEN] --provider NAME [--client-id ID ...] [--endpoint NAME=URL] [--ca-file FILE] [--json]",
  ],
  details: [
    "Valid: prints the claims as JSON on stdout and exits 0.",
    "Invalid: prints the reason and its code on stderr and exits 1.",
    "The algorithm is chosen by the key, never by the token. Tokens without exp are refused.",
    `--provider ${SIGN_IN_PROVIDER_IDS.join("|")}`,
    "checks a sign-in token",
    "by that provider's rules (issuer, audience, its published keys); give what it needs: --client-id,",
    "--project-id (Firebase), --tenant (Microsoft), --domain (Auth0), --region and --user-pool-id",
    "(Cognito), --frontend-api (Clerk), --project-ref (Supabase). --json prints every output.",
    "--provider stytch|workos|linkedin|memberstack: --project-id (and --custom-domain) for Stytch,",
    "--client-id (and --issuer for a custom authentication domain) for WorkOS, --client-id for LinkedIn,",
    "--app-id for Memberstack.",
    "--provider authjs reads an Auth.js v5 / NextAuth v4 session token (the session cookie's value) with",
    "the app's secret: AUTH_SECRET from the environment (or --auth-secret), --cookie-name (v5's salt:",
    "__Secure-authjs.session-token by default, authjs.session-token on http) and --authjs-version v5|v4.",
    "--provider oidc --issuer URL --client-id ID checks an ID token of any OpenID issuer (its keys found",
    "by discovery from that issuer only); presets: okta, keycloak, entra-external-id, azure-ad-b2c, kinde.",
    "--token-type access --audience API checks an RFC 9068 access token instead.",
  ],
  inputs: VERIFY_INPUTS,
  examples: [
    'bubble-jwt verify "$TOKEN" && echo ok',
    'bubble-jwt verify "$TOKEN" --alg ES256 --key-file public-key.pem --iss https://myapp.example',
    'bubble-jwt verify "$TOKEN" --jwks-file jwks.json --aud my-api',
    'bubble-jwt verify "$TOKEN" --jwks-url https://login.example.com/.well-known/jwks.json --iss https://login.example.com/',
    'bubble-jwt verify "$ID_TOKEN" --provider google --client-id 123-abc.apps.googleusercontent.com',
    'bubble-jwt verify "$ID_TOKEN" --provider firebase --project-id my-app-12345 --json',
    'bubble-jwt verify "$ID_TOKEN" --provider cognito --region eu-west-1 --user-pool-id eu-west-1_AbC123 --client-id 1example23456789',
    'AUTH_SECRET=... bubble-jwt verify "$SESSION_COOKIE" --provider authjs --cookie-name authjs.session-token',
    'bubble-jwt verify "$ID_TOKEN" --provider oidc --issuer https://login.example.com/realms/acme --client-id my-app',
  ],
  toOptions(values, positionals): VerifyOptions {
    checkPositionals(positionals, 1, "verify");
    const read = values as Record<string, unknown>;
    const given = (name: string) => read[name] !== undefined && read[name] !== false;
    if (values.provider !== undefined) {
      const clash = KEY_FLAG_NAMES.find(given);
      if (clash !== undefined) {
        throw usageError(
          `--${clash.replace(/_/g, "-")} does not go with --provider: the provider's rules choose the keys and claims.`,
        );
      }
      const signIn = Object.fromEntries(SIGN_IN_FLAG_NAMES.filter(given).map((name) => [name, read[name]]));
      return {
        token: positionals[0],
        caFile: values.ca_file,
        endpoint: read.endpoint as string[] | undefined,
        signIn,
        json: values.json === true,
      };
    }
    const stray = [...SIGN_IN_FLAG_NAMES, "endpoint"].find(given);
    if (stray !== undefined) throw usageError(`--${stray.replace(/_/g, "-")} goes with --provider NAME.`);
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
