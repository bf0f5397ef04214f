// The providers' keys: fetched over HTTPS, cached by Cache-Control max-age, refetched on rotation at
// most once per cooldown, one set per URL; a server that never answers and a 10 MB answer refused.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  createSignInKeySets,
  type SignInKeySets,
  type SignInKeySetsOptions,
  verifySignInToken,
} from "../../../src/recipes/sign-in/index.js";
import {
  certificates,
  type FakeIssuers,
  keys,
  NOW,
  PROVIDER_CASES,
  type ProviderCaseName,
  startFakeIssuers,
  tokenOf,
} from "./fake-issuers.js";

let fake: FakeIssuers;
let cache: SignInKeySets;
let now = NOW;

before(async () => {
  fake = await startFakeIssuers();
});
after(() => fake.close());
beforeEach(() => {
  now = NOW;
  fake.reset();
  cache = createSignInKeySets({ clock: () => now });
});

function check(name: ProviderCaseName, token: string, keySets: SignInKeySets = cache) {
  return verifySignInToken(
    { ...PROVIDER_CASES[name].input, token },
    { clock: () => now, endpoints: fake.endpoints, ca: fake.server.cert, cache: keySets },
  );
}

async function valid(name: ProviderCaseName, token = tokenOf(name)) {
  const outputs = await check(name, token);
  assert.equal(outputs.valid, true, outputs.error ?? "");
}

describe("key cache", () => {
  it("fetches a provider's keys once for many tokens, and shares one set per URL", async () => {
    await Promise.all([valid("google"), valid("google"), valid("google")]);
    for (let i = 0; i < 5; i++) await valid("google");
    assert.equal(fake.requests("google"), 1);
    assert.equal(cache.size, 1);
    await valid("apple");
    assert.equal(cache.size, 2);
  });

  it("keeps the keys for the answer's max-age, then fetches again", async () => {
    await valid("google"); // max-age=300
    now = NOW + 299_000;
    await valid("google");
    assert.equal(fake.requests("google"), 1);
    now = NOW + 300_000;
    await valid("google");
    assert.equal(fake.requests("google"), 2);
  });

  it("bounds max-age: at least a minute, at most 24 hours", async () => {
    fake.routes.set("apple", {
      body: () => ({ keys: [keys.rsa.publicJwk] }),
      cacheControl: "no-cache, no-store",
    });
    await valid("apple");
    now = NOW + 59_000;
    await valid("apple");
    assert.equal(fake.requests("apple"), 1);
    now = NOW + 60_000;
    await valid("apple");
    assert.equal(fake.requests("apple"), 2);

    fake.routes.set("auth0", {
      body: () => ({ keys: [keys.rsa.publicJwk] }),
      cacheControl: "max-age=31536000",
    });
    now = NOW;
    await valid("auth0");
    now = NOW + 86_399_000;
    await valid("auth0", tokenOf("auth0", { iat: now / 1000 - 60, exp: now / 1000 + 600 }));
    assert.equal(fake.requests("auth0"), 1);
    now = NOW + 86_400_000;
    await valid("auth0", tokenOf("auth0", { iat: now / 1000 - 60, exp: now / 1000 + 600 }));
    assert.equal(fake.requests("auth0"), 2);
  });

  it("Firebase: reads the certificate map, keeps it for max-age, and picks up a rotation once per cooldown", async () => {
    await valid("firebase");
    assert.equal(fake.requests("firebase"), 1);
    fake.routes.set("firebase", {
      body: () => ({ fb1: certificates.fb1, fb2: certificates.fb2 }),
      cacheControl: "public, max-age=19302, must-revalidate, no-transform",
    });
    const rotated = tokenOf("firebase", {}, { pair: keys.rotated, kid: "fb2" });
    now = NOW + 10_000; // inside the 30 s cooldown: not fetched again
    const early = await check("firebase", rotated);
    assert.equal(early.reason_code, "ERR_KID_UNKNOWN");
    assert.equal(fake.requests("firebase"), 1);
    now = NOW + 30_000;
    await valid("firebase", rotated);
    assert.equal(fake.requests("firebase"), 2);
    // Forged kids right after: still one request per cooldown.
    for (const kid of ["forged-1", "forged-2", "forged-3"]) {
      const forged = await check("firebase", tokenOf("firebase", {}, { pair: keys.stranger, kid }));
      assert.equal(forged.reason_code, "ERR_KID_UNKNOWN");
    }
    assert.equal(fake.requests("firebase"), 2);
    now = NOW + 60_000;
    await check("firebase", tokenOf("firebase", {}, { pair: keys.stranger, kid: "forged-4" }));
    assert.equal(fake.requests("firebase"), 3);
    // The old key stays while it is published.
    await valid("firebase");
    assert.equal(fake.requests("firebase"), 3);
  });

  it("a JWKS rotation: the new kid is fetched once, the old one removed later is refused", async () => {
    await valid("clerk");
    fake.routes.set("clerk", {
      body: () => ({ keys: [keys.rotated.publicJwk] }),
      cacheControl: "max-age=300",
    });
    now = NOW + 31_000;
    await valid(
      "clerk",
      tokenOf("clerk", { iat: now / 1000, nbf: now / 1000, exp: now / 1000 + 60 }, { pair: keys.rotated }),
    );
    assert.equal(fake.requests("clerk"), 2);
    const old = await check(
      "clerk",
      tokenOf("clerk", { iat: now / 1000, nbf: now / 1000, exp: now / 1000 + 60 }),
    );
    assert.equal(old.reason_code, "ERR_KID_UNKNOWN");
  });

  it("another provider's token never makes this provider's keys be fetched", async () => {
    await valid("apple");
    now = NOW + 120_000;
    for (const name of ["google", "firebase", "auth0"] as const) {
      const outputs = await check("apple", tokenOf(name));
      assert.equal(outputs.reason_code, "ERR_SIGNIN_ISSUER");
    }
    assert.equal(fake.requests("apple"), 1);
  });

  it("keeps at most maxSets key URLs", async () => {
    const small = createSignInKeySets({ clock: () => now, maxSets: 2 });
    for (const name of ["google", "apple", "auth0"] as const) {
      assert.equal((await check(name, tokenOf(name), small)).valid, true);
    }
    assert.equal(small.size, 2);
  });
});

describe("a key server that misbehaves", () => {
  const options = (more: SignInKeySetsOptions) => createSignInKeySets({ clock: () => now, ...more });

  it("never answers: refused with ERR_JWKS_FETCH_FAILED after the time-out", async () => {
    fake.routes.set("google", { body: () => ({}), behaviour: "never" });
    const started = Date.now();
    const outputs = await check("google", tokenOf("google"), options({ timeoutMs: 300 }));
    assert.equal(outputs.valid, false);
    assert.equal(outputs.reason_code, "ERR_JWKS_FETCH_FAILED");
    assert.match(outputs.error ?? "", /did not answer within 300 ms/);
    assert.ok(Date.now() - started < 3000);
  });

  it("answers 10 MB: refused without reading it all", async () => {
    fake.routes.set("apple", { body: () => ({}), behaviour: "huge" });
    const outputs = await check("apple", tokenOf("apple"));
    assert.equal(outputs.reason_code, "ERR_JWKS_FETCH_FAILED");
    assert.match(outputs.error ?? "", /more than 65536 bytes/);
  });

  it("answers something that is not the keys: refused, and the next call after the back-off tries again", async () => {
    fake.routes.set("firebase", { body: () => ({ keys: [] }) });
    const outputs = await check("firebase", tokenOf("firebase"));
    assert.equal(outputs.reason_code, "ERR_JWKS_FETCH_FAILED");
    assert.match(outputs.error ?? "", /map of certificates/);
    fake.reset();
    // A failed fetch is remembered for a second (the first step of the key set's back-off).
    const again = await check("firebase", tokenOf("firebase"));
    assert.equal(again.reason_code, "ERR_JWKS_FETCH_FAILED");
    assert.match(again.error ?? "", /Not fetched again for 1 s/);
    now += 1000;
    await valid("firebase");
  });

  it("is not trusted: refused (no ca given)", async () => {
    const outputs = await verifySignInToken(
      { ...PROVIDER_CASES.google.input, token: tokenOf("google") },
      { clock: () => now, endpoints: fake.endpoints, cache },
    );
    assert.equal(outputs.reason_code, "ERR_JWKS_FETCH_FAILED");
  });
});
