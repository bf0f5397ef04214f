// Ably JWTs: every documented rule on a real token signed at a frozen instant, the HMAC checked with
// the key secret's text as Ably checks it, and each refusal by code and input (never quoting the key).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const KEY_NAME = "xVLyHw.DQrNxQ";
const KEY_SECRET = "TestSecretTestSecretTestSecretTestSecret123";
const input = { api_key: `${KEY_NAME}:${KEY_SECRET}` };
const run = (more: Record<string, unknown> = {}) => runRecipe("ably-token", { ...input, ...more }, { clock });

const refused = (more: Record<string, unknown>, code: JwtErrorCode, option: string, rule?: RegExp) =>
  assertRefused("ably-token", { ...input, ...more }, code, option, {
    rule,
    unquoted: KEY_SECRET.slice(0, 12),
  });

describe("ably-token", () => {
  it("signs HS256 with the key secret, kid = key name, the capability as JSON text, iat and exp", () => {
    const out = run();
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT", kid: KEY_NAME });
    assert.deepEqual(payload, {
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
      "x-ably-capability": '{"*":["*"]}',
    });
    assert.equal(typeof payload["x-ably-capability"], "string");
    assert.ok(signatureValid(out.token, Buffer.from(KEY_SECRET)));
    // The secret alone signs: the key name is not part of it.
    assert.ok(!signatureValid(out.token, Buffer.from(`${KEY_NAME}:${KEY_SECRET}`)));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 3600) * 1000));
    assert.deepEqual(out.warnings, []);
  });

  it("writes a given capability compactly as a string and the client id as x-ably-clientId", () => {
    const out = run({
      capability: '{ "chat:*": ["publish", "subscribe"],\n  "status": ["subscribe"] }',
      client_id: "user-42",
    });
    const { payload } = decoded(out.token);
    assert.equal(payload["x-ably-capability"], '{"chat:*":["publish","subscribe"],"status":["subscribe"]}');
    assert.deepEqual(JSON.parse(payload["x-ably-capability"] as string), {
      "chat:*": ["publish", "subscribe"],
      status: ["subscribe"],
    });
    assert.equal(payload["x-ably-clientId"], "user-42");
  });

  it("takes 24 hours, warning that a revocable key allows only 1 hour", () => {
    const out = run({ lifetime_minutes: 1440 });
    assert.equal(decoded(out.token).payload.exp, NOW_SECONDS + 86_400);
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0] ?? "", /revocable/);
  });

  it("refuses more than 24 hours", () => {
    refused({ lifetime_minutes: 1441 }, "ERR_INPUT_RULE", "lifetime_minutes", /24 hours/);
  });

  it("refuses a key without its name, or without its secret, describing only its form", () => {
    refused({ api_key: KEY_SECRET }, "ERR_INPUT_RULE", "api_key", /<app id>\.<key id>:<secret>/);
    refused({ api_key: `${KEY_NAME}:` }, "ERR_INPUT_RULE", "api_key");
    refused({ api_key: `DQrNxQ:${KEY_SECRET}` }, "ERR_INPUT_RULE", "api_key");
  });

  it("refuses a capability that is not an object of operation lists", () => {
    refused({ capability: '"*"' }, "ERR_INPUT_RULE", "capability", /JSON object/);
    refused({ capability: "{}" }, "ERR_INPUT_RULE", "capability", /at least one resource/);
    refused({ capability: '{"chat": "publish"}' }, "ERR_INPUT_RULE", "capability", /"chat"/);
    refused({ capability: '{"chat": []}' }, "ERR_INPUT_RULE", "capability");
    refused({ capability: "{chat: [publish]}" }, "ERR_INPUT_RULE", "capability", /not valid JSON/);
  });
});
