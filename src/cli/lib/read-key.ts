import {
  ALGORITHMS,
  type Algorithm,
  createRemoteKeySet,
  DEFAULT_ALGORITHM,
  decodeJwt,
  importKey,
  importKeySet,
  importSecret,
  isSymmetric,
  type JwtKey,
  type JwtKeySet,
  type SecretEncoding,
} from "../../jwt/index.js";
import { CliError, usageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { readTextFile } from "./read-input.js";

/** Where a command finds its key: a file, a named environment variable, or (discouraged) the argument. */
export interface KeySourceOptions {
  /** The environment variable holding the secret (default JWT_SECRET). */
  secretEnv?: string | undefined;
  /** The secret itself; it lands in shell history, so a warning is printed. */
  secret?: string | undefined;
  /** A PEM, JWK or service-account file (or a JWKS for verify). */
  keyFile?: string | undefined;
  /** The environment variable holding the passphrase of an encrypted private key. */
  passphraseEnv?: string | undefined;
  secretEncoding?: SecretEncoding | undefined;
  allowWeakKey?: boolean | undefined;
}

export const DEFAULT_SECRET_ENV = "JWT_SECRET";

const HMAC_ALGORITHMS = ALGORITHMS.filter(isSymmetric);

/** The key to sign with, bound to `alg` (HS256 for a secret when no alg is given). */
export async function readSigningKey(
  source: KeySourceOptions,
  alg: Algorithm | undefined,
  kid: string | undefined,
  io: CliIo,
): Promise<JwtKey> {
  const file = await readKeyFile(source.keyFile);
  if (file !== undefined) {
    return importKey(file, {
      alg,
      kid,
      passphrase: readPassphrase(source, io),
      secretEncoding: source.secretEncoding,
      allowWeakKey: source.allowWeakKey,
    });
  }
  const secretAlg = alg ?? DEFAULT_ALGORITHM;
  if (!isSymmetric(secretAlg)) {
    throw usageError(`${secretAlg} signs with a private key, not a secret: pass it with --key-file FILE.`);
  }
  return importKey(readSecret(source, io), {
    alg: secretAlg,
    kid,
    secretEncoding: source.secretEncoding,
    allowWeakKey: source.allowWeakKey,
  });
}

/** The key or keys to verify with. A secret serves the HMAC algorithms allowed (all three by default). */
export async function readVerifyKey(
  source: KeySourceOptions & VerifyKeySourceOptions,
  algorithms: readonly Algorithm[],
  token: string,
  io: CliIo,
): Promise<JwtKey | JwtKeySet> {
  const given = [source.keyFile, source.jwksFile, source.jwksUrl].filter((item) => item !== undefined);
  if (given.length > 1) throw usageError("Give one of --key-file, --jwks-file and --jwks-url.");
  if (source.caFile !== undefined && source.jwksUrl === undefined) {
    throw usageError("--ca-file goes with --jwks-url.");
  }
  if (source.jwksUrl !== undefined) return readRemoteKeys(source.jwksUrl, source.caFile, token);
  const file = await readKeyFile(source.keyFile ?? source.jwksFile);
  const single = algorithms.length === 1 ? algorithms[0] : undefined;
  const importOptions = {
    alg: single,
    secretEncoding: source.secretEncoding,
    allowWeakKey: source.allowWeakKey,
  };
  if (file !== undefined) {
    return importKeySet(file, { ...importOptions, passphrase: readPassphrase(source, io) });
  }
  const hmac = algorithms.length === 0 ? HMAC_ALGORITHMS : algorithms.filter(isSymmetric);
  if (hmac.length === 0) {
    throw usageError(
      `${algorithms.join(", ")} tokens are verified with a public key: pass --key-file FILE or --jwks-file FILE.`,
    );
  }
  // One secret serves the HMAC algorithms; verifyJwt's `algorithms` narrows them to those allowed.
  return importSecret(readSecret(source, io), {
    secretEncoding: source.secretEncoding,
    allowWeakKey: source.allowWeakKey,
  });
}

/** Where verify finds a key set besides the key sources that encode shares. */
export interface VerifyKeySourceOptions {
  /** A JWKS file (a key file may hold a JWKS too). */
  jwksFile?: string | undefined;
  /** An https URL publishing a JWKS (an identity provider's jwks_uri). */
  jwksUrl?: string | undefined;
  /** A PEM file of CA certificates to trust for the JWKS URL (a private PKI). */
  caFile?: string | undefined;
}

/** The keys published at a JWKS URL: fetched once (https only, 5 s at most), picked by the token's kid. */
async function readRemoteKeys(url: string, caFile: string | undefined, token: string): Promise<JwtKeySet> {
  const ca = caFile === undefined ? undefined : await readTextFile(caFile, "CA file");
  // The token's kid lets the set be fetched again if the cached one lacks it; a malformed token
  // is reported by verifyJwt, so the header is only peeked at here.
  let kid: unknown;
  try {
    kid = decodeJwt(token).header.kid;
  } catch {
    kid = undefined;
  }
  return createRemoteKeySet(url, ca === undefined ? {} : { ca }).getKeySet(kid);
}

async function readKeyFile(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  // Editors and `echo` add a final newline; it is never part of a key.
  return (await readTextFile(path, "key file")).replace(/\r?\n$/, "");
}

/**
 * The key text for a JWE command, as given (a file's text, or the secret), for the engine to read with
 * the command's algorithm: a secret from `defaultEnv` unless --secret-env or --secret says otherwise.
 */
export async function readKeyText(source: KeySourceOptions, defaultEnv: string, io: CliIo): Promise<string> {
  const file = await readKeyFile(source.keyFile);
  if (file !== undefined) return file;
  return readSecret({ ...source, secretEnv: source.secretEnv ?? defaultEnv }, io);
}

/** The passphrase of an encrypted private key named by --passphrase-env, if any. */
export function readKeyPassphrase(source: KeySourceOptions, io: CliIo): string | undefined {
  return readPassphrase(source, io);
}

/** The secret's text as given (for advice only: compared, never shown), or undefined for a key file. */
export function givenSecretText(source: KeySourceOptions, io: CliIo): string | undefined {
  if (source.keyFile !== undefined) return undefined;
  return source.secret ?? io.env[source.secretEnv ?? DEFAULT_SECRET_ENV];
}

function readSecret(source: KeySourceOptions, io: CliIo): string {
  if (source.secret !== undefined) {
    io.stderr.write(
      "bubble-jwt: warning: --secret puts the secret in your shell history and the process list; " +
        `prefer the ${DEFAULT_SECRET_ENV} environment variable, --secret-env NAME or --key-file FILE.\n`,
    );
    if (source.secret === "") throw new CliError("ERR_INPUT_MISSING", "--secret is empty.");
    return source.secret;
  }
  const name = source.secretEnv ?? DEFAULT_SECRET_ENV;
  const value = io.env[name];
  if (value === undefined || value === "") {
    const hint =
      source.secretEnv === undefined
        ? `Set ${DEFAULT_SECRET_ENV} (bubble-jwt keygen --alg HS256 makes one), or pass --key-file FILE or --secret-env NAME.`
        : "Set it, or pass --key-file FILE.";
    throw new CliError("ERR_INPUT_MISSING", `No key: the environment variable ${name} is not set. ${hint}`);
  }
  return value;
}

function readPassphrase(source: KeySourceOptions, io: CliIo): string | undefined {
  if (source.passphraseEnv === undefined) return undefined;
  const value = io.env[source.passphraseEnv];
  if (value === undefined || value === "") {
    throw new CliError(
      "ERR_INPUT_MISSING",
      `No passphrase: the environment variable ${source.passphraseEnv} (from --passphrase-env) is not set.`,
    );
  }
  return value;
}
