// Sign-in verification against real HTTPS servers that publish each provider's keys.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { JwtPayload } from "../../../src/jwt/index.js";
import {
  createSignInKeySets,
  ID_TOKEN_PROVIDER_IDS,
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
  sha256Hex,
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

async function refusedWith(result: Promise<SignInOutputs>, code: string, message?: RegExp) {
  const outputs = await result;
  assert.equal(outputs.valid, false, `expected ${code}, got a valid token`);
  assert.equal(outputs.reason_code, code, outputs.error ?? "");
  assert.ok(outputs.error !== null && outputs.error.length > 0);
  if (message !== undefined) assert.match(outputs.error ?? "", message);
  assert.equal(outputs.subject, null);
  assert.equal(outputs.claims_json, null);
}

const NAMES = Object.keys(PROVIDER_CASES) as ProviderCaseName[];

describe("every provider", () => {
  it("has a case here", () => {
    // authjs has its own file: its token is read with the app's secret, not fetched keys; the OpenID
    // discovery providers have theirs (oidc.test.ts, oidc-presets.test.ts).
    const discovered = Object.values(SIGN_IN_PROVIDERS).filter(
      (provider) => provider.discovery !== undefined,
    );
    assert.deepEqual(
      NAMES,
      ID_TOKEN_PROVIDER_IDS.filter((id) => !discovered.some((provider) => provider.id === id)),
    );
  });

  for (const name of NAMES) {
    describe(name, () => {
      it("accepts its valid token and gives the claims", async () => {
        const claims = PROVIDER_CASES[name].claims as JwtPayload;
        const outputs = await check(name, tokenOf(name));
        assert.equal(outputs.valid, true, outputs.error ?? "");
        assert.equal(outputs.reason_code, null);
        assert.equal(outputs.error, null);
        const { subject } = PROVIDER_CASES[name] as { subject?: string };
        assert.equal(outputs.subject, subject ?? claims.sub);
        assert.equal(outputs.issuer, claims.iss);
        assert.equal(outputs.email, claims.email ?? null);
        assert.equal(outputs.name, claims.name ?? null);
        assert.deepEqual(outputs.issued_at, new Date((claims.iat as number) * 1000));
        assert.deepEqual(outputs.expires_at, new Date((claims.exp as number) * 1000));
        assert.deepEqual(JSON.parse(outputs.claims_json ?? "{}"), claims);
      });

      it("refuses another issuer (another provider, project or tenant) before fetching keys", async () => {
        await refusedWith(
          check(name, tokenOf(name, { iss: "https://evil.example.com" })),
          "ERR_SIGNIN_ISSUER",
        );
        await refusedWith(check(name, tokenOf(name, { iss: undefined })), "ERR_SIGNIN_ISSUER");
        assert.equal(fake.requests(name), 0);
      });

      it("refuses an expired token, with 60 s of clock difference allowed", async () => {
        const exp = NOW_S - 61;
        await refusedWith(
          check(name, tokenOf(name, { exp, iat: exp - 300, nbf: undefined })),
          "ERR_JWT_EXPIRED",
        );
        const grace = await check(name, tokenOf(name, { exp: NOW_S - 59, iat: NOW_S - 300, nbf: undefined }));
        assert.equal(grace.valid, true, grace.error ?? "");
      });

      it("refuses a token signed by a key not in the set, and a forged signature", async () => {
        const base = PROVIDER_CASES[name] as { kid?: string; pair?: typeof keys.rsa };
        const stranger = base.pair === keys.ec ? keys.ecStranger : keys.stranger;
        await refusedWith(
          check(name, tokenOf(name, {}, { pair: stranger, kid: stranger.kid })),
          "ERR_KID_UNKNOWN",
        );
        const kid = base.kid ?? (base.pair ?? keys.rsa).kid;
        await refusedWith(
          check(name, tokenOf(name, {}, { pair: stranger, kid })),
          "ERR_JWS_SIGNATURE_INVALID",
        );
      });

      it("refuses a nonce that differs, or is missing, when one is given", async () => {
        await refusedWith(
          check(name, tokenOf(name, { nonce: "n-0S6_WzA2Mj" }), { nonce: "other" }),
          "ERR_SIGNIN_NONCE",
        );
        await refusedWith(
          check(name, tokenOf(name), { nonce: "n-0S6_WzA2Mj" }),
          "ERR_SIGNIN_NONCE",
          /missing/,
        );
        const outputs = await check(name, tokenOf(name, { nonce: "n-0S6_WzA2Mj" }), {
          nonce: "n-0S6_WzA2Mj",
        });
        assert.equal(outputs.valid, true, outputs.error ?? "");
      });

      it("refuses a token whose alg is not the provider's", async () => {
        const base = PROVIDER_CASES[name] as { kid?: string; pair?: typeof keys.rsa };
        if (base.pair === keys.ec) return;
        const token = tokenOf(
          name,
          {},
          { alg: "RS384", ...(base.kid === undefined ? {} : { kid: base.kid }) },
        );
        await refusedWith(check(name, token), "ERR_ALG_NOT_ALLOWED");
      });
    });
  }

  // Clerk and WorkOS set no aud.
  for (const name of NAMES.filter((each) => each !== "clerk" && each !== "workos")) {
    it(`${name}: refuses a token for another app (audience)`, async () => {
      const change = name === "cognito" ? { aud: "another-client" } : { aud: "another-app" };
      await refusedWith(check(name, tokenOf(name, change)), "ERR_SIGNIN_AUDIENCE");
    });
  }

  it("refuses a malformed token with the engine's code", async () => {
    await refusedWith(check("google", "Bearer abc"), "ERR_JWT_MALFORMED");
    await refusedWith(check("google", `${tokenOf("google")}.`), "ERR_JWT_MALFORMED");
  });
});

describe("Google", () => {
  it("accepts both issuer spellings and reports email_verified", async () => {
    const bare = await check("google", tokenOf("google", { iss: "accounts.google.com" }));
    assert.equal(bare.valid, true, bare.error ?? "");
    assert.equal(bare.email_verified, true);
    const unverified = await check("google", tokenOf("google", { email_verified: false }));
    assert.equal(unverified.email_verified, false);
    const unsaid = await check("google", tokenOf("google", { email_verified: undefined }));
    assert.equal(unsaid.email_verified, null);
  });

  it("checks hd against hosted_domain", async () => {
    const ok = await check("google", tokenOf("google"), { hosted_domain: "Example.com" });
    assert.equal(ok.valid, true, ok.error ?? "");
    await refusedWith(
      check("google", tokenOf("google", { hd: "other.com" }), { hosted_domain: "example.com" }),
      "ERR_SIGNIN_HOSTED_DOMAIN",
    );
    await refusedWith(
      check("google", tokenOf("google", { hd: undefined }), { hosted_domain: "example.com" }),
      "ERR_SIGNIN_HOSTED_DOMAIN",
      /personal account/,
    );
  });

  it("refuses a Firebase token given as a Google one (same Google family, other issuer)", async () => {
    await refusedWith(check("google", tokenOf("firebase")), "ERR_SIGNIN_ISSUER");
  });
});

describe("Apple", () => {
  it("accepts the SHA-256 of the raw nonce, as iOS puts it in the token", async () => {
    const raw = "a-raw-nonce-from-the-app";
    const outputs = await check("apple", tokenOf("apple", { nonce: sha256Hex(raw) }), { nonce: raw });
    assert.equal(outputs.valid, true, outputs.error ?? "");
    assert.equal(outputs.email_verified, true);
    await refusedWith(
      check("apple", tokenOf("apple", { nonce: sha256Hex("other") }), { nonce: raw }),
      "ERR_SIGNIN_NONCE",
    );
  });

  it("never accepts the hash of a nonce for another provider", async () => {
    await refusedWith(
      check("google", tokenOf("google", { nonce: sha256Hex("raw") }), { nonce: "raw" }),
      "ERR_SIGNIN_NONCE",
    );
  });
});

describe("Firebase", () => {
  it("checks sub: non-empty, at most 128 characters", async () => {
    await refusedWith(check("firebase", tokenOf("firebase", { sub: "" })), "ERR_SIGNIN_SUBJECT", /empty/);
    await refusedWith(
      check("firebase", tokenOf("firebase", { sub: "x".repeat(129) })),
      "ERR_SIGNIN_SUBJECT",
      /128/,
    );
    await refusedWith(check("firebase", tokenOf("firebase", { sub: undefined })), "ERR_SIGNIN_SUBJECT");
    assert.equal((await check("firebase", tokenOf("firebase", { sub: "x".repeat(128) }))).valid, true);
  });

  it("checks auth_time: present and not in the future", async () => {
    await refusedWith(
      check("firebase", tokenOf("firebase", { auth_time: NOW_S + 3 })),
      "ERR_SIGNIN_AUTH_TIME",
      /future/,
    );
    await refusedWith(
      check("firebase", tokenOf("firebase", { auth_time: undefined })),
      "ERR_SIGNIN_AUTH_TIME",
      /no auth_time/,
    );
    assert.equal((await check("firebase", tokenOf("firebase", { auth_time: NOW_S }))).valid, true);
  });

  it("refuses a session cookie's issuer and another project's token", async () => {
    await refusedWith(
      check(
        "firebase",
        tokenOf("firebase", { iss: `https://session.firebase.google.com/${IDS.firebaseProject}` }),
      ),
      "ERR_SIGNIN_ISSUER",
    );
    await refusedWith(
      check("firebase", tokenOf("firebase"), { project_id: "other-project" }),
      "ERR_SIGNIN_ISSUER",
    );
  });
});

describe("Microsoft", () => {
  const multi = (tenant: string, claims: JwtPayload) =>
    check("microsoft", tokenOf("microsoft", claims), { tenant });
  const issuerOf = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;

  it("single tenant: another tenant's token is another issuer", async () => {
    await refusedWith(
      multi(IDS.msTenant, { iss: issuerOf(IDS.otherTenant), tid: IDS.otherTenant }),
      "ERR_SIGNIN_ISSUER",
    );
    await refusedWith(multi(IDS.msTenant.toUpperCase(), { tid: IDS.otherTenant }), "ERR_SIGNIN_TENANT");
  });

  it("common: the issuer is checked with the token's own tid", async () => {
    const other = await multi("common", { iss: issuerOf(IDS.otherTenant), tid: IDS.otherTenant });
    assert.equal(other.valid, true, other.error ?? "");
    await refusedWith(
      multi("common", { iss: issuerOf(IDS.otherTenant), tid: IDS.msTenant }),
      "ERR_SIGNIN_TENANT",
      /\{tid\}/,
    );
    await refusedWith(multi("common", { tid: undefined }), "ERR_SIGNIN_TENANT");
    await refusedWith(multi("common", { iss: "https://sts.windows.net/x/" }), "ERR_SIGNIN_ISSUER");
  });

  it("consumers admits only personal accounts; organizations never does", async () => {
    const personal = { iss: issuerOf(IDS.consumersTenant), tid: IDS.consumersTenant };
    assert.equal((await multi("consumers", personal)).valid, true);
    await refusedWith(multi("consumers", {}), "ERR_SIGNIN_TENANT");
    assert.equal((await multi("organizations", {})).valid, true);
    await refusedWith(multi("organizations", personal), "ERR_SIGNIN_TENANT");
  });

  it("fetches the keys of the tenant given, and wants ver 2.0", async () => {
    await multi("organizations", {});
    assert.equal(fake.requests("microsoft"), 1);
    await refusedWith(multi(IDS.msTenant, { ver: "1.0" }), "ERR_JWT_CLAIM_INVALID", /ver/);
  });
});

describe("Auth0", () => {
  it("needs azp = client ID when aud has several values", async () => {
    const aud = [IDS.auth0Client, `https://${IDS.auth0Domain}/userinfo`];
    await refusedWith(check("auth0", tokenOf("auth0", { aud })), "ERR_SIGNIN_AZP");
    await refusedWith(check("auth0", tokenOf("auth0", { aud, azp: "another" })), "ERR_SIGNIN_AZP");
    const ok = await check("auth0", tokenOf("auth0", { aud, azp: IDS.auth0Client }));
    assert.equal(ok.valid, true, ok.error ?? "");
    assert.equal(ok.audience, aud.join(", "));
  });

  it("takes a custom domain, with or without https:// and the trailing slash; the issuer keeps its slash", async () => {
    const iss = "https://login.example.com/";
    for (const domain of ["login.example.com", "https://login.example.com/"]) {
      const ok = await check("auth0", tokenOf("auth0", { iss }), { domain });
      assert.equal(ok.valid, true, ok.error ?? "");
    }
    await refusedWith(
      check("auth0", tokenOf("auth0", { iss: "https://login.example.com" }), { domain: "login.example.com" }),
      "ERR_SIGNIN_ISSUER",
    );
  });
});

describe("Cognito", () => {
  const access = { token_use: "access", aud: undefined, client_id: IDS.cognitoClient };

  it("id tokens: token_use id and aud = client ID", async () => {
    await refusedWith(check("cognito", tokenOf("cognito", access)), "ERR_SIGNIN_TOKEN_USE");
    await refusedWith(
      check("cognito", tokenOf("cognito", access), { token_use: "id" }),
      "ERR_SIGNIN_TOKEN_USE",
    );
  });

  it("access tokens: no aud, client_id claim = client ID", async () => {
    const ok = await check("cognito", tokenOf("cognito", access), { token_use: "access" });
    assert.equal(ok.valid, true, ok.error ?? "");
    await refusedWith(check("cognito", tokenOf("cognito"), { token_use: "access" }), "ERR_SIGNIN_TOKEN_USE");
    await refusedWith(
      check("cognito", tokenOf("cognito", { ...access, client_id: "another" }), { token_use: "access" }),
      "ERR_SIGNIN_AUDIENCE",
      /client_id/,
    );
  });

  it("another user pool is another issuer", async () => {
    const iss = `https://cognito-idp.${IDS.region}.amazonaws.com/${IDS.region}_Other`;
    await refusedWith(check("cognito", tokenOf("cognito", { iss })), "ERR_SIGNIN_ISSUER");
  });
});

describe("Clerk", () => {
  it("checks azp against authorized_parties when given", async () => {
    await refusedWith(check("clerk", tokenOf("clerk", { azp: "https://evil.example" })), "ERR_SIGNIN_AZP");
    await refusedWith(check("clerk", tokenOf("clerk", { azp: undefined })), "ERR_SIGNIN_AZP", /missing/);
    const open = await verify({
      provider: "clerk",
      frontend_api: IDS.clerkApi,
      token: tokenOf("clerk", { azp: "x" }),
    });
    assert.equal(open.valid, true, open.error ?? "");
    assert.equal(open.audience, null);
  });

  it("lives about a minute: refused soon after", async () => {
    now = NOW + 111_000;
    await refusedWith(check("clerk", tokenOf("clerk")), "ERR_JWT_EXPIRED");
  });
});

describe("Supabase", () => {
  it("wants aud authenticated (an anon token is refused) and an ES256 key", async () => {
    await refusedWith(check("supabase", tokenOf("supabase", { aud: "anon" })), "ERR_SIGNIN_AUDIENCE");
    const hs = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(
      JSON.stringify(PROVIDER_CASES.supabase.claims),
    ).toString("base64url")}.c2lnbmF0dXJl`;
    await refusedWith(check("supabase", hs), "ERR_ALG_NOT_ALLOWED");
  });
});
