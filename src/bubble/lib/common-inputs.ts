import type { InputSpec } from "../../inputs/index.js";
import { ALGORITHMS, DEFAULT_ALGORITHM, type SecretEncoding } from "../../jwt/index.js";

/** The Algorithm dropdown of Encode and Generate; each action words its own doc. */
export function algorithmInput(doc: string) {
  return {
    name: "algorithm",
    caption: "Algorithm",
    type: "choice",
    options: ALGORITHMS,
    default: DEFAULT_ALGORITHM,
    doc,
  } as const satisfies InputSpec;
}

/** The encodings the plugin offers (the engine's "utf8" is "text" by another name). */
export const PLUGIN_SECRET_ENCODINGS = [
  "text",
  "base64",
  "base64url",
  "hex",
] as const satisfies readonly SecretEncoding[];

/** The Secret encoding dropdown of Encode and Verify. */
export function secretEncodingInput(doc: string) {
  return {
    name: "secret_encoding",
    caption: "Secret encoding",
    type: "choice",
    options: PLUGIN_SECRET_ENCODINGS,
    default: "text",
    doc,
  } as const satisfies InputSpec;
}

/**
 * The "Stop the workflow on error" checkbox that every action has. By default an action returns
 * ok = no (valid = no) with the error, so the app builder decides; ticked, the action throws the same message.
 */
export function stopOnErrorInput(doc: string) {
  return {
    name: "stop_on_error",
    caption: "Stop the workflow on error",
    type: "boolean",
    default: false,
    doc,
  } as const satisfies InputSpec;
}

/** A Secret encoding value, read by its spec (so one of PLUGIN_SECRET_ENCODINGS), as the engine's type. */
export function asSecretEncoding(value: string | undefined): SecretEncoding | undefined {
  return PLUGIN_SECRET_ENCODINGS.find((encoding) => encoding === value);
}
