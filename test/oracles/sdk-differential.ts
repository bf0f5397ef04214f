// The same token from the recipe and from the provider's own SDK (offline): same header and claims,
// timestamps aside, and each side's token verifies with the other side's key handling. The SDKs are
// installed in test/oracles/node_modules only; sdk-differential.test.ts loads this file when they are.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { describe, it } from "node:test";
import { generateJwt } from "@coinbase/cdp-sdk/auth";
import Mux from "@mux/mux-node";
import { cert, deleteApp, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { JWTAccess } from "google-auth-library";
import { StreamChat } from "stream-chat";
import twilio from "twilio";
import githubAppJwt from "universal-github-app-jwt";
import { verifyJwt } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { decoded, serviceAccountJson, signatureValid, testKeys, withoutTimes } from "../recipes/helpers.js";

const keys = testKeys();
const lifetime = (token: string) => (decoded(token).payload.exp ?? 0) - (decoded(token).payload.iat ?? 0);

describe("google-auth-library JWTAccess (self-signed JWT)", () => {
  const account = JSON.parse(serviceAccountJson());
  const ours = runRecipe("google-self-signed", {
    service_account_json: serviceAccountJson(),
    audience: "https://pubsub.googleapis.com/",
  }).token;
  const access = new JWTAccess(account.client_email, account.private_key, account.private_key_id);
  const headers = access.getRequestHeaders("https://pubsub.googleapis.com/") as unknown as Headers;
  const theirs = (headers.get("authorization") ?? "").replace(/^Bearer /, "");

  it("same header and claims, same one-hour lifetime", () => {
    assert.deepEqual(decoded(ours).header, decoded(theirs).header);
    assert.deepEqual(withoutTimes(decoded(ours).payload), withoutTimes(decoded(theirs).payload));
    assert.equal(lifetime(ours), lifetime(theirs));
  });

  it("each verifies with the other's key", () => {
    assert.ok(signatureValid(ours, keys.rsa));
    assert.ok(verifyJwt(theirs, serviceAccountJson()).payload.iss);
  });

  it("scopes: the same space-separated scope claim", () => {
    const scopes = [
      "https://www.googleapis.com/auth/cloud-platform",
      "https://www.googleapis.com/auth/pubsub",
    ];
    const withScopes = runRecipe("google-self-signed", {
      service_account_json: serviceAccountJson(),
      scopes,
    }).token;
    const fresh = new JWTAccess(account.client_email, account.private_key, account.private_key_id);
    const sdk = (
      (fresh.getRequestHeaders(undefined, undefined, scopes) as unknown as Headers).get("authorization") ?? ""
    ).slice(7);
    assert.deepEqual(withoutTimes(decoded(withScopes).payload), withoutTimes(decoded(sdk).payload));
  });
});

describe("firebase-admin createCustomToken", () => {
  it("same header and claims (with developer claims and a tenant), each verifies with the other's key", async () => {
    const account = JSON.parse(serviceAccountJson());
    const app = initializeApp(
      {
        credential: cert({
          projectId: account.project_id,
          clientEmail: account.client_email,
          privateKey: account.private_key,
        }),
      },
      "recipes-differential",
    );
    try {
      const auth = getAuth(app);
      for (const tenant of [undefined, "tenant-1"]) {
        const signer = tenant === undefined ? auth : auth.tenantManager().authForTenant(tenant);
        const theirs = await signer.createCustomToken("user-42", { premium: true, tier: 2 });
        const ours = runRecipe("firebase-custom-token", {
          service_account_json: serviceAccountJson(),
          uid: "user-42",
          claims_json: '{"premium": true, "tier": 2}',
          tenant_id: tenant,
        }).token;
        assert.deepEqual(decoded(ours).header, decoded(theirs).header);
        assert.deepEqual(withoutTimes(decoded(ours).payload), withoutTimes(decoded(theirs).payload));
        assert.equal(lifetime(ours), lifetime(theirs));
        assert.ok(signatureValid(theirs, keys.rsa));
        assert.ok(verifyJwt(ours, account.private_key, { algorithms: ["RS256"] }));
      }
    } finally {
      await deleteApp(app);
    }
  });
});

describe("twilio AccessToken", () => {
  const accountSid = `AC${"1".repeat(32)}`;
  const keySid = `SK${"2".repeat(32)}`;
  const secret = "twilioSecretTwilioSecretTwilio12";
  it("same header and claims with every grant, each verifies with the other's secret handling", () => {
    const { AccessToken } = twilio.jwt;
    const token = new AccessToken(accountSid, keySid, secret, {
      identity: "alice",
      ttl: 7200,
      region: "ie1",
    });
    token.addGrant(new AccessToken.VideoGrant({ room: "DailyStandup" }));
    token.addGrant(new AccessToken.ChatGrant({ serviceSid: `IS${"3".repeat(32)}` }));
    token.addGrant(
      new AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: `AP${"4".repeat(32)}` }),
    );
    token.addGrant(new AccessToken.SyncGrant({ serviceSid: `IS${"5".repeat(32)}` }));
    const theirs = token.toJwt();
    const ours = runRecipe("twilio-access-token", {
      account_sid: accountSid,
      api_key_sid: keySid,
      api_key_secret: secret,
      identity: "alice",
      video_room: "DailyStandup",
      chat_service_sid: `IS${"3".repeat(32)}`,
      voice_outgoing_application_sid: `AP${"4".repeat(32)}`,
      voice_incoming_allow: true,
      sync_service_sid: `IS${"5".repeat(32)}`,
      region: "ie1",
      lifetime_minutes: 120,
    }).token;
    const them = decoded(theirs);
    const us = decoded(ours);
    assert.deepEqual(us.header, them.header);
    assert.deepEqual(withoutTimes(us.payload, ["jti"]), withoutTimes(them.payload, ["jti"]));
    assert.equal(us.payload.jti, `${keySid}-${us.payload.iat}`);
    assert.equal(them.payload.jti, `${keySid}-${them.payload.iat}`);
    assert.equal(lifetime(ours), lifetime(theirs));
    assert.ok(signatureValid(theirs, Buffer.from(secret)));
    assert.ok(verifyJwt(theirs, secret, { issuer: keySid, subject: accountSid }));
  });
});

describe("@mux/mux-node jwt.signPlaybackId", () => {
  it("same header and claims for each type, from the base64-wrapped key", async () => {
    const base64Pem = Buffer.from(keys.rsaPkcs1).toString("base64");
    const mux = new Mux({
      tokenId: "id",
      tokenSecret: "secret",
      jwtSigningKey: "signingKey1",
      jwtPrivateKey: base64Pem,
    });
    for (const type of ["video", "thumbnail", "gif", "storyboard"] as const) {
      const theirs = await mux.jwt.signPlaybackId("PLAYBACK123", {
        type,
        expiration: "1d",
        params: { time: "10" },
      });
      const ours = runRecipe("mux-playback", {
        signing_key_id: "signingKey1",
        signing_private_key: base64Pem,
        playback_id: "PLAYBACK123",
        type,
        params_json: '{"time": "10"}',
        lifetime_minutes: 1440,
      }).token;
      assert.deepEqual(decoded(ours).header, decoded(theirs).header);
      assert.deepEqual(withoutTimes(decoded(ours).payload), withoutTimes(decoded(theirs).payload));
      assert.equal((decoded(ours).payload.exp ?? 0) - (decoded(ours).payload.iat ?? 0), 86_400);
      assert.ok(Math.abs((decoded(theirs).payload.exp ?? 0) - Date.now() / 1000 - 86_400) < 5);
      assert.ok(signatureValid(theirs, keys.rsa));
      assert.ok(verifyJwt(theirs, base64Pem, { algorithms: ["RS256"] }));
    }
  });
});

describe("universal-github-app-jwt", () => {
  it("same header and iss; both under ten minutes; each verifies with the other's key", async () => {
    const { token: theirs } = await githubAppJwt({ id: 123456, privateKey: keys.rsaPkcs1 });
    const ours = runRecipe("github-app", { app_id: "123456", private_key: keys.rsaPkcs1 }).token;
    assert.deepEqual(decoded(ours).header, decoded(theirs).header);
    assert.deepEqual(withoutTimes(decoded(ours).payload), withoutTimes(decoded(theirs).payload));
    const now = Math.floor(Date.now() / 1000);
    for (const token of [ours, theirs]) {
      assert.ok((decoded(token).payload.exp ?? 0) - now <= 600);
      assert.ok((decoded(token).payload.iat ?? 0) < now);
    }
    assert.ok(signatureValid(theirs, keys.rsa));
    assert.ok(verifyJwt(ours, keys.rsaPkcs1, { algorithms: ["RS256"] }));
  });
});

describe("stream-chat createToken", () => {
  it("same header and claims with exp and iat, each verifies with the other's secret", () => {
    const secret = "streamsecretstreamsecretstreamsecretstreamsecretstreamsecret1234";
    const client = new StreamChat("apikey", secret);
    const ours = runRecipe("stream-user-token", {
      api_secret: secret,
      user_id: "john",
      lifetime_minutes: 60,
    }).token;
    const { iat, exp } = decoded(ours).payload;
    const theirs = client.createToken("john", exp, iat);
    assert.equal(ours, theirs, "byte for byte, given the same iat and exp");
    assert.ok(signatureValid(theirs, Buffer.from(secret)));
  });
});

describe("@coinbase/cdp-sdk generateJwt", () => {
  const request = {
    requestMethod: "GET",
    requestHost: "api.cdp.coinbase.com",
    requestPath: "/platform/v2/evm/accounts",
  };
  const input = {
    request_method: "GET",
    request_host: "api.cdp.coinbase.com",
    request_path: "/platform/v2/evm/accounts",
  };
  const compare = (ours: string, theirs: string) => {
    const us = decoded(ours);
    const them = decoded(theirs);
    assert.deepEqual({ ...us.header, nonce: 0 }, { ...them.header, nonce: 0 });
    assert.match(String(us.header.nonce), /^[0-9a-f]{32}$/);
    assert.deepEqual(withoutTimes(us.payload), withoutTimes(them.payload));
    assert.equal(lifetime(ours), lifetime(theirs));
    assert.equal(us.payload.nbf, us.payload.iat);
  };

  it("EC key: the SDK takes PKCS#8 (it refuses SEC1), the recipe takes Coinbase's SEC1; same token shape", async () => {
    const keyName =
      "organizations/0a1b2c3d-0000-1111-2222-333344445555/apiKeys/9f8e7d6c-0000-1111-2222-333344445555";
    const theirs = await generateJwt({ apiKeyId: keyName, apiKeySecret: keys.ecPkcs8, ...request });
    const ours = runRecipe("coinbase-cdp", { key_name: keyName, private_key: keys.ecSec1, ...input }).token;
    compare(ours, theirs);
    assert.ok(signatureValid(theirs, keys.ec));
    assert.ok(verifyJwt(ours, keys.ecPkcs8, { algorithms: ["ES256"] }));
  });

  it("Ed25519 base64 key: same token shape, each verifies with the other's key", async () => {
    const keyName = "0a1b2c3d-0000-1111-2222-333344445555";
    const theirs = await generateJwt({ apiKeyId: keyName, apiKeySecret: keys.ed25519Raw64, ...request });
    const ours = runRecipe("coinbase-cdp", {
      key_name: keyName,
      private_key: keys.ed25519Raw64,
      ...input,
    }).token;
    compare(ours, theirs);
    assert.ok(signatureValid(theirs, keys.ed25519));
    assert.ok(verifyJwt(ours, createPublicKey(keys.ed25519), { algorithms: ["EdDSA"] }));
  });

  // The SDK signs for any host, but always with the CDP APIs' uris list; Coinbase App / Advanced
  // Trade's own SDK (coinbase-advanced-py 1.8.3+) sends the same uri as a single uri claim. So the
  // two tokens must match in everything else, with theirs.uris === [ours.uri].
  it("Ed25519 for api.coinbase.com: same header and claims but uri for uris, each verifies with the other's key", async () => {
    const keyName = "0a1b2c3d-0000-1111-2222-333344445555";
    const app = {
      requestMethod: "GET",
      requestHost: "api.coinbase.com",
      requestPath: "/api/v3/brokerage/accounts",
    };
    const theirs = await generateJwt({ apiKeyId: keyName, apiKeySecret: keys.ed25519Raw64, ...app });
    const ours = runRecipe("coinbase-cdp", {
      key_name: keyName,
      private_key: keys.ed25519Raw64,
      request_method: "GET",
      request_host: "api.coinbase.com",
      request_path: "/api/v3/brokerage/accounts",
    }).token;
    const us = decoded(ours);
    const them = decoded(theirs);
    assert.deepEqual({ ...us.header, nonce: 0 }, { ...them.header, nonce: 0 });
    assert.equal(us.header.alg, "EdDSA");
    const { uri, ...ourClaims } = withoutTimes(us.payload);
    const { uris, ...theirClaims } = withoutTimes(them.payload);
    assert.equal(uri, "GET api.coinbase.com/api/v3/brokerage/accounts");
    assert.deepEqual(uris, [uri]);
    assert.deepEqual(ourClaims, theirClaims);
    assert.equal(lifetime(ours), lifetime(theirs));
    assert.ok(signatureValid(theirs, keys.ed25519));
    assert.ok(verifyJwt(ours, createPublicKey(keys.ed25519), { algorithms: ["EdDSA"] }));
  });
});

describe("Snowflake fingerprint against openssl", () => {
  const opensslFingerprint = (privateKey: KeyObject): string => {
    const publicPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }) as string;
    const der = execFileSync("openssl", ["pkey", "-pubin", "-outform", "DER"], { input: publicPem });
    const digest = execFileSync("openssl", ["dgst", "-sha256", "-binary"], { input: der });
    return `SHA256:${execFileSync("openssl", ["enc", "-base64", "-A"], { input: digest }).toString().trim()}`;
  };

  it("equals SHA256: + base64 of the SHA-256 of the public key's DER, as openssl computes it", () => {
    const out = runRecipe("snowflake-keypair", { account: "A", user: "U", private_key: keys.rsaPkcs8 });
    assert.equal(out.public_key_fingerprint, opensslFingerprint(keys.rsa));
  });

  it("EC keys (P-256, P-384, P-521): the same fingerprint as openssl's, in iss too", () => {
    for (const namedCurve of ["P-256", "P-384", "P-521"]) {
      const ec = generateKeyPairSync("ec", { namedCurve }).privateKey;
      const out = runRecipe("snowflake-keypair", {
        account: "A",
        user: "U",
        private_key: ec.export({ type: "pkcs8", format: "pem" }),
      });
      const expected = opensslFingerprint(ec);
      assert.equal(out.public_key_fingerprint, expected, namedCurve);
      assert.equal(decoded(out.token).payload.iss, `A.U.${expected}`, namedCurve);
    }
  });
});
