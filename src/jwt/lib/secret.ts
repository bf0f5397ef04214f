import { createPrivateKey, createPublicKey } from "node:crypto";
import { JwtError } from "../errors.js";
import { containsPemMarker, unwrapPastedText } from "./pem.js";

/** How the caller says an HMAC secret is written. Never guessed: text is the default. */
export type SecretEncoding = "text" | "utf8" | "base64" | "base64url" | "hex";

export const SECRET_ENCODINGS: readonly SecretEncoding[] = ["text", "utf8", "base64", "base64url", "hex"];

const DECODERS: Record<Exclude<SecretEncoding, "text" | "utf8">, { test: RegExp; name: BufferEncoding }> = {
  base64: { test: /^[A-Za-z0-9+/]*={0,2}$/, name: "base64" },
  base64url: { test: /^[A-Za-z0-9_-]*$/, name: "base64url" },
  hex: { test: /^(?:[0-9a-fA-F]{2})*$/, name: "hex" },
};

const CONFUSION_FIX =
  "Choose an RS/PS/ES/EdDSA algorithm to use this key, or use a random secret (generateSecret makes one).";
const CONFUSION_HINT =
  "An HMAC secret must be a random text or byte string; a public or private key can never act as one " +
  `(that is the algorithm-confusion attack). ${CONFUSION_FIX}`;

/** A key offered as an HMAC secret: refused, whatever its form (algorithm confusion). */
function keyAsSecret(what: string, extra = ""): JwtError {
  return new JwtError("ERR_KEY_INVALID", `The secret ${what}. ${CONFUSION_HINT}${extra}`, {
    option: "key",
    reason: "key-as-secret",
    problem: `${what}, and a key can never act as an HMAC secret (algorithm confusion)`,
    fix: CONFUSION_FIX,
  });
}

/** Turns the text of a secret into bytes, after refusing anything that is really a key. */
export function decodeSecretText(text: string, encoding: SecretEncoding = "text"): Buffer {
  if (text.length === 0) {
    throw new JwtError("ERR_KEY_MISSING", {
      option: "key",
      reason: "missing",
      problem: "is empty",
      fix: "Set a secret of at least 32 random bytes.",
    });
  }
  refuseKeyLookalike(text);
  if (encoding === "text" || encoding === "utf8") return Buffer.from(text, "utf8");
  const decoder = DECODERS[encoding];
  if (decoder === undefined) {
    throw new JwtError("ERR_OPTION_INVALID", {
      option: "secretEncoding",
      reason: "unknown",
      problem: `must be one of ${SECRET_ENCODINGS.join(", ")}; got ${JSON.stringify(String(encoding).slice(0, 20))}`,
    });
  }
  const compact = encoding === "base64url" ? text.trim().replace(/=+$/, "") : text.trim();
  if (!decoder.test.test(compact)) {
    throw new JwtError(
      "ERR_KEY_INVALID",
      `The secret is not valid ${encoding} text. Check the secret encoding setting: ` +
        `"text" uses the characters as they are; "${encoding}" needs only ${encoding} characters.`,
      {
        option: "key",
        reason: "encoding",
        problem: `is not valid ${encoding} text`,
        fix: `Check the secret encoding: "text" uses the characters as they are; "${encoding}" needs only ${encoding} characters.`,
      },
    );
  }
  const bytes = Buffer.from(compact, decoder.name);
  refuseKeyBytes(bytes);
  return bytes;
}

/** {@link refuseKeyLookalike} for a secret given as bytes (a Buffer, a secret KeyObject, a decoded text). */
export function refuseKeyBytes(bytes: Uint8Array): void {
  if (isDerKey(Buffer.from(bytes))) {
    throw keyAsSecret("is a DER-encoded key");
  }
  refuseKeyLookalike(Buffer.from(bytes).toString("latin1"));
}

/**
 * Refuses a "secret" that is, or contains, a PEM block, a JWK, an SSH key, or the base64 body of a
 * DER key without its armour: with such a secret, anyone holding the public key could forge tokens.
 */
function refuseKeyLookalike(text: string): void {
  // Unwrapping undoes quotes, escaped newlines and one more layer of base64 around a PEM.
  if (containsPemMarker(text) || containsPemMarker(unwrapPastedText(text))) {
    throw keyAsSecret("contains a PEM key or certificate");
  }
  if (/\\?["']kty\\?["']\s*:/.test(text) || /\\?["']keys\\?["']\s*:\s*\[/.test(text)) {
    throw keyAsSecret(
      "contains a JWK or JWKS",
      ' To use an "oct" JWK as a secret, pass the JWK object itself, or its "k" value with the base64url encoding.',
    );
  }
  if (/^\s*(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+)\s+AAAA/.test(text)) {
    throw keyAsSecret("is an SSH public key");
  }
  if (looksLikeDerKeyBody(text)) {
    throw keyAsSecret("is the base64 body of a key (PEM without its BEGIN/END lines)");
  }
}

function looksLikeDerKeyBody(text: string): boolean {
  const compact = unwrapPastedText(text)
    .replace(/\\[nr]|\s+/g, "")
    .replace(/^["'`]+|["'`]+$/g, "");
  // Every DER key starts with a SEQUENCE tag (0x30): base64 writes it as "M", hex as "30".
  if (compact.length >= 60 && compact[0] === "M" && /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
    const base64url = compact.includes("-") || compact.includes("_");
    return isDerKey(Buffer.from(compact, base64url ? "base64url" : "base64"));
  }
  if (compact.length >= 80 && /^30[0-9a-fA-F]+$/.test(compact) && compact.length % 2 === 0) {
    return isDerKey(Buffer.from(compact, "hex"));
  }
  return false;
}

/** True when the bytes parse as a DER public or private key (SPKI, PKCS#1, PKCS#8, SEC1). */
function isDerKey(der: Buffer): boolean {
  if (der.length < 40 || der[0] !== 0x30) return false;
  const attempts = [
    () => createPublicKey({ key: der, format: "der", type: "spki" }),
    () => createPublicKey({ key: der, format: "der", type: "pkcs1" }),
    () => createPrivateKey({ key: der, format: "der", type: "pkcs8" }),
    () => createPrivateKey({ key: der, format: "der", type: "pkcs1" }),
    () => createPrivateKey({ key: der, format: "der", type: "sec1" }),
  ];
  return attempts.some((attempt) => {
    try {
      attempt();
      return true;
    } catch {
      return false;
    }
  });
}
