// /openapi.json: an OpenAPI 3.1 document made by @fastify/swagger from the routes' own schemas, valid
// by the OpenAPI 3.1 schema, listing every route with its security, parameters and outputs.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { serviceOperations } from "../../src/server/lib/service-operations.js";
import { makeApp, type TestApp } from "./helpers.js";

const OPERATIONS = serviceOperations();
const SERVICE_PATHS = [
  "/healthz",
  "/readyz",
  "/.well-known/jwks.json",
  "/api/1.1/me",
  "/api/1.1/wf/generate_token",
  "/api/1.1/wf/verify_token",
  "/api/1.1/wf/revoke_token",
  "/api/1.1/wf/revoke_user",
];

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  responses: Record<string, { content?: Record<string, { schema: AnswerSchema }> }>;
}

interface AnswerSchema {
  properties: { status: unknown; response: { properties: Record<string, unknown> } };
}

let service: TestApp;
let document: {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, Record<string, string>> };
};

before(async () => {
  service = await makeApp();
  const response = await service.app.inject({ method: "GET", url: "/openapi.json" });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers["content-type"]), /^application\/json/);
  document = response.json();
});
after(() => service.app.close());

describe("/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    assert.equal(document.openapi, "3.1.0");
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.deepEqual(result, { valid: true });
    assert.equal(validator.version, "3.1");
  });

  it("is open to anyone: it holds the routes' schemas, no secret", async () => {
    const response = await service.app.inject({ method: "GET", url: "/openapi.json" });
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes(service.config.adminApiToken ?? "(none)"));
  });

  it("lists the service's routes and every operation's path, and not the /version-test copies", () => {
    const expected = [...SERVICE_PATHS, ...OPERATIONS.map((operation) => `/api/1.1/wf/${operation.id}`)];
    assert.deepEqual(Object.keys(document.paths).sort(), expected.sort());
  });

  it("has the Bearer schemes: the admin token on admin routes and operations, a user token on /me", () => {
    assert.deepEqual(document.components.securitySchemes.adminToken?.scheme, "bearer");
    assert.deepEqual(document.components.securitySchemes.userToken?.bearerFormat, "JWT");
    const security = (path: string, method: string) => document.paths[path]?.[method]?.security;
    for (const workflow of ["generate_token", "revoke_token", "revoke_user"]) {
      assert.deepEqual(security(`/api/1.1/wf/${workflow}`, "post"), [{ adminToken: [] }], workflow);
    }
    assert.deepEqual(security("/api/1.1/me", "get"), [{ userToken: [] }]);
    assert.equal(security("/api/1.1/wf/verify_token", "post"), undefined);
    for (const operation of OPERATIONS) {
      assert.deepEqual(security(`/api/1.1/wf/${operation.id}`, "post"), [{ adminToken: [] }], operation.id);
    }
  });

  it("describes each operation from its specs: summary, inputs as the body (JSON or form), outputs in the answer", () => {
    for (const operation of OPERATIONS) {
      const entry = document.paths[`/api/1.1/wf/${operation.id}`]?.post ?? assert.fail(operation.id);
      assert.equal(entry.operationId, operation.id);
      assert.equal(entry.summary, operation.display);
      assert.equal(entry.description, operation.summary ?? operation.display);
      const content = entry.requestBody?.content ?? assert.fail(operation.id);
      assert.deepEqual(Object.keys(content).sort(), [
        "application/json",
        "application/x-www-form-urlencoded",
      ]);
      assert.deepEqual(
        Object.keys(content["application/json"]?.schema.properties ?? {}),
        operation.inputs.map((input) => input.name),
      );
      const answer = entry.responses["200"]?.content?.["application/json"]?.schema;
      assert.deepEqual(answer?.properties.status, { type: "string", enum: ["success"] });
      assert.deepEqual(
        Object.keys(answer?.properties.response.properties ?? {}),
        operation.outputs.map((output) => output.name),
      );
      assert.ok(entry.responses["4XX"], `${operation.id} documents its errors`);
    }
  });

  it("marks secrets write-only and names the variable the service reads when they are left out", () => {
    const ghost = document.paths["/api/1.1/wf/ghost-admin"]?.post;
    const key = ghost?.requestBody?.content["application/json"]?.schema.properties?.admin_api_key as
      | { writeOnly?: boolean; description: string }
      | undefined;
    assert.equal(key?.writeOnly, true);
    assert.match(String(key?.description), /environment variable GHOST_ADMIN_API_KEY/);
  });
});
