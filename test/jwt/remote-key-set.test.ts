// The engine's remote key set: certificate maps, Cache-Control max-age (bounded), the rotation cooldown.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createRemoteKeySet,
  encodeJwt,
  generateKeyPair,
  JwtError,
  KEY_SET_FORMATS,
  RemoteKeySet,
} from "../../src/jwt/index.js";
import { selfSignedCertificate } from "../helpers/certificates.js";
import { type Handler, startHttpsServer, type TestHttpsServer } from "../helpers/https-server.js";

const first = generateKeyPair("RS256");
const second = generateKeyPair("RS256");
const firstCert = selfSignedCertificate(first.privateKeyPem);
const secondCert = selfSignedCertificate(second.privateKeyPem);
let server: TestHttpsServer;

function answer(body: unknown, cacheControl?: string): Handler {
  return (_req, res) => {
    res.writeHead(200, {
      "content-type": "application/json",
      ...(cacheControl === undefined ? {} : { "cache-control": cacheControl }),
    });
    res.end(JSON.stringify(body));
  };
}

function tokenFor(pair: typeof first, kid = pair.kid): string {
  return encodeJwt({ sub: "42" }, { key: pair.privateKeyPem, alg: "RS256", header: { kid } });
}

async function rejection(promise: Promise<unknown>): Promise<JwtError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof JwtError, `expected a JwtError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

before(async () => {
  server = await startHttpsServer(answer(first.jwks));
});
after(() => server.close());

describe("RemoteKeySet with format certificate-map", () => {
  it("verifies with the certificate named by the token's kid", async () => {
    server.setHandler(answer({ a1: firstCert, b2: secondCert }));
    const remote = createRemoteKeySet(`${server.origin}/x509`, {
      ca: server.cert,
      format: "certificate-map",
    });
    assert.equal(remote.format, "certificate-map");
    assert.equal((await remote.verify(tokenFor(first, "a1"))).key.kid, "a1");
    assert.equal((await remote.verify(tokenFor(second, "b2"))).key.kid, "b2");
    // The certificate of another kid never verifies.
    assert.equal((await rejection(remote.verify(tokenFor(first, "b2")))).code, "ERR_JWS_SIGNATURE_INVALID");
  });

  it("refuses a body that is not a map of certificates", async () => {
    for (const body of [first.jwks, { a1: "not a certificate" }, {}, ["x"]]) {
      server.setHandler(answer(body));
      const remote = createRemoteKeySet(`${server.origin}/x509`, {
        ca: server.cert,
        format: "certificate-map",
      });
      const error = await rejection(remote.getKeySet());
      assert.equal(error.code, "ERR_JWKS_FETCH_FAILED");
      assert.match(
        error.message,
        /certificates URL \(127\.0\.0\.1:\d+\) did not return a JSON map of certificates/,
      );
    }
  });

  it("refuses an unknown format and a negative time before any request", () => {
    assert.deepEqual(KEY_SET_FORMATS, ["jwks", "certificate-map"]);
    const url = `${server.origin}/x`;
    assert.throws(() => new RemoteKeySet(url, { format: "pem" as never }), { code: "ERR_OPTION_INVALID" });
    assert.throws(() => new RemoteKeySet(url, { minCacheAgeMs: -1 }), { code: "ERR_OPTION_INVALID" });
    assert.throws(() => new RemoteKeySet(url, { cooldownMs: Number.NaN }), { code: "ERR_OPTION_INVALID" });
  });
});

describe("RemoteKeySet with useCacheControl", () => {
  async function requestsAfter(cacheControl: string | undefined, steps: number[], options = {}) {
    let now = 0;
    server.setHandler(answer(first.jwks, cacheControl));
    const remote = new RemoteKeySet(`${server.origin}/jwks`, {
      ca: server.cert,
      useCacheControl: true,
      clock: () => now,
      ...options,
    });
    const start = server.requests();
    const counts: number[] = [];
    for (const at of steps) {
      now = at;
      await remote.getKeySet();
      counts.push(server.requests() - start);
    }
    return counts;
  }

  it("keeps the keys for max-age", async () => {
    assert.deepEqual(
      await requestsAfter("public, max-age=300, must-revalidate", [0, 299_999, 300_000, 599_999, 600_000]),
      [1, 1, 2, 2, 3],
    );
  });

  it("bounds max-age: at least 1 minute, at most 24 hours by default", async () => {
    assert.deepEqual(await requestsAfter("max-age=5", [0, 59_999, 60_000]), [1, 1, 2]);
    assert.deepEqual(await requestsAfter("no-store", [0, 59_999, 60_000]), [1, 1, 2]);
    const day = 86_400_000;
    assert.deepEqual(await requestsAfter("max-age=31536000", [0, day - 1, day]), [1, 1, 2]);
    assert.deepEqual(
      await requestsAfter("max-age=31536000", [0, 3_599_999, 3_600_000], { maxCacheAgeMs: 3_600_000 }),
      [1, 1, 2],
    );
  });

  it("falls back to cacheMaxAgeMs without max-age, and ignores the header when off", async () => {
    assert.deepEqual(await requestsAfter(undefined, [0, 599_999, 600_000]), [1, 1, 2]);
    assert.deepEqual(await requestsAfter("max-age=5", [0, 120_000], { useCacheControl: false }), [1, 1]);
  });

  it("refetches for an unknown kid once per cooldown even while the cache is fresh", async () => {
    let now = 0;
    server.setHandler(answer({ a1: firstCert }, "max-age=21600"));
    const remote = new RemoteKeySet(`${server.origin}/x509`, {
      ca: server.cert,
      format: "certificate-map",
      useCacheControl: true,
      clock: () => now,
    });
    const start = server.requests();
    await remote.verify(tokenFor(first, "a1"));
    server.setHandler(answer({ a1: firstCert, b2: secondCert }, "max-age=21600"));
    now = 10_000;
    assert.equal((await rejection(remote.verify(tokenFor(second, "b2")))).code, "ERR_KID_UNKNOWN");
    assert.equal(server.requests() - start, 1);
    now = 30_000;
    assert.equal((await remote.verify(tokenFor(second, "b2"))).key.kid, "b2");
    assert.equal((await rejection(remote.verify(tokenFor(second, "forged")))).code, "ERR_KID_UNKNOWN");
    assert.equal(server.requests() - start, 2);
  });
});
