// shopify-session against @shopify/shopify-api's shopifyApi({...}).session.decodeSessionToken, offline:
// both must accept and refuse the same session tokens. Where the check is stricter by design (the
// docs' one-minute lifetime, dest and iss naming one shop, exp and iat required, iat not in the
// future), the difference is asserted on its own. The library (jose) reads `new Date()`: node:test's
// mock timers freeze Date at the test's instant for each of its calls, so no token depends on today's
// date. shopify-session.test.ts loads this file when test/oracles/node_modules is installed.
import "@shopify/shopify-api/adapters/node";
import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { ApiVersion, InvalidJwtError, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { encodeJws, fixedClock, type JwtPayload } from "../../src/jwt/index.js";
import { verifyShopifySession } from "../../src/recipes/sign-in/shopify-session.js";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const NOW_S = NOW / 1000;

const API_KEY = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
const API_SECRET = "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";

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  scopes: [],
  hostName: "app.example.com",
  apiVersion: ApiVersion.October25,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

const CLAIMS: JwtPayload = {
  iss: "https://example-shop.myshopify.com/admin",
  dest: "https://example-shop.myshopify.com",
  aud: API_KEY,
  sub: "42",
  exp: NOW_S + 55,
  nbf: NOW_S - 5,
  iat: NOW_S - 5,
  jti: "0e8b4f5a-3b6c-4d2e-9f1a-7c8d9e0f1a2b",
  sid: "8a7b6c5d-4e3f-2a1b-0c9d-8e7f6a5b4c3d",
};

function session(change: JwtPayload = {}, secret = API_SECRET, alg: "HS256" | "HS384" = "HS256"): string {
  const claims: JwtPayload = { ...CLAIMS };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return encodeJws(JSON.stringify(claims), {
    key: Buffer.from(secret, "utf8"),
    alg,
    header: { typ: "JWT" },
    allowWeakKey: true,
  });
}

/** Ours: accepted or the reason code, at `at`. */
function ours(token: string, at = NOW): string {
  const outputs = verifyShopifySession(
    { token, api_key: API_KEY, api_secret: API_SECRET },
    { clock: fixedClock(at) },
  );
  return outputs.valid ? "accepted" : String(outputs.reason_code);
}

/** The library's: accepted or refused, with Date frozen at `at` during the call. */
async function theirs(token: string, at = NOW): Promise<string> {
  mock.timers.enable({ apis: ["Date"], now: at });
  try {
    const payload = await shopify.session.decodeSessionToken(token);
    assert.deepEqual(payload, JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()));
    return "accepted";
  } catch (error) {
    // Its message quotes the whole token: only whether it refused is kept.
    assert.ok(error instanceof InvalidJwtError, String(error));
    return "refused";
  } finally {
    mock.timers.reset();
  }
}

describe("shopify-session against @shopify/shopify-api decodeSessionToken (offline, Date frozen)", () => {
  const agreed: Array<[string, () => string, number, string]> = [
    ["a session token as App Bridge sends it", () => session(), NOW, "accepted"],
    ["exp 9 s ago (within the 10 s tolerance)", () => session(), NOW + 64_000, "accepted"],
    ["nbf 10 s ahead (within the tolerance)", () => session(), NOW - 15_000, "accepted"],
    [
      "no nbf, jti or sid",
      () => session({ nbf: undefined, jti: undefined, sid: undefined }),
      NOW,
      "accepted",
    ],
    ["exp 11 s ago", () => session(), NOW + 66_000, "ERR_JWT_EXPIRED"],
    ["nbf 11 s ahead", () => session(), NOW - 16_000, "ERR_JWT_NOT_YET_VALID"],
    [
      "another app's secret",
      () => session({}, "shpss_another-apps-secret-0000000000000"),
      NOW,
      "ERR_JWS_SIGNATURE_INVALID",
    ],
    ["HS384 with the right secret", () => session({}, API_SECRET, "HS384"), NOW, "ERR_ALG_NOT_ALLOWED"],
    [
      "an altered claim",
      () => {
        const [head, , signature] = session().split(".");
        return `${head}.${Buffer.from(JSON.stringify({ ...CLAIMS, sub: "1" })).toString("base64url")}.${signature}`;
      },
      NOW,
      "ERR_JWS_SIGNATURE_INVALID",
    ],
    [
      "another app's client ID",
      () => session({ aud: "ffffffffffffffffffffffffffffffff" }),
      NOW,
      "ERR_SIGNIN_AUDIENCE",
    ],
    ["an audience list", () => session({ aud: [API_KEY] }), NOW, "ERR_SIGNIN_AUDIENCE"],
    ["no audience", () => session({ aud: undefined }), NOW, "ERR_SIGNIN_AUDIENCE"],
    ["not a JWT", () => "Bearer", NOW, "ERR_JWT_MALFORMED"],
  ];
  for (const [name, make, at, expected] of agreed) {
    it(`agrees: ${name}`, async () => {
      const token = make();
      const [mine, library] = [ours(token, at), await theirs(token, at)];
      assert.equal(mine, expected);
      if (expected === "accepted") assert.equal(library, "accepted");
      else assert.equal(library, "refused", `the library accepted what the check refuses (${mine})`);
    });
  }

  it("takes the header's value with its Bearer prefix, which the library does not", async () => {
    const token = `Bearer ${session()}`;
    assert.deepEqual([ours(token), await theirs(token)], ["accepted", "refused"]);
  });

  it("differs where the check is stricter by design, and only there", async () => {
    const stricter: Array<[JwtPayload, string]> = [
      // The docs' one-minute lifetime, which the library does not check.
      [{ iat: NOW_S - 5, exp: NOW_S + 3600 }, "ERR_SIGNIN_LIFETIME"],
      [{ iat: undefined }, "ERR_SIGNIN_LIFETIME"],
      // dest and iss naming one shop's admin.
      [{ dest: "https://attacker.example" }, "ERR_SIGNIN_SHOP"],
      [{ iss: "https://other-shop.myshopify.com/admin" }, "ERR_SIGNIN_SHOP"],
      // exp required and iat not in the future (jose checks neither without options).
      [{ exp: undefined }, "ERR_JWT_CLAIM_INVALID"],
      [{ iat: NOW_S + 30, nbf: undefined, exp: NOW_S + 60 }, "ERR_JWT_CLAIM_INVALID"],
    ];
    for (const [change, code] of stricter) {
      const token = session(change);
      assert.deepEqual([ours(token), await theirs(token)], [code, "accepted"], JSON.stringify(change));
    }
  });
});
