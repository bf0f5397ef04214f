import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runVerify } from "../../src/cli/commands/verify.js";
import { encodeJwt, fixedClock, generateKeyPair } from "../../src/jwt/index.js";
import { fakeIo, NOW, NOW_SECONDS, SECRET } from "./fake-io.js";

const env = { JWT_SECRET: SECRET };
const token = encodeJwt(
  { user_id: "42", iss: "https://app.example" },
  { key: SECRET, clock: fixedClock(NOW) },
);

function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  claims.user_id = "1";
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
}

describe("bubble-jwt verify", () => {
  it("exits 0 and prints the claims of a valid token", async () => {
    const io = fakeIo({ env, now: NOW });
    assert.equal(await runVerify({ token, issuer: ["https://app.example"] }, io), 0);
    assert.deepEqual(JSON.parse(io.out()), {
      user_id: "42",
      iss: "https://app.example",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
    });
    assert.equal(io.err(), "");
  });

  it("exits 1 for a tampered token, with the reason and code on stderr and nothing on stdout", async () => {
    const io = fakeIo({ env, now: NOW });
    assert.equal(await runVerify({ token: tamper(token) }, io), 1);
    assert.match(
      io.err(),
      /^bubble-jwt: invalid token: The signature does not match the key.*\(ERR_JWS_SIGNATURE_INVALID\)\n$/,
    );
    assert.equal(io.out(), "");
  });

  it("exits 1 for an expired token and says when it expired", async () => {
    const io = fakeIo({ env, now: new Date(NOW.getTime() + 2 * 3600_000) });
    assert.equal(await runVerify({ token }, io), 1);
    assert.match(io.err(), /expired at 2025-01-15T13:00:00.*\(ERR_JWT_EXPIRED\)/);
  });

  it("accepts an expired token within --clock-tolerance", async () => {
    const io = fakeIo({ env, now: new Date(NOW.getTime() + 3600_000 + 5000) });
    assert.equal(await runVerify({ token, clockToleranceSeconds: 10 }, io), 0);
  });

  it("exits 1 when an expected claim differs", async () => {
    const io = fakeIo({ env, now: NOW });
    assert.equal(await runVerify({ token, issuer: ["https://other.example"], audience: [] }, io), 1);
    assert.match(
      io.err(),
      /"iss" is "https:\/\/app.example"; expected "https:\/\/other.example".*ERR_JWT_CLAIM_INVALID/,
    );
  });

  it("exits 1 when the token's algorithm is not in --alg", async () => {
    const io = fakeIo({ env, now: NOW });
    assert.equal(await runVerify({ token, algorithms: ["HS512"] }, io), 1);
    assert.match(io.err(), /\(ERR_ALG_NOT_ALLOWED\)\n$/);
  });

  it("prints { valid: false, reason_code } on stdout with --json", async () => {
    const io = fakeIo({ env, now: NOW });
    assert.equal(await runVerify({ token: tamper(token), json: true }, io), 1);
    const result = JSON.parse(io.out());
    assert.equal(result.valid, false);
    assert.equal(result.reason_code, "ERR_JWS_SIGNATURE_INVALID");
  });

  it("reads the token from stdin", async () => {
    const io = fakeIo({ env, now: NOW, stdin: `${token}\n` });
    assert.equal(await runVerify({ json: true }, io), 0);
    assert.equal(JSON.parse(io.out()).valid, true);
  });

  it("verifies ES256 with a public key file and a JWKS file", async () => {
    const pair = generateKeyPair("ES256");
    const dir = await mkdtemp(join(tmpdir(), "bubble-jwt-cli-"));
    await writeFile(join(dir, "public.pem"), pair.publicKeyPem);
    await writeFile(join(dir, "jwks.json"), JSON.stringify(pair.jwks));
    const signed = encodeJwt(
      { user_id: "42" },
      { key: pair.privateKeyPem, alg: "ES256", clock: fixedClock(NOW) },
    );
    const withPem = fakeIo({ now: NOW });
    assert.equal(await runVerify({ token: signed, keyFile: join(dir, "public.pem") }, withPem), 0);
    const withJwks = fakeIo({ now: NOW });
    assert.equal(
      await runVerify({ token: signed, jwksFile: join(dir, "jwks.json"), algorithms: ["ES256"] }, withJwks),
      0,
    );
    // The HS256 token must not pass against the ES256 public key (no algorithm confusion).
    const confused = fakeIo({ now: NOW });
    assert.equal(await runVerify({ token, keyFile: join(dir, "public.pem") }, confused), 1);
    assert.match(confused.err(), /ERR_ALG_NOT_ALLOWED/);
  });

  it("asks for a public key when only asymmetric algorithms are allowed", async () => {
    await assert.rejects(runVerify({ token, algorithms: ["RS256"] }, fakeIo({ env })), {
      code: "ERR_USAGE",
      message: "RS256 tokens are verified with a public key: pass --key-file FILE or --jwks-file FILE.",
    });
  });

  it("refuses --key-file together with --jwks-file", async () => {
    await assert.rejects(runVerify({ token, keyFile: "a", jwksFile: "b" }, fakeIo()), {
      code: "ERR_USAGE",
      message: "Give one of --key-file, --jwks-file and --jwks-url.",
    });
  });
});
