import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { CompactEncrypt, compactDecrypt, jwtDecrypt } from "jose";
import { decodeJweHeader, fixedClock } from "../../src/jwt/index.js";
import { runOperation } from "../../src/recipes/index.js";
import { decryptJwtOperation, encryptJwtOperation } from "../../src/recipes/jwe.js";
import { exampleInput } from "../../src/recipes/lib/example-input.js";

const NOW = new Date("2025-06-01T12:00:00Z");
const clock = fixedClock(NOW);
const SECRET = Buffer.alloc(32, 5).toString("base64url");

describe("encrypt-jwt", () => {
  it("encrypts the claims with dir + A256GCM; jose reads them, with iat now and exp = expires_at", async () => {
    const out = await runOperation(
      "encrypt-jwt",
      { claims_json: '{"user_id": "42"}', key: SECRET, expiration: 30, key_id: "k1" },
      { clock },
    );
    const token = out.token as string;
    assert.deepEqual(decodeJweHeader(token), { alg: "dir", enc: "A256GCM", typ: "JWT", kid: "k1" });
    const { payload } = await jwtDecrypt(token, Buffer.from(SECRET, "base64url"), { currentDate: NOW });
    assert.equal(payload.user_id, "42");
    assert.equal(payload.iat, NOW.getTime() / 1000);
    assert.equal(payload.exp, NOW.getTime() / 1000 + 1800);
    assert.equal((out.expires_at as Date).getTime(), (payload.exp as number) * 1000);
  });

  it("keeps the claims' own exp when no expiration is given, and reports it", async () => {
    const exp = NOW.getTime() / 1000 + 99;
    const out = await runOperation(
      "encrypt-jwt",
      { claims_json: JSON.stringify({ exp }), key: SECRET },
      { clock },
    );
    assert.equal((out.expires_at as Date).getTime(), exp * 1000);
  });

  it("encrypts for an RSA public key with RSA-OAEP-256 that only the private key opens", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const out = await runOperation(
      "encrypt-jwt",
      {
        claims_json: '{"a": 1}',
        key: publicKey.export({ type: "spki", format: "pem" }),
        algorithm: "RSA-OAEP-256",
      },
      { clock },
    );
    const opened = await compactDecrypt(out.token as string, privateKey);
    assert.equal(JSON.parse(new TextDecoder().decode(opened.plaintext)).a, 1);
  });

  it("refuses a dir secret of the wrong length, naming the key and never echoing it", async () => {
    const short = Buffer.alloc(16, 1).toString("base64url");
    await assert.rejects(
      runOperation("encrypt-jwt", { claims_json: "{}", key: short }, { clock }),
      (error: Error & { code?: string }) => {
        assert.match(String(error.code), /^ERR_KEY_/);
        assert.ok(!error.message.includes(short));
        return true;
      },
    );
  });

  it("does not offer RSA1_5", () => {
    const algorithm = encryptJwtOperation.inputs.find((input) => input.name === "algorithm");
    assert.ok(!((algorithm?.options ?? []) as readonly string[]).includes("RSA1_5"));
  });
});

describe("decrypt-jwt", () => {
  async function joseToken(
    claims: object,
    alg = "dir",
    enc = "A256GCM",
    key: Uint8Array | object = Buffer.from(SECRET, "base64url"),
  ) {
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg, enc, kid: "k9" })
      .encrypt(key as Uint8Array);
  }
  const exp = NOW.getTime() / 1000 + 600;

  it("decrypts a jose token: claims as text and values, header, ok", async () => {
    const token = await joseToken({
      sub: "u1",
      email: "a@example.com",
      iss: "https://i.example",
      aud: ["x", "y"],
      exp,
      iat: exp - 600,
    });
    const out = await runOperation(
      "decrypt-jwt",
      { token: `Bearer ${token}`, key: SECRET, issuer: "https://i.example", audience: "y" },
      { clock },
    );
    assert.equal(out.ok, true);
    assert.equal(out.subject, "u1");
    assert.equal(out.email, "a@example.com");
    assert.equal(out.audience, "x, y");
    assert.equal((out.expires_at as Date).getTime(), exp * 1000);
    assert.equal((out.issued_at as Date).getTime(), (exp - 600) * 1000);
    assert.equal(out.key_id, "k9");
    assert.equal(JSON.parse(out.header_json as string).enc, "A256GCM");
    assert.equal(JSON.parse(out.claims_json as string).sub, "u1");
  });

  it("answers ok = no with the code for a wrong key, an expired token, a wrong issuer, another alg", async () => {
    const token = await joseToken({ sub: "u1", iss: "https://i.example", exp });
    const cases: [Record<string, unknown>, string, Date?][] = [
      [{ token, key: Buffer.alloc(32, 6).toString("base64url") }, "ERR_JWE_DECRYPTION_FAILED"],
      [{ token, key: SECRET }, "ERR_JWT_EXPIRED", new Date(NOW.getTime() + 3600_000)],
      [{ token, key: SECRET, issuer: "https://other.example" }, "ERR_JWT_CLAIM_INVALID"],
      [{ token: await joseToken({ exp }, "A256KW"), key: SECRET }, "ERR_ALG_NOT_ALLOWED"],
      [{ token, key: SECRET, encryption: "A128GCM" }, "ERR_ALG_NOT_ALLOWED"],
      [{ token: "a.b.c", key: SECRET }, "ERR_JWT_MALFORMED"],
    ];
    for (const [input, code, at] of cases) {
      const out = await runOperation("decrypt-jwt", input, { clock: fixedClock(at ?? NOW) });
      assert.equal(out.ok, false, code);
      assert.equal(out.error_code, code);
      assert.equal(out.subject, undefined);
      assert.ok(!(out.error as string).includes(SECRET));
    }
  });

  it("throws (an input error, not an answer) when the key is missing", async () => {
    await assert.rejects(runOperation("decrypt-jwt", { token: "a.b.c.d.e" }, { clock }), {
      code: "ERR_OPTION_INVALID",
      message: /JWE_KEY/,
    });
  });

  it("falls back to JWE_KEY", async () => {
    const token = await joseToken({ exp });
    const out = await runOperation(
      "decrypt-jwt",
      { token },
      { clock, fallback: (name) => (name === "JWE_KEY" ? SECRET : undefined) },
    );
    assert.equal(out.ok, true);
  });

  it("opens what encrypt-jwt made, and the examples run (the example token holds until 2100)", async () => {
    const made = await runOperation("encrypt-jwt", exampleInput(encryptJwtOperation), { clock });
    const input = exampleInput(encryptJwtOperation);
    const out = await runOperation("decrypt-jwt", { token: made.token, key: input.key }, { clock });
    assert.equal(out.ok, true);
    assert.equal(JSON.parse(out.claims_json as string).user_id, "42");
    const example = await runOperation("decrypt-jwt", exampleInput(decryptJwtOperation), {
      clock: fixedClock(new Date("2099-01-01")),
    });
    assert.equal(example.ok, true);
    assert.equal(example.subject, "user-42");
  });
});
