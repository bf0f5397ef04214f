// The seed's security advice as warnings: each kind is produced by a realistic token and stays quiet
// on ordinary ones, so builders are not taught to ignore it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  hasSensitiveName,
  isExampleSecret,
  LONG_LIFETIME_SECONDS,
  looksLikeCardNumber,
  securityWarnings,
} from "../../src/jwt/index.js";

const codes = (facts: Parameters<typeof securityWarnings>[0]) => securityWarnings(facts).map((w) => w.code);

describe("security warnings", () => {
  it("stays quiet on the seed's own example token", () => {
    const warnings = securityWarnings({
      claims: { user_id: "42", email: "ada@example.com", issued_at: "1732838400000", iat: 1, exp: 3601 },
      lifetimeSeconds: 3600,
      secretText: "k3Jx9vQ2mN8pL4wR7tY1uI6oA5sD0fG3hJ2kL9zX8cV",
    });
    assert.deepEqual(warnings, []);
  });

  it("names a claim whose name says it is a secret or personal data, in any spelling", () => {
    for (const name of [
      "password",
      "user_password",
      "userPassword",
      "pwd",
      "pass",
      "client_secret",
      "ssn",
      "social_security_number",
      "cardNumber",
      "card-number",
      "cvv",
      "IBAN",
      "api_key",
      "apiKey",
      "private key",
      "privateKey",
    ]) {
      assert.ok(hasSensitiveName(name), name);
      const [warning] = securityWarnings({ claims: { [name]: "x" } });
      assert.equal(warning?.code, "WARN_SENSITIVE_CLAIM", name);
      assert.equal(warning?.claim, name);
      assert.match(warning?.message ?? "", new RegExp(`"${name}" looks sensitive`));
      assert.match(warning?.message ?? "", /database/);
    }
  });

  it("does not flag ordinary names that merely contain those letters", () => {
    for (const name of [
      "passenger",
      "compass",
      "passport_country",
      "email",
      "user_id",
      "keynote",
      "secretary",
    ]) {
      assert.equal(hasSensitiveName(name), false, name);
    }
    assert.deepEqual(codes({ claims: { passenger: "Ada", compass: "north", role: "admin" } }), []);
  });

  it("finds sensitive members inside nested objects and lists, with their path", () => {
    const warnings = securityWarnings({
      claims: { user: { profile: { password: "hunter2" } }, cards: ["4111 1111 1111 1111"] },
    });
    assert.deepEqual(
      warnings.map((w) => w.claim),
      ["user.profile.password", "cards[0]"],
    );
    assert.ok(!warnings.some((w) => w.message.includes("hunter2")), "the value itself is never repeated");
  });

  it("flags values that look like a payment card number (Luhn-valid, 13 to 19 digits) or a PEM block", () => {
    assert.ok(looksLikeCardNumber("4111111111111111"));
    assert.ok(looksLikeCardNumber("4111-1111-1111-1111"));
    assert.ok(looksLikeCardNumber("378282246310005"));
    assert.ok(!looksLikeCardNumber("4111111111111112"), "fails Luhn");
    assert.ok(!looksLikeCardNumber("1732838400000"), "a 13-digit millisecond date that fails Luhn");
    assert.ok(!looksLikeCardNumber("12345"), "too short");
    assert.ok(!looksLikeCardNumber("41111111111111111111"), "20 digits");
    assert.deepEqual(codes({ claims: { note: "4111 1111 1111 1111" } }), ["WARN_SENSITIVE_CLAIM"]);
    assert.deepEqual(
      codes({ claims: { blob: "-----BEGIN PRIVATE KEY-----\nMII...\n-----END PRIVATE KEY-----" } }),
      ["WARN_SENSITIVE_CLAIM"],
    );
  });

  it("warns when the lifetime is over a day, saying how long a stolen token lives", () => {
    assert.deepEqual(codes({ claims: {}, lifetimeSeconds: LONG_LIFETIME_SECONDS }), []);
    const [warning] = securityWarnings({ claims: {}, lifetimeSeconds: 30 * 86_400 });
    assert.equal(warning?.code, "WARN_LONG_LIFETIME");
    assert.match(warning?.message ?? "", /30 days/);
    assert.match(warning?.message ?? "", /stolen/);
    assert.match(securityWarnings({ claims: {}, lifetimeSeconds: 36 * 3600 })[0]?.message ?? "", /36 hours/);
  });

  it("warns on well-known example secrets, whatever their case or surrounding spaces, with one message that never quotes them", () => {
    for (const secret of [
      "secret",
      " your-256-bit-secret ",
      "CHANGEME",
      "a-string-secret-at-least-256-bits-long",
    ]) {
      assert.ok(isExampleSecret(secret), secret);
      const [warning] = securityWarnings({ claims: {}, secretText: secret });
      assert.equal(warning?.code, "WARN_EXAMPLE_SECRET");
      assert.equal(warning?.message, securityWarnings({ claims: {}, secretText: "changeme" })[0]?.message);
    }
    assert.equal(isExampleSecret("k3Jx9vQ2mN8pL4wR7tY1uI6oA5sD0fG3hJ2kL9zX8cV"), false);
  });
});
