// GitHub's clock-skew retry signs an App JWT for the time of the answer's Date header. A Date far
// from this server's clock is no drift (an endpoint reached through an override can say 2036): the
// correction is capped, and a larger difference is ERR_EXCHANGE_CLOCK_SKEW saying to fix the clock,
// without signing a token for that other time.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { GITHUB_MAX_CLOCK_CORRECTION_MS } from "../../../src/recipes/exchanges/github-installation-token.js";
import { ExchangeError, runExchange } from "../../../src/recipes/exchanges/index.js";
import { NOW, testKeys } from "../helpers.js";
import { endpointsOf, type Fake, githubMessage, startFakeProviders } from "./fake-providers.js";

const keys = testKeys();
const INPUTS = { app_id: "123456", private_key: keys.rsaPkcs1, installation_id: "4242" };
let fake: Fake;

before(async () => {
  fake = await startFakeProviders(keys.rsa, NOW.getTime());
});
after(() => fake.close());
beforeEach(() => {
  fake.seen.length = 0;
  fake.override = undefined;
});

/** GitHub answering "iat is in the future" once, its Date header at `dateMs`, then as usual. */
async function withGithubDate(dateMs: number): Promise<unknown> {
  fake.now = dateMs;
  let first = true;
  fake.override = () => {
    if (!first) return undefined;
    first = false;
    return { status: 401, body: githubMessage("'Issued at' claim ('iat') is in the future") };
  };
  return runExchange("github-installation-token", INPUTS, {
    clock: () => NOW.getTime(),
    endpoints: endpointsOf(fake),
    ca: fake.ca,
    cache: false,
  }).catch((caught: unknown) => caught);
}

describe("GitHub clock-skew retry is capped", () => {
  it("caps the correction at minutes (GitHub asks for an accurate clock; its App JWT lives 10 minutes)", () => {
    assert.ok(GITHUB_MAX_CLOCK_CORRECTION_MS >= 5 * 60_000);
    assert.ok(GITHUB_MAX_CLOCK_CORRECTION_MS <= 10 * 60_000);
  });

  it("still retries within the cap, signing on GitHub's time", async () => {
    const date = NOW.getTime() + GITHUB_MAX_CLOCK_CORRECTION_MS - 60_000;
    const out = (await withGithubDate(date)) as Record<string, unknown>;
    assert.match(String(out.access_token), /^ghs_/);
    assert.equal(fake.seen.length, 2);
    assert.equal(fake.seen[1]?.claims.iat, Math.floor(date / 1000) - 60);
  });

  for (const [name, date] of [
    ["a Date ten years ahead (2036)", Date.UTC(2036, 0, 1)],
    ["a Date ten years behind (2016)", Date.UTC(2016, 0, 1)],
    ["a Date just past the cap", NOW.getTime() + GITHUB_MAX_CLOCK_CORRECTION_MS + 2000],
  ] as const) {
    it(`refuses ${name} with ERR_EXCHANGE_CLOCK_SKEW and signs nothing for it`, async () => {
      const error = await withGithubDate(date);
      assert.ok(error instanceof ExchangeError, String(error));
      assert.equal(error.code, "ERR_EXCHANGE_CLOCK_SKEW");
      assert.equal(fake.seen.length, 1, "no second request, no App JWT for the other time");
      const nowSeconds = Math.floor(NOW.getTime() / 1000);
      assert.equal(fake.seen[0]?.claims.iat, nowSeconds - 60);
      assert.match(error.message, /clock/);
      assert.match(error.message, /NTP/);
      assert.match(error.message, /10 minutes/);
    });
  }
});
