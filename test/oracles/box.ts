// box-access-token against Box's own SDK (box-typescript-sdk-gen's BoxJwtAuth, jwtAuth.generated.ts):
// the SDK reads the same configuration file and posts its assertion to the same local HTTPS server
// playing Box's token endpoint (test/recipes/exchanges/fake-box.ts), reached by pointing the SDK's
// base URL at it and trusting its certificate through the SDK's own agent. Both requests are checked
// by the same code and compared: claims, lifetime, form members, header. The SDK reads the clock with
// Date.now (getEpochTimeInSeconds, jose's setIssuedAt), so Date is frozen at NOW while it signs.
import assert from "node:assert/strict";
import { Agent } from "node:https";
import { after, before, beforeEach, describe, it, mock } from "node:test";
import { BoxJwtAuth, JwtConfig } from "box-typescript-sdk-gen";
import { BaseUrls } from "box-typescript-sdk-gen/networking/baseUrls.generated";
import { NetworkSession } from "box-typescript-sdk-gen/networking/network.generated";
import { runExchange } from "../../src/recipes/exchanges/index.js";
import { BOX_APP, BOX_TOKEN_PATH, boxConfigJson } from "../recipes/exchanges/fake-box.js";
import {
  endpointsOf,
  type Fake,
  type Seen,
  startFakeProviders,
} from "../recipes/exchanges/fake-providers.js";
import { NOW, testKeys } from "../recipes/helpers.js";

let fake: Fake;

before(async () => {
  fake = await startFakeProviders(testKeys().rsa, NOW.getTime());
});
after(() => fake.close());
beforeEach(() => {
  fake.seen.length = 0;
  fake.problems.length = 0;
});

/** The SDK's network session: Box's base URL replaced by the fake's, its certificate trusted. */
function sdkSession(): NetworkSession {
  return new NetworkSession({
    baseUrls: new BaseUrls({ baseUrl: `${fake.server.origin}/box` }),
    agent: new Agent({ ca: fake.ca }),
  });
}

/** Runs `signAndPost` with Date frozen at NOW (the SDK has no clock option); returns what the fake saw. */
async function sdkRequest(signAndPost: () => Promise<unknown>): Promise<Seen> {
  mock.timers.enable({ apis: ["Date"], now: NOW.getTime() });
  try {
    await signAndPost();
  } finally {
    mock.timers.reset();
  }
  const seen = fake.seen.at(-1);
  assert.ok(seen);
  return seen;
}

async function ourRequest(input: Record<string, unknown>): Promise<Seen> {
  await runExchange("box-access-token", input, {
    clock: () => NOW.getTime(),
    endpoints: { "box.token": endpointsOf(fake)["box.token"] ?? "" },
    ca: fake.ca,
    cache: false,
  });
  const seen = fake.seen.at(-1);
  assert.ok(seen);
  return seen;
}

const withoutJti = (claims: Record<string, unknown>) => {
  const { jti: _jti, ...rest } = claims;
  return rest;
};
const formNames = (seen: Seen) => [...new URLSearchParams(seen.body).keys()].sort();

describe("box-typescript-sdk-gen BoxJwtAuth", () => {
  it("reads our test configuration file, posts to the same path, and its assertion passes the same checks", async () => {
    const auth = new BoxJwtAuth({ config: JwtConfig.fromConfigJsonString(boxConfigJson()) });
    assert.equal(auth.subjectType, "enterprise");
    assert.equal(auth.subjectId, BOX_APP.enterpriseId);
    const seen = await sdkRequest(() => auth.refreshToken(sdkSession()));
    assert.equal(seen.path, BOX_TOKEN_PATH);
    assert.deepEqual(fake.problems, []);
  });

  it("the same claims for the Service Account (jti aside), the same 30 s lifetime, the same form members", async () => {
    const auth = new BoxJwtAuth({ config: JwtConfig.fromConfigJsonString(boxConfigJson()) });
    const theirs = await sdkRequest(() => auth.refreshToken(sdkSession()));
    const ours = await ourRequest({ config_json: boxConfigJson() });
    assert.deepEqual(withoutJti(ours.claims), withoutJti(theirs.claims));
    assert.deepEqual(Object.keys(ours.claims).sort(), Object.keys(theirs.claims).sort());
    for (const seen of [ours, theirs]) {
      assert.equal(Number(seen.claims.exp) - Number(seen.claims.iat), 30);
      const jti = String(seen.claims.jti);
      assert.ok(jti.length >= 16 && jti.length <= 128, `jti of ${jti.length} characters`);
    }
    assert.deepEqual(formNames(ours), formNames(theirs));
    assert.deepEqual(formNames(ours), ["assertion", "client_id", "client_secret", "grant_type"]);
    assert.deepEqual(fake.problems, []);
  });

  it("the same claims for a user (withUserSubject)", async () => {
    const auth = new BoxJwtAuth({ config: JwtConfig.fromConfigJsonString(boxConfigJson()) });
    const theirs = await sdkRequest(() => auth.withUserSubject("12345678").refreshToken(sdkSession()));
    const ours = await ourRequest({
      config_json: boxConfigJson(),
      subject_type: "user",
      user_id: "12345678",
    });
    assert.equal(theirs.claims.box_sub_type, "user");
    assert.deepEqual(withoutJti(ours.claims), withoutJti(theirs.claims));
    assert.deepEqual(fake.problems, []);
  });

  it("the same alg for RS512; the SDK's header has no kid or typ, ours adds both as the docs show", async () => {
    const file = JwtConfig.fromConfigJsonString(boxConfigJson());
    const config = new JwtConfig({
      clientId: file.clientId,
      clientSecret: file.clientSecret,
      jwtKeyId: file.jwtKeyId,
      privateKey: file.privateKey,
      privateKeyPassphrase: file.privateKeyPassphrase,
      enterpriseId: file.enterpriseId,
      algorithm: "RS512",
    });
    const theirs = await sdkRequest(() => new BoxJwtAuth({ config }).refreshToken(sdkSession()));
    const ours = await ourRequest({ config_json: boxConfigJson(), algorithm: "RS512" });
    // The SDK passes keyid to createJwtAssertion, which sets only alg in the protected header.
    assert.deepEqual(theirs.header, { alg: "RS512" });
    assert.deepEqual(ours.header, { alg: "RS512", typ: "JWT", kid: BOX_APP.publicKeyId });
    assert.deepEqual(withoutJti(ours.claims), withoutJti(theirs.claims));
    assert.deepEqual(fake.problems, []);
  });
});
