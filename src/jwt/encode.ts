import { JwtError } from "./errors.js";
import { type ImportKeyOptions, importKey, type KeyInput } from "./import-key.js";
import { JwtKey } from "./key.js";
import { ALGORITHM_SPECS, type Algorithm } from "./lib/algorithms.js";
import { buildClaims, type ClaimOptions } from "./lib/claims.js";
import { parseJsonObjectText } from "./lib/json-text.js";
import { assertStrongEnough, createSignatureText } from "./lib/signature.js";
import type { JwtHeader, JwtPayload, JwtWarning } from "./types.js";

export interface EncodeJwtOptions extends ClaimOptions {
  /** The secret or private key: text, PEM, JWK, KeyObject, or (fastest) a key from importKey. */
  key: KeyInput;
  /** Default: the key's algorithm for a JwtKey, HS256 otherwise. */
  alg?: Algorithm;
  /**
   * Minutes until the token expires (default 60; fractions allowed). When given, it wins over an
   * `exp` in the payload (a warning says so); when not given, a payload `exp` is kept.
   */
  expiresInMinutes?: number;
  /** Make a token without `exp`; only when this is explicitly true. */
  noExpiry?: boolean;
  /** The token is not valid before now + this many minutes (`nbf`). */
  notBeforeMinutes?: number;
  issuer?: string;
  subject?: string;
  audience?: string | readonly string[];
  /** A `jti`: this text, or `true` for a random 128-bit id. */
  jwtId?: string | true;
  /** Extra header members (`kid`, `typ`, `cty`, ...); `alg` cannot be set here. */
  header?: Readonly<Record<string, unknown>>;
  /** Accept an HMAC secret shorter than the hash. Not recommended. */
  allowWeakKey?: boolean;
  /** How a text secret is written (default text/UTF-8). */
  secretEncoding?: ImportKeyOptions["secretEncoding"];
  /** Passphrase of an encrypted PKCS#8 private key. */
  passphrase?: string;
  /** The signing time; for tests. */
  now?: Date;
  /** Called with each warning (numbers converted, claims replaced). */
  onWarning?: (warning: JwtWarning) => void;
}

/** A new token with what went into it. */
export interface EncodedJwt {
  token: string;
  header: JwtHeader;
  payload: JwtPayload;
  issuedAt: Date;
  expiresAt: Date | undefined;
  warnings: JwtWarning[];
}

/**
 * Signs a JWT. `payload` is an object or a JSON text (as typed in Bubble's "json data").
 * It always sets `iat` and `typ: "JWT"`, and `exp` 60 minutes ahead unless told otherwise.
 *
 * @example
 * const token = encodeJwt({ user_id: "42", email: "a@example.com" }, { key: secret, expiresInMinutes: 60 });
 */
export function encodeJwt(payload: object | string, options: EncodeJwtOptions): string {
  return signJwt(payload, options).token;
}

/** {@link encodeJwt}, also returning the header, the claims, the dates and the warnings. */
export function encodeJwtDetailed(payload: object | string, options: EncodeJwtOptions): EncodedJwt {
  const { token, header, claims, warnings } = signJwt(payload, options);
  return {
    token,
    header,
    payload: claims,
    issuedAt: new Date((claims.iat as number) * 1000),
    expiresAt: claims.exp === undefined ? undefined : new Date(claims.exp * 1000),
    warnings,
  };
}

interface SignedJwt {
  token: string;
  header: JwtHeader;
  claims: JwtPayload;
  warnings: JwtWarning[];
}

function signJwt(payload: object | string, options: EncodeJwtOptions): SignedJwt {
  if (options === null || typeof options !== "object") {
    throw new JwtError("ERR_OPTION_INVALID", "encodeJwt needs options with at least { key }.");
  }
  const key = signingKey(options);
  const alg = options.alg ?? key.alg;
  const spec = ALGORITHM_SPECS[alg];
  assertStrongEnough(spec, key, options.allowWeakKey);
  const warnings: JwtWarning[] = [];
  const nowSeconds = Math.floor((options.now?.getTime() ?? Date.now()) / 1000);
  const claims = buildClaims(readPayload(payload), options, nowSeconds, warnings);
  let header: JwtHeader;
  let headerSegment: string;
  if (options.header === undefined) {
    const cached = defaultHeader(alg, key);
    header = cached.header;
    headerSegment = cached.segment;
  } else {
    header = buildHeader(alg, key, options.header);
    headerSegment = encodeJson(header, "header");
  }
  const signingInput = `${headerSegment}.${encodeJson(claims, "payload")}`;
  const token = `${signingInput}.${createSignatureText(spec, key, signingInput)}`;
  if (warnings.length > 0) for (const warning of warnings) options.onWarning?.(warning);
  return { token, header, claims, warnings };
}

function signingKey(options: EncodeJwtOptions): JwtKey {
  if (options.key === undefined || options.key === null || options.key === "") {
    throw new JwtError("ERR_KEY_MISSING", "No key was given: set options.key to the secret or private key.");
  }
  const key =
    options.key instanceof JwtKey
      ? options.key
      : importKey(options.key, {
          alg: options.alg ?? "HS256",
          secretEncoding: options.secretEncoding,
          passphrase: options.passphrase,
        } as ImportKeyOptions);
  if (options.alg !== undefined && !key.algorithms.includes(options.alg)) {
    throw new JwtError(
      "ERR_KEY_INVALID",
      `This key is made for ${key.algorithms.join(", ")}; it cannot sign ${String(options.alg)} tokens.`,
    );
  }
  if (!key.canSign) {
    const why =
      key.kind === "public" ? "a public key can only verify" : 'its "key_ops"/"use" do not allow "sign"';
    throw new JwtError("ERR_KEY_INVALID", `This key cannot sign: ${why}. Use the private key.`);
  }
  return key;
}

function readPayload(payload: unknown): Record<string, unknown> {
  if (typeof payload === "string") return parseJsonObjectText(payload);
  if (payload === undefined || payload === null) {
    throw new JwtError(
      "ERR_PAYLOAD_REQUIRED",
      "payload is required: give the claims as an object or a JSON text.",
    );
  }
  if (typeof payload !== "object" || Array.isArray(payload) || payload instanceof Uint8Array) {
    throw new JwtError(
      "ERR_PAYLOAD_INVALID",
      `The payload must be a plain object of claims, not ${Array.isArray(payload) ? "a list" : typeof payload}.`,
    );
  }
  return payload as Record<string, unknown>;
}

interface DefaultHeader {
  readonly alg: Algorithm;
  readonly header: JwtHeader;
  readonly segment: string;
}

/** The usual header ({ alg, typ, kid? }) and its base64url text, kept per key: a reused key encodes it once. */
const defaultHeaders = new WeakMap<JwtKey, DefaultHeader>();

function defaultHeader(alg: Algorithm, key: JwtKey): DefaultHeader {
  const cached = defaultHeaders.get(key);
  if (cached !== undefined && cached.alg === alg) return cached;
  const header: JwtHeader = Object.freeze(
    key.kid === undefined ? { alg, typ: "JWT" } : { alg, typ: "JWT", kid: key.kid },
  );
  const entry = { alg, header, segment: encodeJson(header, "header") };
  defaultHeaders.set(key, entry);
  return entry;
}

function buildHeader(alg: Algorithm, key: JwtKey, extra: Readonly<Record<string, unknown>>): JwtHeader {
  if (extra === null || typeof extra !== "object" || Array.isArray(extra)) {
    throw new JwtError("ERR_OPTION_INVALID", "header must be an object of extra header members.");
  }
  for (const name of ["alg", "crit", "b64"]) {
    if (extra[name] !== undefined && !(name === "alg" && extra[name] === alg)) {
      const fix = name === "alg" ? "set the alg option instead" : "it is not supported in a JWT";
      throw new JwtError("ERR_OPTION_INVALID", `The header member "${name}" cannot be set here: ${fix}.`);
    }
  }
  const header: JwtHeader = { alg, typ: "JWT", ...(key.kid === undefined ? {} : { kid: key.kid }), ...extra };
  header.alg = alg;
  return header;
}

function encodeJson(value: object, part: "header" | "payload"): string {
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    const why =
      error instanceof Error && /circular/i.test(error.message)
        ? "it refers to itself (circular)"
        : "it holds a value JSON cannot represent (BigInt?)";
    throw new JwtError("ERR_PAYLOAD_INVALID", `The ${part} cannot be written as JSON: ${why}.`);
  }
  return Buffer.from(json).toString("base64url");
}
