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
  /** Bind the key to this one algorithm. Without it, the key keeps every algorithm it fits. */
  alg?: Algorithm;
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
  if (options.alg !== undefined && !isAlgorithm(options.alg)) {
    throw new JwtError("ERR_ALG_NOT_ALLOWED", {
      option: "alg",
      reason: "unknown-algorithm",
      problem: `must be one of ${ALGORITHMS.join(", ")}; got ${describeValue(options.alg)}`,
    });
  }
  const binding: KeyBinding = { alg: options.alg, kid: options.kid, allowWeakKey: options.allowWeakKey };
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

function wantsSecret(alg: Algorithm | undefined): boolean {
  return alg !== undefined && ALGORITHM_SPECS[alg].family === "hmac";
}

function importText(text: string, options: ImportKeyOptions, binding: KeyBinding): JwtKey {
  refuseBlank(text);
  if (wantsSecret(binding.alg)) return secretKey(decodeSecretText(text, options.secretEncoding), binding);
  const unwrapped = unwrapPastedText(text);
  if (unwrapped.startsWith("{")) {
    // JSON first as given: unwrapping turns a key file's escaped "\n" into raw line breaks, which JSON refuses.
    const parsed = parseKeyJson(text.trim()) ?? parseKeyJson(unwrapped);
    if (parsed !== undefined) return importObject(parsed, options, binding);
    if (binding.alg === undefined) return secretKey(decodeSecretText(text, options.secretEncoding), binding);
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
  if (binding.alg === undefined) {
    // Not a key in any form we know: it is a secret. decodeSecretText refuses key look-alikes.
    return secretKey(decodeSecretText(text, options.secretEncoding), binding);
  }
  throw keyError(
    "ERR_KEY_INVALID",
    "wrong-form",
    `is neither a PEM ("-----BEGIN ...") nor a JWK text, and ${binding.alg} needs a private key to sign or a public key to verify`,
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
  if (!wantsSecret(binding.alg) && text !== undefined) return importText(text, options, binding);
  if (bytes.length === 0) throw keyError("ERR_KEY_MISSING", "missing", "is empty", undefined, "The secret");
  if (binding.alg !== undefined && !wantsSecret(binding.alg)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "wrong-form",
      `is raw bytes, and ${binding.alg} needs a PEM or JWK key`,
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
    if (binding.alg !== undefined && !wantsSecret(binding.alg)) {
      throw keyError(
        "ERR_KEY_INVALID",
        "wrong-algorithm",
        `is a secret, which cannot be used with ${binding.alg}`,
      );
    }
    refuseKeyBytes(keyObject.export());
    return secretKey(keyObject, binding);
  }
  if (wantsSecret(binding.alg)) {
    throw keyError(
      "ERR_KEY_INVALID",
      "key-as-secret",
      `is a ${keyObject.type} key, which can never be used with ${binding.alg} (algorithm confusion)`,
      "Use a random secret.",
    );
  }
  return bindAsymmetricKey(keyObject, binding);
}

function secretKey(material: Buffer | KeyObject, binding: KeyBinding): JwtKey {
  const keyObject = material instanceof KeyObject ? material : createSecretKey(material);
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
