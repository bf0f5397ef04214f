// Intercom's Messenger JWT rules asserted on a real token signed at a frozen instant, its signature
// checked with the Messenger secret's bytes, and each refusal before signing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const SECRET = "intercomMessengerSecret-intercomMessengerSecret";
const base = { messenger_secret: SECRET, user_id: "42" };
const run = (input: Record<string, unknown>) => runRecipe("intercom-messenger", input, { clock });
const ID = "intercom-messenger";

describe("intercom-messenger", () => {
  it("signs HS256 with the secret's text: user_id as text, iat, and no exp unless a lifetime is given", () => {
    const out = run(base);
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, { user_id: "42", iat: NOW_SECONDS });
    assert.ok(signatureValid(out.token, Buffer.from(SECRET, "utf8")));
    assert.ok(!signatureValid(out.token, Buffer.from(`${SECRET}!`, "utf8")));
    assert.equal(out.expires_at, null);
    assert.match(String(out.warnings), /no exp/);
  });

  it("signs email, name and every attribute as text, with exp when a lifetime is given", () => {
    const out = run({
      ...base,
      email: "ada@example.com",
      name: "Ada",
      attributes: '{"plan": "pro", "seats": 5, "trial": false}',
      lifetime_minutes: 120,
    });
    assert.deepEqual(decoded(out.token).payload, {
      user_id: "42",
      email: "ada@example.com",
      name: "Ada",
      plan: "pro",
      seats: "5",
      trial: "false",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 7200,
    });
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 7200) * 1000));
    assert.deepEqual(out.warnings, []);
  });

  it("refuses what Intercom would refuse, naming the input", () => {
    assertRefused(ID, { ...base, user_id: "  " }, "ERR_OPTION_INVALID", "user_id", /user_id/);
    assertRefused(ID, { ...base, attributes: '{"tags": ["a"]}' }, "ERR_INPUT_RULE", "attributes", /texts/);
    assertRefused(
      ID,
      { ...base, attributes: '{"user_id": "7"}' },
      "ERR_INPUT_RULE",
      "attributes",
      /own inputs/,
    );
    assertRefused(ID, { ...base, attributes: "plan=pro" }, "ERR_INPUT_RULE", "attributes", /JSON/);
    assertRefused(ID, { ...base, lifetime_minutes: -1 }, "ERR_INPUT_RULE", "lifetime_minutes", /positive/);
    assertRefused(
      ID,
      { ...base, messenger_secret: "short" },
      "ERR_KEY_WEAK",
      "messenger_secret",
      /Messenger/,
    );
  });
});
