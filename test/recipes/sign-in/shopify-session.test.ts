// shopify-session: App Bridge session tokens signed HS256 with an app's client secret, as Shopify makes
// them (one minute, dest and iss of one shop), checked at a frozen instant; no network.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ACTIONS } from "../../../src/bubble/actions/index.js";
import { buildPlugin, runPluginAction } from "../../../src/bubble/index.js";
import {
  encodeJws,
  fixedClock,
  generateKeyPair,
  isJwtError,
  type JwtPayload,
} from "../../../src/jwt/index.js";
import { exampleInput, runOperation } from "../../../src/recipes/index.js";
import { shopifySession, verifyShopifySession } from "../../../src/recipes/sign-in/shopify-session.js";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const NOW_S = NOW / 1000;
const clock = fixedClock(NOW);

const API_KEY = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
const API_SECRET = "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";
const INPUT = { api_key: API_KEY, api_secret: API_SECRET };

/** A session token's claims as Shopify's JwtPayload lists them, issued 5 s ago for one minute. */
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

/** Exactly these claims, HS256 with the secret's UTF-8 bytes, as Shopify signs them. */
function session(change: JwtPayload = {}, secret = API_SECRET): string {
  const claims: JwtPayload = { ...CLAIMS };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return encodeJws(JSON.stringify(claims), {
    key: Buffer.from(secret, "utf8"),
    alg: "HS256",
    header: { typ: "JWT" },
    allowWeakKey: true,
  });
}

function verify(token: string, input: Partial<typeof INPUT> = {}, at = NOW) {
  return verifyShopifySession({ token, ...INPUT, ...input }, { clock: fixedClock(at) });
}

function refusedWith(
  token: string,
  code: string,
  message?: RegExp,
  input: Partial<typeof INPUT> = {},
  at = NOW,
) {
  const outputs = verify(token, input, at);
  assert.equal(outputs.valid, false, `expected ${code}, got a valid token`);
  assert.equal(outputs.reason_code, code, outputs.error ?? "");
  if (message !== undefined) assert.match(outputs.error ?? "", message);
  for (const name of ["shop", "user_id", "session_id", "token_id", "expires_at", "claims_json"] as const) {
    assert.equal(outputs[name], null, name);
  }
  assert.ok(!(outputs.error ?? "").includes(API_SECRET.slice(6, 14)), "the secret is never quoted");
  return outputs;
}

describe("shopify-session: accepted tokens", () => {
  it("accepts the Authorization header's value as is, and the JWT alone, and gives the shop and the user", () => {
    const token = session();
    for (const given of [`Bearer ${token}`, token, ` bearer ${token}`]) {
      assert.deepEqual(verify(given), {
        valid: true,
        reason_code: null,
        error: null,
        shop: "example-shop.myshopify.com",
        user_id: "42",
        session_id: CLAIMS.sid,
        token_id: CLAIMS.jti,
        expires_at: new Date((NOW_S + 55) * 1000),
        claims_json: JSON.stringify(CLAIMS),
      });
    }
  });

  it("allows Shopify's 10 s of clock difference on exp and nbf, not more", () => {
    assert.equal(verify(session({ exp: NOW_S - 9, iat: NOW_S - 69, nbf: NOW_S - 69 })).valid, true);
    assert.equal(verify(session({ nbf: NOW_S + 10, iat: NOW_S + 10, exp: NOW_S + 70 })).valid, true);
    refusedWith(session({ exp: NOW_S - 10, iat: NOW_S - 70, nbf: NOW_S - 70 }), "ERR_JWT_EXPIRED");
    refusedWith(session({ nbf: NOW_S + 11, iat: NOW_S, exp: NOW_S + 60 }), "ERR_JWT_NOT_YET_VALID");
  });

  it("accepts a lifetime of exactly one minute, and a token without nbf, jti or sid", () => {
    assert.equal(verify(session({ iat: NOW_S - 30, exp: NOW_S + 30 })).valid, true);
    const bare = verify(session({ nbf: undefined, jti: undefined, sid: undefined }));
    assert.equal(bare.valid, true, bare.error ?? "");
    assert.equal(bare.session_id, null);
    assert.equal(bare.token_id, null);
  });

  it("runs the operation's own example at its instant, from the registry", async () => {
    const outputs = await runOperation("shopify-session", exampleInput(shopifySession), { clock });
    assert.equal(outputs.valid, true, String(outputs.error));
    assert.equal(outputs.shop, "example-shop.myshopify.com");
    // A minute later it has expired, as every Shopify session token does.
    const later = await runOperation("shopify-session", exampleInput(shopifySession), {
      clock: fixedClock(NOW + 71_000),
    });
    assert.equal(later.reason_code, "ERR_JWT_EXPIRED");
  });

  it("reads the secret from SHOPIFY_API_SECRET when the input is empty", async () => {
    const env: Record<string, string> = { SHOPIFY_API_SECRET: API_SECRET };
    const outputs = await runOperation(
      "shopify-session",
      { token: session(), api_key: API_KEY, api_secret: "" },
      { clock, fallback: (name) => env[name] },
    );
    assert.equal(outputs.valid, true, String(outputs.error));
  });
});

describe("shopify-session: every refusal has its reason code", () => {
  it("ERR_JWT_MALFORMED and ERR_TOKEN_TOO_LARGE", () => {
    refusedWith("Bearer", "ERR_JWT_MALFORMED");
    refusedWith("a.b", "ERR_JWT_MALFORMED");
    refusedWith(`${session()}${"A".repeat(9000)}`, "ERR_TOKEN_TOO_LARGE");
  });

  it("ERR_ALG_NOT_ALLOWED: HS512 with the right secret, RS256, and alg none", () => {
    const claims = JSON.stringify(CLAIMS);
    const hs512 = encodeJws(claims, { key: Buffer.from(API_SECRET), alg: "HS512", allowWeakKey: true });
    refusedWith(hs512, "ERR_ALG_NOT_ALLOWED");
    const rsa = generateKeyPair("RS256");
    refusedWith(encodeJws(claims, { key: rsa.privateKeyPem, alg: "RS256" }), "ERR_ALG_NOT_ALLOWED");
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(claims).toString("base64url")}.`;
    refusedWith(none, "ERR_ALG_NOT_ALLOWED", /unsigned/);
  });

  it("ERR_JWS_SIGNATURE_INVALID: another app's secret, the secret given wrongly, an altered token", () => {
    refusedWith(session({}, "shpss_another-apps-secret-0000000000000"), "ERR_JWS_SIGNATURE_INVALID");
    refusedWith(session(), "ERR_JWS_SIGNATURE_INVALID", undefined, { api_secret: API_SECRET.slice(0, -1) });
    const [head, , signature] = session().split(".") as [string, string, string];
    const body = Buffer.from(JSON.stringify({ ...CLAIMS, sub: "1" })).toString("base64url");
    refusedWith(`${head}.${body}.${signature}`, "ERR_JWS_SIGNATURE_INVALID");
  });

  it("ERR_JWT_EXPIRED, ERR_JWT_NOT_YET_VALID and ERR_JWT_CLAIM_INVALID (no exp, iat in the future)", () => {
    refusedWith(session(), "ERR_JWT_EXPIRED", undefined, {}, NOW + 66_000);
    refusedWith(session(), "ERR_JWT_NOT_YET_VALID", undefined, {}, NOW - 16_000);
    refusedWith(session({ exp: undefined }), "ERR_JWT_CLAIM_INVALID", /exp/);
    refusedWith(
      session({ iat: NOW_S + 30, nbf: undefined, exp: NOW_S + 60 }),
      "ERR_JWT_CLAIM_INVALID",
      /iat/,
    );
  });

  it("ERR_SIGNIN_LIFETIME: more than one minute between iat and exp, or no iat", () => {
    refusedWith(session({ iat: NOW_S - 5, exp: NOW_S + 56 }), "ERR_SIGNIN_LIFETIME", /61 s/);
    refusedWith(session({ iat: NOW_S - 5, exp: NOW_S + 3600 }), "ERR_SIGNIN_LIFETIME");
    refusedWith(session({ iat: undefined }), "ERR_SIGNIN_LIFETIME", /iat/);
  });

  it("ERR_SIGNIN_AUDIENCE: another app's client ID, none, or a list", () => {
    refusedWith(session({ aud: "ffffffffffffffffffffffffffffffff" }), "ERR_SIGNIN_AUDIENCE", /api_key/);
    refusedWith(session({ aud: undefined }), "ERR_SIGNIN_AUDIENCE", /missing/);
    // decodeSessionToken compares aud with !==: a list never matches there either.
    refusedWith(session({ aud: [API_KEY] }), "ERR_SIGNIN_AUDIENCE");
    refusedWith(session(), "ERR_SIGNIN_AUDIENCE", undefined, { api_key: "another-client-id" });
  });

  it("ERR_SIGNIN_SHOP: dest not a myshopify.com shop, iss another shop or not its admin", () => {
    const cases: JwtPayload[] = [
      { dest: "https://example-shop.myshopify.com.attacker.example" },
      { dest: "https://attacker.example", iss: "https://attacker.example/admin" },
      { dest: "http://example-shop.myshopify.com", iss: "http://example-shop.myshopify.com/admin" },
      { dest: "https://example-shop.myshopify.com/admin" },
      { dest: undefined },
      { iss: "https://other-shop.myshopify.com/admin" },
      { iss: "https://example-shop.myshopify.com" },
      { iss: undefined },
    ];
    for (const change of cases) refusedWith(session(change), "ERR_SIGNIN_SHOP");
  });
});

describe("shopify-session: wrong inputs throw, naming them", () => {
  it("refuses an empty secret given to the library function, naming api_secret", () => {
    assert.throws(
      () => verifyShopifySession({ token: session(), api_key: API_KEY, api_secret: "  " }, { clock }),
      (error: unknown) => isJwtError(error, "ERR_OPTION_INVALID") && error.option === "api_secret",
    );
  });

  it("refuses a missing api_key, and a missing secret naming SHOPIFY_API_SECRET", async () => {
    await assert.rejects(
      runOperation("shopify-session", { token: session(), api_secret: API_SECRET }, { clock }),
      (error: unknown) => isJwtError(error) && error.option === "api_key",
    );
    await assert.rejects(
      runOperation("shopify-session", { token: session(), api_key: API_KEY }, { clock }),
      (error: unknown) =>
        isJwtError(error) && error.option === "api_secret" && /SHOPIFY_API_SECRET/.test(error.message),
    );
  });
});

describe("shopify-session as a Bubble action", () => {
  const action = ACTIONS.find((each) => each.key === "shopify-session") ?? assert.fail("no action");

  it("has no Endpoints or CA fields (it calls nothing), and reads the secret from the plugin key", async () => {
    assert.deepEqual(
      action.fields.map((field) => field.name),
      ["token", "api_key", "api_secret", "stop_on_error"],
    );
    const result = await action.run(
      { token: `Bearer ${session()}`, api_key: API_KEY },
      { clock, keys: { SHOPIFY_API_SECRET: API_SECRET } },
    );
    assert.equal(result.valid, true, String(result.error));
    assert.equal(result.shop, "example-shop.myshopify.com");
  });

  it("answers a refused token as valid = no with its reason code", async () => {
    const result = await action.run(
      { token: session({ dest: "https://attacker.example" }), ...INPUT },
      { clock, keys: {} },
    );
    assert.equal(result.valid, false);
    assert.equal(result.reason_code, "ERR_SIGNIN_SHOP");
  });
});

describe("shopify-session: the HMAC is the secret's UTF-8 bytes, as Shopify's getHMACKey", () => {
  it("verifies a token made with node:crypto alone", () => {
    const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(CLAIMS)).toString("base64url")}`;
    const signature = createHmac("sha256", Buffer.from(API_SECRET, "utf8")).update(input).digest("base64url");
    assert.equal(verify(`${input}.${signature}`).valid, true);
  });
});

// Bubble runs each action's built server.js, maybe on Node 18: this one alone, built, once per Node line.
const NODE18 = process.env.NODE18_BIN ?? fileURLToPath(new URL("../../../.tmp/node18/node", import.meta.url));
const RUNNER = fileURLToPath(new URL("../../bubble/node18/run-recipe-actions.cjs", import.meta.url));

describe("shopify-session through the built plugin", () => {
  let dir = "";
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "bubble-jwt-shopify-"));
    await buildPlugin({ outDir: dir, check: true, only: ["shopify-session"] });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("answers on this Node.js, the secret from the plugin key", async () => {
    const result = await runPluginAction({
      pluginDir: dir,
      action: "Shopify: verify session token",
      input: { token: `Bearer ${session()}`, api_key: API_KEY },
      keys: { SHOPIFY_API_SECRET: API_SECRET },
      clock,
    });
    assert.equal(result.valid, true, String(result.error));
    assert.equal(result.shop, "example-shop.myshopify.com");
  });

  it("answers the same on Node.js 18", {
    skip: existsSync(NODE18) ? false : `no Node 18 at ${NODE18}`,
  }, () => {
    const runs = [
      {
        display: "Shopify: verify session token",
        properties: { token: session(), ...INPUT },
        keys: {},
        now: NOW,
      },
      {
        display: "Shopify: verify session token",
        properties: { token: session({ iss: "https://other-shop.myshopify.com/admin" }), ...INPUT },
        keys: {},
        now: NOW,
      },
    ];
    const file = join(dir, "runs.json");
    writeFileSync(file, JSON.stringify(runs));
    const output = JSON.parse(
      execFileSync(NODE18, [RUNNER, dir, file], { encoding: "utf8", timeout: 60_000 }),
    );
    assert.match(output.node, /^v18\./);
    assert.equal(output.results[0].valid, true, output.results[0].error);
    assert.equal(output.results[0].user_id, "42");
    assert.deepEqual([output.results[1].valid, output.results[1].reason_code], [false, "ERR_SIGNIN_SHOP"]);
  });
});
