// The same Vonage application JWT from the recipe and from Vonage's SDK (tokenGenerate, offline): same
// header, the same claims but for the per-token jti and the times, the same lifetime; each side's token
// verifies with the other side's checks (verifySignature, and the engine's verifyJwt).
import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { describe, it } from "node:test";
import { tokenGenerate, verifySignature } from "@vonage/jwt";
import { fixedClock, verifyJwt } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { decoded, signatureValid, testKeys, withoutTimes } from "../recipes/helpers.js";

const keys = testKeys();
const APP_ID = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab";
const ACL = { paths: { "/*/users/**": {}, "/*/conversations/**": {}, "/*/sessions/**": {} } };
const publicPem = createPublicKey(keys.rsa).export({ type: "spki", format: "pem" }).toString();
const lifetime = (token: string) => (decoded(token).payload.exp ?? 0) - (decoded(token).payload.iat ?? 0);

describe("@vonage/jwt tokenGenerate (application JWT)", () => {
  it("an application token: same header, same claims but jti, same 15-minute default", () => {
    const theirs = tokenGenerate(APP_ID, keys.rsaPkcs8);
    const ours = runRecipe("vonage-app-jwt", { application_id: APP_ID, private_key: keys.rsaPkcs8 }).token;
    assert.deepEqual(decoded(ours).header, decoded(theirs).header);
    assert.deepEqual(
      withoutTimes(decoded(ours).payload, ["jti"]),
      withoutTimes(decoded(theirs).payload, ["jti"]),
    );
    assert.equal(lifetime(ours), 900);
    assert.equal(lifetime(theirs), 900);
    assert.notEqual(decoded(ours).payload.jti, decoded(theirs).payload.jti);
  });

  it("a Client SDK token: same sub and acl; the SDK also leaks its option name subject as a claim", () => {
    const theirs = tokenGenerate(APP_ID, keys.rsaPkcs8, { subject: "alice", acl: ACL, ttl: 86_400 });
    const ours = runRecipe("vonage-app-jwt", {
      application_id: APP_ID,
      private_key: keys.rsaPkcs8,
      subject: "alice",
      acl: JSON.stringify(ACL),
      lifetime_minutes: 1440,
    }).token;
    const sdkClaims = withoutTimes(decoded(theirs).payload, ["jti"]);
    // A quirk of the SDK (its options are spread into the claims), not a Vonage rule: the recipe leaves it out.
    assert.equal(sdkClaims.subject, "alice");
    delete sdkClaims.subject;
    assert.deepEqual(withoutTimes(decoded(ours).payload, ["jti"]), sdkClaims);
    assert.equal(lifetime(ours), lifetime(theirs));
  });

  it("each verifies with the other's checks", () => {
    const theirs = tokenGenerate(APP_ID, keys.rsaPkcs8);
    const ours = runRecipe("vonage-app-jwt", { application_id: APP_ID, private_key: keys.rsaPkcs8 }).token;
    assert.equal(verifySignature(ours, publicPem), true);
    assert.equal(verifySignature(`${ours.slice(0, -4)}AAAA`, publicPem), false);
    const iat = decoded(theirs).payload.iat ?? 0;
    const checked = verifyJwt(theirs, publicPem, { algorithms: ["RS256"], clock: fixedClock(iat * 1000) });
    assert.equal(checked.payload.application_id, APP_ID);
    assert.ok(signatureValid(theirs, keys.rsa));
  });
});
