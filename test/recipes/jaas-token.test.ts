// 8x8 JaaS rules asserted on a real token signed at a frozen instant, its RS256 signature checked with
// the public key JaaS holds, the meeting URL, and each refusal before signing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid, testKeys } from "./helpers.js";

const keys = testKeys();
const APP = "vpaas-magic-cookie-1d2e6a201d594c8f87a630e3f71826d3";
const base = { app_id: APP, key_id: "ed85b6", private_key: keys.rsaPkcs8, room: "review" };
const run = (input: Record<string, unknown>) => runRecipe("jaas-token", input, { clock });
const ID = "jaas-token";
const ALL_OFF = {
  livestreaming: "false",
  recording: "false",
  transcription: "false",
  "sip-inbound-call": "false",
  "sip-outbound-call": "false",
  "inbound-call": "false",
  "outbound-call": "false",
  "file-upload": "false",
  "list-visitors": "false",
};

describe("jaas-token", () => {
  it("signs RS256 with kid AppID/keyId: aud jitsi, iss chat, sub AppID, room, nbf 10 s early, exp 2 h", () => {
    const out = run(base);
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT", kid: `${APP}/ed85b6` });
    assert.deepEqual(payload, {
      aud: "jitsi",
      iss: "chat",
      sub: APP,
      room: "review",
      iat: NOW_SECONDS,
      nbf: NOW_SECONDS - 10,
      exp: NOW_SECONDS + 7200,
      context: { user: { moderator: "false" }, features: ALL_OFF },
    });
    assert.ok(signatureValid(out.token, keys.rsa));
    assert.equal(out.room_name, `${APP}/review`);
    assert.equal(out.meeting_url, `https://8x8.vc/${APP}/review?jwt=${out.token}`);
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 7200) * 1000));
  });

  it("writes the user and features as the texts true and false, and takes the whole kid as key ID", () => {
    const out = run({
      ...base,
      key_id: `${APP}/ed85b6`,
      room: "team room",
      user_id: "42",
      user_name: "Ada",
      user_email: "ada@example.com",
      user_avatar: "https://example.com/ada.png",
      moderator: true,
      features: "recording, Transcription",
    });
    const { header, payload } = decoded(out.token);
    assert.equal(header.kid, `${APP}/ed85b6`);
    assert.deepEqual(payload.context, {
      user: {
        id: "42",
        name: "Ada",
        email: "ada@example.com",
        avatar: "https://example.com/ada.png",
        moderator: "true",
      },
      features: { ...ALL_OFF, recording: "true", transcription: "true" },
    });
    assert.equal(out.meeting_url, `https://8x8.vc/${APP}/team%20room?jwt=${out.token}`);
    assert.deepEqual(out.warnings, []);
  });

  it("warns that features need a moderator, and gives no URL for any room (*)", () => {
    const out = run({ ...base, room: "*", features: "recording" });
    assert.equal(decoded(out.token).payload.room, "*");
    assert.equal(out.meeting_url, undefined);
    assert.match(String(out.warnings), /moderator/);
    assert.match(String(out.warnings), /any room/);
  });

  it("refuses what JaaS would refuse, naming the input", () => {
    assertRefused(ID, { ...base, app_id: "my-app" }, "ERR_OPTION_INVALID", "app_id", /vpaas-magic-cookie/);
    assertRefused(ID, { ...base, key_id: "a b" }, "ERR_INPUT_RULE", "key_id", /kid/);
    assertRefused(ID, { ...base, key_id: "other-app/ed85b6" }, "ERR_INPUT_RULE", "key_id", /kid/);
    assertRefused(ID, { ...base, room: " " }, "ERR_OPTION_INVALID", "room", /room/);
    assertRefused(
      ID,
      { ...base, features: "recording, chat" },
      "ERR_INPUT_RULE",
      "features",
      /context.features/,
    );
    assertRefused(ID, { ...base, user_avatar: "http://x/a.png" }, "ERR_INPUT_RULE", "user_avatar", /avatar/);
    assertRefused(ID, { ...base, lifetime_minutes: 0 }, "ERR_INPUT_RULE", "lifetime_minutes", /positive/);
    assertRefused(ID, { ...base, private_key: keys.ecPkcs8 }, "ERR_KEY_INVALID", "private_key", /RS256/);
  });
});
