// Knock's user token: every rule asserted on a real token signed at a frozen instant, with the
// signature checked with the public key as Knock checks it, for each key form Knock hands out (PEM and
// its one-line base64) in PKCS#1 and PKCS#8, and each refusal by code and input.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import type { JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid, testKeys } from "./helpers.js";

const keys = testKeys();
const b64 = (text: string) => Buffer.from(text).toString("base64");
const BASE = { signing_key: b64(keys.rsaPkcs1), user_id: "user-42" };
const run = (input: Record<string, unknown>) => runRecipe("knock-user-token", input, { clock });

const refused = (input: Record<string, unknown>, code: JwtErrorCode, option: string) =>
  assertRefused("knock-user-token", input, code, option, { unquoted: BASE.signing_key.slice(20, 60) });

describe("knock-user-token", () => {
  it("signs RS256 with header {alg, typ}, sub = user id, iat, exp = iat + 1 h", () => {
    const out = run(BASE);
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT" });
    assert.deepEqual(payload, { sub: "user-42", iat: NOW_SECONDS, exp: NOW_SECONDS + 3600 });
    assert.ok(signatureValid(out.token, keys.rsa));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 3600) * 1000));
  });

  it("takes PKCS#1 and PKCS#8 keys, as PEM or one-line base64, all signing alike", () => {
    for (const signing_key of [keys.rsaPkcs1, keys.rsaPkcs8, b64(keys.rsaPkcs1), b64(keys.rsaPkcs8)]) {
      const out = run({ ...BASE, signing_key });
      assert.ok(signatureValid(out.token, keys.rsa));
    }
  });

  it("writes grants by resource URI, a jti when asked, and the chosen lifetime", () => {
    const grants = {
      "https://api.knock.app/v1/objects/$tenants/acme": { "slack/channels_read": [] },
      "https://api.knock.app/v1/users/user-42": { "user/feed_read": [], "channel_data/write": [] },
      "https://api.knock.app/v1/objects/projects/p1": { "channel_data/read": [] },
    };
    const out = run({
      ...BASE,
      grants_json: JSON.stringify(grants),
      generate_jti: true,
      lifetime_minutes: 15,
    });
    const { payload } = decoded(out.token);
    assert.deepEqual(payload.grants, grants);
    assert.match(
      String(payload.jti),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.equal(payload.exp, NOW_SECONDS + 900);
  });

  it("refuses what Knock would not take, naming the input", () => {
    for (const grants of [
      "[]",
      '{"users/user-42": {"user/feed_read": []}}',
      '{"https://api.knock.app/v1/users/user-42": []}',
      '{"https://api.knock.app/v1/users/user-42": {}}',
      '{"https://api.knock.app/v1/users/user-42": {"feed": []}}',
      '{"https://api.knock.app/v1/users/user-42": {"user/feed_read": true}}',
    ]) {
      refused({ ...BASE, grants_json: grants }, "ERR_INPUT_RULE", "grants_json");
    }
    refused({ ...BASE, lifetime_minutes: 0 }, "ERR_INPUT_RULE", "lifetime_minutes");
    refused({ ...BASE, signing_key: keys.ecPkcs8 }, "ERR_KEY_INVALID", "signing_key");
    refused({ ...BASE, signing_key: "LS0tLS1CRUdJTiBub3QgYSBrZXk=" }, "ERR_KEY_INVALID", "signing_key");
    const publicPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({
      type: "spki",
      format: "pem",
    });
    refused({ ...BASE, signing_key: String(publicPem) }, "ERR_KEY_INVALID", "signing_key");
  });
});
