// Zendesk messaging's rules asserted on a real token signed at a frozen instant, its signature checked
// with the shared secret's bytes as Zendesk does, and each refusal before signing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const SECRET = "zendeskMessagingSecret-zendeskMessagingSecret";
const base = { key_id: "app_65285e7edb23fcdd066d96bc", shared_secret: SECRET, external_id: "user-42" };
const run = (input: Record<string, unknown>) => runRecipe("zendesk-messaging", input, { clock });
const ID = "zendesk-messaging";

describe("zendesk-messaging", () => {
  it("signs HS256 with the secret's text, kid = key ID, scope user, external_id, exp 10 minutes by default", () => {
    const out = run(base);
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT", kid: "app_65285e7edb23fcdd066d96bc" });
    assert.deepEqual(payload, {
      scope: "user",
      external_id: "user-42",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 600,
    });
    assert.ok(signatureValid(out.token, Buffer.from(SECRET, "utf8")));
    assert.ok(!signatureValid(out.token, Buffer.from(SECRET.toUpperCase(), "utf8")));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 600) * 1000));
    assert.deepEqual(out.warnings, []);
  });

  it("adds name, email and email_verified as a boolean; warns when the email is not verified", () => {
    const verified = decoded(
      run({ ...base, name: "Ada", email: "ada@example.com", email_verified: true, lifetime_minutes: 30 })
        .token,
    ).payload;
    assert.equal(verified.name, "Ada");
    assert.equal(verified.email, "ada@example.com");
    assert.equal(verified.email_verified, true);
    assert.equal(verified.exp, NOW_SECONDS + 1800);
    const unverified = run({ ...base, email: "ada@example.com" });
    assert.equal(decoded(unverified.token).payload.email_verified, false);
    assert.match(String(unverified.warnings), /email_verified/);
  });

  it("refuses what Zendesk would refuse, naming the input", () => {
    assertRefused(ID, { ...base, external_id: "x".repeat(256) }, "ERR_INPUT_RULE", "external_id", /255/);
    assertRefused(ID, { ...base, external_id: "   " }, "ERR_OPTION_INVALID", "external_id", /external_id/);
    assertRefused(ID, { ...base, key_id: "app 1" }, "ERR_INPUT_RULE", "key_id", /kid/);
    assertRefused(ID, { ...base, email_verified: true }, "ERR_INPUT_RULE", "email_verified", /email/);
    assertRefused(ID, { ...base, email: "not-an-email" }, "ERR_INPUT_RULE", "email", /address/);
    assertRefused(ID, { ...base, lifetime_minutes: 0 }, "ERR_INPUT_RULE", "lifetime_minutes", /positive/);
    assertRefused(ID, { ...base, shared_secret: "short" }, "ERR_KEY_WEAK", "shared_secret", /Messaging/);
  });
});
