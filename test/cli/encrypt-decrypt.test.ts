import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { compactDecrypt, importJWK, importPKCS8, importSPKI, jwtDecrypt } from "jose";
import { main } from "../../src/cli/main.js";
import {
  decodeJweHeader,
  decryptJwt,
  encryptJwt,
  fixedClock,
  generateKeyPair,
  importKey,
} from "../../src/jwt/index.js";
import { fakeIo, NOW, NOW_SECONDS, SECRET } from "./fake-io.js";

const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-jwe-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const DIR_SECRET = Buffer.alloc(32, 9).toString("base64url");
const env = { JWE_KEY: DIR_SECRET, JWT_SECRET: SECRET };
const rsa = generateKeyPair("RSA-OAEP-256");
const rsaPrivate = file("rsa-private.pem", rsa.privateKeyPem);
const rsaPublic = file("rsa-public.pem", rsa.publicKeyPem);
const signer = generateKeyPair("ES256");
const signerPrivate = file("signer-private.pem", signer.privateKeyPem);
const signerPublic = file("signer-public.pem", signer.publicKeyPem);

async function run(argv: string[], options: { env?: Record<string, string>; now?: Date } = {}) {
  const io = fakeIo({ env: options.env ?? env, now: options.now ?? NOW });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe("bubble-jwt encrypt", () => {
  it("encrypts claims with dir + A256GCM from JWE_KEY; jose decrypts them with exp 60 min ahead", async () => {
    const { code, out, err } = await run([
      "encrypt",
      "--alg",
      "dir",
      "--enc",
      "A256GCM",
      "--secret-encoding",
      "base64url",
      "--data",
      '{"user_id": "42"}',
      "--kid",
      "k1",
    ]);
    assert.equal(code, 0, err);
    const token = out.trim();
    assert.equal(token.split(".").length, 5);
    assert.deepEqual(decodeJweHeader(token), { alg: "dir", enc: "A256GCM", typ: "JWT", kid: "k1" });
    const { payload } = await jwtDecrypt(token, Buffer.from(DIR_SECRET, "base64url"), {
      currentDate: NOW,
    });
    assert.equal(payload.user_id, "42");
    assert.equal(payload.iat, NOW_SECONDS);
    assert.equal(payload.exp, NOW_SECONDS + 3600);
  });

  it("encrypts for an RSA public key file (RSA-OAEP-256) that only the private key opens", async () => {
    const { code, out } = await run([
      "encrypt",
      "--alg",
      "RSA-OAEP-256",
      "--key-file",
      rsaPublic,
      "--data",
      '{"a": 1}',
      "--sub",
      "u1",
    ]);
    assert.equal(code, 0);
    const jose = await compactDecrypt(out.trim(), await importPKCS8(rsa.privateKeyPem, "RSA-OAEP-256"));
    assert.equal(JSON.parse(new TextDecoder().decode(jose.plaintext)).sub, "u1");
  });

  it("signs first with --sign-key-file (a nested JWT, cty JWT) that decrypt --verify-key-file checks", async () => {
    const made = await run([
      "encrypt",
      "--alg",
      "RSA-OAEP-256",
      "--key-file",
      rsaPublic,
      "--sign-key-file",
      signerPrivate,
      "--data",
      '{"user_id": "7"}',
    ]);
    assert.equal(made.code, 0, made.err);
    const token = made.out.trim();
    assert.equal(decodeJweHeader(token).cty, "JWT");
    const opened = await run([
      "decrypt",
      token,
      "--alg",
      "RSA-OAEP-256",
      "--key-file",
      rsaPrivate,
      "--verify-key-file",
      signerPublic,
      "--json",
    ]);
    assert.equal(opened.code, 0, opened.err);
    const result = JSON.parse(opened.out);
    assert.equal(result.valid, true);
    assert.equal(result.payload.user_id, "7");
    assert.equal(result.signed_header.alg, "ES256");
    // Without the signer's key, the nested token is refused rather than read unchecked.
    const unchecked = await run(["decrypt", token, "--alg", "RSA-OAEP-256", "--key-file", rsaPrivate]);
    assert.equal(unchecked.code, 2);
    assert.match(unchecked.err, /ERR_KEY_MISSING/);
    // A different signer's key: refused, exit 1.
    const other = file("other-public.pem", generateKeyPair("ES256").publicKeyPem);
    const forged = await run([
      "decrypt",
      token,
      "--alg",
      "RSA-OAEP-256",
      "--key-file",
      rsaPrivate,
      "--verify-key-file",
      other,
    ]);
    assert.equal(forged.code, 1);
    assert.match(forged.err, /ERR_JWS_SIGNATURE_INVALID/);
  });

  it("refuses RSA1_5 and an unknown enc as usage errors (2), naming the flag", async () => {
    const rsa15 = await run(["encrypt", "--alg", "RSA1_5", "--key-file", rsaPublic, "--data", "{}"]);
    assert.equal(rsa15.code, 2);
    assert.match(rsa15.err, /--alg RSA1_5 .*Bleichenbacher/);
    const enc = await run(["encrypt", "--alg", "dir", "--enc", "A999GCM", "--data", "{}"]);
    assert.equal(enc.code, 2);
    assert.match(enc.err, /--enc/);
  });

  it("says which variable to set when JWE_KEY is missing, and never prints a secret", async () => {
    const { code, err, out } = await run(["encrypt", "--alg", "A256KW", "--data", "{}"], { env: {} });
    assert.equal(code, 2);
    assert.match(err, /JWE_KEY is not set/);
    assert.equal(out, "");
    const wrongLength = await run(["encrypt", "--alg", "dir", "--enc", "A256GCM", "--data", "{}"]);
    assert.equal(wrongLength.code, 2);
    assert.ok(!wrongLength.err.includes(DIR_SECRET));
  });
});

describe("bubble-jwt decrypt", () => {
  const key = importKey(DIR_SECRET, { alg: "dir", secretEncoding: "base64url" });
  const token = encryptJwt(
    { user_id: "42", iss: "https://issuer.example" },
    { key, enc: "A256GCM", clock: fixedClock(NOW) },
  );

  it("prints the claims and exits 0 for a token this key opens", async () => {
    const { code, out, err } = await run([
      "decrypt",
      token,
      "--alg",
      "dir",
      "--secret-encoding",
      "base64url",
    ]);
    assert.equal(code, 0, err);
    assert.equal(JSON.parse(out).user_id, "42");
  });

  it("exits 1 with the code for a wrong key, an expired token, a wrong issuer, an altered token", async () => {
    const wrong = await run(["decrypt", token, "--alg", "dir", "--secret-encoding", "base64url"], {
      env: { JWE_KEY: Buffer.alloc(32, 1).toString("base64url") },
    });
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /ERR_JWE_DECRYPTION_FAILED/);
    const late = await run(["decrypt", token, "--alg", "dir", "--secret-encoding", "base64url"], {
      now: new Date(NOW.getTime() + 2 * 3600_000),
    });
    assert.equal(late.code, 1);
    assert.match(late.err, /ERR_JWT_EXPIRED/);
    const issuer = await run([
      "decrypt",
      token,
      "--alg",
      "dir",
      "--secret-encoding",
      "base64url",
      "--iss",
      "https://other.example",
      "--json",
    ]);
    assert.equal(issuer.code, 1);
    assert.equal(JSON.parse(issuer.out).reason_code, "ERR_JWT_CLAIM_INVALID");
    const parts = token.split(".");
    parts[3] = `${parts[3]?.slice(0, -2)}AA`;
    const altered = await run(["decrypt", parts.join("."), "--alg", "dir", "--secret-encoding", "base64url"]);
    assert.equal(altered.code, 1);
    for (const result of [wrong, late, issuer, altered]) assert.ok(!result.err.includes(token));
  });

  it("asks for --alg when the key is a secret (2)", async () => {
    const { code, err } = await run(["decrypt", token]);
    assert.equal(code, 2);
    assert.match(err, /Give --alg/);
  });

  it("refuses a token whose alg the key is not made for (the token never chooses)", async () => {
    const kw = encryptJwt(
      { a: 1 },
      {
        key: importKey(DIR_SECRET, { alg: "A256KW", secretEncoding: "base64url" }),
        clock: fixedClock(NOW),
      },
    );
    const { code, err } = await run(["decrypt", kw, "--alg", "dir", "--secret-encoding", "base64url"]);
    assert.equal(code, 1);
    assert.match(err, /ERR_ALG_NOT_ALLOWED/);
  });

  it("refuses compression unless --allow-zip", async () => {
    const zipped = encryptJwt({ a: 1 }, { key, enc: "A256GCM", zip: "DEF", clock: fixedClock(NOW) });
    const refused = await run(["decrypt", zipped, "--alg", "dir", "--secret-encoding", "base64url"]);
    assert.equal(refused.code, 1);
    const allowed = await run([
      "decrypt",
      zipped,
      "--alg",
      "dir",
      "--secret-encoding",
      "base64url",
      "--allow-zip",
    ]);
    assert.equal(allowed.code, 0, allowed.err);
  });

  it("refuses RSA1_5 in --alg, saying why", async () => {
    for (const alg of ["RSA1_5", "rsa1_5"]) {
      const { code, err } = await run(["decrypt", token, "--alg", alg, "--key-file", rsaPrivate]);
      assert.equal(code, 2);
      assert.match(err, /Bleichenbacher/);
    }
  });

  it("reads a token made by jose (ECDH-ES with a P-256 key from keygen)", async () => {
    const made = await run(["keygen", "--alg", "ECDH-ES", "--json"]);
    assert.equal(made.code, 0, made.err);
    const pair = JSON.parse(made.out);
    assert.equal(pair.public_jwk.use, "enc");
    const { CompactEncrypt } = await import("jose");
    const jwe = await new CompactEncrypt(
      new TextEncoder().encode(JSON.stringify({ sub: "x", exp: NOW_SECONDS + 60 })),
    )
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A128GCM" })
      .encrypt(await importSPKI(pair.public_key_pem, "ECDH-ES"));
    const privateFile = file("ecdh-private.pem", pair.private_key_pem);
    const { code, out, err } = await run(["decrypt", jwe, "--alg", "ECDH-ES", "--key-file", privateFile]);
    assert.equal(code, 0, err);
    assert.equal(JSON.parse(out).sub, "x");
  });
});

describe("bubble-jwt keygen: JWE keys", () => {
  it("--alg dir --enc A256CBC-HS512 prints a 64-byte base64url secret that encrypts and decrypts", async () => {
    const { code, out, err } = await run(["keygen", "--alg", "dir", "--enc", "A256CBC-HS512"]);
    assert.equal(code, 0);
    const secret = out.trim();
    assert.equal(Buffer.from(secret, "base64url").length, 64);
    assert.match(err, /--secret-encoding base64url/);
    const key = importKey(secret, { alg: "dir", secretEncoding: "base64url" });
    const token = encryptJwt({ a: 1 }, { key, clock: fixedClock(NOW) });
    assert.equal(decodeJweHeader(token).enc, "A256CBC-HS512");
    assert.equal(decryptJwt(token, key, { clock: fixedClock(NOW) }).payload.a, 1);
  });

  it("--alg A256KW makes 32 bytes that jose unwraps with", async () => {
    const { out } = await run(["keygen", "--alg", "A256KW"]);
    const secret = out.trim();
    const token = encryptJwt(
      { a: 2 },
      {
        key: importKey(secret, { alg: "A256KW", secretEncoding: "base64url" }),
        clock: fixedClock(NOW),
      },
    );
    const jose = await compactDecrypt(token, await importJWK({ kty: "oct", k: secret }, "A256KW"));
    assert.equal(JSON.parse(new TextDecoder().decode(jose.plaintext)).a, 2);
  });

  it("--alg RSA-OAEP-256 prints a pair described for encryption", async () => {
    const { code, out } = await run(["keygen", "--alg", "RSA-OAEP-256"]);
    assert.equal(code, 0);
    assert.match(out, /decrypt with it/);
    assert.match(out, /"use":"enc"/);
  });

  it("--alg ECDH-ES --curve X25519 writes key files", async () => {
    const outDir = join(dir, "x25519");
    const { code, out } = await run([
      "keygen",
      "--alg",
      "ECDH-ES",
      "--curve",
      "X25519",
      "--out-dir",
      outDir,
      "--json",
    ]);
    assert.equal(code, 0);
    assert.equal(JSON.parse(out).files.length, 4);
  });

  it("refuses --enc with a signing algorithm and --curve with a secret (2)", async () => {
    assert.equal((await run(["keygen", "--alg", "HS256", "--enc", "A256GCM"])).code, 2);
    assert.equal((await run(["keygen", "--alg", "A256KW", "--curve", "P-256"])).code, 2);
    assert.equal((await run(["keygen", "--alg", "RSA-OAEP", "--enc", "A256GCM"])).code, 2);
  });
});
