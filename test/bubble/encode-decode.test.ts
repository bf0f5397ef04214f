import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { jwtVerify } from "jose";
import { encryptJwt, importKey, verifyJwt } from "../../src/jwt/index.js";
import { assertNoLeak, type BuiltTestPlugin, buildTestPlugin, SECRET } from "./helpers/plugin.js";

let plugin: BuiltTestPlugin;
before(async () => {
  plugin = await buildTestPlugin();
});
after(() => plugin.remove());

const keys = { JWT_SECRET: SECRET };

describe("Encode JWT: the seed's example", () => {
  // What Bubble sends for the seed's json data, with "issued_at" as "Current date/time:formatted as UNIX".
  const jsonData = '{\n"user_id": "1712345",\n"email": "ada@example.com",\n"issued_at": "1732838400000"\n}';

  it("makes a token that this engine and jose verify, with the three values and exp - iat = 3600", async () => {
    const result = await plugin.run("Encode JWT", { json_data: jsonData, expiration: 60 }, keys);
    assert.equal(result.ok, true);
    assert.equal(result.error, null);
    const token = result.token as string;
    const ours = verifyJwt(token, SECRET).payload;
    const theirs = (await jwtVerify(token, new TextEncoder().encode(SECRET))).payload;
    for (const payload of [ours, theirs]) {
      assert.equal(payload.user_id, "1712345");
      assert.equal(payload.email, "ada@example.com");
      assert.equal(payload.issued_at, "1732838400000");
      assert.equal((payload.exp as number) - (payload.iat as number), 3600);
    }
    assert.equal((result.expires_at as Date).getTime(), (ours.exp as number) * 1000);
    assert.equal((result.issued_at as Date).getTime(), (ours.iat as number) * 1000);
    assert.equal(result.expires_at_unix, ours.exp);
    assertNoLeak(result, SECRET);
  });

  it("uses Expiration 60 when the field is left at its default", async () => {
    const result = await plugin.run("Encode JWT", { json_data: jsonData }, keys);
    const { payload } = verifyJwt(result.token as string, SECRET);
    assert.equal((payload.exp as number) - (payload.iat as number), 3600);
  });

  it("prefers the Secret field over the plugin key", async () => {
    const other = "another-secret-for-tests-0123456789-abcdef";
    const result = await plugin.run("Encode JWT", { json_data: jsonData, secret: other }, keys);
    assert.equal(verifyJwt(result.token as string, other).payload.user_id, "1712345");
  });
});

describe("Encode JWT: troubleshooting and JSON-text mistakes", () => {
  it('empty json data gives "payload is required"', async () => {
    for (const json_data of ["", null, "   ", "null"]) {
      const result = await plugin.run("Encode JWT", { json_data }, keys);
      assert.equal(result.ok, false);
      assert.equal(result.token, null);
      assert.equal(result.error_code, "ERR_PAYLOAD_REQUIRED");
      assert.match(result.error as string, /payload is required/);
    }
  });

  const mistakes: [string, string, RegExp][] = [
    ["an unquoted dynamic text", '{\n"user_id": "42",\n"email": ada@example.com\n}', /not in quotes/],
    ["a quote inside a value", '{"name": "Ada "The Countess" Lovelace"}', /quote inside a text value/],
    ["a line break inside a value", '{"bio": "first line\nsecond line"}', /line break or tab/],
    [
      "an empty dynamic value",
      '{\n"user_id": "42",\n"email": ,\n"plan": "pro"\n}',
      /value is missing after a colon/,
    ],
    ["an empty dynamic value at the end", '{"user_id": "42", "email": }', /value is missing after a colon/],
    ["a trailing comma", '{"user_id": "42", "email": "ada@example.com",}', /trailing comma/],
    ["curly quotes from a document", "{\u201cuser_id\u201d: \u201c42\u201d}", /curly quotes/],
    ["single quotes", "{'user_id': '42'}", /double quotes/],
    ["a list instead of an object", '[{"user_id": "42"}]', /must be a JSON object/],
    ["a bare text", '"42"', /must be a JSON object/],
  ];
  for (const [what, json_data, hint] of mistakes) {
    it(`${what} gives an error that points at the fault`, async () => {
      const result = await plugin.run("Encode JWT", { json_data }, keys);
      assert.equal(result.ok, false);
      assert.equal(result.error_code, "ERR_PAYLOAD_INVALID");
      assert.match(result.error as string, hint);
      if (!/must be a JSON object/.test(hint.source))
        assert.match(result.error as string, /line \d+, column \d+/);
      assertNoLeak(result, SECRET);
    });
  }

  it("says where the secret is missing, without throwing", async () => {
    const result = await plugin.run("Encode JWT", { json_data: '{"a": 1}' });
    assert.equal(result.ok, false);
    assert.equal(result.error_code, "ERR_KEY_MISSING");
    assert.match(result.error as string, /JWT_SECRET/);
  });

  it("refuses a short secret unless allowed, and warns when allowed", async () => {
    const short = { JWT_SECRET: "short-secret" };
    const refused = await plugin.run("Encode JWT", { json_data: '{"a": 1}' }, short);
    assert.equal(refused.error_code, "ERR_KEY_WEAK");
    assertNoLeak(refused, "short-secret");
    const allowed = await plugin.run(
      "Encode JWT",
      { json_data: '{"a": 1}', allow_short_secret: true },
      short,
    );
    assert.equal(allowed.ok, true);
  });

  it("explains a bad Expiration in the builder's terms (the field's caption, not the engine's option)", async () => {
    for (const expiration of [0, -5, "sixty"]) {
      const result = await plugin.run("Encode JWT", { json_data: '{"a": 1}', expiration }, keys);
      assert.equal(result.ok, false);
      assert.equal(result.error_code, "ERR_OPTION_INVALID");
      assert.match(result.error as string, /^"Expiration" must be/);
      assert.doesNotMatch(result.error as string, /expiresInMinutes/);
    }
  });

  it("turns millisecond dates into seconds and says so in warnings", async () => {
    const result = await plugin.run("Encode JWT", { json_data: '{"nbf": 1732838400000}' }, keys);
    assert.equal(result.ok, true);
    assert.match(result.warnings as string, /milliseconds/);
    assert.equal(verifyJwt(result.token as string, SECRET).payload.nbf, 1732838400);
  });
});

describe("Encode JWT: optional fields", () => {
  it("sets iss, sub, aud, nbf, jti, kid and extra header members", async () => {
    const result = await plugin.run(
      "Encode JWT",
      {
        json_data: '{"user_id": "42"}',
        issuer: "https://app.example",
        subject: "user-42",
        audience: "api-1, api-2",
        not_before_minutes: 0,
        add_jti: true,
        key_id: "2026-11",
        extra_header: '{"cty": "example"}',
        algorithm: "HS512",
        secret: "x".repeat(64),
      },
      keys,
    );
    assert.equal(result.ok, true, result.error as string);
    const { header, payload } = verifyJwt(result.token as string, "x".repeat(64));
    assert.deepEqual(
      { alg: header.alg, kid: header.kid, cty: header.cty },
      { alg: "HS512", kid: "2026-11", cty: "example" },
    );
    assert.equal(payload.iss, "https://app.example");
    assert.equal(payload.sub, "user-42");
    assert.deepEqual(payload.aud, ["api-1", "api-2"]);
    assert.equal(payload.nbf, payload.iat);
    assert.equal(payload.jti, result.jti);
    assert.match(result.jti as string, /^[A-Za-z0-9_-]{22}$/);
  });

  it("reads a base64url secret when Secret encoding says so", async () => {
    const bytes = Buffer.alloc(32, 7);
    const result = await plugin.run("Encode JWT", {
      json_data: '{"a": 1}',
      secret: bytes.toString("base64url"),
      secret_encoding: "base64url",
    });
    assert.equal(verifyJwt(result.token as string, bytes).payload.a, 1);
  });

  it("refuses a public key or PEM as an HMAC secret", async () => {
    const pem =
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----";
    const result = await plugin.run("Encode JWT", { json_data: '{"a": 1}', secret: pem });
    assert.equal(result.ok, false);
    assert.equal(result.error_code, "ERR_KEY_INVALID");
    assertNoLeak(result, "MCowBQYDK2VwAyEA11qYAYKxCrfVS");
  });

  it("refuses a bad Extra header and a bad Algorithm with clear messages", async () => {
    const header = await plugin.run("Encode JWT", { json_data: "{}", extra_header: "{typ: jwt}" }, keys);
    assert.equal(header.error_code, "ERR_OPTION_INVALID");
    assert.match(header.error as string, /Extra header \(JSON\)/);
    const alg = await plugin.run("Encode JWT", { json_data: "{}", algorithm: "none" }, keys);
    assert.equal(alg.error_code, "ERR_OPTION_INVALID");
    assert.match(alg.error as string, /"Algorithm" must be one of/);
  });
});

describe("Decode JWT", () => {
  it("reads header and claims without verifying, and says when it expired", async () => {
    const made = await plugin.run(
      "Encode JWT",
      { json_data: '{"user_id": "42", "aud": ["a", "b"]}', subject: "u", issuer: "i", key_id: "k" },
      keys,
    );
    const result = await plugin.run("Decode JWT", { token: `Bearer ${made.token}` });
    assert.equal(result.ok, true);
    assert.equal(result.algorithm, "HS256");
    assert.equal(result.key_id, "k");
    assert.equal(result.subject, "u");
    assert.equal(result.issuer, "i");
    assert.equal(result.audience, "a, b");
    assert.equal(JSON.parse(result.payload_json as string).user_id, "42");
    assert.deepEqual(JSON.parse(result.header_json as string), { alg: "HS256", typ: "JWT", kid: "k" });
    assert.equal(result.is_expired, false);
    assert.equal((result.expires_at as Date).getTime(), (made.expires_at as Date).getTime());
  });

  it("says decoding proves nothing in its doc", async () => {
    const { ACTIONS } = await import("../../src/bubble/index.js");
    const decode = ACTIONS.find((action) => action.display === "Decode JWT");
    assert.match(decode?.summary ?? "", /proves nothing/);
    assert.match(decode?.fields[0]?.doc ?? "", /PROVES NOTHING/);
  });

  it("shows an encrypted token's protected header, says encrypted = yes and leaves the claims empty", async () => {
    const key = importKey(Buffer.alloc(32, 7).toString("base64url"), {
      alg: "dir",
      secretEncoding: "base64url",
    });
    const jwe = encryptJwt({ sub: "hidden" }, { key, enc: "A256GCM", header: { kid: "k1" } });
    const result = await plugin.run("Decode JWT", { token: jwe });
    assert.equal(result.ok, true);
    assert.equal(result.encrypted, true);
    assert.equal(result.algorithm, "dir");
    assert.equal(result.key_id, "k1");
    assert.equal(JSON.parse(result.header_json as string).enc, "A256GCM");
    assert.equal(result.payload_json, null);
    assert.equal(result.subject, null);
    const plain = await plugin.run("Decode JWT", {
      token: (await plugin.run("Encode JWT", { json_data: "{}" }, keys)).token,
    });
    assert.equal(plain.encrypted, false);
  });

  it("reports a token that is not a JWT", async () => {
    const result = await plugin.run("Decode JWT", { token: "not-a-token" });
    assert.equal(result.ok, false);
    assert.equal(result.error_code, "ERR_JWT_MALFORMED");
    assert.match(result.error as string, /3/);
  });
});
