// Stytch, WorkOS, LinkedIn and Memberstack: providers with fixed key URLs, checked against a real HTTPS
// server that publishes their keys (fake-issuers.ts), with real RS256 tokens and a frozen clock.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  encodeJwt,
  fixedClock,
  generateKeyPair,
  isJwtError,
  type JwtPayload,
} from "../../../src/jwt/index.js";
import { signInKeyUrl } from "../../../src/recipes/sign-in/endpoints.js";
import {
  createSignInKeySets,
  type SIGN_IN_ENDPOINTS,
  SIGN_IN_PROVIDERS,
  type SignInKeySets,
  type SignInOutputs,
  verifySignInToken,
} from "../../../src/recipes/sign-in/index.js";
import {
  type FakeIssuers,
  IDS,
  keys,
  NOW,
  NOW_S,
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

function verify(input: Record<string, unknown>): Promise<SignInOutputs> {
  return verifySignInToken(input, {
    clock: () => now,
    endpoints: fake.endpoints,
    ca: fake.server.cert,
    cache,
  });
}

function check(name: ProviderCaseName, token: string, more: Record<string, unknown> = {}) {
  return verify({ ...PROVIDER_CASES[name].input, token, ...more });
}

async function accepted(result: Promise<SignInOutputs>): Promise<SignInOutputs> {
  const outputs = await result;
  assert.equal(outputs.valid, true, outputs.error ?? "");
  assert.equal(outputs.reason_code, null);
  return outputs;
}

async function refusedWith(result: Promise<SignInOutputs>, code: string, message?: RegExp) {
  const outputs = await result;
  assert.equal(outputs.valid, false, `expected ${code}, got a valid token`);
  assert.equal(outputs.reason_code, code, outputs.error ?? "");
  if (message !== undefined) assert.match(outputs.error ?? "", message);
  assert.equal(outputs.subject, null);
  assert.equal(outputs.claims_json, null);
}

async function inputError(input: Record<string, unknown>, option: string, message?: RegExp) {
  try {
    await verify(input);
  } catch (error) {
    assert.ok(isJwtError(error, "ERR_OPTION_INVALID"), String(error));
    assert.equal(error.option, option, JSON.stringify(input));
    if (message !== undefined) assert.match(error.message, message);
    return;
  }
  assert.fail(`expected an input error on ${option}`);
}

const FOUR = ["stytch", "workos", "linkedin", "memberstack"] as const;

describe("the four presets", () => {
  it("declare their inputs, issuers, audience, keys and algorithm", () => {
    const shape = Object.fromEntries(
      FOUR.map((id) => {
        const p = SIGN_IN_PROVIDERS[id];
        return [id, [p.requires, p.optional, p.issuers, p.audience, p.keys, p.keyFormat, p.algorithms]];
      }),
    );
    assert.deepEqual(shape, {
      stytch: [
        ["project_id"],
        ["custom_domain"],
        ["stytch.com/{project_id}", "https://{custom_domain}"],
        "{project_id}",
        "stytch.keys",
        "jwks",
        ["RS256"],
      ],
      workos: [
        ["client_id"],
        ["issuer"],
        ["https://api.workos.com", "https://api.workos.com/user_management/{client_id}"],
        undefined,
        "workos.keys",
        "jwks",
        ["RS256"],
      ],
      linkedin: [
        ["client_id"],
        [],
        ["https://www.linkedin.com/oauth"],
        "{client_id}",
        "linkedin.keys",
        "jwks",
        ["RS256"],
      ],
      memberstack: [
        ["app_id"],
        [],
        ["https://api.memberstack.com"],
        "{app_id}",
        "memberstack.keys",
        "jwks",
        ["RS256"],
      ],
    });
  });

  it("build their default key URLs from the inputs (no discovery)", () => {
    const stytch = SIGN_IN_PROVIDERS.stytch;
    const url = (name: keyof typeof SIGN_IN_ENDPOINTS, values: Record<string, string>) =>
      signInKeyUrl(name, values, undefined);
    const live = { project_id: IDS.stytchProject };
    assert.equal(
      url("stytch.keys", { ...live, ...stytch.derive?.(live) }),
      `https://api.stytch.com/v1/sessions/jwks/${IDS.stytchProject}`,
    );
    const test = { project_id: IDS.stytchTestProject };
    assert.equal(
      url("stytch.keys", { ...test, ...stytch.derive?.(test) }),
      `https://test.stytch.com/v1/sessions/jwks/${IDS.stytchTestProject}`,
    );
    const custom = { project_id: IDS.stytchProject, custom_domain: "login.example.com" };
    assert.deepEqual(stytch.derive?.(custom), {});
    assert.equal(
      url("stytch.keys", custom),
      `https://login.example.com/v1/sessions/jwks/${IDS.stytchProject}`,
    );
    assert.equal(
      url("workos.keys", { client_id: IDS.workosClient }),
      `https://api.workos.com/sso/jwks/${IDS.workosClient}`,
    );
    assert.equal(url("linkedin.keys", {}), "https://www.linkedin.com/oauth/openid/jwks");
    assert.equal(url("memberstack.keys", {}), "https://auth.memberstack.com/jwks");
  });

  for (const name of FOUR) {
    it(`${name}: keys are fetched once and reused; an unknown kid fetches again at most once per cooldown`, async () => {
      await accepted(check(name, tokenOf(name)));
      await accepted(check(name, tokenOf(name)));
      assert.equal(fake.requests(name), 1);
      // A rotation: the new key is published, a token signed with it makes one fetch (past the cooldown).
      now = NOW + 31_000;
      fake.routes.set(name, {
        body: () => ({ keys: [keys.rsa.publicJwk, keys.rotated.publicJwk] }),
        cacheControl: "public, max-age=300",
      });
      await accepted(check(name, tokenOf(name, {}, { pair: keys.rotated })));
      assert.equal(fake.requests(name), 2);
      // Forged kids within the cooldown do not reach the provider.
      const forged = generateKeyPair("RS256");
      await refusedWith(check(name, tokenOf(name, {}, { pair: forged })), "ERR_KID_UNKNOWN");
      await refusedWith(check(name, tokenOf(name, {}, { pair: forged, kid: "other" })), "ERR_KID_UNKNOWN");
      assert.equal(fake.requests(name), 2);
    });
  }
});

describe("Stytch", () => {
  const live = IDS.stytchProject;

  it("accepts a session JWT with both issuers the SDK accepts, and returns the session claim", async () => {
    for (const iss of [`stytch.com/${live}`, "https://api.stytch.com"]) {
      const outputs = await accepted(check("stytch", tokenOf("stytch", { iss })));
      assert.equal(outputs.subject, PROVIDER_CASES.stytch.claims.sub);
      assert.equal(outputs.audience, live);
      const claims = JSON.parse(outputs.claims_json ?? "{}") as JwtPayload;
      assert.equal(
        (claims["https://stytch.com/session"] as { id: string }).id,
        PROVIDER_CASES.stytch.claims["https://stytch.com/session"].id,
      );
    }
    // Live project: keys from the live API host.
    assert.deepEqual(fake.paths, [`/stytch/api.stytch.com/v1/sessions/jwks/${live}`]);
  });

  it("a test project uses test.stytch.com for its keys and issuer; the live host is another issuer", async () => {
    const project = IDS.stytchTestProject;
    const claims = { aud: [project], iss: `stytch.com/${project}` };
    await accepted(check("stytch", tokenOf("stytch", claims), { project_id: project }));
    await accepted(
      check("stytch", tokenOf("stytch", { ...claims, iss: "https://test.stytch.com" }), {
        project_id: project,
      }),
    );
    await refusedWith(
      check("stytch", tokenOf("stytch", { ...claims, iss: "https://api.stytch.com" }), {
        project_id: project,
      }),
      "ERR_SIGNIN_ISSUER",
    );
    assert.deepEqual(fake.paths, [`/stytch/test.stytch.com/v1/sessions/jwks/${project}`]);
  });

  it("another project's token is another issuer, and its aud is refused", async () => {
    const other = "project-live-00000000-0000-4000-8000-000000000000";
    await refusedWith(
      check("stytch", tokenOf("stytch", { iss: `stytch.com/${other}` })),
      "ERR_SIGNIN_ISSUER",
    );
    await refusedWith(check("stytch", tokenOf("stytch", { aud: [other] })), "ERR_SIGNIN_AUDIENCE");
  });

  it("a custom domain is the issuer (no trailing slash) and where the keys are", async () => {
    for (const custom_domain of ["login.example.com", "https://login.example.com/"]) {
      await accepted(
        check("stytch", tokenOf("stytch", { iss: "https://login.example.com" }), { custom_domain }),
      );
      await accepted(check("stytch", tokenOf("stytch"), { custom_domain }));
    }
    await refusedWith(
      check("stytch", tokenOf("stytch", { iss: "https://login.example.com/" }), {
        custom_domain: "login.example.com",
      }),
      "ERR_SIGNIN_ISSUER",
    );
    await refusedWith(
      check("stytch", tokenOf("stytch", { iss: "https://api.stytch.com" }), {
        custom_domain: "login.example.com",
      }),
      "ERR_SIGNIN_ISSUER",
    );
    assert.deepEqual(fake.paths, [`/stytch/login.example.com/v1/sessions/jwks/${live}`]);
  });

  it("wants typ JWT, as the SDK does", async () => {
    await refusedWith(
      check("stytch", tokenOf("stytch", {}, { typ: "at+jwt" })),
      "ERR_JWT_CLAIM_INVALID",
      /typ/,
    );
  });

  it("refuses a token without a session claim (not a session JWT)", async () => {
    await refusedWith(
      check("stytch", tokenOf("stytch", { "https://stytch.com/session": undefined })),
      "ERR_SIGNIN_TOKEN_TYPE",
      /session claim/,
    );
    await refusedWith(
      check("stytch", tokenOf("stytch", { "https://stytch.com/session": { started_at: "x" } })),
      "ERR_SIGNIN_TOKEN_TYPE",
    );
  });

  it("lives five minutes: refused after exp and 60 s", async () => {
    now = NOW + 301_000;
    await refusedWith(check("stytch", tokenOf("stytch")), "ERR_JWT_EXPIRED");
  });

  it("checks project_id and custom_domain before any key URL is built", async () => {
    const token = tokenOf("stytch");
    await inputError({ provider: "stytch", project_id: "my-project", token }, "project_id", /project-live-/);
    await inputError({ provider: "stytch", project_id: "project-live-x/../../evil", token }, "project_id");
    for (const custom_domain of ["evil.com/x?", "https://a@evil.com", "http://login.example.com", "a b"]) {
      await inputError({ provider: "stytch", project_id: live, custom_domain, token }, "custom_domain");
    }
    assert.equal(fake.paths.length, 0);
  });
});

describe("WorkOS", () => {
  const client = IDS.workosClient;

  it("accepts both issuers WorkOS mints (older and newer environments); no aud is checked", async () => {
    for (const iss of ["https://api.workos.com", `https://api.workos.com/user_management/${client}`]) {
      const outputs = await accepted(check("workos", tokenOf("workos", { iss })));
      assert.equal(outputs.subject, PROVIDER_CASES.workos.claims.sub);
      assert.equal(outputs.audience, null);
      assert.equal(JSON.parse(outputs.claims_json ?? "{}").sid, PROVIDER_CASES.workos.claims.sid);
    }
    assert.deepEqual(fake.paths, [`/workos/sso/jwks/${client}`]);
  });

  it("another client's issuer is refused before its keys are fetched", async () => {
    await refusedWith(
      check("workos", tokenOf("workos", { iss: "https://api.workos.com/user_management/client_OTHER" })),
      "ERR_SIGNIN_ISSUER",
    );
    await refusedWith(
      check("workos", tokenOf("workos", { iss: "https://api.workos.com/" })),
      "ERR_SIGNIN_ISSUER",
    );
    assert.equal(fake.requests("workos"), 0);
  });

  it("an issuer given (custom authentication domain) is the only one accepted; keys stay WorkOS's", async () => {
    const issuer = "https://auth.example.com";
    await accepted(check("workos", tokenOf("workos", { iss: issuer }), { issuer }));
    await refusedWith(
      check("workos", tokenOf("workos"), { issuer }),
      "ERR_SIGNIN_ISSUER",
      /auth\.example\.com/,
    );
    await refusedWith(
      check("workos", tokenOf("workos", { iss: "https://api.workos.com" }), { issuer }),
      "ERR_SIGNIN_ISSUER",
    );
    assert.deepEqual(fake.paths, [`/workos/sso/jwks/${client}`]);
  });

  it("checks the issuer's form (an https URL, compared exactly)", async () => {
    const token = tokenOf("workos");
    for (const issuer of [
      "http://auth.example.com",
      "https://a@auth.example.com",
      "https://x.example/?a",
      "auth",
    ]) {
      await inputError({ provider: "workos", client_id: client, issuer, token }, "issuer");
    }
    await inputError({ provider: "workos", client_id: "client/../x", token }, "client_id");
  });
});

describe("LinkedIn", () => {
  it("accepts an ID token of the app, with LinkedIn's text email_verified", async () => {
    const outputs = await accepted(check("linkedin", tokenOf("linkedin")));
    assert.equal(outputs.subject, "782bbtaQ");
    assert.equal(outputs.email, "ada@example.com");
    assert.equal(outputs.email_verified, true);
    assert.equal(outputs.name, "Ada Lovelace");
    assert.deepEqual(fake.paths, ["/linkedin/oauth/openid/jwks"]);
  });

  it("refuses the bare https://www.linkedin.com issuer of older tokens and configurations", async () => {
    await refusedWith(
      check("linkedin", tokenOf("linkedin", { iss: "https://www.linkedin.com" })),
      "ERR_SIGNIN_ISSUER",
      /https:\/\/www\.linkedin\.com\/oauth/,
    );
  });

  it("refuses another app's token and an input LinkedIn does not use", async () => {
    await refusedWith(check("linkedin", tokenOf("linkedin", { aud: "78other" })), "ERR_SIGNIN_AUDIENCE");
    await inputError({ ...PROVIDER_CASES.linkedin.input, issuer: "https://x.example", token: "x" }, "issuer");
  });
});

describe("Memberstack", () => {
  it("gives the member id as the subject (the token has no sub)", async () => {
    const outputs = await accepted(check("memberstack", tokenOf("memberstack")));
    assert.equal(outputs.subject, "mem_clx9member0001");
    assert.equal(outputs.audience, IDS.memberstackApp);
    assert.deepEqual(outputs.expires_at, new Date((NOW_S + 14 * 86_400) * 1000));
    const both = await accepted(check("memberstack", tokenOf("memberstack", { sub: "something-else" })));
    assert.equal(both.subject, "mem_clx9member0001");
    assert.deepEqual(fake.paths, ["/memberstack/jwks"]);
  });

  it("wants type member and an id", async () => {
    await refusedWith(
      check("memberstack", tokenOf("memberstack", { type: "admin" })),
      "ERR_SIGNIN_TOKEN_TYPE",
      /"admin"/,
    );
    await refusedWith(
      check("memberstack", tokenOf("memberstack", { type: undefined })),
      "ERR_SIGNIN_TOKEN_TYPE",
    );
    await refusedWith(
      check("memberstack", tokenOf("memberstack", { id: undefined })),
      "ERR_SIGNIN_TOKEN_TYPE",
    );
    await refusedWith(check("memberstack", tokenOf("memberstack", { id: "" })), "ERR_SIGNIN_TOKEN_TYPE");
  });

  it("wants the app's aud, the issuer https://api.memberstack.com and an exp", async () => {
    await refusedWith(
      check("memberstack", tokenOf("memberstack", { aud: "app_other" })),
      "ERR_SIGNIN_AUDIENCE",
    );
    await refusedWith(
      check("memberstack", tokenOf("memberstack", { aud: undefined })),
      "ERR_SIGNIN_AUDIENCE",
    );
    await refusedWith(
      check("memberstack", tokenOf("memberstack", { iss: "https://api.memberstack.io" })),
      "ERR_SIGNIN_ISSUER",
    );
    const { exp: _, ...noExp } = PROVIDER_CASES.memberstack.claims;
    const endless = encodeJwt(noExp, {
      key: keys.rsa.privateKeyPem,
      alg: "RS256",
      header: { kid: keys.rsa.kid },
      noExpiry: true,
      clock: fixedClock(NOW),
    });
    await refusedWith(check("memberstack", endless), "ERR_JWT_CLAIM_INVALID", /exp/);
  });

  it("refuses a token signed with a shared secret (HS256)", async () => {
    const hs = encodeJwt(PROVIDER_CASES.memberstack.claims, {
      key: "a-shared-secret-that-is-long-enough-for-hs256!",
      alg: "HS256",
      clock: fixedClock(NOW),
    });
    await refusedWith(check("memberstack", hs), "ERR_ALG_NOT_ALLOWED");
  });

  it("checks the app ID's form", async () => {
    for (const app_id of ["clx1abc", "app_../../x", "app_ab cd", "https://evil.example/app_x"]) {
      await inputError({ provider: "memberstack", app_id, token: "x" }, "app_id", /app_/);
    }
  });
});
