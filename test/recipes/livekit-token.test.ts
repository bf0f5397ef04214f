// LiveKit's rules asserted on a real token signed at a frozen instant, checked as LiveKit's server does
// (HS256 with the secret's text, iss = API key, exp required), and each refusal before signing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const SECRET = "liveKitSecretliveKitSecretliveKitSecret1";
const base = { api_key: "APIabc123", api_secret: SECRET, identity: "user-42", room: "standup" };
const run = (input: Record<string, unknown>) => runRecipe("livekit-token", input, { clock });

describe("livekit-token", () => {
  it("signs HS256 with the secret's text: iss = API key, sub = identity, nbf = now, exp = nbf + 6 h by default", () => {
    const out = run(base);
    const { header, payload } = decoded(out.token);
    assert.equal(header.alg, "HS256");
    assert.equal(header.kid, undefined);
    assert.deepEqual(payload, {
      video: { room: "standup", roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true },
      iss: "APIabc123",
      exp: NOW_SECONDS + 6 * 3600,
      nbf: NOW_SECONDS,
      sub: "user-42",
      iat: NOW_SECONDS,
    });
    assert.ok(signatureValid(out.token, Buffer.from(SECRET, "utf8")));
    assert.ok(!signatureValid(out.token, Buffer.from(`${SECRET}x`, "utf8")));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 6 * 3600) * 1000));
  });

  it("writes the permissions, sources, name, metadata and attributes as the grants", () => {
    const out = run({
      ...base,
      participant_name: "Ada",
      can_publish: false,
      can_subscribe: true,
      can_publish_data: false,
      publish_sources: "camera, screen_share",
      metadata: '{"plan":"pro"}',
      attributes: '{"role": "host"}',
      lifetime_minutes: 30,
    });
    const { payload } = decoded(out.token);
    assert.equal(payload.name, "Ada");
    assert.equal(payload.metadata, '{"plan":"pro"}');
    assert.deepEqual(payload.attributes, { role: "host" });
    assert.deepEqual(payload.video, {
      room: "standup",
      roomJoin: true,
      canPublish: false,
      canSubscribe: true,
      canPublishData: false,
      canPublishSources: ["camera", "screen_share"],
    });
    assert.equal(payload.exp, NOW_SECONDS + 1800);
  });

  it("refuses what LiveKit would refuse, naming the input", () => {
    assertRefused("livekit-token", { ...base, identity: "  " }, "ERR_OPTION_INVALID", "identity", /identity/);
    assertRefused(
      "livekit-token",
      { ...base, publish_sources: "camera, webcam" },
      "ERR_INPUT_RULE",
      "publish_sources",
      /canPublishSources/,
    );
    assertRefused(
      "livekit-token",
      { ...base, attributes: '{"level": 3}' },
      "ERR_INPUT_RULE",
      "attributes",
      /text to text/,
    );
    assertRefused(
      "livekit-token",
      { ...base, attributes: "[1]" },
      "ERR_INPUT_RULE",
      "attributes",
      /text to text/,
    );
    assertRefused(
      "livekit-token",
      { ...base, lifetime_minutes: -5 },
      "ERR_INPUT_RULE",
      "lifetime_minutes",
      /exp/,
    );
    assertRefused(
      "livekit-token",
      { ...base, api_secret: "secret" },
      "ERR_KEY_WEAK",
      "api_secret",
      /API secret/,
    );
    assertRefused("livekit-token", { ...base, api_key: "API abc" }, "ERR_INPUT_RULE", "api_key", /API key/);
  });
});
