import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createRemoteKeySet,
  encodeJwt,
  fetchJwks,
  generateKeyPair,
  JwtError,
  RemoteKeySet,
} from "../../src/jwt/index.js";
import { sendJson, startHttpsServer, type TestHttpsServer } from "../helpers/https-server.js";

const first = generateKeyPair("ES256");
const second = generateKeyPair("ES256");
let server: TestHttpsServer;

before(async () => {
  server = await startHttpsServer(sendJson(first.jwks));
});
after(() => server.close());

function tokenFor(pair: typeof first): string {
  return encodeJwt({ sub: "42" }, { key: pair.privateKeyPem, alg: "ES256", header: { kid: pair.kid } });
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

describe("fetchJwks over real HTTPS", () => {
  it("fetches a key set from a server whose certificate is trusted through `ca`", async () => {
    server.setHandler(sendJson(first.jwks));
    const jwks = await fetchJwks(`${server.origin}/jwks.json`, { ca: server.cert });
    assert.deepEqual(jwks, first.jwks);
  });

  it("refuses http and invalid URLs before any request", async () => {
    const before = server.requests();
    const error = await rejection(fetchJwks(server.origin.replace("https:", "http:")));
    assert.equal(error.code, "ERR_JWKS_FETCH_FAILED");
    assert.match(error.message, /must use https \(got http\)/);
    assert.equal((await rejection(fetchJwks("not a url"))).code, "ERR_JWKS_FETCH_FAILED");
    assert.equal(server.requests(), before);
  });

  it("refuses a server whose certificate is not trusted", async () => {
    const error = await rejection(fetchJwks(`${server.origin}/jwks.json`));
    assert.equal(error.code, "ERR_JWKS_FETCH_FAILED");
    assert.match(error.message, /cannot be reached \(/);
  });

  it("stops waiting after the time-out", async () => {
    server.setHandler(() => {}); // never answers
    const error = await rejection(fetchJwks(`${server.origin}/slow`, { ca: server.cert, timeoutMs: 150 }));
    assert.equal(error.code, "ERR_JWKS_FETCH_FAILED");
    assert.match(error.message, /did not answer within 150 ms/);
  });

  it("caps the response size, declared or streamed", async () => {
    server.setHandler((_req, res) => {
      const body = JSON.stringify({ keys: [], padding: "x".repeat(5000) });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
    const declared = await rejection(fetchJwks(`${server.origin}/big`, { ca: server.cert, maxBytes: 1000 }));
    assert.match(declared.message, /sent \d+ bytes; a key set is refused above 1000 bytes/);
    server.setHandler((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("x".repeat(800));
      res.end("x".repeat(800));
    });
    const streamed = await rejection(fetchJwks(`${server.origin}/big`, { ca: server.cert, maxBytes: 1000 }));
    assert.equal(streamed.code, "ERR_JWKS_FETCH_FAILED");
    assert.match(streamed.message, /more than 1000 bytes/);
  });

  it("explains a non-200 answer, a redirect and a body that is not a key set", async () => {
    server.setHandler((_req, res) => {
      res.writeHead(302, { location: "https://example.com/" });
      res.end();
    });
    const redirect = await rejection(fetchJwks(`${server.origin}/moved`, { ca: server.cert }));
    assert.match(redirect.message, /HTTP 302 \(redirects are not followed/);
    server.setHandler(sendJson({ hello: "world" }));
    const wrong = await rejection(fetchJwks(`${server.origin}/x`, { ca: server.cert }));
    assert.equal(wrong.code, "ERR_JWKS_FETCH_FAILED");
    assert.match(wrong.message, /did not return a JSON key set/);
  });
});

describe("RemoteKeySet", () => {
  it("verifies with fetched keys and serves later tokens from the cache", async () => {
    server.setHandler(sendJson(first.jwks));
    const remote = createRemoteKeySet(`${server.origin}/jwks.json`, { ca: server.cert });
    const before = server.requests();
    const { payload, key } = await remote.verify(tokenFor(first));
    assert.equal(payload.sub, "42");
    assert.equal(key.kid, first.kid);
    await remote.verify(tokenFor(first));
    assert.equal(server.requests() - before, 1);
  });

  it("fetches again for an unknown kid, but not more than once per cooldown", async () => {
    let clock = 1_000_000;
    server.setHandler(sendJson(first.jwks));
    const remote = new RemoteKeySet(`${server.origin}/jwks.json`, {
      ca: server.cert,
      cooldownMs: 30_000,
      clock: () => clock,
    });
    const before = server.requests();
    await remote.verify(tokenFor(first));
    server.setHandler(sendJson({ keys: [first.publicJwk, second.publicJwk] }));
    // Within the cooldown: no new request, the kid stays unknown.
    const early = await rejection(remote.verify(tokenFor(second)));
    assert.equal(early.code, "ERR_KID_UNKNOWN");
    assert.equal(server.requests() - before, 1);
    clock += 30_000;
    const { key } = await remote.verify(tokenFor(second));
    assert.equal(key.kid, second.kid);
    assert.equal(server.requests() - before, 2);
    // A forged kid right after: still one request per cooldown.
    const forged = encodeJwt({}, { key: second.privateKeyPem, alg: "ES256", header: { kid: "forged" } });
    assert.equal((await rejection(remote.verify(forged))).code, "ERR_KID_UNKNOWN");
    assert.equal(server.requests() - before, 2);
  });

  it("refreshes a stale cache and shares one request between concurrent callers", async () => {
    let clock = 0;
    server.setHandler(sendJson(first.jwks));
    const remote = new RemoteKeySet(`${server.origin}/jwks.json`, {
      ca: server.cert,
      cacheMaxAgeMs: 60_000,
      clock: () => clock,
    });
    const before = server.requests();
    await Promise.all([remote.getKeySet(), remote.getKeySet(), remote.getKeySet()]);
    assert.equal(server.requests() - before, 1);
    clock += 60_000;
    await remote.getKeySet();
    assert.equal(server.requests() - before, 2);
  });

  it("reports a key set without usable keys", async () => {
    server.setHandler(sendJson({ keys: [{ kty: "RSA", use: "enc", n: "AQAB", e: "AQAB" }] }));
    const remote = createRemoteKeySet(`${server.origin}/enc.json`, { ca: server.cert });
    const error = await rejection(remote.getKeySet());
    assert.equal(error.code, "ERR_JWKS_FETCH_FAILED");
    assert.match(error.message, /is not usable/);
  });

  it("refuses an http URL when created", () => {
    assert.throws(() => createRemoteKeySet("http://127.0.0.1/jwks.json"), {
      code: "ERR_JWKS_FETCH_FAILED",
      message: /must use https/,
    });
  });
});
