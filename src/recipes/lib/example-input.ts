import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import {
  type AnyOperation,
  type ExampleKeyKind,
  type ExampleValue,
  isExampleKey,
} from "../../inputs/index.js";
import { encryptJwt, fixedClock, importKey } from "../../jwt/index.js";

/** The example secret of a set of pairs: derived from its EC key, so that a token and its key agree. */
function exampleSecret(pairs: ExampleKeyPairs): string {
  const der = pairs.ec.export({ type: "pkcs8", format: "der" });
  return createHash("sha256").update("bubble-jwt example JWE secret").update(der).digest("base64url");
}

/** When the example token was made and until when it holds: fixed, so no test depends on today. */
const EXAMPLE_TOKEN_ISSUED = Date.UTC(2025, 0, 1);
const EXAMPLE_TOKEN_EXPIRES_SECONDS = Date.UTC(2100, 0, 1) / 1000;

/** The passphrase of the example Box configuration's encrypted key: example data, not a secret. */
const BOX_EXAMPLE_PASSPHRASE = "example-passphrase-0123456789";

/** The private keys an example's keys are made from; tests pass their own to check tokens with them. */
export interface ExampleKeyPairs {
  readonly rsa: KeyObject;
  readonly ec: KeyObject;
  readonly ed25519: KeyObject;
}

let fresh: ExampleKeyPairs | undefined;

/** One RSA, one EC P-256 and one Ed25519 key for this process, made on first use. */
export function freshExampleKeyPairs(): ExampleKeyPairs {
  fresh ??= {
    rsa: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
    ec: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey,
    ed25519: generateKeyPairSync("ed25519").privateKey,
  };
  return fresh;
}

/** The text a person would paste for a key of this kind. */
export function exampleKeyText(
  kind: ExampleKeyKind,
  pairs: ExampleKeyPairs = freshExampleKeyPairs(),
): string {
  switch (kind) {
    case "rsa-pkcs8":
      return pairs.rsa.export({ type: "pkcs8", format: "pem" }) as string;
    case "rsa-pkcs1":
      return pairs.rsa.export({ type: "pkcs1", format: "pem" }) as string;
    case "rsa-pkcs1-base64":
      return Buffer.from(pairs.rsa.export({ type: "pkcs1", format: "pem" }) as string).toString("base64");
    case "ec-p256-pkcs8":
      return pairs.ec.export({ type: "pkcs8", format: "pem" }) as string;
    case "ec-p256-sec1":
      return pairs.ec.export({ type: "sec1", format: "pem" }) as string;
    case "ed25519-base64": {
      const jwk = pairs.ed25519.export({ format: "jwk" });
      return Buffer.concat([
        Buffer.from(jwk.d ?? "", "base64url"),
        Buffer.from(jwk.x ?? "", "base64url"),
      ]).toString("base64");
    }
    case "google-service-account":
      // The fields of the JSON key file Google's console downloads, around the example RSA key.
      return JSON.stringify({
        type: "service_account",
        project_id: "demo-project",
        private_key_id: "0123456789abcdef0123456789abcdef01234567",
        private_key: pairs.rsa.export({ type: "pkcs8", format: "pem" }),
        client_email: "signer@demo-project.iam.gserviceaccount.com",
        client_id: "100000000000000000000",
        token_uri: "https://oauth2.googleapis.com/token",
      });
    case "box-config":
      // The fields of the file Box's Developer Console downloads, its key encrypted as Box encrypts it.
      return JSON.stringify({
        boxAppSettings: {
          clientID: "abc123clientid0000000000000000000",
          clientSecret: "def456clientsecret000000000000000",
          appAuth: {
            publicKeyID: "abcd1234",
            privateKey: pairs.rsa.export({
              type: "pkcs8",
              format: "pem",
              cipher: "aes-256-cbc",
              passphrase: BOX_EXAMPLE_PASSPHRASE,
            }),
            passphrase: BOX_EXAMPLE_PASSPHRASE,
          },
        },
        enterpriseID: "1234567",
      });
    case "oct-256-base64url":
      return exampleSecret(pairs);
    case "jwe-dir-token":
      return encryptJwt(
        { sub: "user-42", email: "ada@example.com", exp: EXAMPLE_TOKEN_EXPIRES_SECONDS },
        {
          key: importKey(exampleSecret(pairs), { alg: "dir", secretEncoding: "base64url" }),
          enc: "A256GCM",
          clock: fixedClock(new Date(EXAMPLE_TOKEN_ISSUED)),
        },
      );
  }
}

/** How a key of this kind is described where it cannot be shown (docs, --help). */
export const EXAMPLE_KEY_DESCRIPTIONS: Readonly<Record<ExampleKeyKind, string>> = {
  "rsa-pkcs8": "<an RSA private key, PKCS#8 PEM>",
  "rsa-pkcs1": "<an RSA private key, PKCS#1 PEM>",
  "rsa-pkcs1-base64": "<an RSA private key, PKCS#1 PEM, base64-encoded>",
  "ec-p256-pkcs8": "<an EC P-256 private key, PKCS#8 PEM (.p8)>",
  "ec-p256-sec1": "<an EC P-256 private key, SEC1 PEM>",
  "ed25519-base64": "<an Ed25519 private key, 64 bytes in base64>",
  "google-service-account": "<a service account's JSON key file>",
  "box-config": "<a Box app's JSON configuration file (Server Authentication with JWT)>",
  "oct-256-base64url": "<a 32-byte secret, base64url (bubble-jwt keygen --alg dir)>",
  "jwe-dir-token": "<a JWE encrypted with dir and A256GCM for that secret>",
};

/** An example value as it is shown: a key by its description, anything else as given. */
export function describeExampleValue(value: ExampleValue): string | number | boolean | readonly string[] {
  return isExampleKey(value) ? EXAMPLE_KEY_DESCRIPTIONS[value.exampleKey] : value;
}

/** An operation's example input, runnable: each key made from `pairs` (fresh ones by default). */
export function exampleInput(
  operation: Pick<AnyOperation, "example">,
  pairs: ExampleKeyPairs = freshExampleKeyPairs(),
): Record<string, string | number | boolean | readonly string[]> {
  const input: Record<string, string | number | boolean | readonly string[]> = {};
  for (const [name, value] of Object.entries(operation.example)) {
    if (value === undefined) continue;
    input[name] = isExampleKey(value) ? exampleKeyText(value.exampleKey, pairs) : value;
  }
  return input;
}
