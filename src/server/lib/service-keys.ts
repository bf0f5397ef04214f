import { readFileSync } from "node:fs";
import {
  type Algorithm,
  importKey,
  isJwtError,
  type Jwks,
  type JwtKey,
  JwtKeySet,
  type SecretEncoding,
  toPublicJwk,
} from "../../jwt/index.js";
import type { DevKeys } from "../dev-keys.js";
import { withKeyId } from "./key-ids.js";

/**
 * The service's keys from the environment: the signing key (JWT_SECRET, JWT_PRIVATE_KEY(_FILE), or the
 * development secret), the verifying set (with JWT_SECRET_PREVIOUS) and the published JWKS. Problems
 * are collected as lines naming the variable, never showing its value.
 */

export const KEY_HINT = "generate one with `npx bubble-jwt keygen --alg HS256`";

export function hasPrivateKey(env: NodeJS.ProcessEnv): boolean {
  return (env.JWT_PRIVATE_KEY ?? "") !== "" || (env.JWT_PRIVATE_KEY_FILE ?? "") !== "";
}

export interface KeyContext {
  production: boolean;
  secretEncoding: SecretEncoding;
  requestedAlg: Algorithm | undefined;
  devKeys: DevKeys | undefined;
  needsDevKeys: boolean;
}

export interface ServiceKeys {
  signingKey: JwtKey;
  verifyKeys: JwtKeySet;
  jwks: Jwks;
  secretTexts: string[];
}

export function readKeys(
  env: NodeJS.ProcessEnv,
  context: KeyContext,
  problems: string[],
): ServiceKeys | undefined {
  const secretTexts: string[] = [];
  const current = readCurrentKey(env, context, problems, secretTexts);
  const previousText = nonEmpty(env.JWT_SECRET_PREVIOUS);
  let previous: JwtKey | undefined;
  if (previousText !== undefined) {
    secretTexts.push(previousText);
    previous = importOrReport("JWT_SECRET_PREVIOUS", problems, () => {
      const imported = importKey(previousText, { secretEncoding: context.secretEncoding });
      if (imported.kind !== "secret") return withKeyId(imported);
      // Bind the old secret to the HMAC algorithm in use (HS256 when signing with a key pair).
      const hmacAlg = current?.family === "hmac" ? current.alg : "HS256";
      return withKeyId(checkSecretLength(importKey(imported, { alg: hmacAlg }), "JWT_SECRET_PREVIOUS"));
    });
  }
  if (current === undefined) return undefined;
  const verifying = previous === undefined ? [current] : [current, previous];
  const publicKeys = verifying.filter((key) => key.kind !== "secret").map((key) => toPublicJwk(key));
  return {
    signingKey: current,
    verifyKeys: new JwtKeySet(verifying),
    jwks: Object.freeze({ keys: publicKeys }),
    secretTexts,
  };
}

function readCurrentKey(
  env: NodeJS.ProcessEnv,
  context: KeyContext,
  problems: string[],
  secretTexts: string[],
): JwtKey | undefined {
  const secret = nonEmpty(env.JWT_SECRET);
  const privateKey = readPrivateKeyText(env, problems);
  if (privateKey !== undefined) secretTexts.push(privateKey);
  if (secret !== undefined) secretTexts.push(secret);
  if (secret !== undefined && privateKey !== undefined) {
    problems.push(
      "JWT_SECRET and JWT_PRIVATE_KEY(_FILE) are both set: sign with one of them. " +
        "When moving from a secret to a key pair, put the old secret in JWT_SECRET_PREVIOUS.",
    );
    return undefined;
  }
  if (privateKey !== undefined) {
    return importOrReport("JWT_PRIVATE_KEY", problems, () => {
      if (context.requestedAlg?.startsWith("HS")) {
        throw new Error(
          `JWT_ALG=${context.requestedAlg} signs with a secret: set JWT_SECRET, not a private key.`,
        );
      }
      const key = importKey(
        privateKey,
        context.requestedAlg === undefined ? {} : { alg: context.requestedAlg },
      );
      if (key.kind !== "private") {
        throw new Error("it holds a public key; the service needs the private key to sign tokens.");
      }
      return withKeyId(key.algorithms.length === 1 ? key : importKey(key, { alg: key.alg }));
    });
  }
  if (context.requestedAlg !== undefined && !context.requestedAlg.startsWith("HS")) {
    problems.push(
      `JWT_ALG=${context.requestedAlg} signs with a key pair: set JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE (PEM or JWK).`,
    );
    return undefined;
  }
  const alg = context.requestedAlg ?? "HS256";
  if (secret === undefined) {
    if (context.production) {
      problems.push(
        "No signing key: with NODE_ENV=production set JWT_SECRET (at least 32 random bytes; " +
          `${KEY_HINT}) or JWT_PRIVATE_KEY / JWT_PRIVATE_KEY_FILE.`,
      );
      return undefined;
    }
    const devSecret = context.devKeys?.secret;
    if (devSecret === undefined) return undefined;
    secretTexts.push(devSecret);
    return importOrReport("the development secret", problems, () =>
      withKeyId(checkSecretLength(importKey(devSecret, { alg }), "The development secret")),
    );
  }
  return importOrReport("JWT_SECRET", problems, () =>
    withKeyId(
      checkSecretLength(importKey(secret, { alg, secretEncoding: context.secretEncoding }), "JWT_SECRET"),
    ),
  );
}

function readPrivateKeyText(env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const inline = nonEmpty(env.JWT_PRIVATE_KEY);
  const file = nonEmpty(env.JWT_PRIVATE_KEY_FILE);
  if (inline !== undefined && file !== undefined) {
    problems.push("JWT_PRIVATE_KEY and JWT_PRIVATE_KEY_FILE are both set: keep one.");
    return undefined;
  }
  if (file === undefined) return inline;
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? "unreadable";
    problems.push(`JWT_PRIVATE_KEY_FILE: cannot read "${file}" (${why}).`);
    return undefined;
  }
}

function checkSecretLength(key: JwtKey, name: string): JwtKey {
  const needed = Number(key.alg.slice(2)) / 8;
  if (key.secretLength < needed) {
    throw new Error(
      `${name} is ${key.secretLength} bytes; ${key.alg} needs at least ${needed} (RFC 7518 section 3.2): ${KEY_HINT}.`,
    );
  }
  return key;
}

/** Runs an import; a failure becomes a problem line naming the variable (never showing its value). */
function importOrReport(name: string, problems: string[], run: () => JwtKey): JwtKey | undefined {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const prefix = message.startsWith(name) ? "" : `${name}: `;
    problems.push(`${prefix}${isJwtError(error) ? `${message} (${error.code})` : message}`);
    return undefined;
  }
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** Reads one variable at a time; a wrong value adds a problem line and yields undefined. */
