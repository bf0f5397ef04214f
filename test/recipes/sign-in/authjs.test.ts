// provider authjs: Auth.js v5 / NextAuth v4 session tokens read with the app's secret, on a frozen clock.
// Tokens come from the authjs-session recipe (the libraries' own tokens: test/oracles/authjs-differential.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixedClock, isJwtError } from "../../../src/jwt/index.js";
import { runRecipe } from "../../../src/recipes/index.js";
import { type SignInOutputs, verifySignInToken } from "../../../src/recipes/sign-in/index.js";

const SECRET = "sign-in-test-auth-secret-0123456789abcdef";
const NOW = new Date("2031-05-06T07:08:09Z");
const clock = fixedClock(NOW);
const CLAIMS = { sub: "42", name: "Ada Lovelace", email: "ada@example.com" };

function session(version: "v5" | "v4", salt = "__Secure-authjs.session-token", maxAge = 3600): string {
  return runRecipe(
    "authjs-session",
    { secret: SECRET, version, cookie_name: salt, claims_json: JSON.stringify(CLAIMS), max_age: maxAge },
    { clock },
  ).token;
}

function verify(input: Record<string, unknown>, at = NOW): Promise<SignInOutputs> {
  return verifySignInToken({ provider: "authjs", ...input }, { clock: fixedClock(at) });
}

async function refusedWith(result: Promise<SignInOutputs>, code: string) {
  const outputs = await result;
  assert.equal(outputs.valid, false, `expected ${code}, got a valid token`);
  assert.equal(outputs.reason_code, code, outputs.error ?? "");
  assert.ok((outputs.error ?? "").length > 0);
  assert.ok(!(outputs.error ?? "").includes(SECRET.slice(0, 12)), "no secret in the error");
  assert.equal(outputs.subject, null);
  assert.equal(outputs.claims_json, null);
}

async function inputError(input: Record<string, unknown>) {
  try {
    await verify(input);
  } catch (error) {
    assert.ok(isJwtError(error, "ERR_OPTION_INVALID"), String(error));
    return error;
  }
  assert.fail("expected an input error");
}

describe("provider authjs", () => {
  for (const version of ["v5", "v4"] as const) {
    it(`${version}: reads a token of the authjs-session recipe, with the user's claims`, async () => {
      const token = session(version);
      const result = await verify({ token, auth_secret: SECRET, authjs_version: version });
      assert.equal(result.valid, true, String(result.error));
      assert.equal(result.reason_code, null);
      assert.equal(result.subject, "42");
      assert.equal(result.email, "ada@example.com");
      assert.equal(result.name, "Ada Lovelace");
      assert.equal(result.issuer, null);
      assert.deepEqual(result.issued_at, new Date(Math.floor(NOW.getTime() / 1000) * 1000));
      assert.deepEqual(result.expires_at, new Date(Math.floor(NOW.getTime() / 1000) * 1000 + 3600_000));
      const claims = JSON.parse(String(result.claims_json));
      assert.equal(claims.sub, "42");
      assert.equal(typeof claims.jti, "string");
    });

    it(`${version}: a wrong secret or an altered token is ERR_SIGNIN_SESSION_UNREADABLE`, async () => {
      const token = session(version);
      await refusedWith(
        verify({ token, auth_secret: `${SECRET}x`, authjs_version: version }),
        "ERR_SIGNIN_SESSION_UNREADABLE",
      );
      const parts = token.split(".");
      const ciphertext = parts[3] ?? "";
      parts[3] = (ciphertext[0] === "A" ? "B" : "A") + ciphertext.slice(1);
      await refusedWith(
        verify({ token: parts.join("."), auth_secret: SECRET, authjs_version: version }),
        "ERR_SIGNIN_SESSION_UNREADABLE",
      );
    });

    it(`${version}: an expired session is ERR_JWT_EXPIRED (15 s of clock difference allowed)`, async () => {
      const token = session(version, undefined, 60);
      const input = { token, auth_secret: SECRET, authjs_version: version };
      const ok = await verify(input, new Date(NOW.getTime() + 74_000));
      assert.equal(ok.valid, true, String(ok.error));
      await refusedWith(verify(input, new Date(NOW.getTime() + 76_000)), "ERR_JWT_EXPIRED");
    });
  }

  it("v5 is the default version and __Secure-authjs.session-token the default salt", async () => {
    const result = await verify({ token: session("v5"), auth_secret: SECRET });
    assert.equal(result.valid, true, String(result.error));
    const http = session("v5", "authjs.session-token");
    await refusedWith(verify({ token: http, auth_secret: SECRET }), "ERR_SIGNIN_SESSION_UNREADABLE");
    const named = await verify({ token: http, auth_secret: SECRET, cookie_name: "authjs.session-token" });
    assert.equal(named.valid, true, String(named.error));
  });

  it("v5: another cookie name (salt) is ERR_SIGNIN_SESSION_UNREADABLE", async () => {
    await refusedWith(
      verify({ token: session("v5"), auth_secret: SECRET, cookie_name: "other.session-token" }),
      "ERR_SIGNIN_SESSION_UNREADABLE",
    );
  });

  it("the wrong version is refused: v4 does not read A256CBC-HS512, v5 derives another key for v4's", async () => {
    await refusedWith(
      verify({ token: session("v5"), auth_secret: SECRET, authjs_version: "v4" }),
      "ERR_SIGNIN_SESSION_UNREADABLE",
    );
    await refusedWith(
      verify({ token: session("v4"), auth_secret: SECRET, authjs_version: "v5" }),
      "ERR_SIGNIN_SESSION_UNREADABLE",
    );
  });

  it("a value that is not a five-part JWE is ERR_JWT_MALFORMED", async () => {
    await refusedWith(verify({ token: "a.b.c", auth_secret: SECRET }), "ERR_JWT_MALFORMED");
    await refusedWith(verify({ token: "!!.x.y.z.w", auth_secret: SECRET }), "ERR_JWT_MALFORMED");
  });

  it("a missing auth_secret is an input error naming it", async () => {
    const error = await inputError({ token: session("v5") });
    assert.equal(error.option, "auth_secret");
    assert.equal(error.reason, "missing");
    assert.match(error.message, /required for provider authjs/);
  });

  it("refuses another provider's input (it would not be checked), and ignores auth_secret elsewhere", async () => {
    const error = await inputError({ token: session("v5"), auth_secret: SECRET, client_id: "abc" });
    assert.equal(error.option, "client_id");
    assert.match(error.message, /not used by provider authjs/);
    try {
      await verifySignInToken(
        { provider: "google", token: "x", client_id: "abc", cookie_name: "authjs.session-token" },
        { clock },
      );
      assert.fail("expected an input error");
    } catch (caught) {
      assert.ok(isJwtError(caught, "ERR_OPTION_INVALID"), String(caught));
      assert.equal(caught.option, "cookie_name");
    }
    // A secret filled from its plugin key (AUTH_SECRET) says nothing about a Google check: no refusal.
    const google = await verifySignInToken(
      { provider: "google", token: "x", client_id: "abc", auth_secret: SECRET },
      { clock },
    );
    assert.equal(google.reason_code, "ERR_JWT_MALFORMED");
  });
});
