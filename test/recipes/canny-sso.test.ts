// Canny's SSO token: every rule asserted on a real token signed at a frozen instant, with the signature
// checked with the private key's text as Canny checks it, and each refusal by code and input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isJwtError, type JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const KEY = "0f3c5d2e-8b7a-4c1d-9e6f-123456789abc";
const USER = { private_key: KEY, user_id: "user-42", email: "ada@example.com", name: "Ada Lovelace" };
const run = (input: Record<string, unknown>) => runRecipe("canny-sso", input, { clock });

const refused = (input: Record<string, unknown>, code: JwtErrorCode, option: string) =>
  assertRefused("canny-sso", input, code, option, { unquoted: KEY.slice(0, 8) });

describe("canny-sso", () => {
  it("signs the user (id, email, name, avatarURL) HS256 with the private key's text, exp = iat + 60 min", () => {
    const out = run({ ...USER, avatar_url: "https://example.com/ada.png" });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, {
      avatarURL: "https://example.com/ada.png",
      email: "ada@example.com",
      id: "user-42",
      name: "Ada Lovelace",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
    });
    assert.ok(signatureValid(out.token, Buffer.from(KEY)));
    assert.ok(!signatureValid(out.token, Buffer.from(`${KEY}x`)));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 3600) * 1000));
    assert.equal(out.redirect_url, undefined);
  });

  it("adds the other identify fields given as JSON, and the chosen lifetime", () => {
    const out = run({
      ...USER,
      lifetime_minutes: 1440,
      extra_fields_json: '{"created": "2026-01-31T10:00:00Z", "companies": [{"id": "c1", "name": "Acme"}]}',
    });
    const { payload } = decoded(out.token);
    assert.equal(payload.created, "2026-01-31T10:00:00Z");
    assert.deepEqual(payload.companies, [{ id: "c1", name: "Acme" }]);
    assert.equal(payload.exp, NOW_SECONDS + 86_400);
  });

  it("builds the redirect flow's URL with ssoToken, companyID and redirect", () => {
    const out = run({
      ...USER,
      company_id: "5f8d0d55b54764421b7156c1",
      redirect: "https://feedback.example.com/p?x=1",
    });
    const url = new URL(String(out.redirect_url));
    assert.equal(`${url.origin}${url.pathname}`, "https://canny.io/api/redirects/sso");
    assert.equal(url.searchParams.get("ssoToken"), out.token);
    assert.equal(url.searchParams.get("companyID"), "5f8d0d55b54764421b7156c1");
    assert.equal(url.searchParams.get("redirect"), "https://feedback.example.com/p?x=1");
  });

  it("refuses what Canny would not take, naming the input", () => {
    refused({ ...USER, email: "not-an-email" }, "ERR_INPUT_RULE", "email");
    refused({ ...USER, avatar_url: "ada.png" }, "ERR_INPUT_RULE", "avatar_url");
    refused({ ...USER, extra_fields_json: '{"id": "other"}' }, "ERR_INPUT_RULE", "extra_fields_json");
    refused({ ...USER, extra_fields_json: "[1]" }, "ERR_INPUT_RULE", "extra_fields_json");
    refused({ ...USER, company_id: "5f8d0d55b54764421b7156c1" }, "ERR_INPUT_RULE", "redirect");
    refused({ ...USER, redirect: "https://feedback.example.com/" }, "ERR_INPUT_RULE", "company_id");
    refused({ ...USER, lifetime_minutes: 0 }, "ERR_INPUT_RULE", "lifetime_minutes");
    refused({ ...USER, private_key: "short" }, "ERR_KEY_WEAK", "private_key");
    assert.throws(
      () => run({ ...USER, name: "" }),
      (error: unknown) => isJwtError(error) && error.option === "name",
    );
  });
});
