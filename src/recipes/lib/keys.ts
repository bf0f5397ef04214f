import { createPrivateKey, type KeyObject } from "node:crypto";
import {
  type Algorithm,
  algorithmInfo,
  importKey,
  isJwtError,
  type JwtKey,
  type SecretEncoding,
} from "../../jwt/index.js";
import { refuseInput, refuseKey } from "./refuse.js";

export interface SigningKeyRule {
  /** The input the key came from, named in every refusal. */
  readonly input: string;
  /** The one algorithm the provider accepts for this token. */
  readonly alg: Algorithm;
  /** The key id to write in the header, if the provider wants one there. */
  readonly kid?: string;
  readonly passphrase?: string;
  /** The provider's rule: which key it hands out and in which form. */
  readonly rule: string;
}

/**
 * Imports a private key for the provider's algorithm through the engine (PEM in any pasted form, JWK),
 * and refuses, naming the input, a key of the wrong type (an RSA key for an ES256 recipe), a public
 * key, or text that is no key. A PKCS#8 body pasted without its BEGIN/END lines is wrapped first.
 */
export function importSigningKey(text: string | KeyObject, rule: SigningKeyRule): JwtKey {
  const input = typeof text === "string" ? armourBareBody(text) : text;
  let key: JwtKey;
  try {
    key = importKey(input, { alg: rule.alg, kid: rule.kid, passphrase: rule.passphrase });
  } catch (error) {
    if (!isJwtError(error)) throw error;
    const code = error.code === "ERR_KEY_WEAK" ? "ERR_KEY_WEAK" : "ERR_KEY_INVALID";
    const problem = `cannot sign ${rule.alg} tokens: ${lowerFirst(error.message)}`;
    throw refuseKey(rule.input, problem, rule.rule, "wrong-key", code);
  }
  if (!key.canSign) {
    throw refuseKey(rule.input, "is a public key; a token is signed with the private key", rule.rule);
  }
  return key;
}

export interface AnyOfSigningKeyRule extends Omit<SigningKeyRule, "alg"> {
  /** The algorithms the provider accepts, in order of preference; the key's own type picks one. */
  readonly algs: readonly Algorithm[];
}

/**
 * Imports a private key for whichever of the provider's algorithms the key itself can serve (RS256
 * for an RSA key, ES256/ES384/ES512 by an EC key's curve, EdDSA for Ed25519): the engine reads the
 * key's type and curve, and the key is bound to the first of `algs` it fits. A key that fits none,
 * a public key or text that is no key is refused naming the input.
 */
export function importSigningKeyFor(text: string | KeyObject, rule: AnyOfSigningKeyRule): JwtKey {
  const input = typeof text === "string" ? armourBareBody(text) : text;
  let found: JwtKey;
  try {
    found = importKey(input, { kid: rule.kid, passphrase: rule.passphrase });
  } catch (error) {
    if (!isJwtError(error)) throw error;
    const code = error.code === "ERR_KEY_WEAK" ? "ERR_KEY_WEAK" : "ERR_KEY_INVALID";
    const problem = `cannot sign ${either(rule.algs)} tokens: ${lowerFirst(error.message)}`;
    throw refuseKey(rule.input, problem, rule.rule, "wrong-key", code);
  }
  if (algorithmInfo(found.alg).symmetric) {
    // Text that is no key in any form (or an "oct" JWK) reads as an HMAC secret without an algorithm.
    throw refuseKey(
      rule.input,
      "is not a private key (a PEM or a JWK): it reads as a shared secret",
      rule.rule,
    );
  }
  const alg = rule.algs.find((each) => found.algorithms.includes(each));
  if (alg === undefined) {
    const problem = `is ${describeKeyType(found)}, which cannot sign ${either(rule.algs)} tokens`;
    throw refuseKey(rule.input, problem, rule.rule);
  }
  const key = importKey(found, { alg });
  if (!key.canSign) {
    throw refuseKey(rule.input, "is a public key; a token is signed with the private key", rule.rule);
  }
  return key;
}

/** "RS256, ES256 or ES384". */
function either(algs: readonly Algorithm[]): string {
  return algs.length < 2 ? algs.join("") : `${algs.slice(0, -1).join(", ")} or ${algs.at(-1)}`;
}

/** "an RSA key", "an EC key on P-384", "an Ed25519 key", from the engine's facts about the key's algorithm. */
function describeKeyType(key: JwtKey): string {
  const info = algorithmInfo(key.alg);
  if (info.keyType === "EC") return `an EC key on ${info.curve ?? "another curve"}`;
  if (info.keyType === "OKP") return `an ${info.curve ?? "OKP"} key`;
  return `an ${info.keyType} key`;
}

export interface SecretRule {
  readonly input: string;
  readonly alg: Algorithm;
  readonly kid?: string;
  /** How the provider's secret is to be read: as text (its characters) or hex bytes (Ghost). */
  readonly encoding: SecretEncoding;
  readonly rule: string;
}

/** Imports an HMAC secret as the provider uses it; a secret too short for the hash is refused naming the input. */
export function importProviderSecret(text: string, rule: SecretRule): JwtKey {
  let key: JwtKey;
  try {
    key = importKey(text.trim(), { alg: rule.alg, kid: rule.kid, secretEncoding: rule.encoding });
  } catch (error) {
    if (!isJwtError(error)) throw error;
    const code = error.code === "ERR_KEY_WEAK" ? "ERR_KEY_WEAK" : "ERR_KEY_INVALID";
    const problem =
      code === "ERR_KEY_WEAK"
        ? `is too short for ${rule.alg}: it needs at least ${algorithmInfo(rule.alg).minSecretBytes} bytes`
        : `cannot be used as the ${rule.alg} secret: ${lowerFirst(error.message)}`;
    throw refuseKey(rule.input, problem, rule.rule, "wrong-key", code);
  }
  const needed = algorithmInfo(rule.alg).minSecretBytes;
  if (key.secretLength < needed) {
    const problem = `is ${key.secretLength} bytes long; ${rule.alg} needs at least ${needed} bytes`;
    throw refuseKey(rule.input, problem, rule.rule, "weak", "ERR_KEY_WEAK");
  }
  return key;
}

/** A PKCS#8 private key body (base64 starting "MI") pasted without its armour, wrapped back. */
function armourBareBody(text: string): string {
  const compact = text.replace(/\s+/g, "");
  if (text.includes("-----") || !/^MI[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length < 100)
    return text;
  return `-----BEGIN PRIVATE KEY-----\n${compact.match(/.{1,64}/g)?.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

/** DER prefix of a PKCS#8 Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * An Ed25519 private key given as base64 of its raw bytes: 64 bytes (seed then public key, as
 * Coinbase hands it out) or the 32-byte seed alone. Returns undefined when the text is not that.
 * With 64 bytes, the public half must match the seed.
 */
export function readRawEd25519(input: string, text: string, rule: string): KeyObject | undefined {
  const compact = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const bytes = Buffer.from(compact, "base64");
  if (bytes.length !== 64 && bytes.length !== 32) return undefined;
  const seed = bytes.subarray(0, 32);
  const key = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  if (bytes.length === 64) {
    const derived = key.export({ format: "jwk" }).x;
    if (derived !== bytes.subarray(32).toString("base64url")) {
      throw refuseKey(
        input,
        "holds 64 bytes whose second half is not the public key of the first half",
        rule,
        "damaged-key",
      );
    }
  }
  return key;
}

/** The members of a Google service-account key file that the recipes use. */
export interface ServiceAccount {
  readonly clientEmail: string;
  readonly privateKey: string;
  readonly privateKeyId: string | undefined;
  readonly projectId: string | undefined;
  /** The file's token_uri (the OAuth assertion's aud), when it is an https URL. */
  readonly tokenUri: string | undefined;
}

/**
 * Reads a whole service-account JSON file as pasted: with its "\n" escapes kept, or with them turned
 * into real line breaks by a form field. Refuses, naming the input, anything else.
 */
export function readServiceAccount(input: string, text: string, rule: string): ServiceAccount {
  const parsed = parseLoose(text.trim());
  if (parsed === undefined) {
    throw refuseInput(input, "is not a service-account JSON file (it cannot be read as JSON)", rule);
  }
  const { type, client_email, private_key, private_key_id, project_id, token_uri } = parsed as Record<
    string,
    unknown
  >;
  if (type !== undefined && type !== "service_account") {
    throw refuseInput(input, `is a "${String(type)}" credential, not a service-account key file`, rule);
  }
  if (typeof client_email !== "string" || !client_email.includes("@")) {
    throw refuseInput(
      input,
      'has no "client_email": paste the whole key file, not only its private key',
      rule,
    );
  }
  if (typeof private_key !== "string" || private_key.trim() === "") {
    throw refuseInput(input, 'has no "private_key": paste the whole key file', rule);
  }
  return {
    clientEmail: client_email,
    privateKey: private_key,
    privateKeyId: typeof private_key_id === "string" && private_key_id !== "" ? private_key_id : undefined,
    projectId: typeof project_id === "string" ? project_id : undefined,
    tokenUri: typeof token_uri === "string" && token_uri.startsWith("https://") ? token_uri : undefined,
  };
}

function parseLoose(text: string): object | undefined {
  for (const candidate of [text, text.replace(/\r?\n/g, " ")]) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function lowerFirst(text: string): string {
  return text.length > 0 ? `${text[0]?.toLowerCase()}${text.slice(1)}` : text;
}
