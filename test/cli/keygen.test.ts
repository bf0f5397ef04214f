import assert from "node:assert/strict";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runEncode } from "../../src/cli/commands/encode.js";
import { runKeygen } from "../../src/cli/commands/keygen.js";
import { runVerify } from "../../src/cli/commands/verify.js";
import { decodeJwt } from "../../src/jwt/index.js";
import { fakeIo, NOW } from "./fake-io.js";

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "bubble-jwt-keygen-"));
}

describe("bubble-jwt keygen", () => {
  it("HS256: prints only the secret on stdout; encode and verify work with it", async () => {
    const io = fakeIo();
    assert.equal(await runKeygen({ alg: "HS256" }, io), 0);
    const secret = io.out().trim();
    assert.match(secret, /^[\w-]{43}$/);
    assert.match(io.err(), /^# HS256 secret: 32 random bytes written as base64url text\./);
    for (const secretEncoding of [undefined, "base64url"] as const) {
      const env = { JWT_SECRET: secret };
      const encodeIo = fakeIo({ env, now: NOW });
      await runEncode({ data: '{"user_id": "42"}', secretEncoding }, encodeIo);
      const verifyIo = fakeIo({ env, now: NOW });
      assert.equal(await runVerify({ token: encodeIo.out().trim(), secretEncoding }, verifyIo), 0);
    }
  });

  it("HS512 --json gives a 64-byte secret and its encoding", async () => {
    const io = fakeIo();
    await runKeygen({ alg: "HS512", json: true }, io);
    const result = JSON.parse(io.out());
    assert.deepEqual(
      { alg: result.alg, encoding: result.encoding, bytes: result.bytes },
      {
        alg: "HS512",
        encoding: "base64url",
        bytes: 64,
      },
    );
    assert.equal(Buffer.from(result.secret, "base64url").length, 64);
  });

  it("ES256 --out-dir writes the private key 0600 and public files; encode/verify use them", async () => {
    const dir = join(await tempDir(), "keys");
    const io = fakeIo();
    await runKeygen({ alg: "ES256", outDir: dir, json: true }, io);
    const result = JSON.parse(io.out());
    assert.deepEqual(
      result.files.map((file: string) => file.slice(dir.length + 1)),
      ["private-key.pem", "public-key.pem", "public-jwk.json", "jwks.json"],
    );
    assert.equal((await stat(join(dir, "private-key.pem"))).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, "public-key.pem"))).mode & 0o077 & 0o600, 0);
    assert.ok(!io.out().includes("PRIVATE KEY"), "the private key is in the file, not on stdout");

    const encodeIo = fakeIo({ now: NOW });
    await runEncode(
      { data: '{"user_id": "42"}', alg: "ES256", keyFile: join(dir, "private-key.pem"), kid: result.kid },
      encodeIo,
    );
    const token = encodeIo.out().trim();
    assert.deepEqual(decodeJwt(token).header, { alg: "ES256", typ: "JWT", kid: result.kid });
    for (const source of [{ keyFile: join(dir, "public-key.pem") }, { jwksFile: join(dir, "jwks.json") }]) {
      const verifyIo = fakeIo({ now: NOW });
      assert.equal(await runVerify({ token, ...source }, verifyIo), 0, verifyIo.err());
    }
    const jwks = JSON.parse(await readFile(join(dir, "jwks.json"), "utf8"));
    assert.equal(jwks.keys[0].kid, result.kid);
    assert.equal(jwks.keys[0].d, undefined, "the JWKS holds no private part");
  });

  it("ES256 without --out-dir prints private PEM, public PEM, JWKS and kid", async () => {
    const io = fakeIo();
    await runKeygen({ alg: "ES256" }, io);
    const out = io.out();
    assert.match(out, /^# ES256 key pair, kid [\w-]{43}\n/);
    assert.match(out, /-----BEGIN PRIVATE KEY-----/);
    assert.match(out, /-----BEGIN PUBLIC KEY-----/);
    assert.match(out, /\{"keys":\[\{.*"kty":"EC"/);
  });

  it("refuses to replace an existing file unless --force", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "secret.txt"), "old");
    await assert.rejects(runKeygen({ alg: "HS256", outDir: dir }, fakeIo()), {
      code: "ERR_FILE_EXISTS",
      message: `"${join(dir, "secret.txt")}" already exists; pass --force to replace it.`,
    });
    await runKeygen({ alg: "HS256", outDir: dir, force: true }, fakeIo());
    const secret = (await readFile(join(dir, "secret.txt"), "utf8")).trim();
    assert.match(secret, /^[\w-]{43}$/);
    assert.equal((await stat(join(dir, "secret.txt"))).mode & 0o777, 0o600);
  });
});
