// Pusher Beams user tokens: every rule of Beams' server SDK on a real token signed at a frozen instant,
// the HMAC checked with the secret key's text, and each refusal by code and input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const INSTANCE = "8f9a6e22-2483-49aa-8552-125f1a4c5781";
const SECRET = "F8AC0B756E50DF235F642D6F0DC2CDE0328CD9184B3874C5E91AB2189BB722FE";
const input = { instance_id: INSTANCE, secret_key: SECRET, user_id: "user-42" };
const run = (more: Record<string, unknown> = {}) =>
  runRecipe("pusher-beams-token", { ...input, ...more }, { clock });

const refused = (more: Record<string, unknown>, code: JwtErrorCode, option: string, rule?: RegExp) =>
  assertRefused("pusher-beams-token", { ...input, ...more }, code, option, { rule });

describe("pusher-beams-token", () => {
  it("signs HS256 with iss = the instance URL, sub = user id, and exactly 24 hours", () => {
    const out = run();
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, {
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 86_400,
      iss: `https://${INSTANCE}.pushnotifications.pusher.com`,
      sub: "user-42",
    });
    // The key's text is the HMAC key (not the bytes its hex spells).
    assert.ok(signatureValid(out.token, Buffer.from(SECRET)));
    assert.ok(!signatureValid(out.token, Buffer.from(SECRET, "hex")));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 86_400) * 1000));
    assert.deepEqual(out.warnings, []);
  });

  it('gives the auth endpoint\'s answer {"token": ...}', () => {
    const out = run();
    assert.deepEqual(JSON.parse(out.response_body as string), { token: out.token });
  });

  it("takes a user id of exactly 164 characters and refuses 165", () => {
    const longest = "u".repeat(164);
    assert.equal(decoded(run({ user_id: longest }).token).payload.sub, longest);
    refused({ user_id: "u".repeat(165) }, "ERR_INPUT_RULE", "user_id", /164/);
  });

  it("refuses an empty user id, an instance id that is no host name label, and a short secret", () => {
    refused({ user_id: "" }, "ERR_OPTION_INVALID", "user_id");
    refused({ instance_id: "https://x.pushnotifications.pusher.com" }, "ERR_OPTION_INVALID", "instance_id");
    refused({ secret_key: "ABCDEF" }, "ERR_KEY_WEAK", "secret_key", /32 bytes/);
  });
});
