// A key server that fails (an error status or no answer at all) must not turn every token with a
// made-up kid into an outbound request: failed fetches are remembered and retried with a growing,
// capped back-off, the cached keys still answer, and the cooldown counts from the last attempt.
// Counted against a real local HTTPS key server, on an injected clock.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { encodeJwt, generateKeyPair, JwtError, RemoteKeySet } from "../../src/jwt/index.js";
import { type Handler, startHttpsServer, type TestHttpsServer } from "../helpers/https-server.js";

const signer = generateKeyPair("RS256");
const rotated = generateKeyPair("RS256");
let server: TestHttpsServer;

const serve =
  (body: unknown): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
const failing: Handler = (_req, res) => {
  res.writeHead(503, { "content-type": "text/plain" });
  res.end("down");
};
/** Accepts the request and never answers (the set's time-out ends it). */
const hanging: Handler = () => {};

const tokenFor = (pair: typeof signer, kid = pair.kid) =>
  encodeJwt({ sub: "42" }, { key: pair.privateKeyPem, alg: "RS256", header: { kid } });
/** Tokens signed by a real key with made-up kids, signed once (RSA signing is the slow part). */
const FORGED = Array.from({ length: 100 }, (_, n) => tokenFor(signer, `forged-${n}`));
const forged = (n: number) => FORGED[n % FORGED.length] as string;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    assert.ok(error instanceof JwtError, String(error));
    return error.code;
  }
}

before(async () => {
  server = await startHttpsServer(serve(signer.jwks));
});
after(() => server.close());

function remoteSet(clock: () => number): RemoteKeySet {
  return new RemoteKeySet(`${server.origin}/jwks`, { ca: server.cert, clock, timeoutMs: 300 });
}

describe("RemoteKeySet during a key server outage", () => {
  for (const [name, handler] of [
    ["answers 503", failing],
    ["hangs", hanging],
  ] as const) {
    it(`100 forged kids make one fetch while the server ${name}; the cached keys still verify`, async () => {
      let now = 0;
      server.setHandler(serve(signer.jwks));
      const remote = remoteSet(() => now);
      assert.equal(await codeOf(remote.verify(tokenFor(signer))), "ok");
      const start = server.requests();
      server.setHandler(handler);
      now = 31_000; // past the 30 s cooldown, inside the 10-minute cache
      const codes = new Set<string>();
      for (let n = 0; n < 100; n++) codes.add(await codeOf(remote.verify(forged(n))));
      // ... and 100 at once share the same answer.
      const together = await Promise.all(
        Array.from({ length: 100 }, (_, n) => codeOf(remote.verify(forged(n)))),
      );
      for (const code of together) codes.add(code);
      assert.equal(server.requests() - start, 1, "requests to the key server");
      assert.deepEqual([...codes], ["ERR_KID_UNKNOWN"]);
      assert.equal(await codeOf(remote.verify(tokenFor(signer))), "ok");
      assert.equal(server.requests() - start, 1);
    });
  }

  it("backs off: retries grow and are capped, whatever the number of tokens", async () => {
    let now = 0;
    server.setHandler(serve(signer.jwks));
    const remote = remoteSet(() => now);
    await remote.getKeySet();
    server.setHandler(failing);
    const start = server.requests();
    const fetchedAt: number[] = [];
    // Two hours, ten forged tokens every 5 seconds; the keys went stale after ten minutes.
    for (now = 31_000; now <= 2 * 3600_000; now += 5000) {
      const before = server.requests();
      for (let n = 0; n < 10; n++) await codeOf(remote.verify(forged(n)));
      if (server.requests() > before) fetchedAt.push(now);
    }
    const gaps = fetchedAt.slice(1).map((at, i) => at - (fetchedAt[i] as number));
    assert.ok(fetchedAt.length >= 5, `only ${fetchedAt.length} attempts: recovery must stay possible`);
    assert.ok(fetchedAt.length <= 40, `${fetchedAt.length} attempts in two hours`);
    assert.equal(server.requests() - start, fetchedAt.length);
    for (let i = 1; i < gaps.length; i++) {
      assert.ok((gaps[i] as number) >= (gaps[i - 1] as number), `gaps grow: ${gaps.join(", ")}`);
    }
    assert.ok(Math.max(...gaps) <= 5 * 60_000 + 5000, `capped: ${gaps.join(", ")}`);
    assert.ok(Math.max(...gaps) > 2 * 60_000, `the back-off grows past the cooldown: ${gaps.join(", ")}`);
  });

  it("answers from the stale keys while the server is down, and picks up a rotation once it is back", async () => {
    let now = 0;
    server.setHandler(serve(signer.jwks));
    const remote = remoteSet(() => now);
    await remote.getKeySet();
    server.setHandler(failing);
    now = 11 * 60_000; // the 10-minute cache is over
    assert.equal(await codeOf(remote.verify(tokenFor(signer))), "ok");
    const start = server.requests();
    for (let n = 0; n < 50; n++) assert.equal(await codeOf(remote.verify(tokenFor(signer))), "ok");
    assert.equal(server.requests() - start, 0);
    server.setHandler(serve({ keys: [...signer.jwks.keys, ...rotated.jwks.keys] }));
    now += 5 * 60_000 + 1000; // past any back-off
    assert.equal(await codeOf(remote.verify(tokenFor(rotated))), "ok");
    assert.equal(server.requests() - start, 1);
    // Recovered: the ordinary cooldown again, no back-off left over.
    now += 31_000;
    assert.equal(await codeOf(remote.verify(forged(1))), "ERR_KID_UNKNOWN");
    assert.equal(server.requests() - start, 2);
  });

  it("without any keys, a failure is remembered: ERR_JWKS_FETCH_FAILED without a new request", async () => {
    const now = 0;
    server.setHandler(failing);
    const remote = remoteSet(() => now);
    const start = server.requests();
    for (let n = 0; n < 100; n++)
      assert.equal(await codeOf(remote.verify(forged(n))), "ERR_JWKS_FETCH_FAILED");
    assert.equal(server.requests() - start, 1);
    const error = await remote.getKeySet().catch((caught: unknown) => caught);
    assert.ok(error instanceof JwtError);
    assert.match(error.message, /again/);
  });
});
