// Text quoted from a provider's answer (the OAuth `error`, `error_description`, GitHub's `message`) is
// clipped, stripped of control characters, and redacted after its whitespace is normalised: a token
// endpoint that echoes the signed assertion (valid for an hour), sends 900 KB, or sends terminal escape
// sequences must not make the exchange's error carry them.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { quoteProvider } from "../../../src/recipes/exchanges/errors.js";
import { ExchangeError, runExchange } from "../../../src/recipes/exchanges/index.js";
import { NOW, serviceAccountJson, testKeys } from "../helpers.js";
import { endpointsOf, type Fake, githubMessage, type Seen, startFakeProviders } from "./fake-providers.js";

const keys = testKeys();
let fake: Fake;
before(async () => {
  fake = await startFakeProviders(keys.rsa, NOW.getTime());
});
after(() => fake.close());
beforeEach(() => {
  fake.now = NOW.getTime();
  fake.override = undefined;
  fake.seen.length = 0;
});

/** Every 8-character run of `secret` that appears in `text`. */
function runsOf(secret: string, text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) {
    const run = secret.slice(i, i + 8);
    if (text.includes(run)) found.push(run);
  }
  return found;
}

/** Everything an exchange error shows: message, JSON, providerError, check, outputs, stack. */
const everything = (error: ExchangeError) =>
  [error.message, JSON.stringify(error), error.providerError, error.check, error.stack].join("\n");

const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** Runs the Google exchange against `answer(seen)` and returns the error with the assertion it sent. */
async function googleFails(answer: (seen: Seen, assertion: string) => unknown, status = 400) {
  fake.override = (seen) => {
    const assertion = new URLSearchParams(seen.body).get("assertion") ?? "";
    return { status, body: answer(seen, assertion) };
  };
  const error = await runExchange(
    "google-access-token",
    { service_account_json: serviceAccountJson(), scopes: "https://www.googleapis.com/auth/drive" },
    { clock: () => NOW.getTime(), endpoints: endpointsOf(fake), ca: fake.ca, cache: false },
  ).catch((caught: unknown) => caught);
  assert.ok(error instanceof ExchangeError, String(error));
  const assertion = new URLSearchParams(fake.seen[0]?.body).get("assertion") ?? "";
  assert.ok(assertion.split(".").length === 3 && assertion.length > 300);
  return { error, assertion };
}

describe("the OAuth error member is quoted like the description", () => {
  it("an assertion echoed in `error` is redacted from the message and providerError", async () => {
    const { error, assertion } = await googleFails((_seen, sent) => ({
      error: `invalid_grant assertion=${sent}`,
    }));
    assert.deepEqual(runsOf(assertion, everything(error)), []);
    assert.match(error.message, /\[token removed\]/);
    assert.match(error.providerError ?? "", /^invalid_grant /);
  });

  it("a 900 KB `error` gives a short message", async () => {
    const { error } = await googleFails(() => ({ error: `invalid_grant ${"x".repeat(900 * 1024)}` }));
    assert.ok(error.message.length < 1000, `message of ${error.message.length} characters`);
    assert.ok((error.providerError ?? "").length <= 103);
  });

  it("raw newlines, escape sequences and bidi controls in `error` do not reach the message", async () => {
    const { error } = await googleFails(() => ({
      error: "invalid_grant\n\u001b[2J\u001b[31mFAKE PROMPT$ \r\u0007\u202eevil\u0000",
      error_description: "line one\nline two\u001b]0;title\u0007",
    }));
    for (const text of [error.message, error.providerError ?? ""]) {
      assert.ok(!CONTROL.test(text), JSON.stringify(text));
    }
    assert.match(error.message, /FAKE PROMPT/);
  });

  it("keeps the provider's own error name and its rule (invalid_grant stays invalid_grant)", async () => {
    const { error } = await googleFails(() => ({
      error: "invalid_grant",
      error_description: "Invalid JWT Signature.",
    }));
    assert.equal(error.code, "ERR_EXCHANGE_INVALID_GRANT");
    assert.equal(error.providerError, "invalid_grant");
    assert.match(error.message, /invalid_grant: Invalid JWT Signature\./);
  });

  for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
    it(`an error named ${name} is an unknown OAuth error with a code, not an Object member`, async () => {
      const { error } = await googleFails(() => ({ error: name }));
      assert.equal(error.code, "ERR_EXCHANGE_HTTP");
      assert.equal(typeof error.check, "string");
    });
  }

  it("GitHub's message echoing the App JWT across lines is redacted", async () => {
    fake.override = (seen) => {
      const jwt = String(seen.headers.authorization ?? "").replace(/^Bearer /, "");
      const wrapped = jwt.match(/.{1,64}/g)?.join("\n") ?? "";
      return { status: 401, body: githubMessage(`A JSON web token could not be decoded:\n${wrapped}`) };
    };
    const error = await runExchange(
      "github-installation-token",
      { app_id: "123456", private_key: keys.rsaPkcs1, installation_id: "4242" },
      { clock: () => NOW.getTime(), endpoints: endpointsOf(fake), ca: fake.ca, cache: false },
    ).catch((caught: unknown) => caught);
    assert.ok(error instanceof ExchangeError, String(error));
    const jwt = String(fake.seen[0]?.headers.authorization ?? "").replace(/^Bearer /, "");
    assert.ok(jwt.length > 300);
    assert.deepEqual(runsOf(jwt, everything(error)), []);
    assert.equal(error.code, "ERR_EXCHANGE_INVALID_GRANT");
  });
});

describe("quoteProvider", () => {
  const jwt = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(
    JSON.stringify({
      iss: "signer@demo-project.iam.gserviceaccount.com",
      scope: "x",
      aud: "y",
      iat: 1,
      exp: 2,
    }),
  ).toString("base64url")}.${"Qk3x9_-aZ".repeat(38)}`;

  it("redacts a token split across lines, at every split point", () => {
    for (let at = 1; at < jwt.length; at++) {
      for (const gap of ["\n", "\r\n", " \n\t", "\u2028"]) {
        const text = `bad assertion ${jwt.slice(0, at)}${gap}${jwt.slice(at)} for this client`;
        const quoted = quoteProvider(text, 400);
        assert.deepEqual(runsOf(jwt, quoted), [], `split at ${at}: ${quoted}`);
        // A piece shorter than 8 characters may stay; the words around the token do.
        assert.match(quoted, /^bad assertion (\S{1,7} )?\[token removed\]( \S{1,7})? for this client$/);
      }
    }
  });

  it("redacts a token wrapped at 64 or 76 columns, and base64 key bytes", () => {
    for (const width of [64, 76]) {
      const wrapped = jwt.match(new RegExp(`.{1,${width}}`, "g"))?.join("\n") ?? "";
      assert.deepEqual(runsOf(jwt, quoteProvider(`got\n${wrapped}\nend`, 1000)), []);
    }
    const raw = keys.ed25519Raw64;
    assert.deepEqual(runsOf(raw, quoteProvider(`key ${raw} refused`, 1000)), []);
    const pem = keys.rsaPkcs8;
    const body = pem.split("\n").slice(1, -2).join("");
    const quoted = quoteProvider(`key ${pem.replace("-----BEGIN", "-----\nBEGIN")} refused`, 5000);
    assert.deepEqual(runsOf(body, quoted), []);
  });

  it("clips a long text without work proportional to its size, and never ends on a cut token", () => {
    const started = process.hrtime.bigint();
    const quoted = quoteProvider(`${"word ".repeat(200_000)}`, 160);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 200);
    assert.ok(quoted.length <= 163);
    for (let pad = 0; pad < 200; pad += 7) {
      const text = `${"a ".repeat(2000 + pad)}${jwt}`;
      assert.deepEqual(runsOf(jwt, quoteProvider(text, 100_000)), [], `pad ${pad}`);
    }
  });

  it("strips control and bidi characters and keeps ordinary text as it was", () => {
    assert.equal(quoteProvider("a\u001b[31mb\u0007c\u202ed\u200be"), "a [31mb cde");
    assert.equal(quoteProvider("user hasn't approved this consumer"), "user hasn't approved this consumer");
    assert.equal(quoteProvider("AADSTS700016: Application not found"), "AADSTS700016: Application not found");
    assert.equal(quoteProvider(42), "");
  });
});
