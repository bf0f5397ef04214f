// Every providers.md rule per recipe, asserted on the header and claims of a real token signed at a
// frozen instant, with the signature checked as the provider checks it.
import assert from "node:assert/strict";
import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { fixedClock, isJwtError, verifyJwt } from "../../src/jwt/index.js";
import { exampleInput, OPERATIONS, RECIPES, runOperation, runRecipe } from "../../src/recipes/index.js";
import { clock, decoded, NOW, NOW_SECONDS, serviceAccountJson, signatureValid, testKeys } from "./helpers.js";

const keys = testKeys();
const run = (id: string, input: Record<string, unknown>) => runRecipe(id, input, { clock });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("registry", () => {
  it("holds unique kebab-case ids, and each operation's own example runs as given", async () => {
    const ids = OPERATIONS.map((operation) => operation.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    for (const recipe of RECIPES) {
      const outputs = await runOperation(recipe.id, exampleInput(recipe), { clock });
      assert.equal(typeof outputs.token, "string", recipe.id);
    }
  });

  it("gives every secret input a provider-prefixed UPPER_SNAKE fallback key", () => {
    for (const recipe of RECIPES) {
      for (const spec of recipe.inputs.filter((each) => each.type === "secret")) {
        assert.match(spec.fallbackKey ?? "", /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, `${recipe.id} ${spec.name}`);
        assert.ok(spec.doc.includes(spec.fallbackKey ?? "-"), `${recipe.id} ${spec.name} doc names its key`);
      }
    }
  });
});

describe("google-self-signed", () => {
  const account = JSON.parse(serviceAccountJson());
  it("signs RS256 with kid = private_key_id, iss = sub = client_email, aud, exp = iat + 3600", () => {
    const out = run("google-self-signed", {
      service_account_json: serviceAccountJson(),
      audience: "https://pubsub.googleapis.com/",
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT", kid: account.private_key_id });
    assert.deepEqual(payload, {
      iss: account.client_email,
      sub: account.client_email,
      aud: "https://pubsub.googleapis.com/",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
    });
    assert.ok(signatureValid(out.token, keys.rsa));
    assert.equal(out.authorization_header, `Bearer ${out.token}`);
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 3600) * 1000));
  });

  it("writes scopes as one space-separated scope claim instead of aud", () => {
    const out = run("google-self-signed", {
      service_account_json: serviceAccountJson(),
      scopes: "https://www.googleapis.com/auth/spreadsheets, https://www.googleapis.com/auth/drive.readonly",
    });
    const { payload } = decoded(out.token);
    assert.equal(
      payload.scope,
      "https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive.readonly",
    );
    assert.equal(payload.aud, undefined);
  });

  it("reads a key file whose \\n escapes became real line breaks", () => {
    const mangled = serviceAccountJson().replace(/\\n/g, "\n");
    const out = run("google-self-signed", {
      service_account_json: mangled,
      audience: "https://firestore.googleapis.com/",
    });
    assert.ok(signatureValid(out.token, keys.rsa));
  });
});

describe("firebase-custom-token", () => {
  const account = JSON.parse(serviceAccountJson());
  it("signs RS256 without kid: iss = sub = client_email, the Identity Toolkit aud, uid, claims, tenant, 1 hour", () => {
    const out = run("firebase-custom-token", {
      service_account_json: serviceAccountJson(),
      uid: "user-42",
      claims_json: '{"premium": true}',
      tenant_id: "tenant-1",
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT" });
    assert.deepEqual(payload, {
      aud: "https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
      iss: account.client_email,
      sub: account.client_email,
      uid: "user-42",
      tenant_id: "tenant-1",
      claims: { premium: true },
    });
    assert.ok(signatureValid(out.token, keys.rsa));
  });

  it("leaves claims out when none are given, and warns above 1000 bytes of claims", () => {
    assert.equal(
      decoded(run("firebase-custom-token", { service_account_json: serviceAccountJson(), uid: "u" }).token)
        .payload.claims,
      undefined,
    );
    const big = run("firebase-custom-token", {
      service_account_json: serviceAccountJson(),
      uid: "u",
      claims_json: JSON.stringify({ note: "x".repeat(1100) }),
    });
    assert.match(big.warnings.join(" "), /1000 bytes/);
  });
});

describe("firebase-custom-token reserved developer claims", () => {
  // firebase-admin (Python firebase_admin/_token_gen.py RESERVED_CLAIMS, and Go) refuses each of these.
  const reserved = [
    "acr",
    "amr",
    "at_hash",
    "aud",
    "auth_time",
    "azp",
    "cnf",
    "c_hash",
    "exp",
    "firebase",
    "iat",
    "iss",
    "jti",
    "nbf",
    "nonce",
    "sub",
  ];
  for (const name of reserved) {
    it(`refuses a developer claim named ${name}`, () => {
      assert.throws(
        () =>
          run("firebase-custom-token", {
            service_account_json: serviceAccountJson(),
            uid: "u",
            claims_json: JSON.stringify({ [name]: "x" }),
          }),
        (error: unknown) =>
          isJwtError(error, "ERR_INPUT_RULE") &&
          error.option === "claims_json" &&
          error.message.includes(`"${name}"`),
      );
    });
  }

  it("still takes a name close to a reserved one", () => {
    const out = run("firebase-custom-token", {
      service_account_json: serviceAccountJson(),
      uid: "u",
      claims_json: '{"subject": "x", "firebase_role": "y"}',
    });
    assert.deepEqual(decoded(out.token).payload.claims, { subject: "x", firebase_role: "y" });
  });
});

const apple = { team_id: "ABCDE12345", key_id: "KEY1234567" };

describe("apple-client-secret", () => {
  it("signs ES256 (raw r||s) with kid, iss = Team ID, aud appleid, sub = client_id, default 180 days", () => {
    const out = run("apple-client-secret", {
      ...apple,
      client_id: "com.example.web",
      private_key: keys.ecPkcs8,
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "ES256", typ: "JWT", kid: "KEY1234567" });
    assert.deepEqual(payload, {
      iss: "ABCDE12345",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 180 * 86_400,
      aud: "https://appleid.apple.com",
      sub: "com.example.web",
    });
    assert.ok(signatureValid(out.token, keys.ec));
  });

  it("accepts the .p8 on one line and up to 15777000 s", () => {
    const oneLine = keys.ecPkcs8.replace(/\n/g, "");
    const out = run("apple-client-secret", {
      ...apple,
      client_id: "com.example.app",
      private_key: oneLine,
      lifetime_days: 15_777_000 / 86_400,
    });
    const { payload } = decoded(out.token);
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 15_777_000);
    assert.ok(signatureValid(out.token, keys.ec));
  });

  it("accepts the .p8 body pasted without its BEGIN and END lines", () => {
    const body = keys.ecPkcs8.replace(/-----[A-Z ]+-----|\n/g, "");
    assert.ok(
      signatureValid(
        run("apple-client-secret", { ...apple, client_id: "c", private_key: body }).token,
        keys.ec,
      ),
    );
  });
});

describe("app-store-connect", () => {
  it("team key: iss = Issuer ID, aud appstoreconnect-v1, 20 minutes, typ JWT, scope list", () => {
    const out = run("app-store-connect", {
      issuer_id: "57246542-96fe-1a63-e053-0824d011072a",
      key_id: "2X9R4HXF34",
      private_key: keys.ecPkcs8,
      scope: "GET /v1/apps?filter[platform]=IOS",
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "ES256", typ: "JWT", kid: "2X9R4HXF34" });
    assert.deepEqual(payload, {
      iss: "57246542-96fe-1a63-e053-0824d011072a",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 1200,
      aud: "appstoreconnect-v1",
      scope: ["GET /v1/apps?filter[platform]=IOS"],
    });
    assert.ok(signatureValid(out.token, keys.ec));
    assert.equal(out.authorization_header, `Bearer ${out.token}`);
  });

  it('individual key: sub = "user" and no iss', () => {
    const { payload } = decoded(
      run("app-store-connect", { key_id: "2X9R4HXF34", private_key: keys.ecPkcs8 }).token,
    );
    assert.equal(payload.sub, "user");
    assert.equal(payload.iss, undefined);
  });
});

describe("apple-musickit", () => {
  it("signs ES256 with kid, iss = Team ID, origin list, up to 6 months", () => {
    const out = run("apple-musickit", {
      ...apple,
      private_key: keys.ecPkcs8,
      origins: "https://example.com, https://app.example.com/",
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "ES256", typ: "JWT", kid: "KEY1234567" });
    assert.deepEqual(payload, {
      iss: "ABCDE12345",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 180 * 86_400,
      origin: ["https://example.com", "https://app.example.com"],
    });
    assert.ok(signatureValid(out.token, keys.ec));
  });
});

describe("apple-weatherkit", () => {
  it("puts id = TEAM.SERVICE in the header and only iss, iat, exp, sub in the claims", () => {
    const out = run("apple-weatherkit", {
      ...apple,
      service_id: "com.example.weatherkit-client",
      private_key: keys.ecPkcs8,
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, {
      alg: "ES256",
      typ: "JWT",
      kid: "KEY1234567",
      id: "ABCDE12345.com.example.weatherkit-client",
    });
    assert.deepEqual(payload, {
      iss: "ABCDE12345",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
      sub: "com.example.weatherkit-client",
    });
    assert.ok(signatureValid(out.token, keys.ec));
  });

  it("warns above an hour", () => {
    const out = run("apple-weatherkit", {
      ...apple,
      service_id: "com.example.wk",
      private_key: keys.ecPkcs8,
      lifetime_minutes: 120,
    });
    assert.match(out.warnings.join(" "), /no maximum/);
  });
});

describe("ghost-admin", () => {
  const id = "6492f1b2c3d4e5f6a7b8c9d0";
  const secret = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
  it("signs HS256 with the hex-decoded secret, kid = id, aud /admin/, exp = iat + 300, Ghost scheme", () => {
    const out = run("ghost-admin", { admin_api_key: `${id}:${secret}` });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT", kid: id });
    assert.deepEqual(payload, { iat: NOW_SECONDS, exp: NOW_SECONDS + 300, aud: "/admin/" });
    assert.ok(signatureValid(out.token, Buffer.from(secret, "hex")));
    assert.ok(!signatureValid(out.token, Buffer.from(secret, "utf8")), "never the hex text as the key");
    assert.equal(out.authorization_header, `Ghost ${out.token}`);
  });
});

describe("metabase-embed", () => {
  const secret = "0123456789abcdef".repeat(4);
  it("signs {resource, params, exp} with the secret as text and builds the embed URL", () => {
    const out = run("metabase-embed", {
      site_url: "https://metabase.example.com/",
      secret_key: secret,
      resource_type: "dashboard",
      resource_id: "12",
      params_json: '{"customer_id": [42]}',
      theme: "night",
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, {
      resource: { dashboard: 12 },
      params: { customer_id: [42] },
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 600,
    });
    assert.ok(signatureValid(out.token, Buffer.from(secret, "utf8")));
    assert.equal(
      out.embed_url,
      `https://metabase.example.com/embed/dashboard/${out.token}#bordered=true&titled=true&theme=night`,
    );
  });

  it("sends params {} by default, for a question, with bordered and titled off", () => {
    const out = run("metabase-embed", {
      site_url: "https://mb.example.com",
      secret_key: secret,
      resource_type: "question",
      resource_id: 7,
      bordered: false,
      titled: "false",
    });
    assert.deepEqual(decoded(out.token).payload.params, {});
    assert.deepEqual(decoded(out.token).payload.resource, { question: 7 });
    assert.equal(
      out.embed_url,
      `https://mb.example.com/embed/question/${out.token}#bordered=false&titled=false`,
    );
  });
});

const zoomSecret = "Zs3cr3tZs3cr3tZs3cr3tZs3cr3tZs3c";

describe("zoom-meeting-sdk", () => {
  it("signs appKey, sdkKey, mn, role, iat, exp, tokenExp = exp, default 2 hours", () => {
    const out = run("zoom-meeting-sdk", {
      sdk_key: "abcKEY",
      sdk_secret: zoomSecret,
      meeting_number: "123 4567 8901",
      role: "1",
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, {
      appKey: "abcKEY",
      sdkKey: "abcKEY",
      mn: 12345678901,
      role: 1,
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 7200,
      tokenExp: NOW_SECONDS + 7200,
    });
    assert.ok(signatureValid(out.token, Buffer.from(zoomSecret)));
  });
});

describe("zoom-video-sdk", () => {
  it("signs app_key, tpc, role_type, version 1, optional identity and session key", () => {
    const out = run("zoom-video-sdk", {
      sdk_key: "vidKEY",
      sdk_secret: zoomSecret,
      session_name: "standup",
      role_type: "1",
      user_identity: "user-1",
      session_key: "s-1",
      lifetime_minutes: 30,
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, {
      app_key: "vidKEY",
      tpc: "standup",
      role_type: 1,
      version: 1,
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 1800,
      user_identity: "user-1",
      session_key: "s-1",
    });
    assert.ok(signatureValid(out.token, Buffer.from(zoomSecret)));
  });
});

const twilio = {
  account_sid: `AC${"a".repeat(32)}`,
  api_key_sid: `SK${"b".repeat(32)}`,
  api_key_secret: "twilioSecretTwilioSecretTwilio12",
};

describe("twilio-access-token", () => {
  it("signs cty twilio-fpa;v=1, jti = SK-iat, iss = SK, sub = AC, grants, default 1 hour", () => {
    const out = run("twilio-access-token", {
      ...twilio,
      identity: "alice",
      video_room: "DailyStandup",
      chat_service_sid: `IS${"c".repeat(32)}`,
      voice_outgoing_application_sid: `AP${"d".repeat(32)}`,
      voice_incoming_allow: true,
      sync_service_sid: `IS${"e".repeat(32)}`,
      region: "ie1",
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1", twr: "ie1" });
    assert.deepEqual(payload, {
      jti: `${twilio.api_key_sid}-${NOW_SECONDS}`,
      grants: {
        identity: "alice",
        video: { room: "DailyStandup" },
        chat: { service_sid: `IS${"c".repeat(32)}` },
        voice: { incoming: { allow: true }, outgoing: { application_sid: `AP${"d".repeat(32)}` } },
        data_sync: { service_sid: `IS${"e".repeat(32)}` },
      },
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
      iss: twilio.api_key_sid,
      sub: twilio.account_sid,
    });
    assert.ok(signatureValid(out.token, Buffer.from(twilio.api_key_secret)));
  });

  it("allows 24 hours, and warns when no grant is given", () => {
    const out = run("twilio-access-token", { ...twilio, identity: "bob", lifetime_minutes: 1440 });
    assert.equal((decoded(out.token).payload.exp ?? 0) - NOW_SECONDS, 86_400);
    assert.match(out.warnings.join(" "), /no grant/);
  });
});

describe("mux-playback", () => {
  const base64Pem = Buffer.from(keys.rsaPkcs1).toString("base64");
  it("reads the base64-wrapped PEM, signs RS256 with kid in the claims (as the SDK), sub, aud per type, 7 days", () => {
    const out = run("mux-playback", {
      signing_key_id: "keyId123",
      signing_private_key: base64Pem,
      playback_id: "PLAYBACK123",
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT" });
    assert.deepEqual(payload, {
      kid: "keyId123",
      sub: "PLAYBACK123",
      aud: "v",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 7 * 86_400,
    });
    assert.ok(signatureValid(out.token, keys.rsa));
    assert.equal(out.url, `https://stream.mux.com/PLAYBACK123.m3u8?token=${out.token}`);
  });

  it("puts image parameters in the claims and builds each type's URL", () => {
    const expected = {
      thumbnail: ["t", "https://image.mux.com/P1/thumbnail.jpg"],
      gif: ["g", "https://image.mux.com/P1/animated.gif"],
      storyboard: ["s", "https://image.mux.com/P1/storyboard.vtt"],
    } as const;
    for (const [type, [aud, url]] of Object.entries(expected)) {
      const out = run("mux-playback", {
        signing_key_id: "k",
        signing_private_key: base64Pem,
        playback_id: "P1",
        type,
        params_json: '{"time": 10, "width": 640}',
      });
      const { payload } = decoded(out.token);
      assert.equal(payload.aud, aud);
      assert.equal(payload.time, 10);
      assert.equal(payload.width, 640);
      assert.equal(out.url, `${url}?token=${out.token}`);
    }
  });
});

describe("github-app", () => {
  it("signs RS256: iss = App ID, iat 60 s back, exp 9 minutes ahead (under GitHub's 10)", () => {
    const out = run("github-app", { app_id: "123456", private_key: keys.rsaPkcs1 });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT" });
    assert.deepEqual(payload, { iat: NOW_SECONDS - 60, exp: NOW_SECONDS + 540, iss: 123456 });
    assert.ok(signatureValid(out.token, keys.rsa));
    assert.equal(out.authorization_header, `Bearer ${out.token}`);
  });

  it("takes a Client ID as iss text", () => {
    const { payload } = decoded(
      run("github-app", { app_id: "Iv23liAbCdEf", private_key: keys.rsaPkcs1 }).token,
    );
    assert.equal(payload.iss, "Iv23liAbCdEf");
  });
});

describe("snowflake-keypair", () => {
  const fingerprint = `SHA256:${createHash("sha256")
    .update(createPublicKey(keys.rsa).export({ type: "spki", format: "der" }))
    .digest("base64")}`;
  it("uppercases account and user, iss = ACCOUNT.USER.SHA256:fp, sub = ACCOUNT.USER, 59 minutes", () => {
    const out = run("snowflake-keypair", {
      account: "myorg-myaccount",
      user: "jsmith",
      private_key: keys.rsaPkcs8,
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT" });
    assert.deepEqual(payload, {
      iss: `MYORG-MYACCOUNT.JSMITH.${fingerprint}`,
      sub: "MYORG-MYACCOUNT.JSMITH",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 59 * 60,
    });
    assert.equal(out.public_key_fingerprint, fingerprint);
    assert.ok(signatureValid(out.token, keys.rsa));
  });

  it("keeps the part before the first dot (before the first hyphen for .global) and warns", () => {
    const locator = run("snowflake-keypair", {
      account: "xy12345.us-east-1.snowflakecomputing.com",
      user: "u",
      private_key: keys.rsaPkcs8,
    });
    assert.equal(decoded(locator.token).payload.sub, "XY12345.U");
    assert.match(locator.warnings.join(" "), /XY12345/);
    const global = run("snowflake-keypair", {
      account: "myacct-abc.global",
      user: "u",
      private_key: keys.rsaPkcs8,
    });
    assert.equal(decoded(global.token).payload.sub, "MYACCT.U");
  });

  it("reads an encrypted PKCS#8 key with its passphrase", () => {
    const encrypted = keys.rsa.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "pw",
    }) as string;
    const out = run("snowflake-keypair", {
      account: "A",
      user: "U",
      private_key: encrypted,
      passphrase: "pw",
      lifetime_minutes: 60,
    });
    assert.ok(signatureValid(out.token, keys.rsa));
  });
});

describe("snowflake-keypair with an EC key", () => {
  // Snowflake's connector (4.5.0 on) picks ES256, ES384 or ES512 from the key's curve and keeps the
  // same SHA256: fingerprint of the DER public key.
  for (const [curve, alg] of [
    ["prime256v1", "ES256"],
    ["secp384r1", "ES384"],
    ["secp521r1", "ES512"],
  ] as const) {
    it(`${curve}: ${alg}, iss with the SHA256: fingerprint of its DER public key`, () => {
      const ec = generateKeyPairSync("ec", { namedCurve: curve }).privateKey;
      const fingerprint = `SHA256:${createHash("sha256")
        .update(createPublicKey(ec).export({ type: "spki", format: "der" }))
        .digest("base64")}`;
      const out = run("snowflake-keypair", {
        account: "myorg-myaccount",
        user: "jsmith",
        private_key: ec.export({ type: "pkcs8", format: "pem" }),
      });
      const { header, payload } = decoded(out.token);
      assert.deepEqual(header, { alg, typ: "JWT" });
      assert.deepEqual(payload, {
        iss: `MYORG-MYACCOUNT.JSMITH.${fingerprint}`,
        sub: "MYORG-MYACCOUNT.JSMITH",
        iat: NOW_SECONDS,
        exp: NOW_SECONDS + 59 * 60,
      });
      assert.equal(out.public_key_fingerprint, fingerprint);
      assert.ok(signatureValid(out.token, ec));
    });
  }

  it("reads an encrypted PKCS#8 EC key and a SEC1 EC key", () => {
    const encrypted = keys.ec.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "pw",
    }) as string;
    for (const input of [{ private_key: encrypted, passphrase: "pw" }, { private_key: keys.ecSec1 }]) {
      const out = run("snowflake-keypair", { account: "A", user: "U", ...input });
      assert.equal(decoded(out.token).header.alg, "ES256");
      assert.ok(signatureValid(out.token, keys.ec));
    }
  });
});

describe("supabase-user-token", () => {
  const secret = "super-secret-jwt-token-with-at-least-32-characters-long";
  const userId = "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e";
  it("signs HS256 with the secret as text: sub, role authenticated, aud authenticated, iss from the ref, email", () => {
    const out = run("supabase-user-token", {
      jwt_secret: secret,
      user_id: userId,
      email: "ada@example.com",
      project_ref: "abcdefghijklmnopqrst",
      claims_json: '{"app_metadata": {"plan": "pro"}}',
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, {
      app_metadata: { plan: "pro" },
      sub: userId,
      role: "authenticated",
      aud: "authenticated",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
      iss: "https://abcdefghijklmnopqrst.supabase.co/auth/v1",
      email: "ada@example.com",
      is_anonymous: false,
    });
    assert.ok(signatureValid(out.token, Buffer.from(secret)));
    assert.deepEqual(
      verifyJwt(out.token, secret, { audience: "authenticated", clock: fixedClock(NOW) }).payload.sub,
      userId,
    );
  });

  it("writes is_anonymous false, as Supabase Auth does for a permanent user; claims_json may set it", () => {
    const permanent = run("supabase-user-token", { jwt_secret: secret, user_id: userId });
    assert.equal(decoded(permanent.token).payload.is_anonymous, false);
    const anonymous = run("supabase-user-token", {
      jwt_secret: secret,
      user_id: userId,
      claims_json: '{"is_anonymous": true}',
    });
    assert.equal(decoded(anonymous.token).payload.is_anonymous, true);
  });

  it("signs ES256 with the kid of a key imported as a signing key (supabase gen signing-key's JWK)", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const kid = "3a18cfe2-7226-43b0-bbb4-7c5242f2406e";
    // The private JWK as the Supabase CLI prints it (internal/gen/signingkeys).
    const jwk = {
      ...ec.export({ format: "jwk" }),
      kid,
      use: "sig",
      key_ops: ["sign", "verify"],
      alg: "ES256",
      ext: true,
    };
    const out = run("supabase-user-token", {
      signing_key: JSON.stringify(jwk),
      user_id: userId,
      project_ref: "abcdefghijklmnopqrst",
    });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "ES256", typ: "JWT", kid });
    assert.deepEqual(payload, {
      sub: userId,
      role: "authenticated",
      aud: "authenticated",
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 3600,
      iss: "https://abcdefghijklmnopqrst.supabase.co/auth/v1",
      is_anonymous: false,
    });
    assert.ok(signatureValid(out.token, ec));
    // Verified as Supabase does: the public key listed under that kid in the project's JWKS.
    const { d: _d, ...publicJwk } = jwk;
    const jwks = { keys: [{ ...publicJwk, key_ops: ["verify"] }] };
    assert.equal(
      verifyJwt(out.token, jwks, { audience: "authenticated", clock: fixedClock(NOW) }).payload.sub,
      userId,
    );
  });

  it("signs RS256 with an RSA PEM and the key_id it was imported under", () => {
    const out = run("supabase-user-token", {
      signing_key: keys.rsaPkcs8,
      key_id: "rsa-key-1",
      user_id: userId,
    });
    assert.deepEqual(decoded(out.token).header, { alg: "RS256", typ: "JWT", kid: "rsa-key-1" });
    assert.ok(signatureValid(out.token, keys.rsa));
  });

  it("warns that a service_role token must stay on the server", () => {
    const out = run("supabase-user-token", { jwt_secret: secret, user_id: userId, role: "service_role" });
    assert.match(out.warnings.join(" "), /server/);
  });
});

describe("coinbase-cdp", () => {
  const keyName =
    "organizations/0a1b2c3d-0000-1111-2222-333344445555/apiKeys/9f8e7d6c-0000-1111-2222-333344445555";
  const request = {
    request_method: "GET",
    request_host: "api.cdp.coinbase.com",
    request_path: "/platform/v2/evm/accounts",
  };
  it("SEC1 EC PEM: ES256 with kid, nonce (32 hex), sub, iss cdp, nbf = iat, exp = iat + 120, uris", () => {
    const out = run("coinbase-cdp", { key_name: keyName, private_key: keys.ecSec1, ...request });
    const { header, payload } = decoded(out.token);
    assert.match(String(header.nonce), /^[0-9a-f]{32}$/);
    assert.deepEqual({ ...header, nonce: "n" }, { alg: "ES256", typ: "JWT", kid: keyName, nonce: "n" });
    assert.deepEqual(payload, {
      sub: keyName,
      iss: "cdp",
      nbf: NOW_SECONDS,
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 120,
      uris: ["GET api.cdp.coinbase.com/platform/v2/evm/accounts"],
    });
    assert.ok(signatureValid(out.token, keys.ec));
  });

  it("Ed25519 base64 of 64 bytes or of the 32-byte seed: EdDSA", () => {
    for (const privateKey of [keys.ed25519Raw64, keys.ed25519Seed32]) {
      const out = run("coinbase-cdp", {
        key_name: "0a1b2c3d-0000-1111-2222-333344445555",
        private_key: privateKey,
        ...request,
      });
      assert.equal(decoded(out.token).header.alg, "EdDSA");
      assert.ok(signatureValid(out.token, keys.ed25519));
    }
  });

  it("Ed25519 on api.coinbase.com in each form coinbase-advanced-py takes (raw 64, raw 32, PKCS#8 PEM): EdDSA, one uri", () => {
    const pkcs8 = keys.ed25519.export({ type: "pkcs8", format: "pem" }) as string;
    for (const privateKey of [keys.ed25519Raw64, keys.ed25519Seed32, pkcs8]) {
      const out = run("coinbase-cdp", {
        key_name: "0a1b2c3d-0000-1111-2222-333344445555",
        private_key: privateKey,
        request_method: "GET",
        request_host: "api.coinbase.com",
        request_path: "/api/v3/brokerage/accounts",
      });
      const { header, payload } = decoded(out.token);
      assert.deepEqual(
        { ...header, nonce: "n" },
        { alg: "EdDSA", typ: "JWT", kid: "0a1b2c3d-0000-1111-2222-333344445555", nonce: "n" },
      );
      assert.equal(payload.uri, "GET api.coinbase.com/api/v3/brokerage/accounts");
      assert.equal(payload.uris, undefined);
      assert.ok(signatureValid(out.token, keys.ed25519));
    }
  });

  it("Ed25519 PKCS#8 PEM for the CDP APIs: EdDSA", () => {
    const out = run("coinbase-cdp", {
      key_name: "0a1b2c3d-0000-1111-2222-333344445555",
      private_key: keys.ed25519.export({ type: "pkcs8", format: "pem" }),
      ...request,
    });
    assert.equal(decoded(out.token).header.alg, "EdDSA");
    assert.ok(signatureValid(out.token, keys.ed25519));
  });

  it("Advanced Trade (api.coinbase.com): one uri claim", () => {
    const out = run("coinbase-cdp", {
      key_name: keyName,
      private_key: keys.ecSec1,
      request_method: "POST",
      request_host: "api.coinbase.com",
      request_path: "/api/v3/brokerage/orders",
    });
    const { payload } = decoded(out.token);
    assert.equal(payload.uri, "POST api.coinbase.com/api/v3/brokerage/orders");
    assert.equal(payload.uris, undefined);
  });
});

describe("stream-user-token", () => {
  const secret = "streamsecretstreamsecretstreamsecretstreamsecretstreamsecret1234";
  it("signs {user_id, iat} HS256 with no exp by default, and warns", () => {
    const out = run("stream-user-token", { api_secret: secret, user_id: "john" });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.deepEqual(payload, { user_id: "john", iat: NOW_SECONDS });
    assert.equal(out.expires_at, null);
    assert.match(out.warnings.join(" "), /never expires/);
    assert.ok(signatureValid(out.token, Buffer.from(secret)));
  });

  it("adds exp with a lifetime", () => {
    const out = run("stream-user-token", { api_secret: secret, user_id: "john", lifetime_minutes: 60 });
    assert.equal(decoded(out.token).payload.exp, NOW_SECONDS + 3600);
  });
});

describe("tableau-connected-app", () => {
  const input = {
    client_id: "c7d1f2e3-client",
    secret_id: "s9a8b7c6-secret",
    secret_value: "TableauSecretValueTableauSecretValue1234567=",
    username: "ada@example.com",
  };
  it("puts kid = secret ID and iss = client ID in the header; aud tableau, sub, scp, jti UUID, 5 minutes", () => {
    const out = run("tableau-connected-app", { ...input, attributes_json: '{"Region": ["West"]}' });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT", kid: input.secret_id, iss: input.client_id });
    assert.match(String(payload.jti), UUID);
    assert.deepEqual(
      { ...payload, jti: "j" },
      {
        Region: ["West"],
        iss: input.client_id,
        exp: NOW_SECONDS + 300,
        jti: "j",
        aud: "tableau",
        sub: input.username,
        scp: ["tableau:views:embed"],
        iat: NOW_SECONDS,
      },
    );
    assert.ok(signatureValid(out.token, Buffer.from(input.secret_value)));
  });

  it("takes several scopes and up to 10 minutes", () => {
    const out = run("tableau-connected-app", {
      ...input,
      scopes: "tableau:views:embed tableau:views:embed_authoring",
      lifetime_minutes: 10,
    });
    const { payload } = decoded(out.token);
    assert.deepEqual(payload.scp, ["tableau:views:embed", "tableau:views:embed_authoring"]);
    assert.equal(payload.exp, NOW_SECONDS + 600);
  });
});

describe("fallback keys", () => {
  it("reads an empty secret input from its fallback key", () => {
    const env: Record<string, string> = { TWILIO_API_KEY_SECRET: twilio.api_key_secret };
    const out = runRecipe(
      "twilio-access-token",
      { ...twilio, api_key_secret: "", identity: "a", video_room: "r" },
      { clock, fallback: (name) => env[name] },
    );
    assert.ok(signatureValid(out.token, Buffer.from(twilio.api_key_secret)));
  });
});
