// Every operation of the service over HTTP: answered in Bubble's Workflow API shape with an example
// input, refused with stable codes, admin only, secrets from the environment used and never answered.
// Exchanges and the sign-in check run against real HTTPS fakes on 127.0.0.1, reached through the
// service's own OPERATION_ENDPOINTS and OPERATION_CA_FILE.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { fixedClock } from "../../src/jwt/index.js";
import { buildApp } from "../../src/server/app.js";
import { ConfigError } from "../../src/server/config.js";
import { serviceOperations } from "../../src/server/lib/service-operations.js";
import { ADMIN_TOKEN, adminHeaders, makeAppWith, makeConfig, type TestApp } from "./helpers.js";
import {
  EXAMPLE_NOW,
  type ExampleProviders,
  operationExamples,
  secretsAsEnvironment,
  startExampleProviders,
} from "./operation-examples.js";

const OPERATIONS = serviceOperations();
const EXAMPLES = operationExamples();
const clock = fixedClock(EXAMPLE_NOW);
const url = (id: string) => `/api/1.1/wf/${id}`;

let fakes: ExampleProviders;
let service: TestApp;

before(async () => {
  fakes = await startExampleProviders();
  service = await makeAppWith({ ...fakes.env }, { clock });
});
after(async () => {
  await service.app.close();
  await fakes.close();
});
beforeEach(() => {
  fakes.providers.override = undefined;
  fakes.providers.problems.length = 0;
});

/** A middle piece of a secret: long enough to be its own, found even if the rest were cut. */
function pieceOf(secret: string): string {
  const middle = Math.floor(secret.length / 2);
  return secret.slice(middle - 12, middle + 12);
}

function assertNoSecret(text: string, secrets: Readonly<Record<string, string>>, where: string): void {
  for (const [name, secret] of Object.entries(secrets)) {
    assert.ok(!text.includes(secret), `${where}: ${name} is in it`);
    assert.ok(!text.includes(pieceOf(secret)), `${where}: a piece of ${name} is in it`);
  }
}

describe("every operation over HTTP", () => {
  it("has one route per operation, none clashing with the service's own workflows", () => {
    const ids = OPERATIONS.map((operation) => operation.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const own of ["generate_token", "verify_token", "revoke_token", "revoke_user"]) {
      assert.ok(!ids.includes(own), own);
    }
    for (const id of ids) {
      assert.ok(service.app.hasRoute({ method: "POST", url: url(id) }), id);
    }
  });

  for (const example of EXAMPLES) {
    const operation = OPERATIONS.find((each) => each.id === example.id);
    it(`${example.id}: answers its outputs for the example, as a JSON body`, async () => {
      const response = await service.app.inject({
        method: "POST",
        url: url(example.id),
        headers: adminHeaders,
        payload: { ...example.fields, ...example.secrets },
      });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.status, "success");
      assert.deepEqual(
        Object.keys(body.response),
        operation?.outputs.map((output) => output.name),
      );
      for (const output of operation?.outputs ?? []) {
        const value = body.response[output.name];
        if (value === null) continue;
        const expected = {
          text: "string",
          number: "number",
          boolean: "boolean",
          date: "number",
          list: "object",
        };
        assert.equal(typeof value, expected[output.type], `${output.name} is a ${output.type}`);
        // Dates as the service's other routes give them: milliseconds since 1970.
        if (output.type === "date") assert.ok(value > 1e12, `${output.name} is in milliseconds`);
      }
      const made =
        body.response.token ?? body.response.access_token ?? body.response.valid ?? body.response.ok;
      assert.ok(made === true || (typeof made === "string" && made.length > 0), "made something");
      assertNoSecret(response.body, example.secrets, "the answer");
      assert.deepEqual(fakes.providers.problems, []);
    });
  }

  it("takes a form body too, numbers and yes/no as text (as Bubble and HTML forms send them)", async () => {
    for (const example of EXAMPLES) {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries({ ...example.fields, ...example.secrets })) {
        form.set(name, String(value));
      }
      const response = await service.app.inject({
        method: "POST",
        url: url(example.id),
        headers: { ...adminHeaders, "content-type": "application/x-www-form-urlencoded" },
        payload: form.toString(),
      });
      assert.equal(response.statusCode, 200, `${example.id}: ${response.body}`);
    }
  });

  it("uses the secrets of the service's environment when the call leaves them out, and never answers or logs them", async () => {
    const secrets = secretsAsEnvironment(EXAMPLES);
    const withSecrets = await makeAppWith({ ...fakes.env, ...secrets }, { clock });
    try {
      for (const example of EXAMPLES) {
        const response = await withSecrets.app.inject({
          method: "POST",
          url: url(example.id),
          headers: adminHeaders,
          payload: { ...example.fields },
        });
        assert.equal(response.statusCode, 200, `${example.id}: ${response.body}`);
        assertNoSecret(response.body, secrets, example.id);
      }
      // A refusal names the input and its variable, not the secret.
      const refused = await withSecrets.app.inject({
        method: "POST",
        url: url("ghost-admin"),
        headers: adminHeaders,
        payload: { admin_api_key: "not-a-ghost-key" },
      });
      assert.equal(refused.statusCode, 400);
      assertNoSecret(refused.body, secrets, "the refusal");
      assertNoSecret(withSecrets.lines.join("\n"), secrets, "the log");
    } finally {
      await withSecrets.app.close();
    }
  });

  it("says which variable a missing secret may come from", async () => {
    const response = await service.app.inject({
      method: "POST",
      url: url("ghost-admin"),
      headers: adminHeaders,
      payload: {},
    });
    assert.equal(response.statusCode, 400);
    const { body } = response.json();
    assert.equal(body.status, "MISSING_DATA");
    assert.equal(body.reason_code, "ERR_OPTION_INVALID");
    assert.match(body.message, /^Missing parameter for workflow ghost-admin: parameter admin_api_key/);
    assert.match(body.message, /GHOST_ADMIN_API_KEY/);
  });
});

describe("refusals", () => {
  it("is admin only: no token is 401 ERR_AUTH_MISSING, another token 401 ERR_AUTH_INVALID, for every operation", async () => {
    for (const example of EXAMPLES) {
      const payload = { ...example.fields, ...example.secrets };
      const missing = await service.app.inject({ method: "POST", url: url(example.id), payload });
      assert.equal(missing.statusCode, 401, example.id);
      assert.equal(missing.json().body.reason_code, "ERR_AUTH_MISSING");
      assert.match(String(missing.headers["www-authenticate"]), /^Bearer realm="bubble-jwt"/);
      const wrong = await service.app.inject({
        method: "POST",
        url: url(example.id),
        headers: { authorization: `Bearer ${ADMIN_TOKEN.replace(/.$/, "x")}` },
        payload,
      });
      assert.equal(wrong.statusCode, 401, example.id);
      assert.equal(wrong.json().body.reason_code, "ERR_AUTH_INVALID");
    }
  });

  it("refuses, for every operation, a parameter it does not have and each missing required one, naming them", async () => {
    for (const example of EXAMPLES) {
      const operation = OPERATIONS.find((each) => each.id === example.id);
      const payload = { ...example.fields, ...example.secrets };
      const unknown = await service.app.inject({
        method: "POST",
        url: url(example.id),
        headers: adminHeaders,
        payload: { ...payload, not_an_input: "x" },
      });
      assert.equal(unknown.statusCode, 400, example.id);
      assert.equal(unknown.json().body.reason_code, "ERR_OPTION_INVALID");
      assert.match(unknown.json().body.message, /not_an_input is not a parameter of workflow/);
      for (const input of operation?.inputs.filter((each) => each.required === true) ?? []) {
        const { [input.name]: _left, ...rest } = payload;
        const response = await service.app.inject({
          method: "POST",
          url: url(example.id),
          headers: adminHeaders,
          payload: rest,
        });
        assert.equal(response.statusCode, 400, `${example.id} without ${input.name}`);
        const { body } = response.json();
        assert.equal(body.status, "MISSING_DATA");
        assert.match(body.message, new RegExp(`parameter ${input.name}\\b`));
      }
    }
  });

  it("refuses a value its schema does not allow, and parameters in the query string", async () => {
    const zoom = EXAMPLES.find((each) => each.id === "zoom-video-sdk") ?? assert.fail();
    const payload = { ...zoom.fields, ...zoom.secrets };
    const wrong = await service.app.inject({
      method: "POST",
      url: url(zoom.id),
      headers: adminHeaders,
      payload: { ...payload, role_type: "7" },
    });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(
      [wrong.json().body.status, wrong.json().body.reason_code],
      ["INVALID_DATA", "ERR_OPTION_INVALID"],
    );
    assert.match(wrong.json().body.message, /role_type/);
    const query = await service.app.inject({
      method: "POST",
      url: `${url(zoom.id)}?sdk_secret=x`,
      headers: adminHeaders,
      payload,
    });
    assert.equal(query.statusCode, 400);
    assert.equal(query.json().body.reason_code, "ERR_PARAMETER_IN_QUERY");
  });

  it("answers a provider rule broken by an input as 400 naming the input, without echoing it", async () => {
    const secret = "0123456789abcdef0123456789abcdef:tooshort";
    const response = await service.app.inject({
      method: "POST",
      url: url("ghost-admin"),
      headers: adminHeaders,
      payload: { admin_api_key: secret },
    });
    assert.equal(response.statusCode, 400);
    const { body } = response.json();
    assert.equal(body.status, "INVALID_DATA");
    assert.equal(body.reason_code, "ERR_INPUT_RULE");
    assert.match(body.message, /^Parameter admin_api_key of workflow ghost-admin /);
    assert.ok(!response.body.includes(secret));
  });

  it("answers a provider's refusal of an exchange as 400 with its code, and DocuSign's consent_url with it", async () => {
    const docusign = EXAMPLES.find((each) => each.id === "docusign-access-token") ?? assert.fail();
    fakes.providers.override = () => ({ status: 400, body: { error: "consent_required" } });
    const response = await service.app.inject({
      method: "POST",
      url: url(docusign.id),
      headers: adminHeaders,
      // Another user than the example's: the example's token is in the exchanges' cache.
      payload: {
        ...docusign.fields,
        ...docusign.secrets,
        user_id: "1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b",
        redirect_uri: "https://app.example.com/done",
      },
    });
    assert.equal(response.statusCode, 400, response.body);
    const { body } = response.json();
    assert.equal(body.reason_code, "ERR_EXCHANGE_CONSENT_REQUIRED");
    assert.match(String(body.outputs?.consent_url), /^https:\/\/.*\/oauth\/auth\?/);
    fakes.providers.override = () => ({ status: 400, body: { error: "invalid_grant" } });
    const salesforce = EXAMPLES.find((each) => each.id === "salesforce-access-token") ?? assert.fail();
    const grant = await service.app.inject({
      method: "POST",
      url: url(salesforce.id),
      headers: adminHeaders,
      payload: { ...salesforce.fields, ...salesforce.secrets, username: "refused@acme.com" },
    });
    assert.equal(grant.statusCode, 400);
    assert.equal(grant.json().body.reason_code, "ERR_EXCHANGE_INVALID_GRANT");
    assert.doesNotMatch(grant.body, /BEGIN|eyJ/);
  });

  it("answers 502 when a provider cannot be reached or answers a server error", async () => {
    const github = EXAMPLES.find((each) => each.id === "github-installation-token") ?? assert.fail();
    fakes.providers.override = () => ({ status: 503, body: { message: "unavailable" } });
    const failing = await service.app.inject({
      method: "POST",
      url: url(github.id),
      headers: adminHeaders,
      payload: { ...github.fields, ...github.secrets, installation_id: "5151" },
    });
    assert.equal(failing.statusCode, 502, failing.body);
    assert.deepEqual(
      [failing.json().body.status, failing.json().body.reason_code],
      ["BAD_GATEWAY", "ERR_EXCHANGE_HTTP"],
    );
    // Port 9 on 127.0.0.1: nothing listens, the connection is refused.
    const unreachable = await makeAppWith(
      { OPERATION_ENDPOINTS: "github.api=https://127.0.0.1:9/github" },
      { clock },
    );
    try {
      const response = await unreachable.app.inject({
        method: "POST",
        url: url(github.id),
        headers: adminHeaders,
        payload: { ...github.fields, ...github.secrets, installation_id: "5252" },
      });
      assert.equal(response.statusCode, 502, response.body);
      assert.equal(response.json().body.reason_code, "ERR_EXCHANGE_NETWORK");
    } finally {
      await unreachable.app.close();
    }
  });

  it("answers 504 when a provider does not answer within OPERATION_TIMEOUT_MS", async () => {
    const google = EXAMPLES.find((each) => each.id === "google-access-token") ?? assert.fail();
    const impatient = await makeAppWith({ ...fakes.env, OPERATION_TIMEOUT_MS: "200" }, { clock });
    fakes.providers.delayMs = 2_000;
    try {
      const response = await impatient.app.inject({
        method: "POST",
        url: url(google.id),
        headers: adminHeaders,
        payload: {
          ...google.fields,
          ...google.secrets,
          scopes: "https://www.googleapis.com/auth/gmail.send",
        },
      });
      assert.equal(response.statusCode, 504, response.body);
      assert.deepEqual(
        [response.json().body.status, response.json().body.reason_code],
        ["GATEWAY_TIMEOUT", "ERR_EXCHANGE_TIMEOUT"],
      );
    } finally {
      fakes.providers.delayMs = 0;
      await impatient.app.close();
    }
  });

  it("answers a refused sign-in token as an answer (valid false with its reason), like verify_token", async () => {
    const signIn = EXAMPLES.find((each) => each.id === "verify-sign-in-token") ?? assert.fail();
    const response = await service.app.inject({
      method: "POST",
      url: url(signIn.id),
      headers: adminHeaders,
      payload: { ...signIn.fields, client_id: "another-app.apps.googleusercontent.com" },
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      [response.json().response.valid, response.json().response.reason_code],
      [false, "ERR_SIGNIN_AUDIENCE"],
    );
  });
});

describe("endpoints and CA come from the service's configuration only", () => {
  it("has no body parameter for an endpoint or a CA", () => {
    for (const operation of OPERATIONS) {
      const names = operation.inputs.map((input) => input.name);
      assert.ok(!names.includes("endpoints") && !names.includes("ca_certificate"), operation.id);
    }
  });

  it("refuses at start-up an unknown endpoint name, a URL that is not https, an unreadable CA file, without showing the URL", () => {
    const refusal = (env: Record<string, string>) => {
      try {
        makeConfig(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.message;
      }
      return assert.fail("accepted");
    };
    assert.match(refusal({ OPERATION_ENDPOINTS: "google.tokn=https://x.example" }), /OPERATION_ENDPOINTS/);
    const plain = refusal({ OPERATION_ENDPOINTS: "google.token=http://secret-host.example/?k=abc" });
    assert.match(plain, /OPERATION_ENDPOINTS: .*https/);
    assert.ok(!plain.includes("secret-host"));
    assert.match(refusal({ OPERATION_CA_FILE: "/nonexistent/ca.pem" }), /OPERATION_CA_FILE .*cannot be read/);
  });

  it("without OPERATION_CA_FILE the fakes' certificate is not trusted: the call fails as a 502", async () => {
    const noCa = await makeAppWith({ OPERATION_ENDPOINTS: fakes.env.OPERATION_ENDPOINTS ?? "" }, { clock });
    try {
      const salesforce = EXAMPLES.find((each) => each.id === "salesforce-access-token") ?? assert.fail();
      const response = await noCa.app.inject({
        method: "POST",
        url: url(salesforce.id),
        headers: adminHeaders,
        payload: { ...salesforce.fields, ...salesforce.secrets, username: "no-ca@acme.com" },
      });
      assert.equal(response.statusCode, 502, response.body);
      assert.equal(response.json().body.reason_code, "ERR_EXCHANGE_NETWORK");
    } finally {
      await noCa.app.close();
    }
  });
});

describe("a real HTTP client", () => {
  it("calls an operation and an exchange with fetch on a started service", async () => {
    const app = await buildApp(makeConfig({ ...fakes.env }), { clock });
    try {
      await app.listen({ host: "127.0.0.1", port: 0 });
      const address = app.server.address();
      const port = typeof address === "object" && address !== null ? address.port : assert.fail();
      const asked = fakes.providers.seen.length;
      for (const id of ["twilio-access-token", "google-access-token"]) {
        const example = EXAMPLES.find((each) => each.id === id) ?? assert.fail();
        // Another scope than the example's, so that the provider is asked (not the exchanges' cache).
        const more = id === "google-access-token" ? { scopes: "https://www.googleapis.com/auth/drive" } : {};
        const response = await fetch(`http://127.0.0.1:${port}${url(id)}`, {
          method: "POST",
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
          body: JSON.stringify({ ...example.fields, ...example.secrets, ...more }),
        });
        assert.equal(response.status, 200, id);
        assert.match(String(response.headers.get("content-type")), /^application\/json/);
        const body = (await response.json()) as { status: string; response: Record<string, unknown> };
        assert.equal(body.status, "success");
        assert.ok(typeof (body.response.token ?? body.response.access_token) === "string");
      }
      assert.equal(fakes.providers.seen.length, asked + 1);
      const refused = await fetch(`http://127.0.0.1:${port}${url("twilio-access-token")}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(refused.status, 401);
    } finally {
      await app.close();
    }
  });
});
