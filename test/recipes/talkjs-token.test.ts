// TalkJS user tokens: every documented rule on a real token signed at a frozen instant, the HMAC
// checked with the secret key's text as TalkJS checks it, and each refusal by code and input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isJwtError, type JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const SECRET = "sk_test_TalkJsTestSecretKey0123456789";
const input = { app_id: "tPx0Lx8s", user_id: "user-42", secret_key: SECRET };
const run = (more: Record<string, unknown> = {}) =>
  runRecipe("talkjs-token", { ...input, ...more }, { clock });

const refused = (more: Record<string, unknown>, code: JwtErrorCode, option: string, rule?: RegExp) =>
  assertRefused("talkjs-token", { ...input, ...more }, code, option, { rule });

describe("talkjs-token", () => {
  it("signs HS256 with tokenType user, iss = App ID, sub = user id and a one-day exp by default", () => {
    const out = run();
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, {
      tokenType: "user",
      iss: "tPx0Lx8s",
      sub: "user-42",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 86_400,
    });
    assert.ok(signatureValid(out.token, Buffer.from(SECRET)));
    assert.ok(!signatureValid(out.token, Buffer.from(`${SECRET}x`)));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 86_400) * 1000));
    assert.deepEqual(out.warnings, []);
  });

  it("sets exp from lifetime_minutes and takes a live key", () => {
    const live = "sk_live_TalkJsLiveSecretKey0123456789";
    const out = run({ lifetime_minutes: 30, secret_key: live });
    assert.equal(decoded(out.token).payload.exp, NOW_SECONDS + 1800);
    assert.ok(signatureValid(out.token, Buffer.from(live)));
  });

  it("refuses a secret that is not an sk_test_/sk_live_ key, without quoting it", () => {
    const wrong = "tPx0Lx8s-not-a-secret-key-but-long-enough";
    assert.throws(
      () => run({ secret_key: wrong }),
      (error) => {
        assert.ok(isJwtError(error));
        assert.equal(error.code, "ERR_INPUT_RULE");
        assert.equal(error.option, "secret_key");
        assert.match(error.message, /sk_test_ or sk_live_/);
        assert.ok(!error.message.includes("not-a-secret"));
        return true;
      },
    );
  });

  it("refuses an App ID with other characters, an empty user id and a lifetime of 0", () => {
    refused({ app_id: "my app" }, "ERR_OPTION_INVALID", "app_id", /letters and digits/);
    refused({ user_id: "" }, "ERR_OPTION_INVALID", "user_id");
    refused({ lifetime_minutes: 0 }, "ERR_INPUT_RULE", "lifetime_minutes");
  });

  it("refuses a secret too short for HS256", () => {
    refused({ secret_key: "sk_test_short" }, "ERR_KEY_WEAK", "secret_key", /32 bytes/);
  });
});
