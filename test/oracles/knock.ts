// The Knock user token from the recipe and from @knocklabs/node's signUserToken (offline): same header
// and claims, timestamps aside, same lifetime, and both signed by the same key. The SDK cannot verify
// tokens, so each side's token is checked with the public key by the engine and by node:crypto. The
// SDK is installed in test/oracles/node_modules only; knock.test.ts loads this file when it is.
import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { describe, it } from "node:test";
import { buildUserTokenGrant, Grants, signUserToken } from "@knocklabs/node";
import { fixedClock, verifyJwt } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { decoded, signatureValid, testKeys, withoutTimes } from "../recipes/helpers.js";

const keys = testKeys();
const publicPem = createPublicKey(keys.rsa).export({ type: "spki", format: "pem" }) as string;
const base64Pkcs8 = Buffer.from(keys.rsaPkcs8).toString("base64");
const lifetime = (token: string) => (decoded(token).payload.exp ?? 0) - (decoded(token).payload.iat ?? 0);

/** Verifies with the public key at the token's own signing time, so the host clock does not matter. */
function verifiesWithPublicKey(token: string): boolean {
  const at = (decoded(token).payload.iat ?? 0) * 1000;
  return (
    verifyJwt(token, publicPem, { algorithms: ["RS256"], clock: fixedClock(at) }).payload.sub !== undefined
  );
}

describe("@knocklabs/node signUserToken", () => {
  it("same header and claims, same one-hour default lifetime, for the base64 key Knock shows", async () => {
    const theirs = await signUserToken("user-42", { signingKey: base64Pkcs8 });
    const ours = runRecipe("knock-user-token", { signing_key: base64Pkcs8, user_id: "user-42" }).token;
    assert.deepEqual(decoded(ours).header, decoded(theirs).header);
    assert.deepEqual(withoutTimes(decoded(ours).payload), withoutTimes(decoded(theirs).payload));
    assert.equal(lifetime(ours), 3600);
    assert.equal(lifetime(theirs), 3600);
  });

  it("the same grants claim as buildUserTokenGrant for users, tenants and objects, and the same lifetime", async () => {
    const grants = [
      buildUserTokenGrant({ type: "tenant", id: "acme" }, [Grants.SlackChannelsRead]),
      buildUserTokenGrant({ type: "user", id: "user-42" }, [Grants.UserFeedRead, Grants.ChannelDataWrite]),
      buildUserTokenGrant({ type: "object", collection: "projects", id: "p1" }, [Grants.ChannelDataRead]),
    ];
    const theirs = await signUserToken("user-42", {
      signingKey: keys.rsaPkcs8,
      expiresInSeconds: 900,
      grants,
    });
    const theirGrants = decoded(theirs).payload.grants;
    const ours = runRecipe("knock-user-token", {
      signing_key: keys.rsaPkcs8,
      user_id: "user-42",
      lifetime_minutes: 15,
      grants_json: JSON.stringify(theirGrants),
    }).token;
    assert.deepEqual(withoutTimes(decoded(ours).payload), withoutTimes(decoded(theirs).payload));
    assert.deepEqual(Object.keys(theirGrants as object), [
      "https://api.knock.app/v1/objects/$tenants/acme",
      "https://api.knock.app/v1/users/user-42",
      "https://api.knock.app/v1/objects/projects/p1",
    ]);
    assert.equal(lifetime(ours), lifetime(theirs));
  });

  it("each token verifies with the key pair's public key, by the engine and by node:crypto", async () => {
    const theirs = await signUserToken("user-42", { signingKey: keys.rsaPkcs8 });
    const ours = runRecipe("knock-user-token", { signing_key: keys.rsaPkcs1, user_id: "user-42" }).token;
    for (const token of [ours, theirs]) {
      assert.ok(verifiesWithPublicKey(token));
      assert.ok(signatureValid(token, keys.rsa));
    }
  });

  it("a jti when asked, as the SDK's shouldGenerateJti", async () => {
    const theirs = await signUserToken("user-42", { signingKey: keys.rsaPkcs8, shouldGenerateJti: true });
    const ours = runRecipe("knock-user-token", {
      signing_key: keys.rsaPkcs8,
      user_id: "user-42",
      generate_jti: true,
    }).token;
    assert.equal(typeof decoded(theirs).payload.jti, "string");
    assert.equal(typeof decoded(ours).payload.jti, "string");
    assert.deepEqual(
      withoutTimes(decoded(ours).payload, ["jti"]),
      withoutTimes(decoded(theirs).payload, ["jti"]),
    );
  });

  it("the SDK refuses a PKCS#1 key (jose importPKCS8), which the recipe signs with: why the recipe takes both", async () => {
    await assert.rejects(signUserToken("user-42", { signingKey: keys.rsaPkcs1 }));
    const ours = runRecipe("knock-user-token", { signing_key: keys.rsaPkcs1, user_id: "user-42" }).token;
    assert.ok(signatureValid(ours, keys.rsa));
  });
});
