// The seed's security advice as Encode JWT warnings (issue 11): each with its code, never an error.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type BuiltTestPlugin, buildTestPlugin, SECRET } from "./helpers/plugin.js";

let plugin: BuiltTestPlugin;
before(async () => {
  plugin = await buildTestPlugin();
});
after(() => plugin.remove());

const encode = (input: Record<string, unknown>, keys: Record<string, string> = { JWT_SECRET: SECRET }) =>
  plugin.run("Encode JWT", input, keys);

function lines(result: Record<string, unknown>): string[] {
  return result.warnings === null ? [] : String(result.warnings).split("\n");
}

describe("Encode JWT's security warnings", () => {
  it("gives none for the seed's example", async () => {
    const result = await encode({
      json_data: '{"user_id": "42", "email": "ada@example.com"}',
      expiration: 60,
    });
    assert.equal(result.ok, true);
    assert.equal(result.warnings, null);
  });

  it("warns about a sensitive claim name or value, naming the claim, and still makes the token", async () => {
    const result = await encode({
      json_data: JSON.stringify({
        user_id: "42",
        password: "hunter2",
        profile: { card: "4111 1111 1111 1111" },
      }),
    });
    assert.equal(result.ok, true);
    assert.match(String(result.token), /^eyJ/);
    const sensitive = lines(result).filter((line) => line.endsWith("(WARN_SENSITIVE_CLAIM)"));
    assert.equal(sensitive.length, 2);
    assert.match(sensitive[0] ?? "", /"password"/);
    assert.match(sensitive[1] ?? "", /"profile\.card" .*payment card number/);
  });

  it("warns when the token lives longer than 24 hours, saying how long", async () => {
    const day = await encode({ json_data: '{"user_id": "42"}', expiration: 24 * 60 });
    assert.equal(day.warnings, null, "exactly 24 hours is fine");
    const week = await encode({ json_data: '{"user_id": "42"}', expiration: 7 * 24 * 60 });
    assert.equal(week.ok, true);
    assert.deepEqual(
      lines(week).map((line) => /\((WARN_\w+)\)$/.exec(line)?.[1]),
      ["WARN_LONG_LIFETIME"],
    );
    assert.match(lines(week)[0] ?? "", /lives 7 days: a stolen copy works that long/);
  });

  it("warns about a well-known example secret, from the field or the plugin key, even with a short secret allowed", async () => {
    const short = await encode({ json_data: '{"a": 1}', secret: "secret", allow_short_secret: true }, {});
    assert.equal(short.ok, true);
    assert.ok(
      lines(short).some((line) => line.endsWith("(WARN_EXAMPLE_SECRET)")),
      String(short.warnings),
    );
    const fromKey = await encode(
      { json_data: '{"a": 1}' },
      { JWT_SECRET: "a-string-secret-at-least-256-bits-long" },
    );
    assert.equal(fromKey.ok, true);
    assert.ok(lines(fromKey).some((line) => line.endsWith("(WARN_EXAMPLE_SECRET)")));
    assert.ok(!String(fromKey.warnings).includes("a-string-secret"), "the secret is never shown");
  });

  it("never warns about the secret of an RS/ES key", async () => {
    const pair = await plugin.run("Generate secret or key pair", { algorithm: "ES256" });
    const result = await encode(
      { json_data: '{"a": 1}', algorithm: "ES256", private_key: pair.private_key_pem },
      { JWT_SECRET: "secret" },
    );
    assert.equal(result.ok, true);
    assert.equal(result.warnings, null);
  });
});
