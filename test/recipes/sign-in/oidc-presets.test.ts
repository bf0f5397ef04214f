// The OpenID presets (okta, keycloak, entra-external-id, azure-ad-b2c, kinde): each builds its issuer
// from its inputs and reads that issuer's configuration, here through the <provider>.discovery
// endpoint pointed at a local HTTPS server that answers as the provider's host would.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { JwtPayload } from "../../../src/jwt/index.js";
import {
  createSignInKeySets,
  SIGN_IN_PROVIDERS,
  type SignInKeySets,
  type SignInOutputs,
  verifySignInToken,
} from "../../../src/recipes/sign-in/index.js";
import {
  CLIENT_ID,
  configurationOf,
  type FakeOpenId,
  idClaims,
  KEYS,
  NOW,
  signWith,
  startFakeOpenId,
  TENANT,
  WELL_KNOWN,
} from "./fake-openid.js";

let fake: FakeOpenId;
let cache: SignInKeySets;
let endpoints: Record<string, string>;

before(async () => {
  fake = await startFakeOpenId();
});
after(() => fake.close());
beforeEach(() => {
  fake.reset();
  cache = createSignInKeySets({ clock: () => NOW });
  endpoints = {
    "okta.discovery": `${fake.origin}/okta`,
    "keycloak.discovery": `${fake.origin}/keycloak`,
    "entra-external-id.discovery": `${fake.origin}/ciam`,
    "azure-ad-b2c.discovery": `${fake.origin}/b2c`,
    "kinde.discovery": `${fake.origin}/kinde`,
  };
});

function verify(input: Record<string, unknown>): Promise<SignInOutputs> {
  return verifySignInToken(input, { clock: () => NOW, ca: fake.server.cert, cache, endpoints });
}

/** Serves `issuer`'s configuration where the preset reads it: the override's origin, then `path`. */
function publish(prefix: string, path: string, issuer: string, more: Record<string, unknown> = {}): string {
  return fake.issuer(`/${prefix}${path}`, configurationOf(fake, issuer, more));
}

const token = (issuer: string, change: JwtPayload = {}, options: Parameters<typeof signWith>[1] = {}) =>
  signWith(idClaims(issuer, change), options);

async function accepted(result: Promise<SignInOutputs>) {
  const outputs = await result;
  assert.equal(outputs.valid, true, `${outputs.reason_code}: ${outputs.error}`);
  return outputs;
}

async function refusedWith(result: Promise<SignInOutputs>, code: string, message?: RegExp) {
  const outputs = await result;
  assert.equal(outputs.valid, false, `expected ${code}`);
  assert.equal(outputs.reason_code, code, outputs.error ?? "");
  if (message !== undefined) assert.match(outputs.error ?? "", message);
}

async function inputError(input: Record<string, unknown>, name: string, code = "ERR_OPTION_INVALID") {
  await assert.rejects(verify(input), (error: { code?: string; option?: string; input?: string }) => {
    assert.equal(error.code, code, String(error));
    assert.equal(error.option ?? error.input, name);
    return true;
  });
}

describe("okta", () => {
  const domain = "dev-123456.okta.com";
  const custom = `https://${domain}/oauth2/default`;
  const org = `https://${domain}`;

  it("a custom authorization server is https://{domain}/oauth2/{authorization_server}", async () => {
    const path = publish("okta", "/oauth2/default", custom);
    const input = { provider: "okta", domain, authorization_server: "default", client_id: CLIENT_ID };
    await accepted(verify({ ...input, token: token(custom) }));
    await accepted(verify({ ...input, token: token(custom) }));
    assert.equal(fake.requests(path), 1);
    await refusedWith(verify({ ...input, token: token(org) }), "ERR_SIGNIN_ISSUER");
    // Okta signs with RS256 only.
    await refusedWith(
      verify({ ...input, token: token(custom, {}, { pair: KEYS.ec }) }),
      "ERR_ALG_NOT_ALLOWED",
    );
    // Its access tokens, RFC 9068 style, with the authorization server's audience.
    const access = signWith(idClaims(custom, { aud: "api://default", client_id: CLIENT_ID }), {
      header: { typ: "at+jwt" },
    });
    await accepted(
      verify({
        provider: "okta",
        domain,
        authorization_server: "default",
        token_type: "access",
        audience: "api://default",
        token: access,
      }),
    );
  });

  it("the org authorization server is https://{domain}; its access tokens are refused as Okta says", async () => {
    publish("okta", "", org);
    await accepted(
      verify({ provider: "okta", domain: `https://${domain}/`, client_id: CLIENT_ID, token: token(org) }),
    );
    await inputError(
      { provider: "okta", domain, token_type: "access", audience: "api://x", token: token(org) },
      "token_type",
      "ERR_INPUT_RULE",
    );
    await inputError(
      { provider: "okta", domain, authorization_server: "a/b", client_id: CLIENT_ID, token: token(org) },
      "authorization_server",
    );
  });
});

describe("keycloak", () => {
  const domain = "login.example.com";
  const issuer = `https://${domain}/realms/acme`;
  const legacy = `https://${domain}/auth/realms/acme`;

  it("is https://{domain}/realms/{realm}, any asymmetric algorithm", async () => {
    publish("keycloak", "/realms/acme", issuer);
    const input = { provider: "keycloak", domain, realm: "acme", client_id: CLIENT_ID };
    await accepted(verify({ ...input, token: token(issuer) }));
    await accepted(verify({ ...input, token: token(issuer, {}, { pair: KEYS.ec }) }));
    await refusedWith(verify({ ...input, realm: "other", token: token(issuer) }), "ERR_SIGNIN_ISSUER");
  });

  it("takes the /auth/realms/{realm} form of Keycloak before 17 as the issuer input, and no other issuer", async () => {
    publish("keycloak", "/auth/realms/acme", legacy);
    const input = { provider: "keycloak", domain, realm: "acme", client_id: CLIENT_ID };
    await accepted(verify({ ...input, issuer: legacy, token: token(legacy) }));
    await inputError(
      { ...input, issuer: "https://evil.example.com/realms/acme", token: token(legacy) },
      "issuer",
      "ERR_INPUT_RULE",
    );
    await inputError({ ...input, realm: "..", token: token(legacy) }, "realm");
    // Without the issuer input the current form is read, whose configuration is not published here.
    await refusedWith(verify({ ...input, token: token(legacy) }), "ERR_SIGNIN_ISSUER");
  });
});

describe("entra-external-id", () => {
  const byId = `https://${TENANT}.ciamlogin.com/${TENANT}/v2.0`;
  const byName = `https://contoso.ciamlogin.com/${TENANT}/v2.0`;

  it("reads https://{host}/{tenant}/v2.0/.well-known/openid-configuration and expects the tenant-ID issuer", async () => {
    const path = publish("ciam", `/${TENANT}/v2.0`, byId);
    assert.equal(path, `/ciam/${TENANT}/v2.0${WELL_KNOWN}`);
    const input = { provider: "entra-external-id", tenant: TENANT.toUpperCase(), client_id: CLIENT_ID };
    await accepted(verify({ ...input, token: token(byId) }));
    await accepted(verify({ ...input, domain: "contoso.ciamlogin.com", token: token(byId) }));
    // The issuer of the sign-in host, when its configuration says so, as the issuer input.
    await refusedWith(
      verify({ ...input, domain: "contoso.ciamlogin.com", token: token(byName) }),
      "ERR_SIGNIN_ISSUER",
    );
    await refusedWith(
      verify({ ...input, domain: "contoso.ciamlogin.com", issuer: byName, token: token(byName) }),
      "ERR_SIGNIN_DISCOVERY_ISSUER",
    );
  });

  it("needs the tenant ID GUID", async () => {
    await inputError(
      { provider: "entra-external-id", tenant: "common", client_id: CLIENT_ID, token: token(byId) },
      "tenant",
      "ERR_INPUT_RULE",
    );
    await inputError({ provider: "entra-external-id", client_id: CLIENT_ID, token: token(byId) }, "tenant");
  });
});

describe("azure-ad-b2c", () => {
  const domain = "contoso.b2clogin.com";
  const plain = `https://${domain}/${TENANT}/v2.0/`;
  const tfp = (policy: string) => `https://${domain}/tfp/${TENANT}/${policy}/v2.0/`;

  it("reads the user flow's configuration and expects https://{domain}/{tenant}/v2.0/", async () => {
    const path = publish("b2c", `/${TENANT}/B2C_1_susi/v2.0`, plain);
    const input = {
      provider: "azure-ad-b2c",
      domain,
      tenant: TENANT,
      policy: "B2C_1_susi",
      client_id: CLIENT_ID,
    };
    await accepted(verify({ ...input, token: token(plain) }));
    assert.equal(fake.requests(path), 1);
    await refusedWith(verify({ ...input, token: token(tfp("B2C_1_susi")) }), "ERR_SIGNIN_ISSUER");
  });

  it("takes the tfp form as the issuer input when the user flow emits it", async () => {
    publish("b2c", `/${TENANT}/B2C_1_tfp/v2.0`, tfp("B2C_1_tfp"));
    const input = {
      provider: "azure-ad-b2c",
      domain,
      tenant: TENANT,
      policy: "B2C_1_tfp",
      client_id: CLIENT_ID,
    };
    await accepted(verify({ ...input, issuer: tfp("B2C_1_tfp"), token: token(tfp("B2C_1_tfp")) }));
    // Left at the default form, the configuration names the tfp issuer: said plainly.
    await refusedWith(
      verify({ ...input, token: token(plain) }),
      "ERR_SIGNIN_DISCOVERY_ISSUER",
      /trailing slash/,
    );
    await inputError(
      { ...input, issuer: tfp("B2C_1_other"), token: token(plain) },
      "issuer",
      "ERR_INPUT_RULE",
    );
    await inputError({ ...input, policy: "B2C 1", token: token(plain) }, "policy");
  });
});

describe("kinde", () => {
  const issuer = "https://myapp.kinde.com";

  it("is https://{domain}, RS256 only", async () => {
    publish("kinde", "", issuer);
    const input = { provider: "kinde", domain: "myapp.kinde.com", client_id: CLIENT_ID };
    await accepted(verify({ ...input, token: token(issuer) }));
    await refusedWith(
      verify({ ...input, token: token(issuer, {}, { pair: KEYS.ed }) }),
      "ERR_ALG_NOT_ALLOWED",
    );
    await refusedWith(verify({ ...input, token: token(`${issuer}/`) }), "ERR_SIGNIN_ISSUER");
  });
});

it("every preset refuses a token of another issuer before any request, and needs its own inputs", async () => {
  const presets = ["okta", "keycloak", "entra-external-id", "azure-ad-b2c", "kinde"] as const;
  const inputs: Record<(typeof presets)[number], Record<string, unknown>> = {
    okta: { domain: "dev-1.okta.com" },
    keycloak: { domain: "login.example.com", realm: "acme" },
    "entra-external-id": { tenant: TENANT },
    "azure-ad-b2c": { domain: "contoso.b2clogin.com", tenant: TENANT, policy: "B2C_1_susi" },
    kinde: { domain: "myapp.kinde.com" },
  };
  for (const id of presets) {
    assert.ok(SIGN_IN_PROVIDERS[id].discovery !== undefined, id);
    await refusedWith(
      verify({ provider: id, ...inputs[id], client_id: CLIENT_ID, token: token("https://evil.example.com") }),
      "ERR_SIGNIN_ISSUER",
    );
    for (const name of SIGN_IN_PROVIDERS[id].requires) {
      const partial = {
        provider: id,
        ...inputs[id],
        client_id: CLIENT_ID,
        token: token("https://x.example.com"),
      };
      delete (partial as Record<string, unknown>)[name];
      await inputError(partial, name);
    }
  }
  assert.equal(fake.total(), 0);
});
