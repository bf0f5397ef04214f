// Featurebase's SSO token: every rule asserted on a real token signed at a frozen instant, with the
// signature checked with the JWT secret's text as Featurebase checks it, and each refusal by code and input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const SECRET = "featurebase-jwt-secret-0123456789abcdef";
const USER = { jwt_secret: SECRET, user_id: "user-42", email: "ada@example.com", name: "Ada Lovelace" };
const run = (input: Record<string, unknown>) => runRecipe("featurebase-sso", input, { clock });

const refused = (input: Record<string, unknown>, code: JwtErrorCode, option: string) =>
  assertRefused("featurebase-sso", input, code, option, { unquoted: SECRET.slice(0, 8) });

describe("featurebase-sso", () => {
  it("signs name, email, userId HS256 with the JWT secret's text, exp = iat + 60 min", () => {
    const out = run(USER);
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, {
      name: "Ada Lovelace",
      email: "ada@example.com",
      userId: "user-42",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
    });
    assert.ok(signatureValid(out.token, Buffer.from(SECRET)));
    assert.ok(!signatureValid(out.token, Buffer.from(`${SECRET}0`)));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 3600) * 1000));
  });

  it("takes the email alone or the user ID alone", () => {
    const byEmail = decoded(run({ jwt_secret: SECRET, email: "ada@example.com" }).token).payload;
    assert.equal(byEmail.email, "ada@example.com");
    assert.equal("userId" in byEmail, false);
    const byId = decoded(run({ jwt_secret: SECRET, user_id: "user-42" }).token).payload;
    assert.equal(byId.userId, "user-42");
    assert.equal("email" in byId, false);
  });

  it("passes companies (id or companyId), profilePicture and configured attributes through", () => {
    const companies = [
      { id: "987654321", name: "Business Inc.", monthlySpend: 500, createdAt: "2023-05-19T15:35:49.915Z" },
      { companyId: 7, name: "Other" },
    ];
    const out = run({
      ...USER,
      profile_picture: "https://example.com/ada.png",
      companies_json: JSON.stringify(companies),
      extra_fields_json: '{"plan": "Premium", "tags": ["beta"], "locale": "en"}',
    });
    const { payload } = decoded(out.token);
    assert.deepEqual(payload.companies, companies);
    assert.equal(payload.profilePicture, "https://example.com/ada.png");
    assert.equal(payload.plan, "Premium");
    assert.deepEqual(payload.tags, ["beta"]);
    assert.equal(payload.locale, "en");
  });

  it("refuses what Featurebase would not take, naming the input", () => {
    refused({ jwt_secret: SECRET, name: "Ada" }, "ERR_INPUT_RULE", "user_id");
    refused({ ...USER, email: "ada@" }, "ERR_INPUT_RULE", "email");
    refused({ ...USER, companies_json: '{"id": "1", "name": "A"}' }, "ERR_INPUT_RULE", "companies_json");
    refused({ ...USER, companies_json: '[{"name": "A"}]' }, "ERR_INPUT_RULE", "companies_json");
    refused({ ...USER, companies_json: '[{"id": "1"}]' }, "ERR_INPUT_RULE", "companies_json");
    refused({ ...USER, companies_json: "[1" }, "ERR_INPUT_RULE", "companies_json");
    refused({ ...USER, extra_fields_json: '{"userId": "x"}' }, "ERR_INPUT_RULE", "extra_fields_json");
    refused({ ...USER, profile_picture: "ada.png" }, "ERR_INPUT_RULE", "profile_picture");
    refused({ ...USER, lifetime_minutes: 0 }, "ERR_INPUT_RULE", "lifetime_minutes");
    refused({ ...USER, jwt_secret: "short" }, "ERR_KEY_WEAK", "jwt_secret");
  });
});
