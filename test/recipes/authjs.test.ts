import assert from "node:assert/strict";
import { hkdfSync } from "node:crypto";
import { describe, it } from "node:test";
import { jwtDecrypt } from "jose";
import { decodeJweHeader, fixedClock } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";

const NOW = new Date("2025-01-15T12:00:00Z");
const clock = fixedClock(NOW);
const SECRET = "recipe-test-auth-secret-0123456789abcdef";
const base = { secret: SECRET, claims_json: '{"sub": "42", "email": "a@example.com"}' };

describe("authjs-session", () => {
  it("v5: dir + A256CBC-HS512 with the key HKDF-SHA256(secret, cookie name) that jose opens", async () => {
    const out = runRecipe("authjs-session", { ...base, max_age: 600 }, { clock });
    const salt = "__Secure-authjs.session-token";
    const key = hkdfSync("sha256", SECRET, salt, `Auth.js Generated Encryption Key (${salt})`, 64);
    const { payload, protectedHeader } = await jwtDecrypt(out.token, new Uint8Array(key), {
      currentDate: NOW,
    });
    assert.equal(protectedHeader.enc, "A256CBC-HS512");
    assert.equal(typeof protectedHeader.kid, "string");
    assert.equal(protectedHeader.typ, undefined);
    assert.equal(payload.sub, "42");
    assert.equal(payload.iat, NOW.getTime() / 1000);
    assert.equal(payload.exp, NOW.getTime() / 1000 + 600);
    assert.equal(out.expires_at?.getTime(), (NOW.getTime() / 1000 + 600) * 1000);
    assert.equal(out.cookie_name, salt);
  });

  it("v4: dir + A256GCM with HKDF-SHA256(secret, no salt), no kid, 30 days by default", async () => {
    const out = runRecipe("authjs-session", { ...base, version: "v4" }, { clock });
    const key = hkdfSync("sha256", SECRET, "", "NextAuth.js Generated Encryption Key", 32);
    assert.deepEqual(decodeJweHeader(out.token), { alg: "dir", enc: "A256GCM" });
    const { payload } = await jwtDecrypt(out.token, new Uint8Array(key), { currentDate: NOW });
    assert.equal((payload.exp as number) - (payload.iat as number), 30 * 24 * 3600);
    assert.equal(out.cookie_name, "__Secure-next-auth.session-token");
  });

  it("the salt matters in v5: another cookie name gives a key that does not open it", async () => {
    const out = runRecipe("authjs-session", { ...base, cookie_name: "authjs.session-token" }, { clock });
    const salt = "__Secure-authjs.session-token";
    const wrong = hkdfSync("sha256", SECRET, salt, `Auth.js Generated Encryption Key (${salt})`, 64);
    await assert.rejects(jwtDecrypt(out.token, new Uint8Array(wrong), { currentDate: NOW }));
  });

  it("refuses claims that are not a JSON object, naming the input, and warns about a short secret", () => {
    assert.throws(() => runRecipe("authjs-session", { ...base, claims_json: "[1]" }, { clock }), {
      code: "ERR_INPUT_RULE",
      message: /claims_json|Session claims/,
    });
    assert.throws(() => runRecipe("authjs-session", { ...base, secret: `${SECRET}\n` }, { clock }), {
      code: "ERR_KEY_INVALID",
    });
    const short = runRecipe("authjs-session", { ...base, secret: "short" }, { clock });
    assert.match(short.warnings.join(" "), /shorter than 32/);
  });
});
