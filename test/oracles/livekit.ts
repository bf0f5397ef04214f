// The same LiveKit token from the recipe and from livekit-server-sdk (offline): same grants and
// registered claims, timestamps aside, and each side's token verifies with the other side's checks.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AccessToken, TokenVerifier, TrackSource } from "livekit-server-sdk";
import { verifyJwt } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { clock, decoded, signatureValid, withoutTimes } from "../recipes/helpers.js";

const API_KEY = "APIoracle42";
const SECRET = "oracleLiveKitSecretoracleLiveKitSecret99";
/**
 * TokenVerifier checks exp and nbf against the real clock and takes no other: a tolerance of 30 years
 * lets it judge our frozen-clock token on any date, while the signature and issuer checks stay strict.
 */
const ANY_DATE_TOLERANCE = 30 * 365 * 86_400;
const lifetime = (token: string) => (decoded(token).payload.exp ?? 0) - (decoded(token).payload.nbf ?? 0);

describe("livekit-server-sdk AccessToken and TokenVerifier", async () => {
  const ours = runRecipe(
    "livekit-token",
    {
      api_key: API_KEY,
      api_secret: SECRET,
      identity: "user-42",
      room: "standup",
      participant_name: "Ada",
      can_publish: false,
      publish_sources: "camera, screen_share_audio",
      metadata: '{"plan":"pro"}',
      attributes: '{"role":"host"}',
      lifetime_minutes: 90,
    },
    { clock },
  ).token;
  const access = new AccessToken(API_KEY, SECRET, {
    identity: "user-42",
    name: "Ada",
    metadata: '{"plan":"pro"}',
    attributes: { role: "host" },
    ttl: 90 * 60,
  });
  access.addGrant({
    room: "standup",
    roomJoin: true,
    canPublish: false,
    canSubscribe: true,
    canPublishData: true,
    canPublishSources: [TrackSource.CAMERA, TrackSource.SCREEN_SHARE_AUDIO],
  });
  const theirs = await access.toJwt();

  it("same alg, same grants and claims, same lifetime (the SDK writes no typ and no iat)", () => {
    assert.equal(decoded(ours).header.alg, decoded(theirs).header.alg);
    assert.deepEqual(withoutTimes(decoded(ours).payload), withoutTimes(decoded(theirs).payload));
    assert.equal(lifetime(ours), lifetime(theirs));
    assert.equal(lifetime(ours), 90 * 60);
  });

  it("the SDK's TokenVerifier accepts ours; the engine and LiveKit's check accept theirs", async () => {
    const verified = await new TokenVerifier(API_KEY, SECRET).verify(ours, ANY_DATE_TOLERANCE);
    assert.equal(verified.sub, "user-42");
    await assert.rejects(new TokenVerifier(API_KEY, `${SECRET}x`).verify(ours, ANY_DATE_TOLERANCE));
    await assert.rejects(new TokenVerifier("APIother", SECRET).verify(ours, ANY_DATE_TOLERANCE));
    assert.ok(signatureValid(theirs, Buffer.from(SECRET, "utf8")));
    const checked = verifyJwt(theirs, SECRET, {
      algorithms: ["HS256"],
      issuer: API_KEY,
      clock: () => (decoded(theirs).payload.nbf ?? 0) * 1000,
    });
    assert.equal(checked.payload.sub, "user-42");
  });
});
