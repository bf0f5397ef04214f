import { createPrivateKey, createPublicKey, createSecretKey, KeyObject, X509Certificate } from "node:crypto";
import { JwtError } from "./errors.js";
import { createJwtKey, JwtKey } from "./key.js";
import {
  ALGORITHM_SPECS,
  ALGORITHMS,
  ALGORITHMS_BY_FAMILY,
  type Algorithm,
  isAlgorithm,
} from "./lib/algorithms.js";
import { bindAsymmetricKey, type KeyBinding } from "./lib/asymmetric.js";
import {
  isJweAlgorithm,
  type JweAlgorithm,
  REFUSED_JWE_ALGORITHM,
  refusedRsa15,
  usesSharedSecret,
} from "./lib/jwe-algorithms.js";
import { bindEncryptionKey, encryptionSecretKey } from "./lib/jwe-key.js";
import { importJwk, isJwkLike, isJwksLike, type Jwk } from "./lib/jwk.js";
import { describeValue, keyError } from "./lib/option-error.js";
import { containsPemMarker, type PemBlock, readPemBlocks, unwrapPastedText } from "./lib/pem.js";
import { decodeSecretText, refuseKeyBytes, type SecretEncoding } from "./lib/secret.js";
import { importTextOnce } from "./lib/text-key-cache.js";

/** A Google Cloud service-account key file (only the members used here). */
export interface ServiceAccountJson {
  type?: string;
  private_key: string;
  private_key_id?: string;
  client_email?: string;
}

/** Everything `importKey` reads: text (secret, PEM, JWK JSON), bytes, a JWK, a KeyObject. */
export type KeyInput = string | Uint8Array | KeyObject | Jwk | ServiceAccountJson | JwtKey;

export interface ImportKeyOptions {
  /**
   * Bind the key to this one algorithm. Without it, the key keeps every algorithm it fits. A JWE key
   * management algorithm (`dir`, `A256KW`, `RSA-OAEP-256`, `ECDH-ES`, `PBES2-HS256+A128KW`, ...) makes
   * an encryption key, which never signs nor verifies.
   */
  alg?: Algorithm | JweAlgorithm;
  /** The key id to give the key (a JWK's own `kid` is used otherwise). */
  kid?: string;
  /** How an HMAC secret given as text is written. Default `text` (UTF-8); never guessed. */
  secretEncoding?: SecretEncoding;
  /** Passphrase of an encrypted PKCS#8 private key. */
  passphrase?: string;
  /** Accept an HMAC secret shorter than the hash. Not recommended: short secrets can be guessed. */
  allowWeakKey?: boolean;
}

/**
 * Prepares a key once, bound to one algorithm family; encoding and verifying with the result is the
 * fast path. Accepts the forms people paste: PEM (PKCS#8, PKCS#1, SEC1, SPKI, X.509 certificate,
 * encrypted PKCS#8) even when mangled, JWK objects or text, Google service-account JSON, and HMAC
 * secrets as text, or base64/base64url/hex when `secretEncoding` says so.
 *
 * @example
 * const key = importKey(process.env.JWT_SECRET ?? "", { alg: "HS256" });
 * const token = encodeJwt({ user_id: "42" }, { key });
 */
export function importKey(input: KeyInput, options: ImportKeyOptions = {}): JwtKey {
  const alg: unknown = options.alg;
  if (alg === REFUSED_JWE_ALGORITHM) throw refusedRsa15("alg");
  if (alg !== undefined && !isAlgorithm(alg) && !isJweAlgorithm(alg)) {
    throw new JwtError("ERR_ALG_NOT_ALLOWED", {
      option: "alg",
      reason: "unknown-algorithm",
      problem: `must be one of ${ALGORITHMS.join(", ")} (or a JWE key management algorithm); got ${describeValue(alg)}`,
    });
  }
  const binding: KeyBinding = isJweAlgorithm(alg)
    ? { encryption: [alg], kid: options.kid }
    : { alg: alg as Algorithm | undefined, kid: options.kid, allowWeakKey: options.allowWeakKey };
  return importBound(input, options, binding);
}

/**
 * Imports a key for JWE, accepting any of `algorithms` (the key keeps those it fits): for decryptJwe
 * and encryptJwe given a key that is not prepared yet. Not exported from the package.
 */
export function importEncryptionKey(
  input: KeyInput,
  algorithms: readonly JweAlgorithm[],
  options: Omit<ImportKeyOptions, "alg" | "allowWeakKey"> = {},
): JwtKey {
  return importBound(
    input,
    { ...options, encryption: algorithms },
    { encryption: algorithms, kid: options.kid },
  );
}

/** The options as they key the cache of text keys: with the encryption algorithms asked, if any. */
type BoundOptions = ImportKeyOptions & { readonly encryption?: readonly JweAlgorithm[] };

function importBound(input: KeyInput, options: BoundOptions, binding: KeyBinding): JwtKey {
  if (input instanceof JwtKey) return rebindKey(input, binding);
  if (input instanceof KeyObject) return importKeyObject(input, binding);
  if (input instanceof Uint8Array) return importBytes(input, options, binding);
  if (typeof input === "string") {
    return importTextOnce(input, { ...options, key: "importKey" }, () => importText(input, options, binding));
  }
  if (input !== null && typeof input === "object") return importObject(input, options, binding);
  throw keyError("ERR_KEY_MISSING", "missing", "is missing", "Pass a secret, a PEM key, a JWK or a JwtKey.");
}

/**
 * Reads text as an HMAC secret for HS256, HS384 and HS512 alike: its length is checked against the
 * hash of the algorithm it is used with. Nothing is guessed (a PEM, JWK or key body is refused, as
 * with importKey); use it where a field or variable can only hold a secret.
 *
 * @example
 * const key = importSecret(process.env.JWT_SECRET ?? "", { secretEncoding: "base64url" });
 */
export function importSecret(
  text: string,
  options: Pick<ImportKeyOptions, "kid" | "secretEncoding" | "allowWeakKey"> = {},
): JwtKey {
  const binding: KeyBinding = { kid: options.kid, allowWeakKey: options.allowWeakKey };
  return importTextOnce(text, { ...options, key: "importSecret" }, () => {
    refuseBlank(text);
    return secretKey(decodeSecretText(text, options.secretEncoding), binding);
  });
}

function refuseBlank(text: string): void {
  if (text.trim().length === 0) {
    throw keyError("ERR_KEY_MISSING", "missing", "is empty", "Set a secret or paste a key.");
  }
}

/** True when the algorithm wanted takes a secret: text and bytes are then always the secret itself. */
function wantsSecret(binding: KeyBinding): boolean {
  if (binding.alg !== undefined) return ALGORITHM_SPECS[binding.alg].family === "hmac";
  return binding.encryption?.every(usesSharedSecret) === true;
}

/** True when a secret is acceptable: no algorithm was given, or one of those given takes a secret. */
function mayBeSecret(binding: KeyBinding): boolean {
  if (binding.alg !== undefined) return wantsSecret(binding);
  return binding.encryption === undefined || binding.encryption.some(usesSharedSecret);
}

/** The algorithm (or algorithms) a binding asks for, for messages. */
function wantedName(binding: KeyBinding): string {
  return binding.alg ?? binding.encryption?.join(", ") ?? "this algorithm";
}

function importText(text: string, options: ImportKeyOptions, binding: KeyBinding): JwtKey {
  refuseBlank(text);
  if (wantsSecret(binding)) return secretKey(decodeSecretText(text, options.secretEncoding), binding);
  const unwrapped = unwrapPastedText(text);
  if (unwrapped.startsWith("{")) {
    // JSON first as given: unwrapping turns a key file's escaped "\n" into raw line breaks, which JSON refuses.
    const parsed = parseKeyJson(text.trim()) ?? parseKeyJson(unwrapped);
    if (parsed !== undefined) return importObject(parsed, options, binding);
    if (mayBeSecret(binding)) return secretKey(decodeSecretText(text, options.secretEncoding), binding);
    throw keyError(
      "ERR_KEY_INVALID",
      "unreadable",
      "looks like JSON (it starts with '{') but is not a valid JSON object",
      "Paste the whole JWK or key file.",
    );
  }
  const blocks = readPemBlocks(unwrapped);
  if (blocks.length > 0) return importPem(blocks, options, binding);
  if (containsPemMarker(unwrapped)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "unreadable",
      "has a BEGIN line but cannot be read: the END line is missing or does not match, or the body is not base64",
      "Paste the whole key, BEGIN and END lines included.",
    );
  }
  if (mayBeSecret(binding)) {
    // Not a key in any form we know: it is a secret. decodeSecretText refuses key look-alikes.
    return secretKey(decodeSecretText(text, options.secretEncoding), binding);
  }
  const needs =
    binding.alg === undefined
      ? "a private key to decrypt or a public key to encrypt"
      : "a private key to sign or a public key to verify";
  throw keyError(
    "ERR_KEY_INVALID",
    "wrong-form",
    `is neither a PEM ("-----BEGIN ...") nor a JWK text, and ${wantedName(binding)} needs ${needs}`,
    "Paste the key itself, or choose an HS algorithm for a secret.",
  );
}

function parseKeyJson(text: string): object | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function importObject(value: object, options: ImportKeyOptions, binding: KeyBinding): JwtKey {
  if (isJwksLike(value)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "key-set",
      "is a key set (JWKS), and importKey takes one key",
      "Pass it to verifyJwt directly or to importKeySet.",
    );
  }
  if (isJwkLike(value)) return importJwk(value, binding);
  const account = value as Partial<ServiceAccountJson>;
  if (typeof account.private_key === "string") {
    const kid = binding.kid ?? account.private_key_id;
    return importText(account.private_key, options, { ...binding, alg: binding.alg ?? "RS256", kid });
  }
  throw keyError(
    "ERR_KEY_INVALID",
    "wrong-form",
    'is an object that is not a key: expected a JWK (with "kty"), a JWKS (with "keys") or a service-account file (with "private_key")',
  );
}

function importPem(blocks: PemBlock[], options: ImportKeyOptions, binding: KeyBinding): JwtKey {
  // A file may hold a private key and its certificate: the private key serves both signing and verifying.
  const block =
    blocks.find((candidate) => candidate.label.includes("PRIVATE KEY")) ?? (blocks[0] as PemBlock);
  return importKeyObject(pemToKeyObject(block, options.passphrase), binding);
}

function pemToKeyObject(block: PemBlock, passphrase: string | undefined): KeyObject {
  const { label, pem } = block;
  try {
    switch (label) {
      case "PRIVATE KEY":
      case "RSA PRIVATE KEY":
      case "EC PRIVATE KEY":
        return createPrivateKey(pem);
      case "ENCRYPTED PRIVATE KEY":
        if (!passphrase) {
          throw new JwtError("ERR_KEY_INVALID", "The private key is encrypted: give its passphrase.", {
            option: "passphrase",
            reason: "missing",
            problem: "is required: the private key is encrypted",
          });
        }
        return createPrivateKey({ key: pem, passphrase });
      case "PUBLIC KEY":
      case "RSA PUBLIC KEY":
        return createPublicKey(pem);
      case "CERTIFICATE":
        return new X509Certificate(pem).publicKey;
      case "OPENSSH PRIVATE KEY":
        throw keyError(
          "ERR_KEY_INVALID",
          "wrong-form",
          "is an OpenSSH private key, which is not read",
          "Convert it to PKCS#8 with `ssh-keygen -p -m PKCS8 -f <file>`.",
        );
      default:
        throw keyError(
          "ERR_KEY_INVALID",
          "wrong-form",
          `is a PEM block labelled "${label}", which is not a key this engine reads`,
        );
    }
  } catch (error) {
    if (error instanceof JwtError) throw error;
    const encrypted = label === "ENCRYPTED PRIVATE KEY" ? " or the passphrase is wrong" : "";
    throw keyError(
      "ERR_KEY_INVALID",
      "unreadable",
      `(PEM "${label}") cannot be read: it is incomplete or damaged${encrypted}`,
      "Paste the whole key, BEGIN and END lines included.",
    );
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function importBytes(bytes: Uint8Array, options: ImportKeyOptions, binding: KeyBinding): JwtKey {
  const text = keyFileText(bytes);
  if (!wantsSecret(binding) && text !== undefined) return importText(text, options, binding);
  if (bytes.length === 0) throw keyError("ERR_KEY_MISSING", "missing", "is empty", undefined, "The secret");
  if (!mayBeSecret(binding)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "wrong-form",
      `is raw bytes, and ${wantedName(binding)} needs a PEM or JWK key`,
    );
  }
  refuseKeyBytes(bytes);
  return secretKey(Buffer.from(bytes), binding);
}

/**
 * The bytes as text when they hold a PEM or JSON key file. Random secret bytes can start with "{" too:
 * only valid UTF-8 is read as text, so that binary secrets are never altered by decoding.
 */
function keyFileText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  return text.includes("-----BEGIN") || text.trimStart().startsWith("{") ? text : undefined;
}

function importKeyObject(keyObject: KeyObject, binding: KeyBinding): JwtKey {
  if (keyObject.type === "secret") {
    if (!mayBeSecret(binding)) {
      throw keyError(
        "ERR_KEY_INVALID",
        "wrong-algorithm",
        `is a secret, which cannot be used with ${wantedName(binding)}`,
      );
    }
    refuseKeyBytes(keyObject.export());
    return secretKey(keyObject, binding);
  }
  if (wantsSecret(binding)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "key-as-secret",
      `is a ${keyObject.type} key, which can never be used with ${wantedName(binding)} (algorithm confusion)`,
      "Use a random secret.",
    );
  }
  return binding.encryption === undefined
    ? bindAsymmetricKey(keyObject, binding)
    : bindEncryptionKey(keyObject, binding);
}

function secretKey(material: Buffer | KeyObject, binding: KeyBinding): JwtKey {
  const keyObject = material instanceof KeyObject ? material : createSecretKey(material);
  if (binding.encryption !== undefined) {
    return encryptionSecretKey(keyObject, {
      ...binding,
      encryption: binding.encryption.filter(usesSharedSecret),
    });
  }
  return createJwtKey({
    kind: "secret",
    family: "hmac",
    algorithms: binding.alg === undefined ? ALGORITHMS_BY_FAMILY.hmac : [binding.alg],
    keyObject,
    kid: binding.kid,
    allowWeakKey: binding.allowWeakKey,
  });
}

function rebindKey(key: JwtKey, binding: KeyBinding): JwtKey {
  if (key.use === "enc" || binding.encryption !== undefined) return rebindEncryptionKey(key, binding);
  const sameAlg = binding.alg === undefined || (key.algorithms.length === 1 && key.alg === binding.alg);
  const sameKid = binding.kid === undefined || binding.kid === key.kid;
  if (sameAlg && sameKid && binding.allowWeakKey === undefined) return key;
  if (binding.alg !== undefined && !key.algorithms.includes(binding.alg)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "wrong-algorithm",
      `is bound to ${key.algorithms.join(", ")}; it cannot be used with ${binding.alg}`,
    );
  }
  return createJwtKey({
    kind: key.kind,
    family: key.family,
    algorithms: binding.alg === undefined ? key.algorithms : [binding.alg],
    keyObject: key.keyObject,
    kid: binding.kid ?? key.kid,
    canSign: key.canSign,
    canVerify: key.canVerify,
    allowWeakKey: binding.allowWeakKey ?? key.allowWeakKey,
  });
}

/** A prepared key for another use is refused (one key, one use); an encryption key narrows to the algorithms asked. */
function rebindEncryptionKey(key: JwtKey, binding: KeyBinding): JwtKey {
  const keepsAlgorithms = key.use === "enc" && binding.alg === undefined && binding.encryption === undefined;
  if (!keepsAlgorithms && (key.use !== "enc" || binding.encryption === undefined)) {
    const problem =
      key.use === "enc"
        ? `is an encryption key (${key.encryptionAlgorithms.join(", ")}); it cannot be used with ${wantedName(binding)}`
        : `is a signature key (${key.algorithms.join(", ")}); it cannot be used with ${wantedName(binding)}`;
    throw keyError(
      "ERR_KEY_INVALID",
      key.use === "enc" ? "not-for-signatures" : "not-for-encryption",
      problem,
      "Use one key for signatures and another for encryption: import each with its own alg.",
    );
  }
  const wanted = binding.encryption ?? key.encryptionAlgorithms;
  const algorithms = key.encryptionAlgorithms.filter((alg) => wanted.includes(alg));
  if (algorithms.length === 0) {
    throw keyError(
      "ERR_KEY_INVALID",
      "wrong-algorithm",
      `is bound to ${key.encryptionAlgorithms.join(", ")}; it cannot be used with ${wanted.join(", ")}`,
    );
  }
  const sameKid = binding.kid === undefined || binding.kid === key.kid;
  if (algorithms.length === key.encryptionAlgorithms.length && sameKid) return key;
  return createJwtKey({
    kind: key.kind,
    family: key.family,
    algorithms: [],
    encryptionAlgorithms: algorithms,
    keyObject: key.keyObject,
    kid: binding.kid ?? key.kid,
    canSign: false,
    canVerify: false,
  });
}
