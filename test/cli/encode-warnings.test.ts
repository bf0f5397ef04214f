// The seed's security advice on `bubble-jwt encode` (issue 11): warnings on stderr with their codes;
// the token is still printed alone on stdout and the exit code stays 0.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { fakeIo, NOW, SECRET } from "./fake-io.js";

async function encode(argv: string[], env: Record<string, string> = { JWT_SECRET: SECRET }) {
  const io = fakeIo({ env, now: NOW });
  const code = await main(["encode", ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

const codes = (err: string) => [...err.matchAll(/\((WARN_\w+)\)\n/g)].map((match) => match[1]);

describe("bubble-jwt encode: security warnings", () => {
  it("says nothing for ordinary claims, an hour and a random secret", async () => {
    const run = await encode(["--data", '{"user_id": "42"}']);
    assert.equal(run.code, 0);
    assert.equal(run.err, "");
  });

  it("WARN_SENSITIVE_CLAIM for a claim named like a secret or holding a PEM block", async () => {
    const pem = "-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----";
    const run = await encode(["--data", `{"user_id": "42", "apiKey": "k", "note": "${pem}"}`]);
    assert.equal(run.code, 0);
    assert.match(run.out, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    assert.deepEqual(codes(run.err), ["WARN_SENSITIVE_CLAIM", "WARN_SENSITIVE_CLAIM"]);
    assert.match(run.err, /"apiKey" looks sensitive/);
    assert.match(run.err, /"note" looks sensitive \(its value is a PEM block/);
  });

  it("WARN_LONG_LIFETIME above 24 hours, saying how long", async () => {
    assert.equal((await encode(["--data", "{}", "--exp", String(24 * 60)])).err, "");
    const run = await encode(["--data", "{}", "--exp", String(36 * 60)]);
    assert.equal(run.code, 0);
    assert.deepEqual(codes(run.err), ["WARN_LONG_LIFETIME"]);
    assert.match(run.err, /lives 36 hours/);
  });

  it("WARN_EXAMPLE_SECRET for a well-known example secret, even with --allow-weak-key, never printing it", async () => {
    const run = await encode(["--data", "{}", "--allow-weak-key"], { JWT_SECRET: "your-256-bit-secret" });
    assert.equal(run.code, 0);
    assert.ok(codes(run.err).includes("WARN_EXAMPLE_SECRET"), run.err);
    assert.ok(!run.err.includes("your-256-bit-secret"));
    const long = await encode(["--data", "{}"], { JWT_SECRET: "a-string-secret-at-least-256-bits-long" });
    assert.deepEqual(codes(long.err), ["WARN_EXAMPLE_SECRET"]);
  });
});
