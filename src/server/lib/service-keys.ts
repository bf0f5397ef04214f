import { readFileSync } from "node:fs";
import {
  ALGORITHMS,
  type Algorithm,
  algorithmInfo,
  importKey,
  isJwtError,
  isSymmetric,
  type Jwks,
  type JwtKey,
  JwtKeySet,
  type SecretEncoding,
  toPublicJwk,
} from "../../jwt/index.js";
import { problemLine } from "./env-reader.js";
import { withKeyId } from "./key-ids.js";
import { secretUniformityProblem } from "./strength.js";

/**
 * The service's keys from the environment: the signing key (JWT_SECRET, JWT_PRIVATE_KEY(_FILE), or the
 * development secret), the verifying set (with JWT_SECRET_PREVIOUS) and the published JWKS. Problems
 * are collected as lines naming the variable, never showing its value. Each function has one job.
 */

export const SECRET_EXAMPLE = '"$(npx bubble-jwt keygen --alg HS256)"';
const PRIVATE_KEY_EXAMPLES = {
  JWT_PRIVATE_KEY: '"$(cat keys/private-key.pem)" (from npx bubble-jwt keygen --alg ES256 --out-dir keys/)',
  JWT_PRIVATE_KEY_FILE: "keys/private-key.pem (from npx bubble-jwt keygen --alg ES256 --out-dir keys/)",
} as const;

export interface KeyContext {
  production: boolean;
  secretEncoding: SecretEncoding;
  requestedAlg: Algorithm | undefined;
  /** The development secret from `.data/`, when the loader made or found one. */
  devSecret: string | undefined;
}

export interface ServiceKeys {
  signingKey: JwtKey;
  verifyKeys: JwtKeySet;
  jwks: Jwks;
  /** Every key text read, for the log redactor. */
  secretTexts: string[];
  /** True when the signing key is the generated development secret. */
  signsWithDevSecret: boolean;
}

/** Where the signing key comes from, once the variables have been read. */
type SigningSource =
  | { kind: "private"; variable: "JWT_PRIVATE_KEY" | "JWT_PRIVATE_KEY_FILE"; text: string }
  | { kind: "secret"; variable: "JWT_SECRET" | "the development secret"; text: string };

export function hasPrivateKey(env: NodeJS.ProcessEnv): boolean {
  return (env.JWT_PRIVATE_KEY ?? "") !== "" || (env.JWT_PRIVATE_KEY_FILE ?? "") !== "";
}

export function readKeys(
  env: NodeJS.ProcessEnv,
  context: KeyContext,
  problems: string[],
): ServiceKeys | undefined {
  const source = chooseSigningSource(env, context, problems);
  const current = source === undefined ? undefined : importSigningKey(source, context, problems);
  const previousText = nonEmpty(env.JWT_SECRET_PREVIOUS);
  const previous = previousText === undefined ? [] : importPreviousKeys(previousText, context, problems);
  const secretTexts = [source?.text, previousText].filter((text): text is string => text !== undefined);
  if (current === undefined || previous === undefined) return undefined;
  const verifying = [current, ...previous];
  const publicKeys = verifying.filter((key) => key.kind !== "secret").map((key) => toPublicJwk(key));
  return {
    signingKey: current,
    verifyKeys: new JwtKeySet(verifying),
    jwks: Object.freeze({ keys: publicKeys }),
    secretTexts,
    signsWithDevSecret: source?.variable === "the development secret",
  };
}

/** Picks the one configured signing key text, or says what is missing or doubled. */
function chooseSigningSource(
  env: NodeJS.ProcessEnv,
  context: KeyContext,
  problems: string[],
): SigningSource | undefined {
  const secret = nonEmpty(env.JWT_SECRET);
  const privateKey = readPrivateKeyText(env, problems);
  if (secret !== undefined && privateKey !== undefined) {
    problems.push(
      "JWT_SECRET and JWT_PRIVATE_KEY(_FILE) are both set: sign with one of them. " +
        "When moving from a secret to a key pair, put the old secret in JWT_SECRET_PREVIOUS.",
    );
    return undefined;
  }
  if (privateKey !== undefined) return privateKey;
  // A private key was configured but cannot be read: that problem is already reported.
  if (hasPrivateKey(env)) return undefined;
  if (secret !== undefined) return { kind: "secret", variable: "JWT_SECRET", text: secret };
  if (context.production) {
    problems.push(
      problemLine(
        "JWT_SECRET",
        undefined,
        "not set, and with NODE_ENV=production there is no signing key: set JWT_SECRET (at least 32 random " +
          "bytes) or JWT_PRIVATE_KEY / JWT_PRIVATE_KEY_FILE",
        SECRET_EXAMPLE,
      ),
    );
    return undefined;
  }
  if (context.devSecret === undefined) {
    problems.push(
      problemLine("JWT_SECRET", undefined, "not set, and no development secret was loaded", SECRET_EXAMPLE),
    );
    return undefined;
  }
  return { kind: "secret", variable: "the development secret", text: context.devSecret };
}

/** JWT_PRIVATE_KEY, or the file JWT_PRIVATE_KEY_FILE names. */
function readPrivateKeyText(
  env: NodeJS.ProcessEnv,
  problems: string[],
): (SigningSource & { kind: "private" }) | undefined {
  const inline = nonEmpty(env.JWT_PRIVATE_KEY);
  const file = nonEmpty(env.JWT_PRIVATE_KEY_FILE);
  if (inline !== undefined && file !== undefined) {
    problems.push("JWT_PRIVATE_KEY and JWT_PRIVATE_KEY_FILE are both set: keep one.");
    return undefined;
  }
  if (inline !== undefined) return { kind: "private", variable: "JWT_PRIVATE_KEY", text: inline };
  if (file === undefined) return undefined;
  try {
    return { kind: "private", variable: "JWT_PRIVATE_KEY_FILE", text: readFileSync(file, "utf8") };
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? "unreadable";
    problems.push(
      problemLine(
        "JWT_PRIVATE_KEY_FILE",
        file,
        `cannot be read (${why})`,
        "/run/secrets/jwt-private-key.pem",
      ),
    );
    return undefined;
  }
}

/** The signing key from its source, bound to one algorithm (JWT_ALG, or the key's own). */
function importSigningKey(
  source: SigningSource,
  context: KeyContext,
  problems: string[],
): JwtKey | undefined {
  const alg = context.requestedAlg;
  if (source.kind === "private") {
    if (alg !== undefined && isSymmetric(alg)) {
      problems.push(
        problemLine("JWT_ALG", alg, "signs with a secret: set JWT_SECRET, not a private key", "ES256"),
      );
      return undefined;
    }
    return importPrivateKey(source, alg, problems);
  }
  if (alg !== undefined && !isSymmetric(alg)) {
    problems.push(
      problemLine(
        "JWT_ALG",
        alg,
        "signs with a key pair: set JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE (PEM or JWK), or use HS256",
        "HS256",
      ),
    );
    return undefined;
  }
  return importSecretFor(source.text, source.variable, alg ?? "HS256", context, problems);
}

function importPrivateKey(
  source: SigningSource & { kind: "private" },
  alg: Algorithm | undefined,
  problems: string[],
): JwtKey | undefined {
  const example = PRIVATE_KEY_EXAMPLES[source.variable];
  const key = tryImport(source.variable, example, problems, () =>
    importKey(source.text, alg === undefined ? {} : { alg }),
  );
  if (key === undefined) return undefined;
  if (key.kind !== "private") {
    const problem =
      key.kind === "public"
        ? "holds a public key; the service needs the private key to sign tokens"
        : "is not a private key: it reads as neither PEM nor JWK";
    problems.push(problemLine(source.variable, undefined, problem, example));
    return undefined;
  }
  return withKeyId(key.algorithms.length === 1 ? key : importKey(key, { alg: key.alg }));
}

/** An HMAC secret for one algorithm, refused when shorter than the hash or not random. */
function importSecretFor(
  text: string,
  variable: string,
  alg: Algorithm,
  context: KeyContext,
  problems: string[],
): JwtKey | undefined {
  const secret = importSecretText(text, variable, context, problems);
  if (secret === undefined) return undefined;
  const needed = algorithmInfo(alg).minSecretBytes;
  if (secret.secretLength < needed) {
    problems.push(
      problemLine(
        variable,
        undefined,
        `is ${secret.secretLength} bytes; ${alg} needs at least ${needed} (RFC 7518 section 3.2)`,
        SECRET_EXAMPLE,
      ),
    );
    return undefined;
  }
  if (!isRandomLooking(secret, variable, problems)) return undefined;
  return withKeyId(importKey(secret, { alg }));
}

/**
 * The previous key (rotation). A secret verifies with every HMAC algorithm its length allows, so a
 * change of JWT_ALG (HS256 to HS512) or to a key pair keeps old tokens verifying: each token's own
 * `alg` picks among them, and the secret is never usable with an algorithm it is too short for.
 */
function importPreviousKeys(text: string, context: KeyContext, problems: string[]): JwtKey[] | undefined {
  const variable = "JWT_SECRET_PREVIOUS";
  const imported = tryImport(variable, SECRET_EXAMPLE, problems, () =>
    importKey(text, { secretEncoding: context.secretEncoding, allowWeakKey: true }),
  );
  if (imported === undefined) return undefined;
  if (imported.kind !== "secret") return [withKeyId(imported)];
  const secret = importSecretText(text, variable, context, problems);
  if (secret === undefined) return undefined;
  const fitting = ALGORITHMS.filter(
    (alg) => isSymmetric(alg) && secret.secretLength >= algorithmInfo(alg).minSecretBytes,
  );
  if (fitting.length === 0) {
    problems.push(
      problemLine(
        variable,
        undefined,
        `is ${secret.secretLength} bytes; even HS256 needs at least ${algorithmInfo("HS256").minSecretBytes}`,
        SECRET_EXAMPLE,
      ),
    );
    return undefined;
  }
  if (!isRandomLooking(secret, variable, problems)) return undefined;
  return fitting.map((alg) => withKeyId(importKey(secret, { alg })));
}

/** A secret's bytes as a key of no fixed HMAC algorithm yet. */
function importSecretText(
  text: string,
  variable: string,
  context: KeyContext,
  problems: string[],
): JwtKey | undefined {
  const secret = tryImport(variable, SECRET_EXAMPLE, problems, () =>
    importKey(text, { secretEncoding: context.secretEncoding, allowWeakKey: true }),
  );
  if (secret === undefined) return undefined;
  if (secret.kind !== "secret") {
    problems.push(
      problemLine(variable, undefined, "is a key pair's key, not an HMAC secret", SECRET_EXAMPLE),
    );
    return undefined;
  }
  return secret;
}

/** False (and a problem line) for a secret of one repeated character or a handful. */
function isRandomLooking(secret: JwtKey, variable: string, problems: string[]): boolean {
  const uniform = secretUniformityProblem(secret.keyObject.export());
  if (uniform !== undefined) problems.push(problemLine(variable, undefined, uniform, SECRET_EXAMPLE));
  return uniform === undefined;
}

/** Runs an import; an engine failure becomes a problem line worded from the error's facts. */
function tryImport(
  variable: string,
  example: string,
  problems: string[],
  run: () => JwtKey,
): JwtKey | undefined {
  try {
    return run();
  } catch (error) {
    if (!isJwtError(error)) throw error;
    const problem = error.problem === undefined ? error.message : joinFix(error.problem, error.fix);
    problems.push(problemLine(variable, undefined, `${problem.replace(/\.$/, "")} (${error.code})`, example));
    return undefined;
  }
}

function joinFix(problem: string, fix: string | undefined): string {
  return fix === undefined ? problem : `${problem.replace(/\.$/, "")}; ${fix}`;
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
