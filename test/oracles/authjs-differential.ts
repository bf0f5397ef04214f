// Session tokens from the authjs-session recipe and from the libraries themselves, both ways: each side
// reads the other's token, with the same header (alg, enc, kid) and claims. The libraries read the real
// clock, so our side is frozen at the instant the test starts (any day, faketime included).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decode as decodeV5, encode as encodeV5 } from "@auth/core/jwt";
import { decode as decodeV4, encode as encodeV4 } from "next-auth/jwt";
import { decodeJweHeader, decryptJwt, fixedClock, importKey } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { type AuthjsVersion, authjsKey } from "../../src/recipes/lib/authjs-key.js";
import { verifySignInToken } from "../../src/recipes/sign-in/index.js";

const SECRET = "oracle-test-auth-secret-0123456789abcdef";
const clock = fixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
const CLAIMS = { sub: "42", name: "Ada Lovelace", email: "ada@example.com", picture: null };

function ours(version: AuthjsVersion, salt: string, maxAge = 3600): string {
  return runRecipe(
    "authjs-session",
    { secret: SECRET, version, cookie_name: salt, claims_json: JSON.stringify(CLAIMS), max_age: maxAge },
    { clock },
  ).token;
}

/** Our engine reading a token with the key the recipe derives, as the library would. */
function readWithOurs(token: string, version: AuthjsVersion, salt: string) {
  const { enc } = decodeJweHeader(token);
  const { key } = authjsKey(SECRET, version, salt, enc as "A256CBC-HS512" | "A256GCM");
  return decryptJwt(token, importKey(key, { alg: "dir" }), { clock, clockToleranceSeconds: 15 }).payload;
}

const claimsOf = (payload: Record<string, unknown>) => {
  const { iat: _iat, exp: _exp, jti: _jti, ...rest } = payload;
  return rest;
};

for (const salt of ["__Secure-authjs.session-token", "authjs.session-token"]) {
  describe(`@auth/core/jwt (v5), salt ${salt}`, () => {
    it("decodes our token to the same claims, with exp - iat = max_age and a UUID jti", async () => {
      const payload = (await decodeV5({ token: ours("v5", salt), secret: SECRET, salt })) as Record<
        string,
        unknown
      >;
      assert.deepEqual(claimsOf(payload), CLAIMS);
      assert.equal((payload.exp as number) - (payload.iat as number), 3600);
      assert.match(
        String(payload.jti),
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });

    it("writes the same header (dir, A256CBC-HS512, the same kid) and we read its token", async () => {
      const theirs = await encodeV5({ token: CLAIMS, secret: SECRET, salt, maxAge: 3600 });
      assert.deepEqual(decodeJweHeader(ours("v5", salt)), decodeJweHeader(theirs));
      assert.deepEqual(claimsOf(readWithOurs(theirs, "v5", salt)), CLAIMS);
    });

    it("refuses our token under another salt, as the app would with another cookie name", async () => {
      await assert.rejects(
        decodeV5({ token: ours("v5", salt), secret: SECRET, salt: "other.session-token" }),
      );
    });
  });
}

describe("next-auth/jwt (v4)", () => {
  it("decodes our token to the same claims, 30 days by default", async () => {
    const token = runRecipe(
      "authjs-session",
      { secret: SECRET, version: "v4", claims_json: JSON.stringify(CLAIMS) },
      { clock },
    ).token;
    const payload = (await decodeV4({ token, secret: SECRET })) as Record<string, unknown>;
    assert.deepEqual(claimsOf(payload), CLAIMS);
    assert.equal((payload.exp as number) - (payload.iat as number), 30 * 24 * 3600);
  });

  it("writes the same header (dir, A256GCM, no kid) and we read its token", async () => {
    const theirs = await encodeV4({ token: CLAIMS, secret: SECRET, maxAge: 3600 });
    assert.deepEqual(decodeJweHeader(ours("v4", "ignored")), decodeJweHeader(theirs));
    assert.deepEqual(claimsOf(readWithOurs(theirs, "v4", "")), CLAIMS);
  });

  it("refuses our token made with another secret", async () => {
    await assert.rejects(decodeV4({ token: ours("v4", ""), secret: `${SECRET}-other` }));
  });
});

// The sign-in check with provider authjs (bubble-jwt verify --provider authjs, the Verify sign-in token
// action) reads the libraries' own tokens, and refuses them under another secret or salt.
describe("verify-sign-in-token, provider authjs, on the libraries' tokens", () => {
  const check = (input: Record<string, unknown>) =>
    verifySignInToken({ provider: "authjs", auth_secret: SECRET, ...input }, { clock });

  for (const salt of ["__Secure-authjs.session-token", "authjs.session-token"]) {
    it(`@auth/core/jwt encode (v5, salt ${salt}) verifies, with the user's claims`, async () => {
      const token = await encodeV5({ token: CLAIMS, secret: SECRET, salt, maxAge: 3600 });
      const result = await check({ token, cookie_name: salt, authjs_version: "v5" });
      assert.equal(result.valid, true, String(result.error));
      assert.equal(result.subject, "42");
      assert.equal(result.email, "ada@example.com");
      assert.equal(result.name, "Ada Lovelace");
      assert.equal((result.expires_at?.getTime() ?? 0) - (result.issued_at?.getTime() ?? 0), 3600_000);
      assert.deepEqual(claimsOf(JSON.parse(String(result.claims_json))), CLAIMS);
      const other = await check({ token, cookie_name: "other.session-token", authjs_version: "v5" });
      assert.equal(other.reason_code, "ERR_SIGNIN_SESSION_UNREADABLE");
    });
  }

  it("next-auth/jwt encode (v4) verifies, with the user's claims; another secret does not", async () => {
    const token = await encodeV4({ token: CLAIMS, secret: SECRET, maxAge: 3600 });
    const result = await check({ token, authjs_version: "v4" });
    assert.equal(result.valid, true, String(result.error));
    assert.equal(result.subject, "42");
    assert.deepEqual(claimsOf(JSON.parse(String(result.claims_json))), CLAIMS);
    const other = await check({ token, authjs_version: "v4", auth_secret: `${SECRET}-other` });
    assert.equal(other.valid, false);
    assert.equal(other.reason_code, "ERR_SIGNIN_SESSION_UNREADABLE");
  });
});
