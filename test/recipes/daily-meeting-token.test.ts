// Daily's self-signed token rules asserted on a real token signed at a frozen instant, its signature
// checked with the API key's bytes, the room URL, and each refusal before signing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid } from "./helpers.js";

const KEY = "7b3c9e1f0a2d4c6e8f1a3b5c7d9e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e";
const DOMAIN_ID = "30f866c3-9123-452a-8723-ff58322d09c5";
const base = { api_key: KEY, domain_id: DOMAIN_ID, room: "hello" };
const run = (input: Record<string, unknown>) => runRecipe("daily-meeting-token", input, { clock });
const ID = "daily-meeting-token";

describe("daily-meeting-token", () => {
  it("signs HS256 with the API key's text: r, d, iat and exp (60 minutes by default)", () => {
    const out = run(base);
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, { r: "hello", d: DOMAIN_ID, iat: NOW_SECONDS, exp: NOW_SECONDS + 3600 });
    assert.ok(signatureValid(out.token, Buffer.from(KEY, "utf8")));
    assert.ok(!signatureValid(out.token, Buffer.from(KEY, "hex")), "the key's text, not its hex bytes");
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 3600) * 1000));
    assert.equal(out.room_url, undefined);
  });

  it("writes the abbreviated options and the room URL with the token as t", () => {
    const out = run({
      ...base,
      domain_id: DOMAIN_ID.toUpperCase(),
      domain: "Acme",
      user_name: "Ada",
      user_id: "42",
      is_owner: true,
      start_video_off: true,
      start_audio_off: true,
      eject_at_token_exp: true,
      lifetime_minutes: 15,
    });
    assert.deepEqual(decoded(out.token).payload, {
      r: "hello",
      d: DOMAIN_ID,
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 900,
      u: "Ada",
      ud: "42",
      o: true,
      vo: true,
      ao: true,
      ejt: true,
    });
    assert.equal(out.room_url, `https://acme.daily.co/hello?t=${out.token}`);
  });

  it("refuses what Daily would refuse, naming the input", () => {
    assertRefused(ID, { ...base, domain_id: "acme" }, "ERR_OPTION_INVALID", "domain_id", /UUID/);
    assertRefused(
      ID,
      { ...base, room: "https://acme.daily.co/hello" },
      "ERR_INPUT_RULE",
      "room",
      /every room/,
    );
    assertRefused(ID, { ...base, domain: "acme.daily.co" }, "ERR_OPTION_INVALID", "domain", /subdomain/);
    assertRefused(ID, { ...base, lifetime_minutes: 0 }, "ERR_INPUT_RULE", "lifetime_minutes", /forever/);
    assertRefused(ID, { ...base, api_key: "short" }, "ERR_KEY_WEAK", "api_key", /API key/);
  });
});
