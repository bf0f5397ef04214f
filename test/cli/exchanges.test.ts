// The token exchanges as `bubble-jwt recipe <id>` and sign-in verification as `bubble-jwt verify
// --provider NAME` (issue 10): main(argv, io) against real HTTPS servers on 127.0.0.1 (the fake
// providers and key servers of test/recipes) reached with --endpoint and --ca-file; one run of the bin.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";
import { EXCHANGES } from "../../src/recipes/exchanges/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { endpointsOf, type Fake, startFakeProviders } from "../recipes/exchanges/fake-providers.js";
import { NOW, serviceAccountJson, testKeys } from "../recipes/helpers.js";
import {
  type FakeIssuers,
  PROVIDER_CASES,
  type ProviderCaseName,
  startFakeIssuers,
  tokenOf,
} from "../recipes/sign-in/fake-issuers.js";
import { fakeIo } from "./fake-io.js";

const keys = testKeys();
const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-exchange-cli-"));
let fake: Fake;
let issuers: FakeIssuers;
let providersCa: string;
let issuersCa: string;

before(async () => {
  [fake, issuers] = await Promise.all([startFakeProviders(keys.rsa, NOW.getTime()), startFakeIssuers()]);
  providersCa = join(dir, "providers-ca.pem");
  issuersCa = join(dir, "issuers-ca.pem");
  writeFileSync(providersCa, fake.ca);
  writeFileSync(issuersCa, issuers.server.cert);
});
after(async () => {
  await Promise.all([fake.close(), issuers.close()]);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.override = undefined;
  fake.problems.length = 0;
});

async function cli(argv: string[], env: Record<string, string> = {}) {
  const io = fakeIo({ now: NOW, env });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** --endpoint flags pointing an exchange's own endpoints at the fake, and --ca-file. */
function toFake(id: string): string[] {
  const own = EXCHANGES.find((each) => each.id === id)?.endpoints ?? {};
  return [
    ...Object.entries(endpointsOf(fake))
      .filter(([name]) => name in own)
      .flatMap(([name, url]) => ["--endpoint", `${name}=${url}`]),
    "--ca-file",
    providersCa,
  ];
}

const IK = "0f6e1d2c-3b4a-4958-8a7b-6c5d4e3f2a1b";
const USER = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

const CASES: { id: string; flags: (n: number) => string[]; env: Record<string, string>; token: RegExp }[] = [
  {
    id: "google-access-token",
    flags: (n) => ["--scopes", `https://www.googleapis.com/auth/spreadsheets https://example.com/c${n}`],
    env: { GOOGLE_SERVICE_ACCOUNT_JSON: serviceAccountJson() },
    token: /^ya29\.test-\d+$/,
  },
  {
    id: "docusign-access-token",
    flags: (n) => ["--integration-key", IK, "--user-id", USER, "--scopes", `signature impersonation c${n}`],
    env: { DOCUSIGN_PRIVATE_KEY: keys.rsaPkcs1 },
    token: /^eyDS-\d+$/,
  },
  {
    id: "salesforce-access-token",
    flags: (n) => ["--consumer-key", "3MVG9A2kN3Bn17hs.key", "--username", `cli${n}@acme.com`],
    env: { SALESFORCE_PRIVATE_KEY: keys.rsaPkcs8 },
    token: /^00Dxx0000000001!\d+$/,
  },
  {
    id: "github-installation-token",
    flags: (n) => ["--app-id", "123456", "--installation-id", String(5000 + n), "--repositories", "a,b"],
    env: { GITHUB_PRIVATE_KEY: keys.rsaPkcs1 },
    token: /^ghs_test\d+$/,
  },
];

const [, DOCUSIGN, , GITHUB] = CASES as [unknown, (typeof CASES)[number], unknown, (typeof CASES)[number]];

describe("bubble-jwt recipe <exchange>", () => {
  it("lists the four exchanges after the recipes, and documents --endpoint, --ca-file and the endpoints", async () => {
    const list = await cli(["recipe", "list"]);
    assert.equal(list.code, 0);
    for (const exchange of EXCHANGES)
      assert.match(list.out, new RegExp(`^${exchange.id} +${exchange.display}\\.`, "m"));
    for (const exchange of EXCHANGES) {
      const help = await cli(["recipe", exchange.id, "--help"]);
      assert.equal(help.code, 0);
      assert.match(help.out, /--endpoint NAME=URL/);
      assert.match(help.out, /--ca-file FILE/);
      for (const name of Object.keys(exchange.endpoints)) assert.ok(help.out.includes(name), name);
      for (const output of exchange.outputs) assert.ok(help.out.includes(`  ${output.name} (`), output.name);
    }
  });

  for (const each of CASES) {
    it(`${each.id}: prints the provider's access token, the secret from the environment; --json every output`, async () => {
      const seen = fake.seen.length;
      const plain = await cli(["recipe", each.id, ...each.flags(1), ...toFake(each.id)], each.env);
      assert.equal(plain.code, 0, plain.err);
      assert.match(plain.out.trim(), each.token);
      assert.equal(plain.err, "");
      const json = await cli(["recipe", each.id, ...each.flags(2), ...toFake(each.id), "--json"], each.env);
      assert.equal(json.code, 0, json.err);
      const outputs = JSON.parse(json.out) as Record<string, unknown>;
      const exchange = EXCHANGES.find((item) => item.id === each.id);
      assert.deepEqual(
        Object.keys(outputs),
        exchange?.outputs.map((output) => output.name),
      );
      assert.match(String(outputs.access_token), each.token);
      assert.equal(outputs.authorization_header, `Bearer ${outputs.access_token}`);
      assert.equal(fake.seen.length, seen + 2);
      assert.deepEqual(fake.problems, []);
    });
  }

  it("takes the inputs as --input JSON, and reuses the token within the process", async () => {
    const input = join(dir, "github.json");
    writeFileSync(input, JSON.stringify({ app_id: "123456", installation_id: "6001" }));
    const env = { GITHUB_PRIVATE_KEY: keys.rsaPkcs1 };
    const seen = fake.seen.length;
    const first = await cli(
      ["recipe", "github-installation-token", "--input", `@${input}`, ...toFake("github-installation-token")],
      env,
    );
    const second = await cli(
      ["recipe", "github-installation-token", "--input", `@${input}`, ...toFake("github-installation-token")],
      env,
    );
    assert.equal(first.code, 0, first.err);
    assert.equal(second.out, first.out);
    assert.equal(fake.seen.length, seen + 1);
  });

  it("exits 1 on a provider's refusal: one line with the code on stderr, DocuSign's consent_url, --json", async () => {
    fake.override = () => ({ status: 400, body: { error: "consent_required" } });
    const argv = [
      "recipe",
      "docusign-access-token",
      ...DOCUSIGN.flags(3),
      ...toFake("docusign-access-token"),
    ];
    const refused = await cli(argv, DOCUSIGN.env);
    assert.equal(refused.code, 1);
    assert.equal(refused.out, "");
    const [line, consent, ...rest] = refused.err.trimEnd().split("\n");
    assert.match(line ?? "", /^bubble-jwt: .*\(ERR_EXCHANGE_CONSENT_REQUIRED\)$/);
    assert.match(
      consent ?? "",
      /^bubble-jwt: consent_url: https:\/\/127\.0\.0\.1:\d+\/docusign-demo\/oauth\/auth\?/,
    );
    assert.deepEqual(rest, []);
    const json = await cli([...argv, "--json"], DOCUSIGN.env);
    assert.equal(json.code, 1);
    const outputs = JSON.parse(json.out);
    assert.equal(outputs.ok, false);
    assert.equal(outputs.error_code, "ERR_EXCHANGE_CONSENT_REQUIRED");
    assert.match(outputs.consent_url, /oauth\/auth/);
  });

  it("exits 2 before any request for a bad --endpoint, an unreadable --ca-file or a missing secret, naming the flag", async () => {
    const seen = fake.seen.length;
    const base = ["recipe", "github-installation-token", ...GITHUB.flags(4)];
    const env = GITHUB.env;
    const http = await cli([...base, "--endpoint", "github.api=http://127.0.0.1:1/"], env);
    assert.equal(http.code, 2);
    assert.match(http.err, /--endpoint.*https.*\(ERR_OPTION_INVALID\)\n$/);
    const other = await cli([...base, "--endpoint", `google.token=${fake.server.origin}/google/token`], env);
    assert.equal(other.code, 2);
    assert.match(other.err, /not an endpoint here.*github\.api/);
    const noFile = await cli([...base, "--ca-file", join(dir, "missing.pem")], env);
    assert.equal(noFile.code, 2);
    assert.match(noFile.err, /CA file.*no such file\. \(ERR_FILE_UNREADABLE\)/);
    const noKey = await cli([...base, ...toFake("github-installation-token")]);
    assert.equal(noKey.code, 2);
    assert.match(noKey.err, /--private-key.*GITHUB_PRIVATE_KEY/);
    assert.equal(fake.seen.length, seen);
  });
});

const NAMES = Object.keys(PROVIDER_CASES) as ProviderCaseName[];

/** A provider case's inputs as verify flags, plus --endpoint for its key URL and --ca-file. */
function providerFlags(name: ProviderCaseName): string[] {
  const input = PROVIDER_CASES[name].input as Record<string, unknown>;
  const flags = Object.entries(input).flatMap(([key, value]) => [
    `--${key.replace(/_/g, "-")}`,
    Array.isArray(value) ? value.join(",") : String(value),
  ]);
  const endpoint = `${name}.keys`;
  return [...flags, "--endpoint", `${endpoint}=${issuers.endpoints[endpoint]}`, "--ca-file", issuersCa];
}

async function verifyCli(argv: string[]) {
  const io = fakeIo({ now: new Date(NOW.getTime()) });
  const code = await main(["verify", ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

describe("bubble-jwt verify --provider NAME", () => {
  for (const name of NAMES) {
    it(`${name}: exit 0 with the claims; --json every output; exit 1 with the code for an expired token`, async () => {
      const claims = PROVIDER_CASES[name].claims as Record<string, unknown>;
      const valid = await verifyCli([tokenOf(name), ...providerFlags(name)]);
      assert.equal(valid.code, 0, valid.err);
      assert.deepEqual(JSON.parse(valid.out), claims);
      const json = await verifyCli([tokenOf(name), ...providerFlags(name), "--json"]);
      const outputs = JSON.parse(json.out);
      assert.equal(outputs.valid, true);
      const { subject } = PROVIDER_CASES[name] as { subject?: string };
      assert.equal(outputs.subject, subject ?? claims.sub);
      assert.deepEqual(Object.keys(outputs), [
        "valid",
        "reason_code",
        "error",
        "subject",
        "email",
        "email_verified",
        "name",
        "issuer",
        "audience",
        "issued_at",
        "expires_at",
        "claims_json",
      ]);
      const past = Math.floor(NOW.getTime() / 1000) - 7200;
      const stale = { iat: past, exp: past + 3600, ...(claims.nbf === undefined ? {} : { nbf: past }) };
      const expired = await verifyCli([tokenOf(name, stale), ...providerFlags(name)]);
      assert.equal(expired.code, 1);
      assert.equal(expired.out, "");
      assert.match(expired.err, /^bubble-jwt: invalid token: .+ \(ERR_JWT_EXPIRED\)\n$/);
    });
  }

  it("refuses another provider's token with its reason, reads the token from stdin", async () => {
    const io = fakeIo({ now: NOW, stdin: `${tokenOf("google")}\n` });
    const code = await main(["verify", ...providerFlags("apple")], io);
    assert.equal(code, 1);
    assert.match(io.err(), /\(ERR_SIGNIN_ISSUER\)\n$/);
  });

  it("exits 2 for a missing input, a key flag beside --provider, a sign-in flag without it, a bad --endpoint", async () => {
    const token = tokenOf("google");
    const missing = await verifyCli([
      token,
      "--provider",
      "google",
      "--endpoint",
      `google.keys=${issuers.endpoints["google.keys"]}`,
      "--ca-file",
      issuersCa,
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--client-id/);
    const clash = await verifyCli([token, ...providerFlags("google"), "--secret", "x".repeat(32)]);
    assert.equal(clash.code, 2);
    assert.match(clash.err, /--secret does not go with --provider/);
    const stray = await verifyCli([token, "--client-id", "x", "--secret", "x".repeat(32)]);
    assert.equal(stray.code, 2);
    assert.match(stray.err, /--client-id goes with --provider/);
    const badEndpoint = await verifyCli([
      token,
      "--provider",
      "google",
      "--client-id",
      "x",
      "--endpoint",
      "apple.key=https://x",
    ]);
    assert.equal(badEndpoint.code, 2);
    assert.match(badEndpoint.err, /--endpoint/);
    // okta is a provider now (an OpenID preset): a name that is none.
    const badProvider = await verifyCli([token, "--provider", "myspace"]);
    assert.equal(badProvider.code, 2);
    assert.match(badProvider.err, /--provider/);
  });

  it("authjs: AUTH_SECRET from the environment or --auth-secret; exit 1 with the code for another secret, 2 without one", async () => {
    const secret = "cli-test-auth-secret-0123456789abcdef";
    const token = runRecipe(
      "authjs-session",
      { secret, version: "v5", cookie_name: "authjs.session-token", claims_json: '{"sub": "42"}' },
      { clock: () => NOW.getTime() },
    ).token;
    const flags = ["verify", token, "--provider", "authjs", "--cookie-name", "authjs.session-token"];
    const env = await cli(flags, { AUTH_SECRET: secret });
    assert.equal(env.code, 0, env.err);
    assert.equal(JSON.parse(env.out).sub, "42");
    const flag = await cli([...flags, "--auth-secret", secret, "--json"]);
    assert.equal(flag.code, 0, flag.err);
    assert.equal(JSON.parse(flag.out).subject, "42");
    const wrong = await cli(flags, { AUTH_SECRET: `${secret}-other` });
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /\(ERR_SIGNIN_SESSION_UNREADABLE\)\n$/);
    assert.ok(!wrong.err.includes(secret));
    const missing = await cli(flags);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--auth-secret/);
  });

  it("the built bin: verify --provider firebase exits 0 and prints the claims", async () => {
    const bin = fileURLToPath(new URL("../../bin/bubble-jwt.js", import.meta.url));
    // The bin checks on the real clock, so this one token is made on it too: right on any date.
    const now = Math.floor(Date.now() / 1000);
    const token = tokenOf(
      "firebase",
      { iat: now - 60, exp: now + 3000, auth_time: now - 120 },
      { clock: () => Date.now() },
    );
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) =>
        execFile(
          process.execPath,
          [bin, "verify", token, ...providerFlags("firebase")],
          { encoding: "utf8", timeout: 30_000 },
          (error, out, err) =>
            resolve({ code: error === null ? 0 : Number(error.code), stdout: out, stderr: err }),
        ),
    );
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).sub, PROVIDER_CASES.firebase.claims.sub);
    const refused = await new Promise<number>((resolve) =>
      execFile(
        process.execPath,
        [bin, "verify", token, ...providerFlags("apple")],
        { timeout: 30_000 },
        (error) => resolve(error === null ? 0 : Number(error.code)),
      ),
    );
    assert.equal(refused, 1);
  });
});
