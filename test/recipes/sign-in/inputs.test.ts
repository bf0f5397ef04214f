// The inputs: declared once, each provider's needs enforced, forms checked before any URL is built.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AnyOperation } from "../../../src/inputs/index.js";
import { isJwtError } from "../../../src/jwt/index.js";
import {
  SIGN_IN_ENDPOINTS,
  SIGN_IN_PROVIDERS,
  SIGN_IN_REASON_CODES,
  SIGN_IN_VERIFIER,
  verifySignInToken,
} from "../../../src/recipes/sign-in/index.js";
import { PROVIDER_CASES, tokenOf } from "./fake-issuers.js";

// The verifier fits the layers' recipe shape, so the lead can wire it like any recipe.
const shaped: AnyOperation = SIGN_IN_VERIFIER;

async function inputError(input: Record<string, unknown>, options = {}) {
  try {
    await verifySignInToken(input, options);
  } catch (error) {
    assert.ok(isJwtError(error, "ERR_OPTION_INVALID"), String(error));
    return error;
  }
  assert.fail("expected an input error");
}

describe("SIGN_IN_VERIFIER", () => {
  it("has issue 10's id, name, inputs and outputs", () => {
    assert.equal(shaped.id, "verify-sign-in-token");
    assert.equal(SIGN_IN_VERIFIER.display, "Verify sign-in token");
    assert.deepEqual(
      SIGN_IN_VERIFIER.inputs.map((spec) => spec.name),
      [
        "token",
        "provider",
        "client_id",
        "project_id",
        "tenant",
        "domain",
        "region",
        "user_pool_id",
        "token_use",
        "frontend_api",
        "authorized_parties",
        "project_ref",
        "nonce",
        "hosted_domain",
        "auth_secret",
        "cookie_name",
        "authjs_version",
        "issuer",
        "custom_domain",
        "app_id",
        "audience",
        "token_type",
        "max_auth_age",
        "max_token_age",
        "realm",
        "authorization_server",
        "policy",
      ],
    );
    assert.deepEqual(
      SIGN_IN_VERIFIER.outputs.map((spec) => spec.name),
      [
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
      ],
    );
    const provider = SIGN_IN_VERIFIER.inputs.find((spec) => spec.name === "provider");
    // authjs has no preset: its token is read with the app's secret (test/recipes/sign-in/authjs.test.ts).
    assert.deepEqual(provider?.options, [...Object.keys(SIGN_IN_PROVIDERS), "authjs"]);
  });

  it("names a key endpoint per provider, https by default", () => {
    for (const provider of Object.values(SIGN_IN_PROVIDERS)) {
      // OpenID discovery providers name where their configuration is read (oidc: under the issuer itself).
      const where = SIGN_IN_ENDPOINTS[provider.keys];
      assert.ok(
        where.startsWith("https://") || (provider.id === "oidc" && where === "{issuer}"),
        provider.id,
      );
      for (const name of [...provider.requires, ...provider.optional]) {
        assert.ok(SIGN_IN_VERIFIER.inputs.some((spec) => spec.name === name && spec.doc.length > 20));
      }
    }
  });

  it("has a description and a check for every reason code", () => {
    for (const [code, entry] of Object.entries(SIGN_IN_REASON_CODES)) {
      assert.match(code, /^ERR_/);
      assert.ok(entry.when.length > 10 && entry.check.length > 10, code);
    }
  });
});

describe("inputs", () => {
  for (const [name, { input }] of Object.entries(PROVIDER_CASES)) {
    const provider = SIGN_IN_PROVIDERS[name as keyof typeof SIGN_IN_PROVIDERS];
    for (const required of provider.requires) {
      it(`${name}: ${required} missing is refused, naming it and the provider`, async () => {
        const error = await inputError({ ...input, [required]: "", token: tokenOf(name as "google") });
        assert.equal(error.option, required);
        assert.equal(error.reason, "missing");
        assert.match(error.message, new RegExp(`required for provider ${name}`));
      });
    }
  }

  it("refuses an input the provider does not use (it would not be checked)", async () => {
    const error = await inputError({
      ...PROVIDER_CASES.apple.input,
      hosted_domain: "example.com",
      token: "x",
    });
    assert.equal(error.option, "hosted_domain");
    assert.match(error.message, /not used by provider apple/);
    const other = await inputError({ ...PROVIDER_CASES.firebase.input, client_id: "abc", token: "x" });
    assert.equal(other.option, "client_id");
  });

  it("refuses token and provider missing, an unknown provider and an unknown input", async () => {
    assert.equal((await inputError({ provider: "google", client_id: "a" })).option, "token");
    assert.equal((await inputError({ token: "x" })).option, "provider");
    assert.equal((await inputError({ token: "x", provider: "github" })).option, "provider");
    assert.equal(
      (await inputError({ token: "x", provider: "google", client_id: "a", audience: "b" })).option,
      "audience",
    );
  });

  it("checks each input's form before building a key URL (no host smuggled in)", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...PROVIDER_CASES.cognito.input, region: "x.evil.com/#" }, "region"],
      [{ ...PROVIDER_CASES.cognito.input, user_pool_id: "eu-west-1_a/../../x" }, "user_pool_id"],
      [{ ...PROVIDER_CASES.cognito.input, user_pool_id: "us-east-1_AbC123" }, "user_pool_id"],
      [{ ...PROVIDER_CASES.auth0.input, domain: "evil.com/x?" }, "domain"],
      [{ ...PROVIDER_CASES.auth0.input, domain: "http://example.auth0.com" }, "domain"],
      [{ ...PROVIDER_CASES.clerk.input, frontend_api: "https://a@evil.com" }, "frontend_api"],
      [{ ...PROVIDER_CASES.microsoft.input, tenant: "contoso.onmicrosoft.com" }, "tenant"],
      [{ ...PROVIDER_CASES.supabase.input, project_ref: "abc.evil.com" }, "project_ref"],
      [{ ...PROVIDER_CASES.google.input, client_id: "a b" }, "client_id"],
    ];
    for (const [input, option] of cases) {
      const error = await inputError({ ...input, token: "x" });
      assert.equal(error.option, option, JSON.stringify(input));
    }
  });

  it("refuses an unknown endpoint name and a non-https endpoint", async () => {
    const input = { ...PROVIDER_CASES.google.input, token: tokenOf("google") };
    const unknown = await inputError(input, { endpoints: { "github.keys": "https://x.example" } });
    assert.equal(unknown.option, "endpoints");
    const http = await inputError(input, { endpoints: { "google.keys": "http://127.0.0.1/certs" } });
    assert.match(http.message, /https/);
  });
});
