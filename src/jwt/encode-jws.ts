import { JwtError } from "./errors.js";
import { type ImportKeyOptions, importKey, type KeyInput } from "./import-key.js";
import { JwtKey } from "./key.js";
import { ALGORITHM_SPECS, type Algorithm, isAlgorithm } from "./lib/algorithms.js";
import { encodeBase64Url } from "./lib/base64url.js";
import { assertStrongEnough, createSignature } from "./lib/signature.js";

export interface EncodeJwsOptions
  extends Pick<ImportKeyOptions, "secretEncoding" | "passphrase" | "allowWeakKey"> {
  key: KeyInput;
  alg?: Algorithm;
  /**
   * The protected header: an object (alg is set from `alg`), or its exact JSON text, for
   * reproducing published examples byte for byte.
   */
  header?: Readonly<Record<string, unknown>> | string;
}

/** Signs any payload bytes as a compact JWS (no claims added, no `typ`). */
export function encodeJws(payload: Uint8Array | string, options: EncodeJwsOptions): string {
  if (typeof payload !== "string" && !(payload instanceof Uint8Array)) {
    throw new JwtError("ERR_PAYLOAD_INVALID", "The JWS payload must be a text or bytes (Uint8Array).");
  }
  if (options === null || typeof options !== "object") {
    throw new JwtError("ERR_OPTION_INVALID", "encodeJws needs options with at least { key }.");
  }
  const key =
    options.key instanceof JwtKey
      ? options.key
      : importKey(options.key, { ...options, alg: options.alg ?? "HS256" });
  if (!key.canSign) {
    throw new JwtError(
      "ERR_KEY_INVALID",
      'This key cannot sign (a public key, or key_ops without "sign"). Use the private key.',
    );
  }
  const headerText =
    typeof options.header === "string"
      ? options.header
      : JSON.stringify({ alg: options.alg ?? key.alg, ...options.header });
  const alg = readHeaderAlg(headerText);
  if (typeof alg !== "string" || !isAlgorithm(alg) || !key.algorithms.includes(alg)) {
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `The header's alg must be one the key is made for (${key.algorithms.join(", ")}).`,
    );
  }
  const spec = ALGORITHM_SPECS[alg];
  assertStrongEnough(spec, key, options.allowWeakKey);
  const signingInput = `${encodeBase64Url(headerText)}.${encodeBase64Url(payload)}`;
  return `${signingInput}.${createSignature(spec, key, signingInput).toString("base64url")}`;
}

function readHeaderAlg(headerText: string): unknown {
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch {
    header = undefined;
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw new JwtError(
      "ERR_OPTION_INVALID",
      'The header text must be a JSON object, such as {"alg":"HS256"}.',
    );
  }
  return (header as { alg?: unknown }).alg;
}
