import {
  DEFAULT_ALGORITHM,
  generateKeyPair,
  generateSecret,
  isSymmetric,
  parseAlgorithm,
} from "../../jwt/index.js";
import { defineAction } from "../define-action.js";
import { algorithmInput, stopOnErrorInput } from "../lib/common-inputs.js";

/** Generate secret or key pair: fresh key material, to paste into the plugin keys. */
export const generateKeyAction = defineAction({
  key: "generate-key",
  source: import.meta.url,
  display: "Generate secret or key pair",
  summary:
    "Makes a random HMAC secret (HS*) or a key pair (RS/PS/ES/EdDSA) with its public JWK, JWKS and kid. Run it once, copy the result into the plugin keys, and never show a secret or private key on a page.",
  failure: "ok",
  fields: [
    algorithmInput(
      "HS256/384/512 give a random secret; RS/PS give an RSA 2048 key pair, ES a P-256/384/521 pair, EdDSA an Ed25519 pair.",
    ),
    stopOnErrorInput("Ticked: a failure stops the workflow. Not ticked: ok = no with error and error_code."),
  ],
  returns: [
    { name: "secret", type: "text", doc: "HS*: the random secret, as base64url text." },
    { name: "secret_encoding", type: "text", doc: "HS*: how the secret is written." },
    { name: "private_key_pem", type: "text", doc: "Key pairs: the private key (PKCS#8 PEM)." },
    { name: "public_key_pem", type: "text", doc: "Key pairs: the public key (SPKI PEM)." },
    { name: "public_jwk", type: "text", doc: "Key pairs: the public key as a JWK." },
    { name: "jwks", type: "text", doc: "Key pairs: a JWKS holding the public key." },
    { name: "key_id", type: "text", doc: "Key pairs: the kid (RFC 7638 thumbprint)." },
    { name: "ok", type: "boolean", doc: "yes when the key was made." },
    { name: "error", type: "text", doc: "What went wrong." },
    { name: "error_code", type: "text", doc: "The error's stable code (ERR_...)." },
  ],
  run(values) {
    const alg = parseAlgorithm(values.algorithm ?? DEFAULT_ALGORITHM, "algorithm");
    if (isSymmetric(alg)) {
      const { secret, encoding } = generateSecret(alg);
      return { secret, secret_encoding: encoding };
    }
    const pair = generateKeyPair(alg);
    return {
      private_key_pem: pair.privateKeyPem,
      public_key_pem: pair.publicKeyPem,
      public_jwk: JSON.stringify(pair.publicJwk),
      jwks: JSON.stringify(pair.jwks),
      key_id: pair.kid,
    };
  },
});
