// Vonage application JWTs: every documented rule on a real token signed at a frozen instant, the
// RS256 signature checked with the application's public key as Vonage checks it, and each refusal by
// code and input.
import assert from "node:assert/strict";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import type { JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid, testKeys } from "./helpers.js";

const keys = testKeys();
const APP_ID = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab";
const ACL = { paths: { "/*/users/**": {}, "/*/conversations/**": {}, "/*/sessions/**": {} } };
const input = { application_id: APP_ID, private_key: keys.rsaPkcs8 };
const run = (more: Record<string, unknown> = {}) =>
  runRecipe("vonage-app-jwt", { ...input, ...more }, { clock });
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const refused = (more: Record<string, unknown>, code: JwtErrorCode, option: string, rule?: RegExp) =>
  assertRefused("vonage-app-jwt", { ...input, ...more }, code, option, { rule });

describe("vonage-app-jwt", () => {
  it("signs RS256 with application_id, iat, a UUID jti and exp 15 minutes on by default", () => {
    const out = run();
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT" });
    const { jti, ...rest } = payload;
    assert.deepEqual(rest, { application_id: APP_ID, iat: NOW_SECONDS, exp: NOW_SECONDS + 900 });
    assert.match(String(jti), UUID_V4);
    assert.ok(signatureValid(out.token, keys.rsa));
    assert.ok(!signatureValid(out.token, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey));
    assert.equal(out.authorization_header, `Bearer ${out.token}`);
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 900) * 1000));
    assert.deepEqual(out.warnings, []);
  });

  it("gives every token its own jti", () => {
    assert.notEqual(decoded(run().token).payload.jti, decoded(run().token).payload.jti);
  });

  it("adds sub and acl for a Client SDK user, the acl as an object", () => {
    const out = run({ subject: "alice", acl: JSON.stringify(ACL), private_key: keys.rsaPkcs1 });
    const { payload } = decoded(out.token);
    assert.equal(payload.sub, "alice");
    assert.deepEqual(payload.acl, ACL);
    assert.ok(signatureValid(out.token, keys.rsa));
  });

  it("takes 24 hours and 30 seconds, and refuses more or less", () => {
    assert.equal(decoded(run({ lifetime_minutes: 1440 }).token).payload.exp, NOW_SECONDS + 86_400);
    assert.equal(decoded(run({ lifetime_minutes: 0.5 }).token).payload.exp, NOW_SECONDS + 30);
    refused({ lifetime_minutes: 1441 }, "ERR_INPUT_RULE", "lifetime_minutes", /24 hours/);
    refused({ lifetime_minutes: 0.4 }, "ERR_INPUT_RULE", "lifetime_minutes", /30 seconds/);
  });

  it("refuses an EC key, a public key and a key that is no key", () => {
    refused({ private_key: keys.ecPkcs8 }, "ERR_KEY_INVALID", "private_key", /RS256/);
    const publicPem = createPublicKey(keys.rsa).export({ type: "spki", format: "pem" }).toString();
    refused({ private_key: publicPem }, "ERR_KEY_INVALID", "private_key", /private key/);
    refused({ private_key: "private.key" }, "ERR_KEY_INVALID", "private_key");
  });

  it("refuses an application id that is not a UUID and an acl without paths", () => {
    refused({ application_id: "my-app" }, "ERR_OPTION_INVALID", "application_id", /UUID/);
    refused({ acl: '{"path": {}}' }, "ERR_INPUT_RULE", "acl", /"paths"/);
    refused({ acl: '["/*/users/**"]' }, "ERR_INPUT_RULE", "acl", /JSON object/);
  });
});
