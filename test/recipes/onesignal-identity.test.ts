// OneSignal identity verification: every documented rule on a real token signed at a frozen instant,
// checked with the public half of the key as OneSignal checks it, and each refusal by code and input.
import assert from "node:assert/strict";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import type { JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid, testKeys } from "./helpers.js";

const keys = testKeys();
const APP_ID = "5eb5a37e-b458-11e3-ac11-000c2940e62c";
const input = { app_id: APP_ID, external_id: "user-42", private_key: keys.ecPkcs8 };
const run = (more: Record<string, unknown> = {}) =>
  runRecipe("onesignal-identity", { ...input, ...more }, { clock });

const refused = (more: Record<string, unknown>, code: JwtErrorCode, option: string, rule?: RegExp) =>
  assertRefused("onesignal-identity", { ...input, ...more }, code, option, { rule });

describe("onesignal-identity", () => {
  it("signs ES256 (raw r||s) with iss = App ID, identity.external_id and exp", () => {
    const out = run();
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "ES256", typ: "JWT" });
    assert.deepEqual(payload, {
      iss: APP_ID,
      exp: NOW_SECONDS + 3600,
      identity: { external_id: "user-42" },
      iat: NOW_SECONDS,
    });
    assert.ok(signatureValid(out.token, keys.ec));
    assert.ok(!signatureValid(out.token, generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 3600) * 1000));
    assert.equal(out.authorization_header, `Bearer ${out.token}`);
    assert.deepEqual(out.warnings, []);
  });

  it("takes the key in SEC1 form too, and sets exp from lifetime_minutes", () => {
    const out = run({ private_key: keys.ecSec1, lifetime_minutes: 5 });
    assert.equal(decoded(out.token).payload.exp, NOW_SECONDS + 300);
    assert.ok(signatureValid(out.token, keys.ec));
  });

  it("keeps the external id exactly as given", () => {
    const out = run({ external_id: "Ünïcode id 7" });
    assert.deepEqual(decoded(out.token).payload.identity, { external_id: "Ünïcode id 7" });
  });

  it("refuses an RSA key: OneSignal takes ES256 only", () => {
    refused({ private_key: keys.rsaPkcs8 }, "ERR_KEY_INVALID", "private_key", /ES256/);
  });

  it("refuses an EC key on another curve", () => {
    const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    refused({ private_key: p384 }, "ERR_KEY_INVALID", "private_key");
  });

  it("refuses the public key", () => {
    const publicPem = createPublicKey(keys.ec).export({ type: "spki", format: "pem" }).toString();
    refused({ private_key: publicPem }, "ERR_KEY_INVALID", "private_key", /private key/);
  });

  it("refuses an App ID that is not a UUID, a missing external id, and a lifetime of 0", () => {
    refused({ app_id: "my-app" }, "ERR_OPTION_INVALID", "app_id", /UUID/);
    refused({ external_id: "" }, "ERR_OPTION_INVALID", "external_id");
    refused({ lifetime_minutes: 0 }, "ERR_INPUT_RULE", "lifetime_minutes");
  });
});
