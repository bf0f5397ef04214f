import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runEncode } from "../../src/cli/commands/encode.js";
import { runVerify } from "../../src/cli/commands/verify.js";
import { decodeJwt, fixedClock, verifyJwt } from "../../src/jwt/index.js";
import { fakeIo, NOW, NOW_SECONDS, SECRET } from "./fake-io.js";

const env = { JWT_SECRET: SECRET };

describe("bubble-jwt encode", () => {
  it("signs --data with JWT_SECRET and prints only the token", async () => {
    const io = fakeIo({ env, now: NOW });
    const code = await runEncode(
      { data: '{"user_id": "42", "email": "a@example.com"}', expiresInMinutes: 30 },
      io,
    );
    assert.equal(code, 0);
    assert.equal(io.err(), "");
    const token = io.out().trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { payload } = verifyJwt(token, SECRET, { clock: fixedClock(NOW) });
    assert.deepEqual(payload, {
      user_id: "42",
      email: "a@example.com",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 1800,
    });
  });

  it("round-trips with verify: exit 0 and the claims printed", async () => {
    const encodeIo = fakeIo({ env, now: NOW });
    await runEncode(
      { data: '{"user_id": "42"}', issuer: "https://app.example", audience: ["api"] },
      encodeIo,
    );
    const verifyIo = fakeIo({ env, now: NOW });
    const code = await runVerify(
      { token: encodeIo.out().trim(), issuer: ["https://app.example"], audience: ["api"] },
      verifyIo,
    );
    assert.equal(code, 0);
    assert.equal(JSON.parse(verifyIo.out()).user_id, "42");
  });

  it("reads the claims from stdin when --data is absent", async () => {
    const io = fakeIo({ env, now: NOW, stdin: '{"from": "stdin"}\n' });
    await runEncode({}, io);
    assert.equal(decodeJwt(io.out().trim()).payload.from, "stdin");
  });

  it("reads the claims from @file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bubble-jwt-cli-"));
    const file = join(dir, "claims.json");
    await writeFile(file, '{"from": "file"}');
    const io = fakeIo({ env, now: NOW });
    await runEncode({ data: `@${file}` }, io);
    assert.equal(decodeJwt(io.out().trim()).payload.from, "file");
  });

  it("sets the registered claims and the header kid from options", async () => {
    const io = fakeIo({ env, now: NOW });
    await runEncode(
      {
        data: "{}",
        kid: "k1",
        issuer: "i",
        subject: "s",
        audience: ["a", "b"],
        jwtId: "id-1",
        notBeforeMinutes: 1,
      },
      io,
    );
    const { header, payload } = decodeJwt(io.out().trim());
    assert.equal(header.kid, "k1");
    assert.deepEqual(
      { iss: payload.iss, sub: payload.sub, aud: payload.aud, jti: payload.jti, nbf: payload.nbf },
      { iss: "i", sub: "s", aud: ["a", "b"], jti: "id-1", nbf: NOW_SECONDS + 60 },
    );
  });

  it("uses the variable named by --secret-env", async () => {
    const io = fakeIo({ env: { OTHER_SECRET: SECRET }, now: NOW });
    await runEncode({ data: "{}", secretEnv: "OTHER_SECRET" }, io);
    assert.ok(verifyJwt(io.out().trim(), SECRET, { clock: fixedClock(NOW) }));
  });

  it("warns on stderr when the secret is given with --secret, without printing it", async () => {
    const io = fakeIo({ now: NOW });
    await runEncode({ data: "{}", secret: SECRET }, io);
    assert.match(io.err(), /^bubble-jwt: warning: --secret puts the secret in your shell history/);
    assert.ok(!io.err().includes(SECRET) && !io.out().includes(SECRET));
    assert.ok(verifyJwt(io.out().trim(), SECRET, { clock: fixedClock(NOW) }));
  });

  it("prints the engine's warnings on stderr with their code", async () => {
    const io = fakeIo({ env, now: NOW });
    await runEncode({ data: `{"exp": ${(NOW_SECONDS + 600) * 1000}}` }, io);
    assert.match(io.err(), /bubble-jwt: warning: .*\(WARN_MILLISECONDS_CONVERTED\)\n$/);
    assert.equal(decodeJwt(io.out().trim()).payload.exp, NOW_SECONDS + 600);
  });

  it("says which variable is missing when there is no key", async () => {
    await assert.rejects(runEncode({ data: "{}" }, fakeIo()), {
      code: "ERR_INPUT_MISSING",
      message: /environment variable JWT_SECRET is not set/,
    });
  });

  it("refuses an asymmetric algorithm with a secret", async () => {
    await assert.rejects(runEncode({ data: "{}", alg: "RS256" }, fakeIo({ env })), {
      code: "ERR_USAGE",
      message: "RS256 signs with a private key, not a secret: pass it with --key-file FILE.",
    });
  });

  it("refuses a short secret with the engine's code", async () => {
    await assert.rejects(runEncode({ data: "{}" }, fakeIo({ env: { JWT_SECRET: "short" } })), {
      code: "ERR_KEY_WEAK",
    });
  });

  it("asks for claims instead of waiting on a terminal", async () => {
    await assert.rejects(runEncode({}, fakeIo({ env })), { code: "ERR_INPUT_MISSING", message: /No claims/ });
  });

  it("names the missing claims file", async () => {
    await assert.rejects(runEncode({ data: "@/nonexistent/claims.json" }, fakeIo({ env })), {
      code: "ERR_FILE_UNREADABLE",
      message: 'Cannot read the claims file "/nonexistent/claims.json": no such file.',
    });
  });
});
