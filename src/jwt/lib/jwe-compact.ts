import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { JwtError } from "../errors.js";
import type { JwtKey } from "../key.js";
import { decodeCanonicalBase64Url } from "./base64url.js";
import { tooLarge } from "./compact.js";
import {
  CONTENT_ENCRYPTION_SPECS,
  type ContentEncryptionSpec,
  type EcdhCurve,
  isJweAlgorithm,
  isJweEncryption,
  type JweAlgorithm,
  type JweEncryption,
  KEY_MANAGEMENT_SPECS,
  type KeyManagementSpec,
  MIN_PBES2_COUNT,
  REFUSED_JWE_ALGORITHM,
  refusedRsa15,
} from "./jwe-algorithms.js";
import {
  aesKeyUnwrap,
  aesKeyWrap,
  concatKdf,
  coordinateBytes,
  decryptContent,
  encryptContent,
  gcmKeyUnwrap,
  gcmKeyWrap,
  isOnCurve,
  pbes2Key,
  randomKey,
  rsaOaepUnwrap,
  rsaOaepWrap,
  sharedSecret,
} from "./jwe-crypto.js";
import { curveOf, publicHalf } from "./jwe-key.js";

/** The protected header of a JWE. */
export interface JweHeader {
  alg: string;
  enc: string;
  zip?: string;
  kid?: string;
  typ?: string;
  cty?: string;
  [member: string]: unknown;
}

/** Header members the engine writes itself; a caller's `header` cannot set them. */
export const RESERVED_JWE_MEMBERS = ["alg", "enc", "zip", "crit", "epk", "p2s", "p2c", "iv", "tag"] as const;

export interface SealParameters {
  readonly key: JwtKey;
  readonly alg: JweAlgorithm;
  readonly enc: JweEncryption;
  readonly zip: boolean;
  /** Extra members (kid, typ, cty, apu, apv, ...), checked by the caller. */
  readonly header: Readonly<Record<string, unknown>>;
  readonly pbes2Count: number;
}

/**
 * Randomness fixed by a test, to reproduce published examples byte for byte. Only tests pass it:
 * it is not part of the package's API (encryptJwe never takes it).
 */
export interface FixedRandomness {
  readonly cek?: Buffer;
  readonly iv?: Buffer;
  /** ECDH-ES: the ephemeral private key. */
  readonly ephemeralKey?: KeyObject;
  readonly p2s?: Buffer;
  /** AES-GCM key wrap: the IV of the key wrap. */
  readonly keyWrapIv?: Buffer;
  /** The compressed plaintext, as another DEFLATE encoder wrote it (compression is not unique). */
  readonly deflated?: Buffer;
  /** The exact protected header text; it must say what the engine would write, in any member order. */
  readonly headerText?: string;
}

export interface SealedJwe {
  readonly token: string;
  readonly header: JweHeader;
}

/** Encrypts the plaintext for the key: compact serialization (RFC 7516 section 7.1). */
export function sealJwe(
  plaintext: Uint8Array,
  params: SealParameters,
  fixed: FixedRandomness = {},
): SealedJwe {
  const km = KEY_MANAGEMENT_SPECS[params.alg];
  const ce = CONTENT_ENCRYPTION_SPECS[params.enc];
  const header: JweHeader = { alg: params.alg, enc: params.enc };
  if (params.zip) header.zip = "DEF";
  if (params.key.kid !== undefined) header.kid = params.key.kid;
  Object.assign(header, params.header);
  let cek: Buffer;
  let encryptedKey: Buffer = Buffer.alloc(0);
  switch (km.mode) {
    case "dir":
      cek = directKey(params.key, ce);
      break;
    case "ecdh-es": {
      const agreed = agreeAsSender(params.key, km, ce, header, fixed.ephemeralKey);
      if (km.aesKeyWrap) {
        cek = fixed.cek ?? randomKey(ce.keyBytes);
        encryptedKey = aesKeyWrap(agreed, cek);
      } else {
        cek = agreed;
      }
      break;
    }
    default: {
      cek = fixed.cek ?? randomKey(ce.keyBytes);
      encryptedKey = wrapKey(km, params, cek, header, fixed);
    }
  }
  const headerText = fixed.headerText ?? JSON.stringify(header);
  if (fixed.headerText !== undefined && canonical(JSON.parse(fixed.headerText)) !== canonical(header)) {
    throw new Error("The fixed header text does not say what the engine writes.");
  }
  const protectedSegment = Buffer.from(headerText, "utf8").toString("base64url");
  const iv = fixed.iv ?? randomKey(ce.ivBytes);
  const content = params.zip ? (fixed.deflated ?? deflateRawSync(plaintext)) : plaintext;
  const { ciphertext, tag } = encryptContent(ce, cek, iv, content, Buffer.from(protectedSegment, "ascii"));
  const token = [protectedSegment, encryptedKey, iv, ciphertext, tag]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
  return { token, header: JSON.parse(headerText) as JweHeader };
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((name) => `${JSON.stringify(name)}:${canonical(record[name])}`)
    .join(",")}}`;
}

function wrapKey(
  km: KeyManagementSpec,
  params: SealParameters,
  cek: Buffer,
  header: JweHeader,
  fixed: FixedRandomness,
): Buffer {
  switch (km.mode) {
    case "aes-kw":
      return aesKeyWrap(secretBytes(params.key), cek);
    case "aes-gcm-kw": {
      const iv = fixed.keyWrapIv ?? randomKey(12);
      const { ciphertext, tag } = gcmKeyWrap(secretBytes(params.key), cek, iv);
      header.iv = iv.toString("base64url");
      header.tag = tag.toString("base64url");
      return ciphertext;
    }
    case "rsa-oaep":
      return rsaOaepWrap(km, publicHalf(params.key), cek);
    case "pbes2": {
      const p2s = fixed.p2s ?? randomKey(16);
      header.p2s = p2s.toString("base64url");
      header.p2c = params.pbes2Count;
      return aesKeyWrap(pbes2Key(km, secretBytes(params.key), p2s, params.pbes2Count), cek);
    }
    default:
      throw new Error(`No key wrap for ${km.alg}`);
  }
}

/** The bytes of a secret key, exported once per key (prepared keys are reused). */
const secrets = new WeakMap<JwtKey, Buffer>();

function secretBytes(key: JwtKey): Buffer {
  let bytes = secrets.get(key);
  if (bytes === undefined) {
    bytes = key.keyObject.export();
    secrets.set(key, bytes);
  }
  return bytes;
}

/** A `dir` key is the CEK itself: its length must be the one `enc` needs. */
function directKey(key: JwtKey, ce: ContentEncryptionSpec): Buffer {
  const bytes = secretBytes(key);
  if (bytes.length !== ce.keyBytes) {
    const problem = `is ${bytes.length} bytes long; with "dir", ${ce.enc} needs a key of exactly ${ce.keyBytes} bytes`;
    throw new JwtError(
      "ERR_KEY_INVALID",
      `The key ${problem}. Use a key of that length, or the enc that fits it.`,
      {
        option: "key",
        reason: "wrong-length-for-enc",
        problem,
        fix: "Use a key of that length, or the enc that fits it.",
      },
    );
  }
  return bytes;
}

/** The Concat KDF's output length and AlgorithmID: enc's for ECDH-ES, the key wrap's otherwise. */
function kdfTarget(km: KeyManagementSpec, ce: ContentEncryptionSpec): { bytes: number; id: string } {
  return km.aesKeyWrap
    ? { bytes: km.wrapKeyBytes as number, id: km.alg }
    : { bytes: ce.keyBytes, id: ce.enc };
}

function agreeAsSender(
  key: JwtKey,
  km: KeyManagementSpec,
  ce: ContentEncryptionSpec,
  header: JweHeader,
  fixedEphemeral: KeyObject | undefined,
): Buffer {
  const recipient = publicHalf(key);
  const curve = curveOf(recipient) as EcdhCurve;
  const ephemeral =
    fixedEphemeral ??
    (curve === "X25519"
      ? generateKeyPairSync("x25519").privateKey
      : generateKeyPairSync("ec", { namedCurve: curve }).privateKey);
  const jwk = createPublicKey(ephemeral).export({ format: "jwk" });
  header.epk =
    curve === "X25519"
      ? { kty: "OKP", crv: "X25519", x: jwk.x }
      : { kty: "EC", crv: curve, x: jwk.x, y: jwk.y };
  const z = sharedSecret(ephemeral, recipient);
  if (z === undefined) throw new Error("ECDH failed with a key of the engine's own making.");
  const { bytes, id } = kdfTarget(km, ce);
  return concatKdf(z, bytes, id, partyInfo(header.apu, "apu"), partyInfo(header.apv, "apv"));
}

function partyInfo(value: unknown, member: "apu" | "apv"): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  const bytes = typeof value === "string" ? decodeCanonicalBase64Url(value) : undefined;
  if (bytes === undefined) {
    throw jweInvalid(member, `The header's "${member}" must be base64url text.`);
  }
  return bytes;
}

export function jweInvalid(reason: string, message: string): JwtError {
  return new JwtError("ERR_JWE_INVALID", message, { reason });
}

function malformed(message: string, reason?: string): JwtError {
  return new JwtError("ERR_JWT_MALFORMED", message, reason === undefined ? {} : { reason });
}

/** The five parts of a compact JWE, decoded, with its protected header. */
export interface JweParts {
  readonly header: JweHeader;
  readonly alg: JweAlgorithm;
  readonly enc: JweEncryption;
  /** The protected header as sent: the additional authenticated data. */
  readonly protectedSegment: string;
  readonly encryptedKey: Buffer;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

const PART_NAMES = ["protected header", "encrypted key", "IV", "ciphertext", "authentication tag"];

/** Splits a compact JWE and checks its structure and header (RFC 7516 sections 5.2 and 9). */
export function parseJwe(token: unknown, maxTokenBytes: number): JweParts {
  if (typeof token !== "string") {
    throw malformed(`The token must be a text, not ${token === null ? "null" : typeof token}.`);
  }
  if (token.length === 0) throw malformed("The token is empty.");
  if (token.length > maxTokenBytes) throw tooLarge(token.length, maxTokenBytes);
  const parts = token.split(".");
  if (parts.length === 3) {
    throw malformed(
      "The token has 3 parts: it is a signed token (JWS), not an encrypted one (JWE, 5 parts). Verify it with verifyJwt.",
      "jws-not-jwe",
    );
  }
  if (parts.length !== 5) {
    throw malformed(`The token has ${parts.length} parts separated by dots; an encrypted token (JWE) has 5.`);
  }
  const decoded = parts.map((part, index) => {
    // The header is read (and checked) once per distinct header text, below.
    if (index === 0) return EMPTY;
    const bytes = decodeCanonicalBase64Url(part);
    if (bytes === undefined) {
      throw malformed(
        `The token's ${PART_NAMES[index]} is not canonical base64url (only A-Z a-z 0-9 - _, no padding or spaces).`,
      );
    }
    return bytes;
  });
  const protectedSegment = parts[0] as string;
  const { header, alg, enc } = readJweHeader(protectedSegment);
  return {
    header,
    alg,
    enc,
    protectedSegment,
    encryptedKey: decoded[1] as Buffer,
    iv: decoded[2] as Buffer,
    ciphertext: decoded[3] as Buffer,
    tag: decoded[4] as Buffer,
  };
}

const EMPTY = Buffer.alloc(0);

interface CheckedJweHeader {
  readonly header: JweHeader;
  readonly alg: JweAlgorithm;
  readonly enc: JweEncryption;
}

/**
 * Protected headers that passed every check. A `dir` or key-wrap issuer sends the same header with
 * every token, so a decrypter parses and checks it once. Bounded, and only headers of plain values
 * are kept (an `epk` header differs per token anyway); each caller gets its own copy.
 */
const checkedHeaders = new Map<string, CheckedJweHeader>();
const CHECKED_HEADERS_LIMIT = 64;
const CHECKED_HEADER_MAX_LENGTH = 512;

function readJweHeader(segment: string): CheckedJweHeader {
  const cached = checkedHeaders.get(segment);
  if (cached !== undefined) return { header: { ...cached.header }, alg: cached.alg, enc: cached.enc };
  if (segment.length === 0) throw malformed("The token's protected header is empty.");
  const bytes = decodeCanonicalBase64Url(segment);
  if (bytes === undefined) {
    throw malformed(
      "The token's protected header is not canonical base64url (only A-Z a-z 0-9 - _, no padding or spaces).",
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    throw malformed("The token's protected header is not valid JSON.");
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw malformed("The token's protected header must be a JSON object.");
  }
  const { alg, enc } = checkJweHeader(header as JweHeader);
  const checked = { header: header as JweHeader, alg, enc };
  const plain = Object.values(header).every((value) => value === null || typeof value !== "object");
  if (segment.length <= CHECKED_HEADER_MAX_LENGTH && plain) {
    if (checkedHeaders.size >= CHECKED_HEADERS_LIMIT) checkedHeaders.clear();
    checkedHeaders.set(segment, { ...checked, header: Object.freeze({ ...checked.header }) });
  }
  return checked;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function checkJweHeader(header: JweHeader): { alg: JweAlgorithm; enc: JweEncryption } {
  const { alg, enc } = header;
  if (typeof alg !== "string") throw malformed('The token\'s header has no "alg".');
  if (alg === REFUSED_JWE_ALGORITHM) throw refusedRsa15();
  if (!isJweAlgorithm(alg)) {
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `The token's key management algorithm "${alg.slice(0, 20)}" is not supported.`,
      { reason: "unknown-algorithm" },
    );
  }
  if (typeof enc !== "string") throw malformed('The token\'s header has no "enc".');
  if (!isJweEncryption(enc)) {
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `The token's content encryption "${enc.slice(0, 20)}" is not supported.`,
      {
        reason: "unknown-encryption",
      },
    );
  }
  if (header.crit !== undefined) {
    // No extension is understood here, so any critical one must make the token fail (RFC 7516 4.1.13).
    const names = Array.isArray(header.crit) ? header.crit.map(String).join(", ") : "(not a list)";
    throw malformed(
      `The header marks extensions as critical ("crit": ${names}) that this decrypter does not support.`,
      "crit",
    );
  }
  if (header.zip !== undefined && header.zip !== "DEF") {
    throw jweInvalid(
      "zip-unknown",
      `The token's "zip" is ${JSON.stringify(String(header.zip).slice(0, 10))}; only "DEF" exists.`,
    );
  }
  return { alg, enc };
}

export interface OpenParameters {
  readonly allowZip: boolean;
  readonly maxInflatedBytes: number;
  readonly maxPbes2Count: number;
}

/** Decrypts parsed parts with a key already checked to serve `parts.alg`; returns the plaintext. */
export function openJwe(parts: JweParts, key: JwtKey, params: OpenParameters): Buffer {
  const km = KEY_MANAGEMENT_SPECS[parts.alg];
  const ce = CONTENT_ENCRYPTION_SPECS[parts.enc];
  if (parts.header.zip !== undefined && !params.allowZip) {
    throw jweInvalid(
      "zip-not-allowed",
      'The token is compressed ("zip": "DEF") and compressed tokens are not allowed here. ' +
        "Allow them with allowZip: true (inflating is capped by maxInflatedBytes), or send it uncompressed.",
    );
  }
  if (parts.iv.length !== ce.ivBytes) {
    throw jweInvalid(
      "iv-length",
      `The token's IV is ${parts.iv.length} bytes long; ${ce.enc} uses ${ce.ivBytes}.`,
    );
  }
  if (parts.tag.length !== ce.tagBytes) {
    throw jweInvalid(
      "tag-length",
      `The token's authentication tag is ${parts.tag.length} bytes long; ${ce.enc} uses ${ce.tagBytes}.`,
    );
  }
  let cek = recoverCek(km, ce, parts, key, params);
  // A CEK that could not be recovered, or of the wrong length, is replaced by a random one, so that
  // the failure shows only as the tag mismatch below (RFC 7516 section 11.5).
  if (cek === undefined || cek.length !== ce.keyBytes) cek = randomKey(ce.keyBytes);
  // A dir key goes to AES-GCM as the prepared KeyObject (its length was checked): a little faster.
  const contentKey = km.mode === "dir" && ce.mode === "gcm" ? key.keyObject : cek;
  const aad = Buffer.from(parts.protectedSegment, "ascii");
  const plaintext = decryptContent(ce, contentKey, parts.iv, parts.ciphertext, parts.tag, aad);
  return parts.header.zip === undefined ? plaintext : inflate(plaintext, params.maxInflatedBytes);
}

function inflate(data: Buffer, maxInflatedBytes: number): Buffer {
  try {
    return inflateRawSync(data, { maxOutputLength: maxInflatedBytes });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw jweInvalid(
        "zip-too-large",
        `The token's compressed content inflates to more than ${maxInflatedBytes} bytes (maxInflatedBytes): refused.`,
      );
    }
    throw jweInvalid("zip-invalid", "The token's compressed content is not valid DEFLATE data.");
  }
}

function recoverCek(
  km: KeyManagementSpec,
  ce: ContentEncryptionSpec,
  parts: JweParts,
  key: JwtKey,
  params: OpenParameters,
): Buffer | undefined {
  if ((km.mode === "dir" || (km.mode === "ecdh-es" && !km.aesKeyWrap)) && parts.encryptedKey.length > 0) {
    throw jweInvalid("encrypted-key", `With ${km.alg} the token's encrypted key must be empty.`);
  }
  switch (km.mode) {
    case "dir":
      return directKey(key, ce);
    case "aes-kw":
      return aesKeyUnwrap(secretBytes(key), parts.encryptedKey);
    case "aes-gcm-kw": {
      const iv = headerBytes(parts.header, "iv", 12);
      const tag = headerBytes(parts.header, "tag", 16);
      return gcmKeyUnwrap(secretBytes(key), parts.encryptedKey, iv, tag);
    }
    case "rsa-oaep":
      return rsaOaepUnwrap(km, key.keyObject, parts.encryptedKey);
    case "ecdh-es": {
      const agreed = agreeAsRecipient(key, km, ce, parts.header);
      if (agreed === undefined) return undefined;
      return km.aesKeyWrap ? aesKeyUnwrap(agreed, parts.encryptedKey) : agreed;
    }
    case "pbes2": {
      const count = pbes2Count(parts.header.p2c, params.maxPbes2Count);
      const p2s = parts.header.p2s;
      const salt = typeof p2s === "string" ? decodeCanonicalBase64Url(p2s) : undefined;
      if (salt === undefined || salt.length < 8) {
        throw jweInvalid("p2s", 'The token\'s "p2s" (PBES2 salt) must be base64url of at least 8 bytes.');
      }
      return aesKeyUnwrap(pbes2Key(km, secretBytes(key), salt, count), parts.encryptedKey);
    }
  }
}

function pbes2Count(value: unknown, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw jweInvalid("p2c-type", 'The token\'s "p2c" (PBES2 iteration count) must be a whole number.');
  }
  if (value < MIN_PBES2_COUNT) {
    throw jweInvalid(
      "p2c-too-low",
      `The token's "p2c" (PBES2 iteration count) is ${value}; at least ${MIN_PBES2_COUNT} are required, fewer make the password easy to guess.`,
    );
  }
  if (value > max) {
    throw jweInvalid(
      "p2c-too-high",
      `The token's "p2c" (PBES2 iteration count) is ${value}, above the limit of ${max} (maxPbes2Count): ` +
        "refused before any work, since a huge count would hold the server for as long as the sender likes.",
    );
  }
  return value;
}

function headerBytes(header: JweHeader, member: "iv" | "tag", length: number): Buffer {
  const value = header[member];
  const bytes = typeof value === "string" ? decodeCanonicalBase64Url(value) : undefined;
  if (bytes === undefined || bytes.length !== length) {
    throw jweInvalid(
      `header-${member}`,
      `The token's header "${member}" (AES-GCM key wrap) must be base64url of ${length} bytes.`,
    );
  }
  return bytes;
}

/**
 * The recipient's side of ECDH-ES: `epk` must be a public key on the recipient's own curve, and a
 * point of that curve (the invalid-curve attack sends points off it to learn the private key).
 */
function agreeAsRecipient(
  key: JwtKey,
  km: KeyManagementSpec,
  ce: ContentEncryptionSpec,
  header: JweHeader,
): Buffer | undefined {
  const curve = curveOf(key.keyObject) as EcdhCurve;
  const ephemeral = readEphemeralKey(header.epk, curve);
  const z = sharedSecret(key.keyObject, ephemeral);
  if (z === undefined) return undefined;
  const { bytes, id } = kdfTarget(km, ce);
  return concatKdf(z, bytes, id, partyInfo(header.apu, "apu"), partyInfo(header.apv, "apv"));
}

function readEphemeralKey(epk: unknown, curve: EcdhCurve): KeyObject {
  if (epk === null || typeof epk !== "object" || Array.isArray(epk)) {
    throw jweInvalid(
      "epk-missing",
      "The token's header has no \"epk\" (the sender's ephemeral public key) object.",
    );
  }
  const jwk = epk as Record<string, unknown>;
  const kty = curve === "X25519" ? "OKP" : "EC";
  if (jwk.kty !== kty || jwk.crv !== curve) {
    throw jweInvalid(
      "epk-wrong-curve",
      `The token's "epk" is ${JSON.stringify(String(jwk.kty).slice(0, 8))}/${JSON.stringify(String(jwk.crv).slice(0, 10))}; ` +
        `the recipient's key is ${kty}/${curve}, so the ephemeral key must be on ${curve} too.`,
    );
  }
  if (jwk.d !== undefined)
    throw jweInvalid("epk-private", 'The token\'s "epk" carries a private member "d".');
  const size = coordinateBytes(curve);
  const x = typeof jwk.x === "string" ? decodeCanonicalBase64Url(jwk.x) : undefined;
  const y =
    curve === "X25519"
      ? Buffer.alloc(0)
      : typeof jwk.y === "string"
        ? decodeCanonicalBase64Url(jwk.y)
        : undefined;
  const onCurve =
    x !== undefined &&
    y !== undefined &&
    x.length === size &&
    (curve === "X25519" ? jwk.y === undefined : isOnCurve(curve, x, y));
  if (!onCurve) {
    throw jweInvalid(
      "epk-off-curve",
      `The token's "epk" is not a point of ${curve}: refused (an off-curve point would leak the recipient's private key).`,
    );
  }
  try {
    const fields =
      curve === "X25519" ? { kty, crv: curve, x: jwk.x } : { kty, crv: curve, x: jwk.x, y: jwk.y };
    return createPublicKey({ key: fields as { kty: string }, format: "jwk" });
  } catch {
    throw jweInvalid("epk-off-curve", `The token's "epk" is not a valid ${curve} public key.`);
  }
}
