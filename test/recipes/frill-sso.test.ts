// Frill's SSO token: every rule asserted on a real token signed at a frozen instant, with the signature
// checked with the Frill SSO Key's text as Frill checks it, and each refusal by code and input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isJwtError, type JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const KEY = "frill-sso-key-0123456789abcdef0123456789";
const USER = { sso_key: KEY, user_id: "user-42", email: "ada@example.com", name: "Ada Lovelace" };
const run = (input: Record<string, unknown>) => runRecipe("frill-sso", input, { clock });

const refused = (input: Record<string, unknown>, code: JwtErrorCode, option: string) =>
  assertRefused("frill-sso", input, code, option, { unquoted: KEY.slice(0, 8) });

describe("frill-sso", () => {
  it("signs email, id and name HS256 with the Frill SSO Key's text, exp = iat + 60 min", () => {
    const out = run(USER);
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, {
      email: "ada@example.com",
      id: "user-42",
      name: "Ada Lovelace",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
    });
    assert.ok(signatureValid(out.token, Buffer.from(KEY)));
    assert.ok(!signatureValid(out.token, Buffer.from(KEY.toUpperCase())));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 3600) * 1000));
  });

  it("adds avatar when given, leaves name out when empty, and takes the chosen lifetime", () => {
    const out = run({ ...USER, name: "", avatar_url: "https://example.com/ada.png", lifetime_minutes: 10 });
    const { payload } = decoded(out.token);
    assert.equal(payload.avatar, "https://example.com/ada.png");
    assert.equal("name" in payload, false);
    assert.equal(payload.exp, NOW_SECONDS + 600);
  });

  it("refuses what Frill would not take, naming the input", () => {
    refused({ ...USER, email: "ada" }, "ERR_INPUT_RULE", "email");
    refused({ ...USER, avatar_url: "javascript:alert(1)" }, "ERR_INPUT_RULE", "avatar_url");
    refused({ ...USER, lifetime_minutes: -5 }, "ERR_INPUT_RULE", "lifetime_minutes");
    refused({ ...USER, sso_key: "tiny" }, "ERR_KEY_WEAK", "sso_key");
    assert.throws(
      () => run({ ...USER, email: undefined }),
      (error: unknown) => isJwtError(error) && error.option === "email",
    );
  });
});
