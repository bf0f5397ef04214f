import { JwtError } from "./errors.js";
import { type ImportKeyOptions, importKey, type KeyInput } from "./import-key.js";
import { JwtKey } from "./key.js";
import { ALGORITHM_SPECS, type Algorithm } from "./lib/algorithms.js";
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
  const key =
    options.key instanceof JwtKey
      ? options.key
      : importKey(options.key, { ...options, alg: options.alg ?? "HS256" });
  const headerText =
    typeof options.header === "string"
      ? options.header
      : JSON.stringify({ alg: options.alg ?? key.alg, ...options.header });
  const alg = (JSON.parse(headerText) as { alg?: unknown }).alg;
  if (typeof alg !== "string" || !(alg in ALGORITHM_SPECS) || !key.algorithms.includes(alg as Algorithm)) {
    throw new JwtError(
      "ERR_ALG_NOT_ALLOWED",
      `The header's alg must be one the key is made for (${key.algorithms.join(", ")}).`,
    );
  }
  const spec = ALGORITHM_SPECS[alg as Algorithm];
  assertStrongEnough(spec, key, options.allowWeakKey);
  const signingInput = `${encodeBase64Url(headerText)}.${encodeBase64Url(payload)}`;
  return `${signingInput}.${createSignature(spec, key, signingInput).toString("base64url")}`;
}
