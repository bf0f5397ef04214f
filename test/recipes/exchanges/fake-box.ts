// Box's token endpoint as Box documents it (developer.box.com guides/authentication/jwt/without-sdk,
// api-calls/permissions-and-errors/common-errors): it reads the form (grant_type, assertion, client_id,
// client_secret), checks the client, the assertion's kid and signature with the app's public key, and
// each claim rule, and answers with Box's JSON or Box's error. A request our code should never send
// (a rule broken, not data that differs) is also written into `problems`.
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { testKeys } from "../helpers.js";
import type { Answer, Seen } from "./fake-providers.js";

/** The app the fake knows: the members of the configuration file the tests paste. */
export const BOX_APP = {
  clientId: "abc123clientid0000000000000000000",
  clientSecret: "def456clientsecret000000000000000",
  publicKeyId: "abcd1234",
  passphrase: "example-passphrase-0123456789",
  enterpriseId: "1234567",
  /** Users the app may act as: 12345678, and 20000000 to 20000099 for tests that need one each. */
  users: ["12345678", ...Array.from({ length: 100 }, (_, index) => String(20_000_000 + index))],
} as const;

export const BOX_TOKEN_PATH = "/box/oauth2/token";
export const BOX_AUDIENCE = "https://api.box.com/oauth2/token";
const GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const HASHES: Readonly<Record<string, string>> = { RS256: "sha256", RS384: "sha384", RS512: "sha512" };

/** A Box JWT app configuration file around `key` (the test RSA key), encrypted PKCS#8 as Box makes it. */
export function boxConfigJson(
  change: {
    clientId?: unknown;
    clientSecret?: unknown;
    publicKeyId?: unknown;
    passphrase?: unknown;
    privateKey?: unknown;
    enterpriseId?: unknown;
    key?: KeyObject;
  } = {},
): string {
  const key = change.key ?? testKeys().rsa;
  const privateKey =
    "privateKey" in change
      ? change.privateKey
      : key.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: BOX_APP.passphrase });
  const pick = (name: keyof typeof change, value: unknown) => (name in change ? change[name] : value);
  return JSON.stringify({
    boxAppSettings: {
      clientID: pick("clientId", BOX_APP.clientId),
      clientSecret: pick("clientSecret", BOX_APP.clientSecret),
      appAuth: {
        publicKeyID: pick("publicKeyId", BOX_APP.publicKeyId),
        privateKey,
        passphrase: pick("passphrase", BOX_APP.passphrase),
      },
    },
    enterpriseID: pick("enterpriseId", BOX_APP.enterpriseId),
  });
}

const boxError = (error: string, description: string): Answer => ({
  status: 400,
  body: { error, error_description: description },
});

/** Box's answer to one request; `used` holds the jti values already seen (Box refuses a reused one). */
export function boxAnswer(
  seen: Seen,
  nowMs: number,
  publicKey: KeyObject,
  used: Set<string>,
  problems: string[],
  next: (prefix: string) => string,
): Answer {
  const problem = (text: string) => problems.push(`box: ${text}`);
  if (!/^application\/x-www-form-urlencoded/.test(String(seen.headers["content-type"])))
    problem(`content-type is ${seen.headers["content-type"]}`);
  const form = new URLSearchParams(seen.body);
  const names = [...form.keys()].sort().join();
  if (names !== "assertion,client_id,client_secret,grant_type") problem(`form members are ${names}`);
  if (form.get("grant_type") !== GRANT) {
    problem(`grant_type is ${form.get("grant_type")}`);
    return boxError("invalid_request", "Invalid grant_type parameter or parameter missing");
  }
  if (form.get("client_id") !== BOX_APP.clientId || form.get("client_secret") !== BOX_APP.clientSecret) {
    return boxError("invalid_client", "The client credentials are invalid");
  }
  const assertion = form.get("assertion") ?? "";
  const { header, claims } = seen;
  const hash = HASHES[String(header.alg)];
  if (hash === undefined) {
    problem(`alg is ${String(header.alg)}`);
    return boxError("invalid_grant", "Invalid JWT algorithm");
  }
  // kid is "not required, though essential when multiple key pairs are defined": this app has one.
  if (header.kid !== undefined && header.kid !== BOX_APP.publicKeyId) {
    return boxError("invalid_grant", "`kid` invalid, unable to lookup correct key.");
  }
  const [head = "", body = "", signature = ""] = assertion.split(".");
  const signed = verify(
    hash,
    Buffer.from(`${head}.${body}`),
    createPublicKey(publicKey),
    Buffer.from(signature, "base64url"),
  );
  if (!signed) {
    return boxError(
      "invalid_grant",
      "Signature verification error. The public key identified by `kid` must correspond to the private key used for signing.",
    );
  }
  if (claims.iss !== form.get("client_id")) {
    problem("iss is not the client_id");
    return boxError("invalid_grant", "Please check the 'iss' claim.");
  }
  if (claims.aud !== BOX_AUDIENCE) {
    problem(`aud is ${JSON.stringify(claims.aud)}`);
    return boxError("invalid_grant", "Please check the 'aud' claim.");
  }
  if (typeof claims.sub !== "string") problem("sub is not a string");
  if (claims.box_sub_type !== "enterprise" && claims.box_sub_type !== "user")
    problem(`box_sub_type is ${JSON.stringify(claims.box_sub_type)}`);
  const known =
    claims.box_sub_type === "enterprise"
      ? claims.sub === BOX_APP.enterpriseId
      : claims.box_sub_type === "user" && (BOX_APP.users as readonly unknown[]).includes(claims.sub);
  if (!known)
    return boxError("invalid_grant", "Please check the 'sub' claim. The 'sub' specified is invalid.");
  const jti = claims.jti;
  if (typeof jti !== "string" || jti.length < 16 || jti.length > 128) {
    problem(`jti is ${typeof jti === "string" ? `${jti.length} characters` : typeof jti}`);
    return boxError("invalid_grant", "Please check the 'jti' claim. A unique 'jti' value is required.");
  }
  if (used.has(jti)) {
    problem("a jti was sent twice");
    return boxError("invalid_grant", "Please check the 'jti' claim. A unique 'jti' value is required.");
  }
  used.add(jti);
  const now = Math.floor(nowMs / 1000);
  const { exp, iat } = claims;
  if (!Number.isInteger(exp) || (iat !== undefined && !Number.isInteger(iat))) {
    problem("exp or iat is not an integer");
    return boxError("invalid_grant", "Please check the 'exp' claim.");
  }
  if (iat !== undefined && Number(exp) - Number(iat) > 60) problem("exp is more than 60 s after iat");
  if (Number(exp) <= now) {
    return boxError(
      "invalid_grant",
      "Current date time must be before the expiration date time listed in the 'exp' claim.",
    );
  }
  if (Number(exp) - now > 60) return boxError("invalid_grant", "Please check the 'exp' claim.");
  return {
    status: 200,
    body: { access_token: next("box-token-"), expires_in: 4169, restricted_to: [], token_type: "bearer" },
  };
}
