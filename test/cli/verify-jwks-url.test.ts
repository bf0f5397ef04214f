import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runVerify } from "../../src/cli/commands/verify.js";
import { main } from "../../src/cli/main.js";
import { encodeJwt, fixedClock, generateKeyPair } from "../../src/jwt/index.js";
import { sendJson, startHttpsServer, type TestHttpsServer } from "../helpers/https-server.js";
import { fakeIo, NOW } from "./fake-io.js";

describe("bubble-jwt verify --jwks-url (a real HTTPS server on 127.0.0.1)", () => {
  const pair = generateKeyPair("ES256");
  const other = generateKeyPair("ES256");
  let server: TestHttpsServer;
  let dir: string;
  let caFile: string;
  before(async () => {
    server = await startHttpsServer(sendJson(pair.jwks));
    dir = mkdtempSync(join(tmpdir(), "bubble-jwt-cli-ca-"));
    caFile = join(dir, "ca.pem");
    writeFileSync(caFile, server.cert);
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const jwksUrl = () => `${server.origin}/.well-known/jwks.json`;
  const sign = (key: typeof pair, kid: string) =>
    encodeJwt(
      { user_id: "42" },
      { key: key.privateKeyPem, alg: "ES256", header: { kid }, clock: fixedClock(NOW) },
    );

  it("verifies a token with the key the URL publishes, chosen by kid", async () => {
    const io = fakeIo({ now: NOW });
    assert.equal(await runVerify({ token: sign(pair, pair.kid), jwksUrl: jwksUrl(), caFile }, io), 0);
    assert.equal(JSON.parse(io.out()).user_id, "42");
  });

  it("refuses a token whose kid the URL does not publish (exit 1, ERR_KID_UNKNOWN)", async () => {
    const io = fakeIo({ now: NOW });
    assert.equal(await runVerify({ token: sign(other, other.kid), jwksUrl: jwksUrl(), caFile }, io), 1);
    assert.match(io.err(), /ERR_KID_UNKNOWN/);
  });

  it("refuses a token signed by another key under a published kid (exit 1, bad signature)", async () => {
    const io = fakeIo({ now: NOW });
    assert.equal(await runVerify({ token: sign(other, pair.kid), jwksUrl: jwksUrl(), caFile }, io), 1);
    assert.match(io.err(), /ERR_JWS_SIGNATURE_INVALID/);
  });

  it("does not trust the server's certificate without --ca-file", async () => {
    const io = fakeIo({ now: NOW });
    assert.equal(await main(["verify", sign(pair, pair.kid), "--jwks-url", jwksUrl()], io), 2);
    assert.match(io.err(), /ERR_JWKS_FETCH_FAILED/);
  });

  it("refuses http URLs and --ca-file without --jwks-url", async () => {
    const plain = fakeIo({ now: NOW });
    assert.equal(
      await main(["verify", sign(pair, pair.kid), "--jwks-url", "http://127.0.0.1:9/jwks"], plain),
      2,
    );
    assert.match(plain.err(), /https/);
    const stray = fakeIo({ now: NOW, env: { JWT_SECRET: "x".repeat(32) } });
    assert.equal(await main(["verify", sign(pair, pair.kid), "--ca-file", caFile], stray), 2);
    assert.match(stray.err(), /--ca-file goes with --jwks-url/);
  });
});
