import {
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  timingSafeEqual,
  verify,
} from "node:crypto";
import { decodeJwt, fixedClock, type JwtHeader, type JwtPayload } from "../../src/jwt/index.js";

/** The instant every recipe test signs at: 2026-12-01T10:00:00Z. */
export const NOW = new Date("2026-12-01T10:00:00Z");
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
export const clock = fixedClock(NOW);

export interface TestKeys {
  rsa: KeyObject;
  rsaPkcs1: string;
  rsaPkcs8: string;
  ec: KeyObject;
  ecPkcs8: string;
  ecSec1: string;
  ed25519: KeyObject;
  /** base64 of seed then public key, as Coinbase hands Ed25519 keys out. */
  ed25519Raw64: string;
  ed25519Seed32: string;
}

let cached: TestKeys | undefined;

/** Throwaway keys, made once per test file. */
export function testKeys(): TestKeys {
  if (cached !== undefined) return cached;
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
  const ed25519 = generateKeyPairSync("ed25519").privateKey;
  const jwk = ed25519.export({ format: "jwk" });
  const seed = Buffer.from(jwk.d ?? "", "base64url");
  const pub = Buffer.from(jwk.x ?? "", "base64url");
  cached = {
    rsa,
    rsaPkcs1: rsa.export({ type: "pkcs1", format: "pem" }) as string,
    rsaPkcs8: rsa.export({ type: "pkcs8", format: "pem" }) as string,
    ec,
    ecPkcs8: ec.export({ type: "pkcs8", format: "pem" }) as string,
    ecSec1: ec.export({ type: "sec1", format: "pem" }) as string,
    ed25519,
    ed25519Raw64: Buffer.concat([seed, pub]).toString("base64"),
    ed25519Seed32: seed.toString("base64"),
  };
  return cached;
}

/** A Google service-account key file around the test RSA key, as the console downloads it. */
export function serviceAccountJson(): string {
  return JSON.stringify({
    type: "service_account",
    project_id: "demo-project",
    private_key_id: "0123456789abcdef0123456789abcdef01234567",
    private_key: testKeys().rsaPkcs8,
    client_email: "signer@demo-project.iam.gserviceaccount.com",
    client_id: "100000000000000000000",
    token_uri: "https://oauth2.googleapis.com/token",
  });
}

/** The header and claims of a token, read without checking anything. */
export function decoded(token: string): { header: JwtHeader; payload: JwtPayload } {
  return decodeJwt(token);
}

const ECDSA: Readonly<Record<string, { hash: string; bytes: number }>> = {
  ES256: { hash: "sha256", bytes: 64 },
  ES384: { hash: "sha384", bytes: 96 },
  ES512: { hash: "sha512", bytes: 132 },
};

/** Checks a token's signature the way the provider does: node:crypto, with the public key or the secret bytes. */
export function signatureValid(token: string, key: KeyObject | Buffer): boolean {
  const [header = "", payload = "", signature = ""] = token.split(".");
  const input = Buffer.from(`${header}.${payload}`);
  const bytes = Buffer.from(signature, "base64url");
  const { alg } = decodeJwt(token).header;
  if (alg === "HS256") {
    const expected = createHmac("sha256", key as Buffer)
      .update(input)
      .digest();
    return expected.length === bytes.length && timingSafeEqual(expected, bytes);
  }
  const publicKey = createPublicKey(key as KeyObject);
  if (alg === "RS256") return verify("sha256", input, publicKey, bytes);
  const ecdsa = ECDSA[alg ?? ""];
  if (ecdsa !== undefined) {
    // JOSE's raw r||s form (64, 96 or 132 bytes): what Apple, Coinbase and Snowflake check.
    return (
      bytes.length === ecdsa.bytes &&
      verify(ecdsa.hash, input, { key: publicKey, dsaEncoding: "ieee-p1363" }, bytes)
    );
  }
  if (alg === "EdDSA") return verify(null, input, publicKey, bytes);
  throw new Error(`unexpected alg ${alg}`);
}

/** The claims without the time-dependent ones, for comparing with an SDK's token. */
export function withoutTimes(payload: JwtPayload, more: readonly string[] = []): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...payload };
  for (const name of ["iat", "exp", "nbf", ...more]) delete copy[name];
  return copy;
}
