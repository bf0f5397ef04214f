import type { ClockOptions } from "./clock.js";
import type { JwtKey } from "./key.js";
import { ALGORITHM_SPECS, type Algorithm } from "./lib/algorithms.js";
import { checkOption } from "./lib/check-options.js";
import { buildClaims, type ClaimOptions } from "./lib/claims.js";
import { parseJsonObjectText } from "./lib/json-text.js";
import { readClock } from "./lib/numeric-date.js";
import { describeValue, inputError, invalidOption } from "./lib/option-error.js";
import { assertStrongEnough, createSignatureText } from "./lib/signature.js";
import { type SigningKeyOptions, signingKey } from "./lib/signing-key.js";
import type { JwtHeader, JwtPayload, JwtWarning } from "./types.js";

/** The options of {@link encodeJwt}: the key, the claims set by option, the clock, and these. */
export interface EncodeJwtOptions extends SigningKeyOptions, ClaimOptions, ClockOptions {
  /** Extra header members (`kid`, `typ`, `cty`, ...); `alg`, `crit` and `b64` cannot be set here. */
  header?: Readonly<Record<string, unknown>> | undefined;
  /** Called with each warning (numbers converted, claims replaced). */
  onWarning?: ((warning: JwtWarning) => void) | undefined;
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
 * Signs a JWT. `payload` is an object or a JSON text (as a person types it in a form).
 * It always sets `iat` (the signing time) and `typ: "JWT"`, and `exp` 60 minutes after the signing
 * time unless told otherwise.
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
    throw invalidOption(
      "options",
      "type",
      `must be an object with at least { key }; got ${describeValue(options)}`,
    );
  }
  const key = signingKey(options);
  const alg = options.alg ?? key.alg;
  const spec = ALGORITHM_SPECS[alg];
  assertStrongEnough(spec, key, options.allowWeakKey);
  const tolerance = options.clockToleranceSeconds;
  if (tolerance !== undefined) checkOption("clockToleranceSeconds", tolerance);
  const warnings: JwtWarning[] = [];
  const claims = buildClaims(
    readPayload(payload),
    options,
    readClock(options.clock),
    tolerance ?? 0,
    warnings,
  );
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

/** The claims given as an object or a JSON text; shared with encryptJwt. */
export function readPayload(payload: unknown): Record<string, unknown> {
  if (typeof payload === "string") return parseJsonObjectText(payload);
  if (payload === undefined || payload === null) {
    throw inputError(
      "ERR_PAYLOAD_REQUIRED",
      "payload",
      "The payload",
      "missing",
      "is required",
      "Give the claims as an object or a JSON text.",
    );
  }
  if (typeof payload !== "object" || Array.isArray(payload) || payload instanceof Uint8Array) {
    throw inputError(
      "ERR_PAYLOAD_INVALID",
      "payload",
      "The payload",
      "not-an-object",
      `must be a plain object of claims, not ${Array.isArray(payload) ? "a list" : typeof payload}`,
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
    throw invalidOption(
      "header",
      "type",
      `must be an object of extra header members; got ${describeValue(extra)}`,
    );
  }
  for (const name of ["alg", "crit", "b64"]) {
    if (extra[name] !== undefined && !(name === "alg" && extra[name] === alg)) {
      const fix = name === "alg" ? "Set the alg option instead." : "It is not supported in a JWT.";
      throw invalidOption("header", "not-allowed", `cannot set the member "${name}"`, fix);
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
    throw inputError(
      "ERR_PAYLOAD_INVALID",
      part,
      `The ${part}`,
      "not-json",
      `cannot be written as JSON: ${why}`,
    );
  }
  return Buffer.from(json).toString("base64url");
}
