// box-access-token against a real HTTPS server on 127.0.0.1 that plays Box's token endpoint
// (fake-box.ts): it checks the form, the client, the assertion's kid, signature and claims as Box
// documents them, and answers with Box's JSON or Box's errors. Frozen clock throughout.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  createExchangeCache,
  EXCHANGE_ENDPOINTS,
  getExchange,
  isExchangeError,
  type RunExchangeOptions,
  runExchange,
} from "../../../src/recipes/exchanges/index.js";
import { exampleInput } from "../../../src/recipes/index.js";
import { NOW, NOW_SECONDS, testKeys } from "../helpers.js";
import { BOX_APP, BOX_AUDIENCE, BOX_TOKEN_PATH, boxConfigJson } from "./fake-box.js";
import { endpointsOf, type Fake, startFakeProviders } from "./fake-providers.js";

const keys = testKeys();
let fake: Fake;
let now = NOW.getTime();
const options = (more: RunExchangeOptions = {}): RunExchangeOptions => ({
  clock: () => now,
  endpoints: { "box.token": endpointsOf(fake)["box.token"] ?? "" },
  ca: fake.ca,
  cache: false,
  ...more,
});
const ID = "box-access-token";
/** Text that must never appear in an error: the secrets of the test configuration. */
const SECRETS = [BOX_APP.clientSecret, BOX_APP.passphrase, "PRIVATE KEY"];

before(async () => {
  fake = await startFakeProviders(keys.rsa, now);
});
after(() => fake.close());
beforeEach(() => {
  now = NOW.getTime();
  fake.now = now;
  fake.override = undefined;
  fake.seen.length = 0;
  fake.problems.length = 0;
});

/** The error `run` fails with; asserts its code and that it quotes no secret. */
async function failure(run: Promise<unknown>, code: string): Promise<Error & Record<string, unknown>> {
  try {
    await run;
  } catch (error) {
    const caught = error as Error & Record<string, unknown>;
    assert.equal(caught.code, code, caught.message);
    for (const secret of SECRETS) assert.ok(!caught.message.includes(secret), `${code} quotes a secret`);
    assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\./.test(caught.message), `${code} quotes a token`);
    return caught;
  }
  assert.fail(`expected ${code}`);
}

describe("box-access-token", () => {
  it("posts the form (grant_type, assertion, client_id, client_secret) with an RS256 assertion Box accepts, and reads the answer", async () => {
    const out = await runExchange(ID, { config_json: boxConfigJson() }, options());
    assert.deepEqual(fake.problems, []);
    assert.equal(fake.seen.length, 1);
    const [seen] = fake.seen;
    assert.ok(seen);
    assert.equal(seen.path, BOX_TOKEN_PATH);
    const form = new URLSearchParams(seen.body);
    assert.deepEqual([...form.keys()].sort(), ["assertion", "client_id", "client_secret", "grant_type"]);
    assert.equal(form.get("grant_type"), "urn:ietf:params:oauth:grant-type:jwt-bearer");
    assert.equal(form.get("client_id"), BOX_APP.clientId);
    assert.equal(form.get("client_secret"), BOX_APP.clientSecret);
    assert.deepEqual(seen.header, { alg: "RS256", typ: "JWT", kid: BOX_APP.publicKeyId });
    const { jti, ...claims } = seen.claims;
    assert.deepEqual(claims, {
      iss: BOX_APP.clientId,
      sub: BOX_APP.enterpriseId,
      box_sub_type: "enterprise",
      aud: BOX_AUDIENCE,
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 30,
    });
    assert.match(String(jti), /^[A-Za-z0-9_-]{32}$/);
    assert.match(String(out.access_token), /^box-token-\d+$/);
    assert.deepEqual(out, {
      access_token: out.access_token,
      token_type: "bearer",
      expires_in: 4169,
      expires_at: new Date(now + 4169_000),
      authorization_header: `Bearer ${out.access_token}`,
    });
  });

  it("acts as a user with subject_type user: sub is the user ID and box_sub_type user", async () => {
    await runExchange(
      ID,
      { config_json: boxConfigJson(), subject_type: "user", user_id: "12345678" },
      options(),
    );
    assert.deepEqual(fake.problems, []);
    assert.equal(fake.seen[0]?.claims.sub, "12345678");
    assert.equal(fake.seen[0]?.claims.box_sub_type, "user");
  });

  it("signs RS384 and RS512 when asked; Box checks each with the app's public key", async () => {
    for (const algorithm of ["RS384", "RS512"]) {
      const out = await runExchange(ID, { config_json: boxConfigJson(), algorithm }, options());
      assert.equal(fake.seen.at(-1)?.header.alg, algorithm);
      assert.match(String(out.access_token), /^box-token-/);
    }
    assert.deepEqual(fake.problems, []);
  });

  it("sends a new jti each time (Box refuses a reused one)", async () => {
    await runExchange(ID, { config_json: boxConfigJson() }, options());
    await runExchange(ID, { config_json: boxConfigJson() }, options());
    assert.notEqual(fake.seen[0]?.claims.jti, fake.seen[1]?.claims.jti);
    assert.deepEqual(fake.problems, []);
  });

  it("reads the file pasted with its \\n escapes turned into line breaks, or pretty-printed", async () => {
    const broken = boxConfigJson().replace(/\\n/g, "\n");
    const pretty = JSON.stringify(JSON.parse(boxConfigJson()), null, 2);
    for (const config_json of [broken, pretty]) {
      await runExchange(ID, { config_json }, options());
    }
    assert.equal(fake.seen.length, 2);
    assert.deepEqual(fake.problems, []);
  });

  it("takes a key pair added by hand: an unencrypted PKCS#8 key, or a traditional encrypted PKCS#1 key (openssl genrsa -des3)", async () => {
    const plain = keys.rsaPkcs8;
    const des3 = keys.rsa.export({
      type: "pkcs1",
      format: "pem",
      cipher: "des-ede3-cbc",
      passphrase: BOX_APP.passphrase,
    }) as string;
    await runExchange(ID, { config_json: boxConfigJson({ privateKey: plain, passphrase: "" }) }, options());
    await runExchange(ID, { config_json: boxConfigJson({ privateKey: des3 }) }, options());
    assert.equal(fake.seen.length, 2);
    assert.deepEqual(fake.problems, []);
  });

  it("reads the config from BOX_CONFIG_JSON when the input is empty", async () => {
    const config = boxConfigJson();
    await runExchange(
      ID,
      {},
      options({ fallback: (name) => (name === "BOX_CONFIG_JSON" ? config : undefined) }),
    );
    assert.equal(fake.seen.length, 1);
  });

  it("keeps the aud https://api.box.com/oauth2/token when the endpoint is overridden", async () => {
    assert.equal(EXCHANGE_ENDPOINTS["box.token"], "https://api.box.com/oauth2/token");
    assert.deepEqual(getExchange(ID).endpoints, { "box.token": "https://api.box.com/oauth2/token" });
    await runExchange(ID, { config_json: boxConfigJson() }, options());
    assert.equal(fake.seen[0]?.claims.aud, "https://api.box.com/oauth2/token");
  });

  it("runs its own example", async () => {
    const out = await runExchange(
      ID,
      exampleInput(getExchange(ID), { rsa: keys.rsa, ec: keys.ec, ed25519: keys.ed25519 }),
      options(),
    );
    assert.match(String(out.access_token), /^box-token-/);
    assert.deepEqual(fake.problems, []);
  });
});

describe("box-access-token cache", () => {
  it("reuses the token until 5 minutes before it expires, per client and subject, never keeping the secret", async () => {
    const cache = createExchangeCache();
    const run = (input: Record<string, unknown>) =>
      runExchange(ID, { config_json: boxConfigJson(), ...input }, options({ cache }));
    const first = await run({});
    const again = await run({});
    assert.equal(fake.seen.length, 1);
    assert.equal(again.access_token, first.access_token);
    now += 60_000;
    fake.now = now;
    assert.equal((await run({})).expires_in, 4169 - 60);
    assert.equal(fake.seen.length, 1);
    await run({ subject_type: "user", user_id: "12345678" });
    assert.equal(fake.seen.length, 2);
    await run({ algorithm: "RS512" });
    assert.equal(fake.seen.length, 3);
    // 4169 s less the 5-minute margin: fetched again after 3869 s.
    now = NOW.getTime() + 3869_000;
    fake.now = now;
    await run({});
    assert.equal(fake.seen.length, 4);
    assert.deepEqual(fake.problems, []);
  });
});

describe("box-access-token refusals before any request", () => {
  const refuse = async (input: Record<string, unknown>, code: string, pattern: RegExp) => {
    const error = await failure(runExchange(ID, input, options()), code);
    assert.match(error.message, pattern);
    assert.equal(fake.seen.length, 0);
    return error;
  };

  it("a text that is no config file, or one without boxAppSettings or appAuth", async () => {
    await refuse({ config_json: "not json" }, "ERR_INPUT_RULE", /cannot be read as a JSON object/);
    await refuse({ config_json: keys.rsaPkcs8 }, "ERR_INPUT_RULE", /cannot be read as a JSON object/);
    await refuse({ config_json: "{}" }, "ERR_INPUT_RULE", /no "boxAppSettings" object/);
    await refuse(
      { config_json: JSON.stringify({ boxAppSettings: { clientID: "a" } }) },
      "ERR_INPUT_RULE",
      /boxAppSettings\.appAuth/,
    );
  });

  it("each missing member, named by its path and where the console shows it", async () => {
    const cases: [Parameters<typeof boxConfigJson>[0], RegExp][] = [
      [{ clientId: undefined }, /"boxAppSettings\.clientID" is missing.*OAuth 2\.0 Credentials/],
      [{ clientSecret: "" }, /"boxAppSettings\.clientSecret" is missing.*OAuth 2\.0 Credentials/],
      [{ publicKeyId: 42 }, /"boxAppSettings\.appAuth\.publicKeyID" is not text.*Add and Manage Public Keys/],
      [
        { privateKey: "" },
        /"boxAppSettings\.appAuth\.privateKey" is missing.*Generate a Public\/Private Keypair/,
      ],
      [
        { passphrase: "" },
        /"boxAppSettings\.appAuth\.passphrase" is missing or empty, and the private key is encrypted/,
      ],
      [{ passphrase: 7 }, /"boxAppSettings\.appAuth\.passphrase" is not text/],
      [{ clientId: "has spaces in it" }, /"boxAppSettings\.clientID" must be the app's Client ID/],
      [{ enterpriseId: "acme" }, /"enterpriseID" must be the enterprise's ID \(digits\)/],
    ];
    for (const [change, pattern] of cases) {
      const error = await refuse({ config_json: boxConfigJson(change) }, "ERR_INPUT_RULE", pattern);
      assert.equal(error.option, "config_json");
    }
  });

  it("a wrong passphrase, a damaged key or one that is not RSA, without quoting any of it", async () => {
    await refuse(
      { config_json: boxConfigJson({ passphrase: "not the passphrase" }) },
      "ERR_KEY_INVALID",
      /passphrase" does not decrypt "boxAppSettings\.appAuth\.privateKey"/,
    );
    await refuse(
      { config_json: boxConfigJson({ privateKey: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" }) },
      "ERR_KEY_INVALID",
      /is not a PEM private key/,
    );
    await refuse(
      {
        config_json: boxConfigJson({
          privateKey: "-----BEGIN PRIVATE KEY-----\nAAAAnotakey\n-----END PRIVATE KEY-----\n",
        }),
      },
      "ERR_KEY_INVALID",
      /cannot be read as a PEM private key/,
    );
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    await refuse({ config_json: boxConfigJson({ key: ec }) }, "ERR_KEY_INVALID", /cannot sign RS256/);
  });

  it("the subject: enterpriseID missing for enterprise, user_id missing, not digits, or given for enterprise", async () => {
    await refuse({ config_json: boxConfigJson({ enterpriseId: "" }) }, "ERR_INPUT_RULE", /no "enterpriseID"/);
    const user = { config_json: boxConfigJson(), subject_type: "user" };
    const missing = await refuse(user, "ERR_INPUT_RULE", /required with subject_type user/);
    assert.equal(missing.option, "user_id");
    await refuse({ ...user, user_id: "ada@example.com" }, "ERR_INPUT_RULE", /digits only/);
    await refuse(
      { config_json: boxConfigJson(), user_id: "12345678" },
      "ERR_INPUT_RULE",
      /only read with subject_type user/,
    );
    // A user token needs no enterpriseID.
    await runExchange(
      ID,
      { ...user, config_json: boxConfigJson({ enterpriseId: undefined }), user_id: "12345678" },
      options(),
    );
    assert.equal(fake.seen.length, 1);
  });

  it("a subject type or an algorithm Box does not take", async () => {
    const config_json = boxConfigJson();
    await refuse({ config_json, subject_type: "group" }, "ERR_OPTION_INVALID", /enterprise, user/);
    await refuse({ config_json, algorithm: "ES256" }, "ERR_OPTION_INVALID", /RS256, RS384, RS512/);
  });
});

describe("box-access-token: Box's refusals", () => {
  const fail = (input: Record<string, unknown>, code: string) =>
    failure(runExchange(ID, { config_json: boxConfigJson(), ...input }, options()), code);

  it("a client secret Box does not know: invalid_client", async () => {
    const error = await failure(
      runExchange(
        ID,
        { config_json: boxConfigJson({ clientSecret: "another-secret-0000000000" }) },
        options(),
      ),
      "ERR_EXCHANGE_INVALID_CLIENT",
    );
    assert.ok(isExchangeError(error));
    assert.equal(error.status, 400);
    assert.equal(error.providerError, "invalid_client");
    assert.match(error.message, /Client Secret/);
    assert.ok(!error.message.includes("another-secret"));
  });

  it("an unknown kid, or a key pair that is not the app's: invalid_grant with what to check", async () => {
    const kid = await failure(
      runExchange(ID, { config_json: boxConfigJson({ publicKeyId: "zzzz9999" }) }, options()),
      "ERR_EXCHANGE_INVALID_GRANT",
    );
    assert.match(kid.message, /key pair does not match/);
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const signature = await failure(
      runExchange(ID, { config_json: boxConfigJson({ key: other }) }, options()),
      "ERR_EXCHANGE_INVALID_GRANT",
    );
    assert.match(signature.message, /Signature verification error/);
    assert.deepEqual(fake.problems, []);
  });

  it("an enterprise or user Box does not know: invalid_grant 'Please check the sub claim'", async () => {
    const error = await failure(
      runExchange(ID, { config_json: boxConfigJson({ enterpriseId: "7654321" }) }, options()),
      "ERR_EXCHANGE_INVALID_GRANT",
    );
    assert.match(error.message, /check the subject/i);
    await fail({ subject_type: "user", user_id: "999" }, "ERR_EXCHANGE_INVALID_GRANT");
  });

  it("this server's clock behind or ahead of Box's: ERR_EXCHANGE_CLOCK_SKEW", async () => {
    fake.now = now + 31_000;
    const behind = await fail({}, "ERR_EXCHANGE_CLOCK_SKEW");
    assert.match(behind.message, /Current date time must be before the expiration date time/);
    assert.match(behind.message, /NTP/);
    fake.now = now - 31_000;
    await fail({}, "ERR_EXCHANGE_CLOCK_SKEW");
    fake.now = now + 29_000;
    await runExchange(ID, { config_json: boxConfigJson() }, options());
  });

  it("Box's other answers, from its common-errors table", async () => {
    const answers: [Record<string, unknown>, number, string, RegExp][] = [
      [
        {
          error: "unauthorized_client",
          error_description: "This app is not authorized by the enterprise admin.",
        },
        400,
        "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
        /Box admin must authorize/,
      ],
      [
        { error: "invalid_request", error_description: "The grant type is unauthorized for this client_id." },
        400,
        "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
        /Server Authentication \(with JWT\)/,
      ],
      [
        {
          error: "invalid_request",
          error_description: "Cannot obtain user token based on the enterprise configuration for your app",
        },
        400,
        "ERR_EXCHANGE_UNAUTHORIZED_CLIENT",
        /Generate user access tokens/,
      ],
      [
        { error: "invalid_grant", error_description: "Please check the 'iss' claim." },
        400,
        "ERR_EXCHANGE_INVALID_CLIENT",
        /Client ID/,
      ],
      [
        {
          error: "invalid_grant",
          error_description: "Please check the 'jti' claim. A unique 'jti' value is required.",
        },
        400,
        "ERR_EXCHANGE_INVALID_GRANT",
        /configuration file/,
      ],
      [{ type: "error", status: 429, code: "rate_limit_exceeded" }, 429, "ERR_EXCHANGE_RATE_LIMITED", /Wait/],
      [{ error: "server_error" }, 503, "ERR_EXCHANGE_HTTP", /try again later/],
    ];
    for (const [body, status, code, pattern] of answers) {
      fake.override = () => ({ status, body });
      const error = await fail({}, code);
      assert.match(error.message, pattern);
    }
    fake.override = () => ({ status: 200, body: { expires_in: 4169, token_type: "bearer" } });
    await fail({}, "ERR_EXCHANGE_RESPONSE_INVALID");
  });
});
