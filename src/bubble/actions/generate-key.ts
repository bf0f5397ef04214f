import { ALGORITHMS, generateKeyPair, generateSecret } from "../../jwt/index.js";
import { readAlgorithm } from "../lib/convert.js";
import { type FieldReader, readFields } from "../lib/read-fields.js";
import { settle } from "../lib/settle.js";
import { stopOnErrorField } from "../lib/stop-on-error-field.js";
import type { ActionDefinition, BubbleResult, FieldDefinition } from "../types.js";

const FIELDS = [
  {
    id: "AJA",
    name: "algorithm",
    caption: "Algorithm",
    type: "text",
    editor: "Dropdown",
    optional: true,
    defaultValue: "HS256",
    options: ALGORITHMS,
    doc: "HS256/384/512 give a random secret; RS/PS give an RSA 2048 key pair, ES a P-256/384/521 pair, EdDSA an Ed25519 pair.",
  },
  stopOnErrorField(
    "AJB",
    "Ticked: a failure stops the workflow. Not ticked: ok = no with error and error_code.",
  ),
] as const satisfies readonly FieldDefinition[];

type FieldName = (typeof FIELDS)[number]["name"];

const RETURNS = [
  { id: "AKA", name: "secret", caption: "secret", type: "text" },
  { id: "AKB", name: "secret_encoding", caption: "secret_encoding", type: "text" },
  { id: "AKC", name: "private_key_pem", caption: "private_key_pem", type: "text" },
  { id: "AKD", name: "public_key_pem", caption: "public_key_pem", type: "text" },
  { id: "AKE", name: "public_jwk", caption: "public_jwk", type: "text" },
  { id: "AKF", name: "jwks", caption: "jwks", type: "text" },
  { id: "AKG", name: "key_id", caption: "key_id", type: "text" },
  { id: "AKH", name: "ok", caption: "ok", type: "boolean" },
  { id: "AKI", name: "error", caption: "error", type: "text" },
  { id: "AKJ", name: "error_code", caption: "error_code", type: "text" },
] as const;

function generate(read: FieldReader<FieldName>): BubbleResult {
  const alg = readAlgorithm(read.text("algorithm"), "Algorithm", "HS256");
  if (alg.startsWith("HS")) {
    const { secret, encoding } = generateSecret(alg);
    return { secret, secret_encoding: encoding, ok: true };
  }
  const pair = generateKeyPair(alg);
  return {
    private_key_pem: pair.privateKeyPem,
    public_key_pem: pair.publicKeyPem,
    public_jwk: JSON.stringify(pair.publicJwk),
    jwks: JSON.stringify(pair.jwks),
    key_id: pair.kid,
    ok: true,
  };
}

/** Generate secret or key pair: fresh key material, to paste into the plugin keys. */
export const generateKeyAction: ActionDefinition<FieldName> = {
  id: "AAF",
  display: "Generate secret or key pair",
  slug: "generate-key",
  summary:
    "Makes a random HMAC secret (HS*) or a key pair (RS/PS/ES/EdDSA) with its public JWK, JWKS and kid. Run it once, copy the result into the plugin keys, and never show a secret or private key on a page.",
  fields: FIELDS,
  returns: RETURNS,
  run: (properties) => {
    const read = readFields(FIELDS, properties);
    return settle(
      { fields: FIELDS, returns: RETURNS },
      read.flag("stop_on_error"),
      () => generate(read),
      (failure) => ({ ok: false, error: failure.message, error_code: failure.code }),
    );
  },
};
