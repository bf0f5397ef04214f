import { JwtError } from "./errors.js";
import { ALGORITHM_SPECS, isAlgorithm } from "./lib/algorithms.js";
import { encodeBase64Url } from "./lib/base64url.js";
import { describeValue, inputError, invalidOption } from "./lib/option-error.js";
import { assertStrongEnough, createSignature } from "./lib/signature.js";
import { type SigningKeyOptions, signingKey } from "./lib/signing-key.js";

/** The options of {@link encodeJws}: the key, and the protected header. */
export interface EncodeJwsOptions extends SigningKeyOptions {
  /**
   * The protected header: an object (alg is set from `alg`), or its exact JSON text, for
   * reproducing published examples byte for byte.
   */
  header?: Readonly<Record<string, unknown>> | string | undefined;
}

/** Signs any payload bytes as a compact JWS (no claims added, no `typ`). */
export function encodeJws(payload: Uint8Array | string, options: EncodeJwsOptions): string {
  if (typeof payload !== "string" && !(payload instanceof Uint8Array)) {
    throw inputError(
      "ERR_PAYLOAD_INVALID",
      "payload",
      "The JWS payload",
      "type",
      `must be a text or bytes (Uint8Array); got ${describeValue(payload)}`,
    );
  }
  if (options === null || typeof options !== "object") {
    throw invalidOption(
      "options",
      "type",
      `must be an object with at least { key }; got ${describeValue(options)}`,
    );
  }
  const key = signingKey(options);
  const headerText =
    typeof options.header === "string"
      ? options.header
      : JSON.stringify({ alg: options.alg ?? key.alg, ...options.header });
  const alg = readHeaderAlg(headerText);
  if (typeof alg !== "string" || !isAlgorithm(alg) || !key.algorithms.includes(alg)) {
    throw new JwtError("ERR_ALG_NOT_ALLOWED", {
      option: "header",
      reason: "wrong-algorithm",
      problem: `must name in "alg" an algorithm the key is made for (${key.algorithms.join(", ")})`,
    });
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
    throw invalidOption("header", "type", 'must be a JSON object, such as {"alg":"HS256"}');
  }
  return (header as { alg?: unknown }).alg;
}
