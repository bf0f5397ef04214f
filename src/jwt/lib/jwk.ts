import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type JsonWebKey,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { JwtError } from "../errors.js";
import { createJwtKey, type JwtKey } from "../key.js";
import { ALGORITHMS_BY_FAMILY, type Algorithm, isAlgorithm, isSymmetric } from "./algorithms.js";
import { bindAsymmetricKey, type KeyBinding } from "./asymmetric.js";
import {
  isJweAlgorithm,
  isJweEncryption,
  type JweAlgorithm,
  REFUSED_JWE_ALGORITHM,
  refusedRsa15,
} from "./jwe-algorithms.js";
import { bindEncryptionKey, encryptionSecretKey } from "./jwe-key.js";
import { keyError } from "./option-error.js";
import { refuseKeyBytes } from "./secret.js";

/** A JSON Web Key as published in a JWKS (RFC 7517). */
export interface Jwk extends JsonWebKey {
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
}

export interface Jwks {
  keys: Jwk[];
}

export function isJwkLike(value: object): value is Jwk {
  return typeof (value as { kty?: unknown }).kty === "string";
}

export function isJwksLike(value: object): value is Jwks {
  return Array.isArray((value as { keys?: unknown }).keys);
}

/** Imports one JWK, honouring its `alg`, `use` and `key_ops`. */
export function importJwk(jwk: Jwk, binding: KeyBinding): JwtKey {
  const where = jwk.kid === undefined ? "The JWK" : `The JWK with kid "${jwk.kid}"`;
  if (jwk.alg === REFUSED_JWE_ALGORITHM) throw refusedRsa15();
  if (isJweAlgorithm(jwk.alg) || isJweEncryption(jwk.alg) || binding.encryption !== undefined) {
    return importEncryptionJwk(jwk, binding, where);
  }
  if (jwk.use !== undefined && jwk.use !== "sig") {
    const jwe =
      jwk.use === "enc"
        ? ' To decrypt with it, give its key management algorithm (alg), such as "RSA-OAEP-256".'
        : "";
    throw keyError(
      "ERR_KEY_INVALID",
      "not-for-signatures",
      `is marked "use": "${jwk.use}"; only keys for signatures ("sig") can sign or verify tokens`,
      jwe === "" ? undefined : jwe.trim(),
      where,
    );
  }
  if (jwk.key_ops !== undefined && !Array.isArray(jwk.key_ops)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "unreadable",
      'has "key_ops" that is not a list, such as ["verify"]',
      undefined,
      where,
    );
  }
  const ops = jwk.key_ops;
  if (ops !== undefined && !ops.includes("sign") && !ops.includes("verify")) {
    throw keyError(
      "ERR_KEY_INVALID",
      "not-for-signatures",
      `allows only ${JSON.stringify(ops)}; it needs "sign" or "verify" in key_ops`,
      undefined,
      where,
    );
  }
  const alg = bindAlg(jwk, binding.alg, where);
  const bound: KeyBinding = {
    ...binding,
    alg,
    kid: binding.kid ?? jwk.kid,
    canSign: ops === undefined || ops.includes("sign"),
    canVerify: ops === undefined || ops.includes("verify"),
  };
  if (jwk.kty === "oct") return importOctJwk(jwk, bound, where);
  try {
    const keyObject =
      typeof jwk.d === "string"
        ? createPrivateKey({ key: jwk, format: "jwk" })
        : createPublicKey({ key: jwk, format: "jwk" });
    if (keyObject.type === "private") checkPrivateMatchesPublic(keyObject, jwk, where);
    return bindAsymmetricKey(keyObject, bound);
  } catch (error) {
    if (error instanceof JwtError) throw error;
    if (privatePartRefused(jwk)) throw damaged(where);
    throw keyError(
      "ERR_KEY_INVALID",
      "unreadable",
      `(kty "${String(jwk.kty)}") cannot be read`,
      "Check that every member (n, e, x, y, crv, ...) is complete base64url.",
      where,
    );
  }
}

const PRIVATE_MEMBERS = new Set(["d", "p", "q", "dp", "dq", "qi", "oth"]);

function publicMembersOf(jwk: Jwk): JsonWebKey {
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.has(name))) as JsonWebKey;
}

/**
 * Node.js 24 refuses a private JWK whose `d` does not belong to its `x`/`y` when it is imported
 * (earlier lines import it, and the pair check below finds it): a readable public part with a refused
 * private one is the same damaged key.
 */
function privatePartRefused(jwk: Jwk): boolean {
  if (typeof jwk.d !== "string") return false;
  try {
    createPublicKey({ key: publicMembersOf(jwk), format: "jwk" });
    return true;
  } catch {
    return false;
  }
}

/**
 * node:crypto (before Node.js 24) keeps a JWK's private `d` and public `x`/`y` as given, without
 * checking they belong together: a damaged `d` would sign tokens that nobody, not even this engine,
 * can verify.
 */
function checkPrivateMatchesPublic(privateKey: KeyObject, jwk: Jwk, where: string): void {
  const publicKey = createPublicKey({ key: publicMembersOf(jwk), format: "jwk" });
  const probe = Buffer.from("JWK key pair check");
  const hash =
    privateKey.asymmetricKeyType === "ed25519" || privateKey.asymmetricKeyType === "ed448" ? null : "sha256";
  if (!verify(hash, probe, publicKey, sign(hash, probe, privateKey))) throw damaged(where);
}

function bindAlg(jwk: Jwk, wanted: Algorithm | undefined, where: string): Algorithm | undefined {
  if (jwk.alg === undefined) return wanted;
  if (!isAlgorithm(jwk.alg)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "not-for-signatures",
      `is for "${jwk.alg}", which is not a JWS signature algorithm (is it an encryption key?)`,
      undefined,
      where,
    );
  }
  if (wanted !== undefined && wanted !== jwk.alg) {
    throw keyError(
      "ERR_KEY_INVALID",
      "wrong-algorithm",
      `is for ${jwk.alg}, not ${wanted}`,
      undefined,
      where,
    );
  }
  return jwk.alg;
}

function importOctJwk(jwk: Jwk, binding: KeyBinding, where: string): JwtKey {
  if (typeof jwk.k !== "string" || !/^[A-Za-z0-9_-]+$/.test(jwk.k)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "unreadable",
      '(kty "oct") needs "k", the secret in base64url',
      undefined,
      where,
    );
  }
  const algorithms = binding.alg === undefined ? ALGORITHMS_BY_FAMILY.hmac : [binding.alg];
  if (!algorithms.every(isSymmetric)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "wrong-algorithm",
      `is a secret ("oct") key; it only fits ${ALGORITHMS_BY_FAMILY.hmac.join(", ")}`,
      undefined,
      where,
    );
  }
  const secret = Buffer.from(jwk.k, "base64url");
  refuseKeyBytes(secret);
  return createJwtKey({
    kind: "secret",
    family: "hmac",
    algorithms,
    keyObject: createSecretKey(secret),
    kid: binding.kid,
    canSign: binding.canSign,
    canVerify: binding.canVerify,
    allowWeakKey: binding.allowWeakKey,
  });
}

/** The public JWK of a key, with `kid`, `alg` and `use` set (never the private members). */
export function toPublicJwk(key: JwtKey): Jwk {
  if (key.kind === "secret") {
    throw new JwtError("ERR_KEY_INVALID", "A secret key has no public form; it must never be published.");
  }
  const jwk = key.verifyKey.export({ format: "jwk" }) as Jwk;
  const kid = key.kid ?? computeThumbprint(jwk);
  if (key.use === "enc") return { ...jwk, kid, alg: key.encryptionAlgorithms[0] as string, use: "enc" };
  return { ...jwk, kid, alg: key.alg, use: "sig" };
}

const ENCRYPTION_OPS = ["encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey", "deriveBits"];

/**
 * An encryption JWK (a JWE `alg`, or a JWE algorithm asked by the caller): `use` must be absent or
 * "enc", and `key_ops` (when present) must allow an encryption operation.
 */
function importEncryptionJwk(jwk: Jwk, binding: KeyBinding, where: string): JwtKey {
  if (binding.alg !== undefined) {
    throw keyError(
      "ERR_KEY_INVALID",
      "not-for-signatures",
      `is for ${jwk.alg}, an encryption algorithm, not ${binding.alg}`,
      undefined,
      where,
    );
  }
  if (jwk.use !== undefined && jwk.use !== "enc") {
    throw keyError(
      "ERR_KEY_INVALID",
      "not-for-encryption",
      `is marked "use": "${jwk.use}"; only keys for encryption ("enc") can encrypt or decrypt tokens`,
      undefined,
      where,
    );
  }
  if (
    jwk.key_ops !== undefined &&
    (!Array.isArray(jwk.key_ops) || !jwk.key_ops.some((op) => ENCRYPTION_OPS.includes(op)))
  ) {
    throw keyError(
      "ERR_KEY_INVALID",
      "not-for-encryption",
      `has "key_ops" that allow no encryption operation (${ENCRYPTION_OPS.join(", ")})`,
      undefined,
      where,
    );
  }
  // A `dir` key is often published with the content encryption it is for as its alg (RFC 7520 5.6).
  const jwkAlg = isJweEncryption(jwk.alg) ? "dir" : jwk.alg;
  if (jwkAlg !== undefined && !isJweAlgorithm(jwkAlg)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "wrong-algorithm",
      `is for "${String(jwkAlg).slice(0, 30)}", which is not a JWE key management algorithm`,
      undefined,
      where,
    );
  }
  let algorithms: readonly JweAlgorithm[] = binding.encryption ?? [jwkAlg as JweAlgorithm];
  if (jwkAlg !== undefined) {
    if (!algorithms.includes(jwkAlg)) {
      throw keyError(
        "ERR_KEY_INVALID",
        "wrong-algorithm",
        `is for ${jwk.alg}, not ${algorithms.join(", ")}`,
        undefined,
        where,
      );
    }
    algorithms = [jwkAlg];
  }
  const bound: KeyBinding = { encryption: algorithms, kid: binding.kid ?? jwk.kid };
  if (jwk.kty === "oct") {
    if (typeof jwk.k !== "string" || !/^[A-Za-z0-9_-]+$/.test(jwk.k)) {
      throw keyError(
        "ERR_KEY_INVALID",
        "unreadable",
        '(kty "oct") needs "k", the secret in base64url',
        undefined,
        where,
      );
    }
    const secret = Buffer.from(jwk.k, "base64url");
    refuseKeyBytes(secret);
    return encryptionSecretKey(createSecretKey(secret), bound);
  }
  let keyObject: KeyObject;
  try {
    keyObject =
      typeof jwk.d === "string"
        ? createPrivateKey({ key: jwk, format: "jwk" })
        : createPublicKey({ key: jwk, format: "jwk" });
  } catch {
    if (privatePartRefused(jwk)) throw damaged(where);
    throw keyError(
      "ERR_KEY_INVALID",
      "unreadable",
      `(kty "${String(jwk.kty)}") cannot be read`,
      "Check that every member (n, e, x, y, crv, ...) is complete base64url.",
      where,
    );
  }
  const key = bindEncryptionKey(keyObject, bound);
  if (keyObject.type === "private") {
    if (keyObject.asymmetricKeyType === "x25519") {
      // An X25519 key cannot sign: its public x is derived from d and compared instead.
      const derived = createPublicKey(keyObject).export({ format: "jwk" }) as Jwk;
      if (derived.x !== jwk.x) throw damaged(where);
    } else {
      checkPrivateMatchesPublic(keyObject, jwk, where);
    }
  }
  return key;
}

function damaged(where: string): JwtError {
  return keyError(
    "ERR_KEY_INVALID",
    "damaged",
    'has a private part ("d") that does not belong to its public part: the key is damaged',
    "Export it again from its source.",
    where,
  );
}

/** The RFC 7638 JWK thumbprint (SHA-256, base64url) of a public JWK. */
export function computeThumbprint(jwk: Jwk): string {
  const required: Record<string, readonly string[]> = {
    RSA: ["e", "kty", "n"],
    EC: ["crv", "kty", "x", "y"],
    OKP: ["crv", "kty", "x"],
    oct: ["k", "kty"],
  };
  const members = required[jwk.kty ?? ""] ?? [];
  const record = jwk as Record<string, unknown>;
  const canonical = `{${members.map((name) => `"${name}":${JSON.stringify(record[name])}`).join(",")}}`;
  return createHash("sha256").update(canonical).digest("base64url");
}
