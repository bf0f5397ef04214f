// The token cache, counted in requests the fake providers saw: reuse, refresh 5 minutes before
// expiry on a moved clock, one shared request for concurrent calls, keys that separate what differs.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { importKey } from "../../../src/jwt/index.js";
import {
  createExchangeCache,
  type ExchangeCache,
  keyFingerprint,
  type RunExchangeOptions,
  runExchange,
  SALESFORCE_ASSUMED_LIFETIME_MS,
  sharedExchangeCache,
} from "../../../src/recipes/exchanges/index.js";
import { NOW, serviceAccountJson, testKeys } from "../helpers.js";
import { endpointsOf, type Fake, startFakeProviders } from "./fake-providers.js";

const keys = testKeys();
let fake: Fake;
let now = NOW.getTime();
let cache: ExchangeCache;
const options = (more: RunExchangeOptions = {}): RunExchangeOptions => ({
  clock: () => now,
  endpoints: endpointsOf(fake),
  ca: fake.ca,
  cache,
  ...more,
});
const GOOGLE = {
  service_account_json: serviceAccountJson(),
  scopes: "https://www.googleapis.com/auth/drive",
};
const GITHUB = { app_id: "123456", private_key: keys.rsaPkcs1, installation_id: "4242" };
const google = (input: Record<string, unknown> = GOOGLE, more: RunExchangeOptions = {}) =>
  runExchange("google-access-token", input, options(more));

before(async () => {
  fake = await startFakeProviders(keys.rsa, now);
});
after(() => fake.close());
beforeEach(() => {
  now = NOW.getTime();
  fake.now = now;
  fake.override = undefined;
  fake.seen.length = 0;
  cache = createExchangeCache();
});

describe("reuse and refresh", () => {
  it("reuses a token until 5 minutes before it expires, then fetches a new one", async () => {
    const first = await google();
    const again = await google();
    assert.equal(again.access_token, first.access_token);
    assert.equal(fake.seen.length, 1);
    // Google's token: expires_in 3599 s. Reused until expiry - 5 min, counting down expires_in.
    now += 3599_000 - 5 * 60_000 - 1000;
    const late = await google();
    assert.equal(late.access_token, first.access_token);
    assert.equal(late.expires_in, 5 * 60 + 1);
    assert.equal(fake.seen.length, 1);
    now += 1000;
    fake.now = now;
    const fresh = await google();
    assert.notEqual(fresh.access_token, first.access_token);
    assert.equal(fresh.expires_in, 3599);
    assert.equal(fake.seen.length, 2);
  });

  it("shares one request among concurrent calls for the same key", async () => {
    fake.delayMs = 50;
    const results = await Promise.all(Array.from({ length: 8 }, () => google()));
    fake.delayMs = 0;
    assert.equal(fake.seen.length, 1);
    assert.equal(new Set(results.map((out) => out.access_token)).size, 1);
  });

  it("does not keep a failure: the next call asks again", async () => {
    fake.override = () => ({
      status: 400,
      body: { error: "invalid_grant", error_description: "Invalid JWT Signature." },
    });
    await assert.rejects(google(), { code: "ERR_EXCHANGE_INVALID_GRANT" });
    fake.override = undefined;
    await google();
    assert.equal(fake.seen.length, 2);
    assert.equal(cache.size, 1);
  });

  it("concurrent calls share a failure too, and nothing is cached", async () => {
    fake.override = () => ({ status: 503, body: "down" });
    fake.delayMs = 30;
    const outcomes = await Promise.allSettled([google(), google(), google()]);
    fake.delayMs = 0;
    assert.deepEqual(
      outcomes.map((each) => each.status),
      ["rejected", "rejected", "rejected"],
    );
    assert.equal(fake.seen.length, 1);
    assert.equal(cache.size, 0);
  });

  it("reuses GitHub's token by its expires_at and Salesforce's for its assumed lifetime less 5 minutes", async () => {
    await runExchange("github-installation-token", GITHUB, options());
    now += 55 * 60_000 - 1000;
    await runExchange("github-installation-token", GITHUB, options());
    assert.equal(fake.seen.length, 1);
    now += 1000;
    fake.now = now;
    await runExchange("github-installation-token", GITHUB, options());
    assert.equal(fake.seen.length, 2);

    const sf = {
      consumer_key: "3MVG9A2kN3Bn17hs.key",
      username: "integration@acme.com",
      private_key: keys.rsaPkcs8,
    };
    fake.seen.length = 0;
    const start = now;
    await runExchange("salesforce-access-token", sf, options());
    now = start + SALESFORCE_ASSUMED_LIFETIME_MS - 5 * 60_000 - 1;
    await runExchange("salesforce-access-token", sf, options());
    assert.equal(fake.seen.length, 1);
    now += 1;
    fake.now = now;
    await runExchange("salesforce-access-token", sf, options());
    assert.equal(fake.seen.length, 2);
  });

  it("cache: false always asks the provider; the default is the process's shared cache", async () => {
    await google(GOOGLE, { cache: false });
    await google(GOOGLE, { cache: false });
    assert.equal(fake.seen.length, 2);
    sharedExchangeCache.clear();
    const shared = { ...options(), cache: undefined };
    await runExchange("google-access-token", GOOGLE, shared);
    await runExchange("google-access-token", GOOGLE, shared);
    assert.equal(fake.seen.length, 3);
    assert.equal(sharedExchangeCache.size, 1);
    sharedExchangeCache.clear();
  });
});

describe("cache keys", () => {
  it("separates scopes, subject and target audience; scope order and commas do not matter", async () => {
    await google();
    await google({
      ...GOOGLE,
      scopes: "https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/gmail.send",
    });
    await google({
      ...GOOGLE,
      scopes: "https://www.googleapis.com/auth/gmail.send, https://www.googleapis.com/auth/drive",
    });
    await google({ ...GOOGLE, subject: "ada@example.com" });
    await google({
      service_account_json: GOOGLE.service_account_json,
      target_audience: "https://run.example",
    });
    assert.equal(fake.seen.length, 4);
  });

  it("separates a rotated key of the same account, and names keys by fingerprint only", async () => {
    await google();
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const rotated = JSON.parse(GOOGLE.service_account_json);
    rotated.private_key = other.export({ type: "pkcs8", format: "pem" });
    fake.override = () => ({ status: 200, body: { access_token: "ya29.rotated", expires_in: 3600 } });
    const out = await google({ ...GOOGLE, service_account_json: JSON.stringify(rotated) });
    assert.equal(out.access_token, "ya29.rotated");
    assert.equal(fake.seen.length, 2);
    const fingerprint = keyFingerprint(importKey(keys.rsaPkcs8, { alg: "RS256" }));
    assert.match(fingerprint, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(fingerprint, keyFingerprint(importKey(keys.rsaPkcs1, { alg: "RS256" })));
  });

  it("separates GitHub installations, repositories and permissions; the same permissions in another order share", async () => {
    const run = (more: Record<string, unknown>) =>
      runExchange("github-installation-token", { ...GITHUB, ...more }, options());
    await run({});
    await run({ installation_id: "4243" });
    await run({ repositories: "api" });
    await run({ permissions_json: '{"contents":"read","issues":"write"}' });
    await run({ permissions_json: '{ "issues": "write", "contents": "read" }' });
    assert.equal(fake.seen.length, 4);
  });

  it("separates endpoints: a token from another server is another token", async () => {
    await google();
    await google(GOOGLE, {
      endpoints: { ...endpointsOf(fake), "google.token": `${fake.server.origin}/google/token?x=1` },
    });
    assert.equal(fake.seen.length, 2);
  });

  it("is bounded: past maxEntries the least recently used token goes", async () => {
    cache = createExchangeCache({ maxEntries: 2 });
    const scoped = (scope: string) =>
      google({ ...GOOGLE, scopes: `https://www.googleapis.com/auth/${scope}` });
    await scoped("a");
    await scoped("b");
    await scoped("a"); // a is now the most recent
    await scoped("c"); // evicts b
    assert.equal(cache.size, 2);
    assert.equal(fake.seen.length, 3);
    await scoped("a");
    assert.equal(fake.seen.length, 3);
    await scoped("b");
    assert.equal(fake.seen.length, 4);
  });

  it("refuses a bad input before looking in the cache", async () => {
    await google();
    await assert.rejects(google({ ...GOOGLE, subject: "nope" }), { option: "subject" });
  });
});
