// Cloudflare Stream's signed token: every rule asserted on a real token signed at a frozen instant,
// with the signature checked with the public key, for each key form Cloudflare hands out (the
// base64-wrapped PKCS#1 pem and jwk), and each refusal by code and input.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import type { JwtErrorCode } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { assertRefused } from "./assert-refused.js";
import { clock, decoded, NOW_SECONDS, signatureValid, testKeys } from "./helpers.js";

const keys = testKeys();
const KEY_ID = "8f926b2b01f3835170025a78a4dcbf6a";
const VIDEO = "ea95132c15732412d22c1476fa83f27a";
const PEM_B64 = Buffer.from(keys.rsaPkcs1).toString("base64");
const JWK_B64 = Buffer.from(
  JSON.stringify({ use: "sig", ...keys.rsa.export({ format: "jwk" }), kid: KEY_ID, alg: "RS256" }),
).toString("base64");
const BASE = { key_id: KEY_ID, signing_key: PEM_B64, video_uid: VIDEO };
const run = (input: Record<string, unknown>) => runRecipe("cloudflare-stream-token", input, { clock });

const refused = (input: Record<string, unknown>, code: JwtErrorCode, option: string) =>
  assertRefused("cloudflare-stream-token", input, code, option, { unquoted: PEM_B64.slice(0, 40) });

describe("cloudflare-stream-token", () => {
  it("signs RS256 with kid in the header and the claims, sub = video UID, exp = now + 60 min", () => {
    const out = run({ ...BASE, customer_code: "f33zs165nr7gyfy4" });
    const { header, payload } = decoded(out.token);
    assert.deepEqual(header, { alg: "RS256", typ: "JWT", kid: KEY_ID });
    assert.deepEqual(payload, { sub: VIDEO, kid: KEY_ID, exp: NOW_SECONDS + 3600, iat: NOW_SECONDS });
    assert.ok(signatureValid(out.token, keys.rsa));
    assert.deepEqual(out.expires_at, new Date((NOW_SECONDS + 3600) * 1000));
    const base = `https://customer-f33zs165nr7gyfy4.cloudflarestream.com/${out.token}`;
    assert.equal(out.iframe_url, `${base}/iframe`);
    assert.equal(out.hls_url, `${base}/manifest/video.m3u8`);
    assert.equal(out.dash_url, `${base}/manifest/video.mpd`);
  });

  it("takes the key as Cloudflare's base64 jwk, a plain PKCS#1 PEM, or a jwk's JSON, all signing alike", () => {
    for (const signing_key of [JWK_B64, keys.rsaPkcs1, Buffer.from(JWK_B64, "base64").toString()]) {
      const out = run({ ...BASE, signing_key });
      assert.equal(decoded(out.token).header.kid, KEY_ID);
      assert.ok(signatureValid(out.token, keys.rsa));
    }
  });

  it("writes downloadable and the access rules, and accepts the 24-hour maximum", () => {
    const rules = [
      { type: "ip.geoip.country", action: "allow", country: ["US", "MX"] },
      { type: "ip.src", action: "allow", ip: ["93.184.216.0/24", "2400:cb00::/32", "192.0.2.1"] },
      { type: "any", action: "block" },
    ];
    const out = run({
      ...BASE,
      downloadable: true,
      access_rules_json: JSON.stringify(rules),
      lifetime_minutes: 1440,
    });
    const { payload } = decoded(out.token);
    assert.equal(payload.downloadable, true);
    assert.deepEqual(payload.accessRules, rules);
    assert.equal(payload.exp, NOW_SECONDS + 86_400);
    assert.equal(out.iframe_url, undefined);
  });

  it("refuses what Cloudflare would not take, naming the input", () => {
    refused({ ...BASE, lifetime_minutes: 1441 }, "ERR_OPTION_INVALID", "lifetime_minutes");
    refused({ ...BASE, video_uid: "my-video" }, "ERR_INPUT_RULE", "video_uid");
    refused({ ...BASE, key_id: "8f926b2b01f383510025a78a4dcbf6a" }, "ERR_INPUT_RULE", "key_id");
    refused(
      { ...BASE, customer_code: "customer-abc.cloudflarestream.com" },
      "ERR_INPUT_RULE",
      "customer_code",
    );
    refused({ ...BASE, key_id: "0".repeat(32), signing_key: JWK_B64 }, "ERR_KEY_INVALID", "signing_key");
    refused({ ...BASE, signing_key: keys.ecPkcs8 }, "ERR_KEY_INVALID", "signing_key");
    refused({ ...BASE, signing_key: "bm90IGEga2V5" }, "ERR_KEY_INVALID", "signing_key");
    const publicPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({
      type: "pkcs1",
      format: "pem",
    });
    refused({ ...BASE, signing_key: String(publicPem) }, "ERR_KEY_INVALID", "signing_key");
    const six = Array.from({ length: 6 }, () => ({ type: "any", action: "allow" }));
    for (const rules of [
      six,
      [{ type: "ip.asn", action: "block" }],
      [{ type: "any", action: "deny" }],
      [{ type: "ip.geoip.country", action: "block", country: ["usa"] }],
      [{ type: "ip.geoip.country", action: "block" }],
      [{ type: "ip.src", action: "block", ip: ["300.1.1.1/24"] }],
      [{ type: "ip.src", action: "block", ip: ["10.0.0.0/33"] }],
      [{ type: "any", action: "block", country: ["US"] }],
      { type: "any", action: "block" },
    ]) {
      refused({ ...BASE, access_rules_json: JSON.stringify(rules) }, "ERR_INPUT_RULE", "access_rules_json");
    }
  });
});
