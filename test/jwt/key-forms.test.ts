import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createSecretKey } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  type Algorithm,
  encodeJwt,
  importKey,
  importKeySet,
  type Jwk,
  JwtKey,
  type KeyInput,
  type VerifyKeyInput,
  verifyJwt,
} from "../../src/jwt/index.js";
import { CLOCK, expectJwtError, keyPairFor, SECRET } from "./helpers.js";

const rsa = keyPairFor("rsa");
const p256 = keyPairFor("p256");
const ed = keyPairFor("ed25519");

/** Signs with `signKey` and checks the token verifies with `verifyKey`. */
function roundTrip(signKey: KeyInput, verifyKey: VerifyKeyInput, alg: Algorithm, extra = {}): void {
  const token = encodeJwt({ sub: "user-1" }, { key: signKey, alg, clock: CLOCK, ...extra });
  const { payload, header } = verifyJwt(token, verifyKey, { clock: CLOCK });
  assert.equal(payload.sub, "user-1");
  assert.equal(header.alg, alg);
}

describe("PEM encodings", () => {
  it("PKCS#8 private and SPKI public keys (RSA, EC, Ed25519)", () => {
    roundTrip(rsa.privatePem, rsa.publicPem, "RS256");
    roundTrip(rsa.privatePem, rsa.publicPem, "PS384");
    roundTrip(p256.privatePem, p256.publicPem, "ES256");
    roundTrip(ed.privatePem, ed.publicPem, "EdDSA");
    assert.match(rsa.privatePem, /BEGIN PRIVATE KEY/);
    assert.match(rsa.publicPem, /BEGIN PUBLIC KEY/);
  });

  it("PKCS#1 RSA PRIVATE KEY and RSA PUBLIC KEY", () => {
    const privatePkcs1 = rsa.privateKey.export({ format: "pem", type: "pkcs1" }).toString();
    const publicPkcs1 = rsa.publicKey.export({ format: "pem", type: "pkcs1" }).toString();
    assert.match(privatePkcs1, /BEGIN RSA PRIVATE KEY/);
    assert.match(publicPkcs1, /BEGIN RSA PUBLIC KEY/);
    roundTrip(privatePkcs1, publicPkcs1, "RS256");
    roundTrip(privatePkcs1, rsa.publicPem, "RS512");
  });

  it("SEC1 EC PRIVATE KEY", () => {
    const sec1 = p256.privateKey.export({ format: "pem", type: "sec1" }).toString();
    assert.match(sec1, /BEGIN EC PRIVATE KEY/);
    roundTrip(sec1, p256.publicPem, "ES256");
  });

  it("a private key verifies too (its public half is used)", () => {
    roundTrip(p256.privatePem, p256.privatePem, "ES256");
  });

  it("an X.509 certificate verifies (made with the openssl CLI)", (t) => {
    const hasOpenssl = (() => {
      try {
        execFileSync("openssl", ["version"], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    })();
    if (!hasOpenssl) {
      t.skip("the openssl command is not installed: cannot make a certificate for this case");
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-cert-"));
    try {
      const keyPath = join(dir, "key.pem");
      const certPath = join(dir, "cert.pem");
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-subj",
          "/CN=test",
          "-keyout",
          keyPath,
          "-out",
          certPath,
          "-days",
          "2",
        ],
        { stdio: "ignore", input: "", env: { ...process.env }, timeout: 20_000 },
      );
      assert.ok(existsSync(certPath));
      const certPem = readFileSync(certPath, "utf8");
      const keyPem = readFileSync(keyPath, "utf8");
      assert.match(certPem, /BEGIN CERTIFICATE/);
      roundTrip(keyPem, certPem, "RS256");
      // The certificate verifies only: it holds no private key.
      expectJwtError(
        () => encodeJwt({}, { key: importKey(certPem), alg: "RS256" }),
        "ERR_KEY_INVALID",
        "cannot sign",
      );
      // Another key's token is refused by the certificate.
      const other = encodeJwt({}, { key: rsa.privatePem, alg: "RS256", clock: CLOCK });
      expectJwtError(() => verifyJwt(other, certPem, { clock: CLOCK }), "ERR_JWS_SIGNATURE_INVALID");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("PEM mangled the way people paste it", () => {
  const pem = rsa.publicPem;
  const body = pem.trim().split("\n").slice(1, -1);
  const variants: Record<string, string> = {
    'literal "\\n" sequences': pem.replace(/\n/g, "\\n"),
    'literal "\\r\\n" sequences': pem.replace(/\n/g, "\\r\\n"),
    "CR LF line ends": pem.replace(/\n/g, "\r\n"),
    indentation: pem
      .split("\n")
      .map((line) => `    ${line}`)
      .join("\n"),
    "stray spaces inside the body": `-----BEGIN PUBLIC KEY-----\n${body.map((line) => `${line.slice(0, 10)} ${line.slice(10)}  `).join("\n")}\n-----END PUBLIC KEY-----`,
    "all on one line": `-----BEGIN PUBLIC KEY----- ${body.join("")} -----END PUBLIC KEY-----`,
    "no spaces at all on one line": `-----BEGIN PUBLIC KEY-----${body.join("")}-----END PUBLIC KEY-----`,
    "surrounding double quotes": `"${pem}"`,
    "surrounding single quotes and escaped newlines": `'${pem.replace(/\n/g, "\\n")}'`,
    "base64-wrapped once more": Buffer.from(pem).toString("base64"),
    "base64-wrapped once more, with line breaks": (
      Buffer.from(pem)
        .toString("base64")
        .match(/.{1,76}/g) ?? []
    ).join("\n"),
    "leading and trailing blank lines": `\n\n  ${pem}\n\n`,
  };
  for (const [name, text] of Object.entries(variants)) {
    it(`${name} verifies`, () => {
      roundTrip(rsa.privatePem, text, "RS256");
      assert.equal(importKey(text).kind, "public");
    });
  }

  it("a private key with literal \\n and quotes signs", () => {
    roundTrip(`"${p256.privatePem.replace(/\n/g, "\\n")}"`, p256.publicPem, "ES256");
  });

  it("a PEM whose END line does not match is refused as a damaged key, not as a secret", () => {
    const broken = pem.replace("-----END PUBLIC KEY-----", "-----END PRIVATE KEY-----");
    expectJwtError(() => importKey(broken), "ERR_KEY_INVALID", "BEGIN line", "END line");
    expectJwtError(
      () => verifyJwt("e30.e30.AA", broken),
      /* structure is checked first */ "ERR_JWT_MALFORMED",
    );
  });

  it("a truncated PEM is refused with a fix", () => {
    const cut = pem.replace(/\n[A-Za-z0-9+/=]+\n-----END/, "\n-----END");
    expectJwtError(() => importKey(cut), "ERR_KEY_INVALID", "PUBLIC KEY", "Paste the whole key");
  });
});

describe("encrypted PKCS#8", () => {
  const encrypted = rsa.privateKey
    .export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: "correct horse" })
    .toString();

  it("signs with the right passphrase", () => {
    assert.match(encrypted, /BEGIN ENCRYPTED PRIVATE KEY/);
    roundTrip(encrypted, rsa.publicPem, "RS256", { passphrase: "correct horse" });
    assert.equal(importKey(encrypted, { passphrase: "correct horse", alg: "RS256" }).kind, "private");
  });

  it("a missing passphrase says to give it", () => {
    expectJwtError(
      () => importKey(encrypted, { alg: "RS256" }),
      "ERR_KEY_INVALID",
      "encrypted",
      "passphrase",
    );
  });

  it("a wrong passphrase is refused without echoing it", () => {
    const error = expectJwtError(
      () => importKey(encrypted, { alg: "RS256", passphrase: "wrong horse" }),
      "ERR_KEY_INVALID",
      "passphrase is wrong",
    );
    assert.ok(!error.message.includes("wrong horse"));
  });
});

describe("JWK and JWKS", () => {
  const privateJwk = { ...(p256.privateKey.export({ format: "jwk" }) as Jwk), kid: "ec-1" };
  const publicJwk = { ...(p256.publicKey.export({ format: "jwk" }) as Jwk), kid: "ec-1" };

  it("JWK objects and JWK JSON text sign and verify", () => {
    roundTrip(privateJwk, publicJwk, "ES256");
    roundTrip(JSON.stringify(privateJwk), JSON.stringify(publicJwk), "ES256");
    roundTrip(`  '${JSON.stringify(privateJwk, null, 2)}'  `, JSON.stringify(publicJwk), "ES256");
    assert.equal(importKey(publicJwk).kid, "ec-1");
  });

  it("the JWK's kid goes into the header", () => {
    const token = encodeJwt({}, { key: importKey(privateJwk), clock: CLOCK });
    assert.equal(verifyJwt(token, publicJwk, { clock: CLOCK }).header.kid, "ec-1");
  });

  it('an "oct" JWK is an HMAC secret', () => {
    const k = Buffer.from(SECRET).toString("base64url");
    roundTrip({ kty: "oct", k }, SECRET, "HS256");
    roundTrip(SECRET, JSON.stringify({ kty: "oct", k, alg: "HS256" }), "HS256");
  });

  it("the JWK's alg is honoured", () => {
    const rsaJwk = { ...(rsa.publicKey.export({ format: "jwk" }) as Jwk), alg: "PS256" };
    assert.deepEqual(importKey(rsaJwk).algorithms, ["PS256"]);
    const rs256 = encodeJwt({}, { key: rsa.privatePem, alg: "RS256", clock: CLOCK });
    expectJwtError(() => verifyJwt(rs256, rsaJwk, { clock: CLOCK }), "ERR_ALG_NOT_ALLOWED", "RS256", "PS256");
    expectJwtError(() => importKey(rsaJwk, { alg: "RS256" }), "ERR_KEY_INVALID", "PS256", "RS256");
    // A JWE algorithm makes an encryption key, which never verifies a signature.
    assert.equal(importKey({ ...rsaJwk, alg: "RSA-OAEP" }).use, "enc");
    expectJwtError(
      () => verifyJwt(rs256, { ...rsaJwk, alg: "RSA-OAEP" }, { clock: CLOCK }),
      "ERR_KEY_INVALID",
      "RSA-OAEP",
      "encryption",
    );
  });

  it('use: "enc" never verifies', () => {
    const token = encodeJwt({}, { key: p256.privatePem, alg: "ES256", clock: CLOCK });
    expectJwtError(
      () => verifyJwt(token, { ...publicJwk, use: "enc" }, { clock: CLOCK }),
      "ERR_KEY_INVALID",
      '"use": "enc"',
    );
    expectJwtError(() => importKey({ ...privateJwk, use: "enc" }), "ERR_KEY_INVALID", "sig");
    // In a JWKS, an encryption key is skipped; alone, the set has no usable key.
    expectJwtError(
      () => verifyJwt(token, { keys: [{ ...publicJwk, use: "enc" }] }, { clock: CLOCK }),
      "ERR_KEY_INVALID",
      "no usable signature key",
    );
  });

  it("key_ops are honoured", () => {
    const token = encodeJwt({}, { key: p256.privatePem, alg: "ES256", clock: CLOCK });
    expectJwtError(
      () => verifyJwt(token, { ...publicJwk, key_ops: ["sign"] }, { clock: CLOCK }),
      "ERR_KEY_INVALID",
      "verify",
    );
    expectJwtError(
      () => encodeJwt({}, { key: importKey({ ...privateJwk, key_ops: ["verify"] }), clock: CLOCK }),
      "ERR_KEY_INVALID",
      "sign",
    );
    expectJwtError(() => importKey({ ...publicJwk, key_ops: ["encrypt"] }), "ERR_KEY_INVALID", "key_ops");
    expectJwtError(
      () => importKey({ ...publicJwk, key_ops: "verify" as unknown as string[] }),
      "ERR_KEY_INVALID",
      "not a list",
    );
    assert.equal(
      verifyJwt(token, { ...publicJwk, key_ops: ["verify"] }, { clock: CLOCK }).payload.iat !== undefined,
      true,
    );
  });

  it("a JWKS (object and text) verifies by kid; importKey refuses a whole set", () => {
    const other = keyPairFor("p384");
    const jwks = {
      keys: [
        { ...(other.publicKey.export({ format: "jwk" }) as Jwk), kid: "ec-2" },
        publicJwk,
        { ...publicJwk, kid: "enc-1", use: "enc" },
      ],
    };
    const token = encodeJwt({}, { key: importKey(privateJwk), clock: CLOCK });
    assert.equal(verifyJwt(token, jwks, { clock: CLOCK }).key.kid, "ec-1");
    assert.equal(verifyJwt(token, JSON.stringify(jwks), { clock: CLOCK }).key.kid, "ec-1");
    assert.equal(importKeySet(jwks).keys.length, 2);
    expectJwtError(() => importKey(jwks as unknown as Jwk), "ERR_KEY_INVALID", "JWKS", "importKeySet");
  });

  it("a private JWK whose d does not belong to its x and y is refused", () => {
    const wrongD = { ...privateJwk, d: Buffer.alloc(32, 1).toString("base64url") };
    expectJwtError(() => importKey(wrongD), "ERR_KEY_INVALID", '"d"', "damaged");
    const ed = keyPairFor("ed25519");
    const edJwk = ed.privateKey.export({ format: "jwk" }) as Jwk;
    expectJwtError(
      () => importKey({ ...edJwk, d: Buffer.alloc(32, 2).toString("base64url") }),
      "ERR_KEY_INVALID",
      "damaged",
    );
    assert.equal(importKey(edJwk).kind, "private");
  });

  it("a damaged JWK is refused with a fix", () => {
    expectJwtError(
      () => importKey({ ...publicJwk, x: "AAAA" }),
      "ERR_KEY_INVALID",
      /kid "ec-1"|cannot be read|P-256/,
    );
    expectJwtError(() => importKey('{"kty": "RSA", '), "ERR_KEY_INVALID", /JSON|secret/i);
  });
});

describe("Google service-account JSON", () => {
  const account = {
    type: "service_account",
    project_id: "demo",
    private_key_id: "0123456789abcdef",
    private_key: rsa.privatePem,
    client_email: "svc@demo.iam.gserviceaccount.com",
  };

  it("signs RS256 with private_key and uses private_key_id as kid", () => {
    const key = importKey(account);
    assert.equal(key.kid, "0123456789abcdef");
    assert.equal(key.alg, "RS256");
    const token = encodeJwt({ iss: account.client_email }, { key, clock: CLOCK });
    const { header } = verifyJwt(token, rsa.publicPem, { clock: CLOCK });
    assert.equal(header.kid, "0123456789abcdef");
    assert.equal(header.alg, "RS256");
  });

  it("works from the file's JSON text (escaped newlines)", () => {
    const text = JSON.stringify(account, null, 2);
    assert.ok(text.includes("\\n"));
    const token = encodeJwt({}, { key: importKey(text), clock: CLOCK });
    assert.equal(verifyJwt(token, rsa.publicPem, { clock: CLOCK }).header.kid, "0123456789abcdef");
  });
});

describe("HMAC secrets: encoding is said, never guessed", () => {
  const bytes = Buffer.from("0123456789abcdef0123456789abcdef0123456789abcdef", "utf8");

  it("text (UTF-8) is the default", () => {
    const token = encodeJwt({}, { key: SECRET, clock: CLOCK });
    verifyJwt(token, createSecretKey(Buffer.from(SECRET, "utf8")), { clock: CLOCK });
    verifyJwt(token, Buffer.from(SECRET, "utf8"), { clock: CLOCK });
  });

  for (const encoding of ["base64", "base64url", "hex"] as const) {
    it(`${encoding} when told`, () => {
      const written = bytes.toString(encoding);
      const token = encodeJwt({}, { key: written, secretEncoding: encoding, clock: CLOCK });
      verifyJwt(token, bytes, { clock: CLOCK });
      verifyJwt(token, written, { clock: CLOCK, secretEncoding: encoding });
      // Without the encoding, the same text is a different (text) secret: no guessing.
      expectJwtError(() => verifyJwt(token, written, { clock: CLOCK }), "ERR_JWS_SIGNATURE_INVALID");
    });
  }

  it("text that is not valid in the encoding given is refused", () => {
    expectJwtError(
      () => importKey("not hex at all, definitely not!", { alg: "HS256", secretEncoding: "hex" }),
      "ERR_KEY_INVALID",
      "hex",
    );
    expectJwtError(
      () => importKey("abc", { alg: "HS256", secretEncoding: "rot13" as "hex" }),
      "ERR_OPTION_INVALID",
      "rot13",
    );
  });
});

describe("weak keys", () => {
  it("RSA keys under 2048 bits are refused (ERR_KEY_WEAK)", () => {
    const small = keyPairFor("rsa1024");
    expectJwtError(() => importKey(small.publicPem), "ERR_KEY_WEAK", "1024 bits", "2048");
    expectJwtError(() => encodeJwt({}, { key: small.privatePem, alg: "RS256" }), "ERR_KEY_WEAK", "1024");
    expectJwtError(() => importKey(small.privateKey.export({ format: "jwk" }) as Jwk), "ERR_KEY_WEAK");
  });

  it("short HMAC secrets are refused for each hash length", () => {
    expectJwtError(() => encodeJwt({}, { key: "x".repeat(31) }), "ERR_KEY_WEAK", "31 bytes", "32");
    expectJwtError(() => encodeJwt({}, { key: "x".repeat(47), alg: "HS384" }), "ERR_KEY_WEAK", "47", "48");
    expectJwtError(() => encodeJwt({}, { key: "x".repeat(63), alg: "HS512" }), "ERR_KEY_WEAK", "63", "64");
    encodeJwt({}, { key: "x".repeat(64), alg: "HS512" });
  });
});

describe("rotation", () => {
  it("a key set picks the key by kid", () => {
    const a = importKey(`${SECRET}-a`, { alg: "HS256", kid: "a" });
    const b = importKey(`${SECRET}-b`, { alg: "HS256", kid: "b" });
    const tokenA = encodeJwt({}, { key: a, clock: CLOCK });
    const tokenB = encodeJwt({}, { key: b, clock: CLOCK });
    assert.equal(verifyJwt(tokenA, [a, b], { clock: CLOCK }).key.kid, "a");
    assert.equal(verifyJwt(tokenB, [a, b], { clock: CLOCK }).key.kid, "b");
    expectJwtError(() => verifyJwt(tokenB, [a], { clock: CLOCK }), "ERR_KID_UNKNOWN", '"b"');
  });

  it("a token whose kid names another key of the set fails (kid is an exact lookup)", () => {
    const a = importKey(`${SECRET}-a`, { alg: "HS256", kid: "a" });
    const b = importKey(`${SECRET}-b`, { alg: "HS256", kid: "b" });
    const forged = encodeJwt({}, { key: a, clock: CLOCK, header: { kid: "b" } });
    expectJwtError(() => verifyJwt(forged, [a, b], { clock: CLOCK }), "ERR_JWS_SIGNATURE_INVALID");
    expectJwtError(
      () => verifyJwt(forged.replace(/^[^.]+/, ""), [a, b], { clock: CLOCK }),
      "ERR_JWT_MALFORMED",
    );
  });

  it("unnamed current and previous secrets are both tried", () => {
    const current = `${SECRET}-current`;
    const previous = `${SECRET}-previous`;
    const oldToken = encodeJwt({}, { key: previous, clock: CLOCK });
    const newToken = encodeJwt({}, { key: current, clock: CLOCK });
    const verifier = importKeySet([current, previous], { alg: "HS256" });
    assert.ok(verifier.keys[1]);
    assert.equal(verifyJwt(oldToken, verifier, { clock: CLOCK }).key, verifier.keys[1]);
    assert.equal(verifyJwt(newToken, [current, previous], { clock: CLOCK }).payload.iat !== undefined, true);
    const stranger = encodeJwt({}, { key: `${SECRET}-stranger`, clock: CLOCK });
    expectJwtError(
      () => verifyJwt(stranger, verifier, { clock: CLOCK }),
      "ERR_JWS_SIGNATURE_INVALID",
      "none of the 2",
    );
  });

  it("a JwtKey passed again is reused as it is", () => {
    const key = importKey(SECRET, { alg: "HS256" });
    assert.ok(key instanceof JwtKey);
    assert.equal(importKey(key), key);
    assert.equal(importKey(key, { alg: "HS256" }), key);
    expectJwtError(() => importKey(key, { alg: "RS256" }), "ERR_KEY_INVALID", "HS256", "RS256");
  });
});

describe("binary secrets", () => {
  it('random bytes that start with "{" or a space stay exactly those bytes', () => {
    for (const first of [0x7b, 0x20, 0x0a]) {
      const bytes = Buffer.concat([Buffer.from([first, 0x7b, 0xff, 0xfe]), Buffer.alloc(40, 0xc3)]);
      const token = encodeJwt({}, { key: importKey(bytes, { alg: "HS256" }), clock: CLOCK });
      assert.equal(verifyJwt(token, bytes, { clock: CLOCK }).payload.iat !== undefined, true);
      assert.equal(
        verifyJwt(token, bytes.toString("base64url"), { clock: CLOCK, secretEncoding: "base64url" }).key.kind,
        "secret",
      );
    }
  });
});
