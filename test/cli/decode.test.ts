import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DECODE_NOTICE, ENCRYPTED_NOTICE, runDecode } from "../../src/cli/commands/decode.js";
import { encodeJwt, encryptJwt, fixedClock, importKey } from "../../src/jwt/index.js";
import { fakeIo, NOW, NOW_SECONDS, SECRET } from "./fake-io.js";

const token = encodeJwt(
  { user_id: "42", nbf: NOW_SECONDS - 120 },
  { key: SECRET, expiresInMinutes: 60, clock: fixedClock(new Date(NOW.getTime() - 1000)) },
);

describe("bubble-jwt decode", () => {
  it("prints header, payload, human dates with relative times, and says it proves nothing", async () => {
    const io = fakeIo({ now: NOW });
    assert.equal(await runDecode({ token }, io), 0);
    const out = io.out();
    assert.match(out, /^Header\n {2}\{\n {4}"alg": "HS256",\n {4}"typ": "JWT"\n {2}\}\nPayload\n/);
    assert.match(out, / {4}"user_id": "42",/);
    assert.match(out, /iat {2}issued {6}2025-01-15 11:59:59 UTC {2}\(1 s ago\)/);
    assert.match(out, /nbf {2}not before {2}2025-01-15 11:58:00 UTC {2}\(2 min ago\)/);
    assert.match(out, /exp {2}expires {5}2025-01-15 12:59:59 UTC {2}\(in 59 min\)/);
    assert.ok(out.endsWith(`${DECODE_NOTICE}\n`));
    assert.equal(io.err(), "");
  });

  it("says how long ago an expired token expired", async () => {
    const io = fakeIo({ now: new Date(NOW.getTime() + 4 * 3600_000) });
    await runDecode({ token }, io);
    assert.match(io.out(), /\(expired 3 h ago\)/);
  });

  it("prints { header, payload } as JSON with --json", async () => {
    const io = fakeIo({ now: NOW });
    await runDecode({ token, json: true }, io);
    const parsed = JSON.parse(io.out());
    assert.deepEqual(Object.keys(parsed), ["header", "payload"]);
    assert.equal(parsed.payload.user_id, "42");
    assert.equal(parsed.header.alg, "HS256");
  });

  it("reads the token from stdin, trimming the newline and a Bearer prefix", async () => {
    const io = fakeIo({ stdin: `Bearer ${token}\n` });
    await runDecode({ json: true }, io);
    assert.equal(JSON.parse(io.out()).payload.user_id, "42");
  });

  it("exits 1 with one line for a malformed token, without echoing it", async () => {
    const io = fakeIo();
    assert.equal(await runDecode({ token: "not-a-token-at-all" }, io), 1);
    assert.equal(
      io.err(),
      "bubble-jwt: cannot decode the token: The token has 1 parts separated by dots; a JWT has 3. (ERR_JWT_MALFORMED)\n",
    );
    assert.equal(io.out(), "");
  });

  it("asks for a token instead of waiting on a terminal", async () => {
    await assert.rejects(runDecode({}, fakeIo()), { code: "ERR_INPUT_MISSING", message: /No token/ });
  });
});

describe("bubble-jwt decode: an encrypted token (JWE)", () => {
  const secret = "x".repeat(32);
  const jwe = encryptJwt(
    { user_id: "42" },
    {
      key: importKey(Buffer.from(secret).toString("base64url"), { alg: "dir", secretEncoding: "base64url" }),
      alg: "dir",
      enc: "A256GCM",
      header: { kid: "k1" },
      clock: fixedClock(NOW),
    },
  );

  it("shows the protected header and says the claims need the key, exiting 0", async () => {
    const io = fakeIo({ now: NOW });
    assert.equal(await runDecode({ token: jwe }, io), 0);
    const out = io.out();
    assert.match(out, /^Protected header \(JWE\)\n/);
    assert.match(out, /"alg": "dir"/);
    assert.match(out, /"enc": "A256GCM"/);
    assert.match(out, /"kid": "k1"/);
    assert.ok(out.endsWith(`${ENCRYPTED_NOTICE}\n`));
    assert.doesNotMatch(out, /user_id/);
    assert.equal(io.err(), "");
  });

  it("prints { header, encrypted: true } with --json", async () => {
    const io = fakeIo({ now: NOW });
    assert.equal(await runDecode({ token: jwe, json: true }, io), 0);
    const parsed = JSON.parse(io.out());
    assert.deepEqual(Object.keys(parsed), ["header", "encrypted"]);
    assert.equal(parsed.header.enc, "A256GCM");
    assert.equal(parsed.encrypted, true);
  });

  it("exits 1 for five parts whose header is not JSON, without echoing the token", async () => {
    const io = fakeIo();
    assert.equal(await runDecode({ token: "a.b.c.d.e" }, io), 1);
    assert.match(io.err(), /cannot decode the token/);
    assert.equal(io.out(), "");
  });
});
