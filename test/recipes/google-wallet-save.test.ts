// Save to Google Wallet: every rule asserted on a real token signed at a frozen instant, with the
// signature checked with the service account's public key, and each refusal by code and input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, serviceAccountJson, signatureValid, testKeys } from "./helpers.js";

const keys = testKeys();
const account = JSON.parse(serviceAccountJson());
const PASS = {
  genericObjects: [{ id: "3388000000012345678.member-42", classId: "3388000000012345678.membership" }],
};
const BASE = { service_account_json: serviceAccountJson(), payload_json: JSON.stringify(PASS) };
const run = (input: Record<string, unknown>) => runRecipe("google-wallet-save", input, { clock });

const refused = (input: Record<string, unknown>, code: JwtErrorCode, option: string) =>
  assertRefused("google-wallet-save", input, code, option, { unquoted: "MII" });

describe("google-wallet-save", () => {
  it("signs RS256: iss = client_email, aud google, typ savetowallet as a claim, iat, origins, payload; no exp", () => {
    const out = run({ ...BASE, origins: "https://www.example.com, shop.example.com" });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT", kid: account.private_key_id });
    assert.deepEqual(payload, {
      iss: account.client_email,
      aud: "google",
      typ: "savetowallet",
      iat: NOW_SECONDS,
      origins: ["https://www.example.com", "shop.example.com"],
      payload: PASS,
    });
    assert.ok(signatureValid(out.token, keys.rsa));
    assert.equal(out.expires_at, null);
    assert.equal(out.save_url, `https://pay.google.com/gp/v/save/${out.token}`);
    assert.deepEqual(out.warnings, []);
  });

  it("writes an empty origins list for a link alone, and takes whole classes and objects of several kinds", () => {
    const full = {
      loyaltyClasses: [{ id: "3388000000012345678.gold", issuerName: "Example", programName: "Gold" }],
      loyaltyObjects: [
        { id: "3388000000012345678.card_7", classId: "3388000000012345678.gold", state: "ACTIVE" },
      ],
    };
    const out = run({ ...BASE, payload_json: JSON.stringify(full) });
    const { payload } = decoded(out.token);
    assert.deepEqual(payload.origins, []);
    assert.deepEqual(payload.payload, full);
  });

  it("warns when the save link grows long enough to be cut", () => {
    const big = { genericClasses: [{ id: "3388000000012345678.big", note: "x".repeat(2000) }] };
    const out = run({ ...BASE, payload_json: JSON.stringify(big) });
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0] ?? "", /characters long/);
  });

  it("refuses what Google would not take, naming the input", () => {
    for (const payload of [
      "{}",
      "[]",
      "{not json",
      '{"genericObject": [{"id": "1.a"}]}',
      '{"genericObjects": []}',
      '{"genericObjects": {"id": "1.a"}}',
      '{"genericObjects": [{"classId": "1.c"}]}',
      '{"genericObjects": [{"id": "member-42"}]}',
      '{"genericObjects": [{"id": "3388.a b"}]}',
      '{"genericObjects": [{"id": "3388.a", "classId": "membership"}]}',
    ]) {
      refused({ ...BASE, payload_json: payload }, "ERR_INPUT_RULE", "payload_json");
    }
    refused({ ...BASE, origins: "https://www.example.com/path" }, "ERR_INPUT_RULE", "origins");
    refused({ ...BASE, origins: "ftp://www.example.com" }, "ERR_INPUT_RULE", "origins");
    refused({ ...BASE, service_account_json: keys.rsaPkcs8 }, "ERR_INPUT_RULE", "service_account_json");
    const ecAccount = JSON.stringify({ ...account, private_key: keys.ecPkcs8 });
    refused({ ...BASE, service_account_json: ecAccount }, "ERR_KEY_INVALID", "service_account_json");
  });
});
