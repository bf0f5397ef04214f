// Provider oidc against openid-client v6 (panva; a generic OpenID Connect relying party, not a
// provider's SDK): both discover the same local HTTPS issuer and validate the same ID tokens; both
// accept the good ones and refuse the same bad ones. openid-client is installed in
// test/oracles/node_modules only; openid-client.test.ts loads this file when it is.
import assert from "node:assert/strict";
import { request } from "node:https";
import { after, before, describe, it } from "node:test";
import * as client from "openid-client";
import { fixedClock, type JwtPayload } from "../../src/jwt/index.js";
import { createSignInKeySets, verifySignInToken } from "../../src/recipes/sign-in/index.js";
import {
  CLIENT_ID,
  configurationOf,
  type FakeOpenId,
  idClaims,
  KEYS,
  NOW,
  NOW_S,
  OTHER_CLIENT,
  signWith,
  startFakeOpenId,
} from "../recipes/sign-in/fake-openid.js";

let fake: FakeOpenId;
let issuer: string;
let config: client.Configuration;
const NONCE = "n-0S6_WzA2Mj";

/** fetch over node:https trusting the test server's certificate (openid-client takes a custom fetch). */
function fetchTrusting(ca: string): client.CustomFetch {
  return (url, options) =>
    new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        { method: options.method, headers: options.headers as Record<string, string>, ca },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (typeof value === "string") headers.set(name, value);
            }
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers }));
          });
        },
      );
      req.on("error", reject);
      req.end(options.body as string | undefined);
    });
}

before(async () => {
  fake = await startFakeOpenId();
  issuer = `${fake.origin}/oracle`;
  fake.issuer("/oracle", configurationOf(fake, issuer));
  config = await client.discovery(
    new URL(issuer),
    CLIENT_ID,
    // openid-client reads the machine's clock and has no clock to inject, only an offset: this one
    // makes its "now" the frozen NOW the tokens are signed around (the test runs in a few seconds,
    // far within their hour), so neither side depends on today's date.
    { [client.clockSkew]: Math.round(NOW_S - Date.now() / 1000) },
    undefined,
    { [client.customFetch]: fetchTrusting(fake.server.cert) },
  );
  client.useIdTokenResponseType(config);
});
after(() => fake.close());

/** openid-client: the ID token as the implicit flow's response (response_type=id_token, in the fragment). */
async function theirs(token: string, nonce = NONCE, maxAge?: number): Promise<boolean> {
  try {
    const url = new URL(`https://app.example.com/callback#id_token=${token}`);
    await client.implicitAuthentication(config, url, nonce, maxAge === undefined ? {} : { maxAge });
    return true;
  } catch {
    return false;
  }
}

async function ours(token: string, nonce = NONCE, maxAge?: number): Promise<boolean> {
  const outputs = await verifySignInToken(
    {
      provider: "oidc",
      issuer,
      client_id: CLIENT_ID,
      nonce,
      token,
      ...(maxAge === undefined ? {} : { max_auth_age: maxAge }),
    },
    { clock: fixedClock(NOW), ca: fake.server.cert, cache: createSignInKeySets({ clock: fixedClock(NOW) }) },
  );
  return outputs.valid;
}

const token = (change: JwtPayload = {}, options: Parameters<typeof signWith>[1] = {}) =>
  signWith(idClaims(issuer, { nonce: NONCE, ...change }), options);

describe("provider oidc and openid-client agree", () => {
  it("both accept good ID tokens (RS256, ES256, EdDSA; several audiences with azp)", async () => {
    const good = [
      token(),
      token({}, { pair: KEYS.ec }),
      token({}, { pair: KEYS.ed }),
      token({ aud: [CLIENT_ID, OTHER_CLIENT], azp: CLIENT_ID }),
    ];
    for (const each of good) {
      assert.equal(await theirs(each), true, "openid-client accepts");
      assert.equal(await ours(each), true, "provider oidc accepts");
    }
  });

  it("both refuse wrong aud, wrong iss, expired, bad nonce, a foreign azp, several audiences without azp", async () => {
    const bad: Record<string, [string, string?]> = {
      "wrong aud": [token({ aud: OTHER_CLIENT })],
      "wrong iss": [token({ iss: `${fake.origin}/elsewhere` })],
      "iss with a trailing slash": [token({ iss: `${issuer}/` })],
      expired: [token({ exp: NOW_S - 3600, iat: NOW_S - 7200 })],
      "bad nonce": [token(), "another-nonce"],
      "nonce missing": [token({ nonce: undefined })],
      "several audiences, foreign azp": [token({ aud: [CLIENT_ID, OTHER_CLIENT], azp: OTHER_CLIENT })],
      "several audiences, no azp": [token({ aud: [CLIENT_ID, OTHER_CLIENT] })],
      "no iat": [token({ iat: undefined })],
      "signed by an unpublished key": [token({}, { pair: KEYS.stranger })],
    };
    for (const [name, [each, nonce]] of Object.entries(bad)) {
      assert.equal(await theirs(each, nonce), false, `openid-client refuses: ${name}`);
      assert.equal(await ours(each, nonce), false, `provider oidc refuses: ${name}`);
    }
  });

  it("differ on purpose for a foreign azp beside a single aud: Core's SHOULD, which provider oidc applies", async () => {
    // Core 1.0 section 3.1.3.7 step 5: "If an azp Claim is present, the Client SHOULD verify that its
    // client_id is the Claim Value." openid-client (oauth4webapi) checks azp only with several audiences.
    const foreign = token({ azp: OTHER_CLIENT });
    assert.equal(await theirs(foreign), true);
    assert.equal(await ours(foreign), false);
  });

  it("both apply max_age to auth_time", async () => {
    const recent = token({ auth_time: NOW_S - 100 });
    assert.equal(await theirs(recent, NONCE, 300), true);
    assert.equal(await ours(recent, NONCE, 300), true);
    for (const each of [token({ auth_time: NOW_S - 3000 }), token({ auth_time: undefined })]) {
      assert.equal(await theirs(each, NONCE, 300), false);
      assert.equal(await ours(each, NONCE, 300), false);
    }
  });
});
