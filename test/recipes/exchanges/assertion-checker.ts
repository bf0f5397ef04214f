// A client assertion checked the way each provider documents it (RFC 7523 section 3; Okta's "Build a
// JWT for client authentication"; Auth0's "Authenticate with Private Key JWT"; Microsoft's "certificate
// credentials"): the signature with the registered public key or the client secret, iss = sub =
// client_id, aud exact, exp within the provider's cap, jti present where required and used once, and
// for Entra ID the certificate's thumbprint in the header. Written from the docs, not from our code.
import {
  constants,
  createHash,
  createHmac,
  createPublicKey,
  type KeyObject,
  timingSafeEqual,
  verify,
  X509Certificate,
} from "node:crypto";

export type Preset = "generic" | "okta" | "auth0" | "entra";

export interface AssertionCheck {
  readonly preset: Preset;
  readonly clientId: string;
  readonly audience: string;
  /** The registered public key (or its private key), or the client secret's bytes. */
  readonly key: KeyObject | Buffer;
  /** Entra ID: the certificate uploaded to the app registration (PEM). */
  readonly certificate?: string;
  /** The server's time, in seconds. */
  readonly nowSeconds: number;
  /** jti values already used: a replayed one is refused; the new one is added. */
  readonly usedJti: Set<string>;
}

const HASHES: Readonly<Record<string, string>> = { "256": "sha256", "384": "sha384", "512": "sha512" };
const EC_BYTES: Readonly<Record<string, number>> = { "256": 64, "384": 96, "512": 132 };
const MAX_LIFETIME: Readonly<Partial<Record<Preset, number>>> = { okta: 3600, auth0: 300 };
/** Clock skew allowed for nbf and iat (seconds). */
const SKEW = 60;

function part(token: string, index: number): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split(".")[index] ?? "", "base64url").toString("utf8"));
  } catch {
    return {};
  }
}

function signatureValid(token: string, alg: string, key: KeyObject | Buffer): boolean {
  const [header = "", payload = "", signature = ""] = token.split(".");
  const input = Buffer.from(`${header}.${payload}`);
  const bytes = Buffer.from(signature, "base64url");
  const size = alg.slice(2);
  const hash = HASHES[size];
  if (alg === "EdDSA") return verify(null, input, createPublicKey(key as KeyObject), bytes);
  if (hash === undefined) return false;
  if (alg.startsWith("HS")) {
    const expected = createHmac(hash, key as Buffer)
      .update(input)
      .digest();
    return expected.length === bytes.length && timingSafeEqual(expected, bytes);
  }
  const publicKey = createPublicKey(key as KeyObject);
  if (alg.startsWith("RS")) return verify(hash, input, publicKey, bytes);
  if (alg.startsWith("PS")) {
    return verify(
      hash,
      input,
      {
        key: publicKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      },
      bytes,
    );
  }
  if (alg.startsWith("ES")) {
    return (
      bytes.length === EC_BYTES[size] &&
      verify(hash, input, { key: publicKey, dsaEncoding: "ieee-p1363" }, bytes)
    );
  }
  return false;
}

/** The problems found in an assertion; empty when the provider would accept it. */
export function checkAssertion(token: string, check: AssertionCheck): string[] {
  const problems: string[] = [];
  const header = part(token, 0);
  const claims = part(token, 1);
  const alg = String(header.alg ?? "");
  if (!signatureValid(token, alg, check.key))
    problems.push(`the ${alg} signature does not match the registered key`);
  if (claims.iss !== check.clientId) problems.push(`iss is ${JSON.stringify(claims.iss)}, not the client_id`);
  if (claims.sub !== check.clientId) problems.push(`sub is ${JSON.stringify(claims.sub)}, not the client_id`);
  if (claims.aud !== check.audience)
    problems.push(`aud is ${JSON.stringify(claims.aud)}, not ${check.audience}`);
  const exp = claims.exp;
  if (typeof exp !== "number") problems.push("exp is missing");
  else {
    if (exp <= check.nowSeconds) problems.push("exp is past");
    const cap = MAX_LIFETIME[check.preset];
    if (cap !== undefined && exp - check.nowSeconds > cap) problems.push(`exp is more than ${cap} s ahead`);
  }
  if (typeof claims.nbf === "number" && claims.nbf > check.nowSeconds + SKEW)
    problems.push("nbf is in the future");
  if (typeof claims.iat === "number" && claims.iat > check.nowSeconds + SKEW)
    problems.push("iat is in the future");
  const jti = claims.jti;
  if (jti === undefined) {
    if (check.preset === "auth0" || check.preset === "entra") problems.push("jti is missing");
  } else if (typeof jti !== "string" || jti === "") problems.push("jti is not a string");
  else if (check.usedJti.has(jti)) problems.push("jti was used before (a replayed assertion)");
  else check.usedJti.add(jti);
  if (check.preset === "auth0" && !["RS256", "RS384", "PS256"].includes(alg))
    problems.push(`Auth0 takes no ${alg}`);
  if (check.preset === "okta" && !/^(RS|ES|HS)(256|384|512)$/.test(alg))
    problems.push(`Okta takes no ${alg}`);
  if (check.preset === "entra") {
    if (header.typ !== "JWT") problems.push("typ is not JWT");
    if (check.certificate === undefined) problems.push("no certificate registered");
    else {
      const der = new X509Certificate(check.certificate).raw;
      if (alg === "PS256") {
        if (header["x5t#S256"] !== createHash("sha256").update(der).digest("base64url"))
          problems.push("x5t#S256 is not the certificate's SHA-256 thumbprint");
      } else if (alg === "RS256") {
        if (header.x5t !== createHash("sha1").update(der).digest("base64url"))
          problems.push("x5t is not the certificate's SHA-1 thumbprint");
      } else problems.push(`Entra ID takes no ${alg}`);
    }
  }
  return problems;
}
