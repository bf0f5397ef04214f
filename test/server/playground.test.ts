import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildPlugin } from "../../src/bubble/build/build-plugin.js";
import { findPackageRoot } from "../../src/bubble/build/package-root.js";
import { runPluginAction } from "../../src/bubble/runtime/run-plugin-action.js";
import { fixedClock } from "../../src/jwt/index.js";
import { buildApp } from "../../src/server/app.js";
import { defaultPluginDir } from "../../src/server/lib/built-plugin.js";
import { loadConfig } from "../../src/server/load-config.js";
import type { PlaygroundOptions } from "../../src/server/routes/plugin-playground.js";
import { ADMIN_TOKEN, makeApp, NOW, PREVIOUS_SECRET, SECRET, tempDir } from "./helpers.js";

const PLAYGROUND_SECRET = "playground-secret-0123456789-abcdefghijklmnopqrs";
let pluginDir: string;

before(async () => {
  pluginDir = (await buildPlugin({ outDir: join(tempDir(), "bubble-plugin") })).outDir;
});

/** The app as `npm start` runs it (generated development keys), with the playground on `playground`. */
async function devApp(
  env: Record<string, string> = {},
  playground: PlaygroundOptions = { pluginDir },
): Promise<{ app: FastifyInstance; lines: string[] }> {
  const lines: string[] = [];
  const config = loadConfig({ NODE_ENV: "development", LOG_LEVEL: "info", ...env }, { dataDir: tempDir() });
  const app = await buildApp(config, {
    clock: fixedClock(NOW),
    logStream: { write: (line: string) => lines.push(line) },
    playground,
  });
  return { app, lines };
}

function run(app: FastifyInstance, payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: "POST", url: "/plugin/run", payload: payload as object, headers });
}

describe("the plugin playground's routes", () => {
  let app: FastifyInstance;
  let lines: string[];
  before(async () => {
    ({ app, lines } = await devApp());
  });
  after(() => app.close());

  it("serves the page with the test page's content security policy", async () => {
    for (const url of ["/plugin", "/plugin.js", "/plugin.css"]) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.match(response.headers["content-security-policy"] as string, /script-src 'self'/);
    }
    assert.match((await app.inject({ url: "/plugin" })).body, /<script type="module" src="\/plugin.js">/);
  });

  it("lists every action of the built plugin, fields in rank order, and the plugin keys", async () => {
    const response = await app.inject({ url: "/plugin/actions" });
    assert.equal(response.statusCode, 200);
    const { actions, keys } = response.json().response;
    const folders = readdirSync(join(pluginDir, "actions")).sort();
    assert.deepEqual(
      actions.map((action: { folder: string }) => action.folder),
      folders,
    );
    const shared = JSON.parse(readFileSync(join(pluginDir, "shared_tech_params.json"), "utf8"));
    const captions = Object.values(shared.shared_keys as Record<string, { caption: string }>).map(
      (key) => key.caption,
    );
    assert.deepEqual(keys, captions);
    assert.deepEqual(keys.slice(0, 3), ["JWT_SECRET", "JWT_SECRET_PREVIOUS", "JWT_PRIVATE_KEY"]);
    for (const action of actions) {
      const ranks = action.fields.map((field: { rank: number }) => field.rank);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        action.display,
      );
    }
    const encode = actions.find((action: { display: string }) => action.display === "Encode JWT");
    const algorithm = encode.fields.find((field: { name: string }) => field.name === "algorithm");
    assert.equal(algorithm.editor, "Dropdown");
    assert.equal(algorithm.default_val, "HS256");
    assert.ok(algorithm.options.includes("EdDSA"));
  });

  it("runs the built server.js and answers what runPluginAction returns for the same input", async () => {
    const input = { json_data: '{"user_id": "u-42"}', expiration: "30", add_jti: false };
    const keys = { JWT_SECRET: PLAYGROUND_SECRET, JWT_SECRET_PREVIOUS: "", JWT_PRIVATE_KEY: "" };
    const response = await run(app, { action: "AAC", input, keys });
    assert.equal(response.statusCode, 200);
    const answer = response.json().response;
    assert.equal(answer.thrown, null);
    const direct = await runPluginAction({
      pluginDir,
      action: "AAC",
      input,
      keys: { JWT_SECRET: PLAYGROUND_SECRET },
      clock: fixedClock(NOW),
    });
    assert.deepEqual(answer.values, JSON.parse(JSON.stringify(direct)));
    assert.equal(answer.values.ok, true);
    assert.equal(answer.values.issued_at, NOW.toISOString());

    const verified = await run(app, {
      action: "AAE",
      input: { token: answer.values.token },
      keys: { JWT_SECRET: PLAYGROUND_SECRET },
    });
    assert.equal(verified.json().response.values.valid, true);
    assert.equal(JSON.parse(verified.json().response.values.payload_json).user_id, "u-42");
  });

  it("gives a thrown action error (Stop the workflow on error) as the run's result, word for word", async () => {
    const input = { json_data: '{"user_id": "u-42"}', stop_on_error: true };
    const response = await run(app, { action: "AAC", input, keys: {} });
    assert.equal(response.statusCode, 200);
    const direct = await runPluginAction({ pluginDir, action: "AAC", input, clock: fixedClock(NOW) }).then(
      () => assert.fail("expected a throw"),
      (error: Error) => error.message,
    );
    assert.deepEqual(response.json().response, { action: "AAC", values: null, thrown: direct });
  });

  it("answers an action the build does not have with 404 ERR_ACTION_UNKNOWN", async () => {
    const response = await run(app, { action: "ZZZ", input: {}, keys: {} });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().body.reason_code, "ERR_ACTION_UNKNOWN");
    assert.match(response.json().body.message, /AAC \(Encode JWT\)/);
    // The display name is not an ID: only IDs of the built actions run.
    assert.equal((await run(app, { action: "Encode JWT" })).statusCode, 404);
  });

  it("refuses unknown fields and keys, and bodies of the wrong shape, without echoing them", async () => {
    const field = await run(app, { action: "AAC", input: { password_field: "hunter2-value" } });
    assert.equal(field.statusCode, 400);
    assert.equal(field.json().body.reason_code, "ERR_FIELD_UNKNOWN");
    assert.doesNotMatch(field.body, /password_field|hunter2/);
    const key = await run(app, { action: "AAC", input: {}, keys: { OTHER_KEY: "value-1234" } });
    assert.equal(key.json().body.reason_code, "ERR_KEY_UNKNOWN");
    assert.doesNotMatch(key.body, /OTHER_KEY|value-1234/);
    for (const body of [
      [],
      { action: 7 },
      { action: "AAC", input: "x" },
      { action: "AAC", keys: { JWT_SECRET: 1 } },
    ]) {
      const response = await run(app, body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(response.json().body.reason_code, "ERR_BODY_INVALID");
    }
  });

  it("caps the request body (16 KiB) with the service's 413 body", async () => {
    const response = await run(app, { action: "AAC", input: { json_data: "x".repeat(17 * 1024) } });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().body.status, "PAYLOAD_TOO_LARGE");
  });

  it("refuses a Host that does not name the loopback address (DNS rebinding) on every playground route", async () => {
    const host = { host: "rebind.attacker.example" };
    for (const url of ["/plugin", "/plugin.js", "/plugin/actions"]) {
      const response = await app.inject({ url, headers: host });
      assert.equal(response.statusCode, 403, url);
      assert.equal(response.json().body.reason_code, "ERR_HOST_REFUSED");
    }
    const posted = await run(app, { action: "AAC", input: {} }, host);
    assert.equal(posted.json().body.reason_code, "ERR_HOST_REFUSED");
    assert.equal((await app.inject({ url: "/plugin", headers: { host: "127.0.0.1:80" } })).statusCode, 200);
  });

  it("runs only same-origin JSON requests", async () => {
    const crossSite = await run(app, { action: "AAD", input: {} }, { "sec-fetch-site": "cross-site" });
    assert.equal(crossSite.statusCode, 403);
    assert.equal(crossSite.json().body.reason_code, "ERR_CROSS_SITE");
    const form = await app.inject({
      method: "POST",
      url: "/plugin/run",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "action=AAD",
    });
    assert.equal(form.json().body.reason_code, "ERR_CROSS_SITE");
  });

  it("never logs inputs, keys or returned values", async () => {
    lines.length = 0;
    const marker = "claim-value-that-must-not-be-logged";
    await run(app, {
      action: "AAC",
      input: { json_data: JSON.stringify({ user_id: marker }), stop_on_error: true, issuer: marker },
      keys: { JWT_SECRET: PLAYGROUND_SECRET },
    });
    await run(app, {
      action: "AAC",
      input: { json_data: "{not json" },
      keys: { JWT_SECRET: PLAYGROUND_SECRET },
    });
    await run(app, { action: "AAC", input: { json_data: "{}", stop_on_error: true }, keys: {} });
    const log = lines.join("");
    assert.match(log, /"path":"\/plugin\/run"/);
    for (const text of [marker, PLAYGROUND_SECRET, "not json", "eyJ"]) assert.ok(!log.includes(text), text);
  });
});

describe("where the plugin playground exists", () => {
  const absent = async (app: FastifyInstance) => {
    for (const url of ["/plugin", "/plugin.js", "/plugin/actions"]) {
      assert.equal((await app.inject({ url })).statusCode, 404, url);
    }
    assert.equal((await run(app, { action: "AAC", input: {} })).statusCode, 404);
  };

  it("is absent in production, even with the test page turned on", async () => {
    const { app } = await makeApp({ NODE_ENV: "production", ENABLE_TEST_PAGE: "1" });
    assert.equal((await app.inject({ url: "/" })).statusCode, 200);
    await absent(app);
  });

  for (const [name, env] of [
    ["a configured JWT_SECRET", { JWT_SECRET: SECRET }],
    ["a configured ADMIN_API_TOKEN", { ADMIN_API_TOKEN: ADMIN_TOKEN }],
    ["a previous secret", { JWT_SECRET_PREVIOUS: PREVIOUS_SECRET }],
    ["a non-loopback listen address", { HOST: "0.0.0.0" }],
    ["the test page turned off", { ENABLE_TEST_PAGE: "0" }],
  ] as const) {
    it(`is absent in development with ${name}`, async () => {
      const { app } = await devApp(env);
      await absent(app);
    });
  }

  it("is there in development on the generated keys, on a loopback address", async () => {
    const { app } = await devApp({ HOST: "::1" });
    assert.equal(
      (await app.inject({ url: "/plugin/actions", headers: { host: "[::1]:80" } })).statusCode,
      200,
    );
  });
});

describe("the plugin the playground runs", () => {
  it("is dist/bubble-plugin under the package root by default", () => {
    assert.equal(defaultPluginDir(), join(findPackageRoot(), "dist", "bubble-plugin"));
  });

  it("says how to build it when it is missing, while the page still loads", async () => {
    const { app } = await devApp({}, { pluginDir: join(tempDir(), "nothing-here") });
    assert.equal((await app.inject({ url: "/plugin" })).statusCode, 200);
    const response = await app.inject({ url: "/plugin/actions" });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().body.reason_code, "ERR_PLUGIN_NOT_BUILT");
    assert.match(response.json().body.message, /npm run build:plugin/);
    assert.equal((await run(app, { action: "AAC" })).json().body.reason_code, "ERR_PLUGIN_NOT_BUILT");
  });

  it("stops waiting for an action after the time-out, with the service's 503 body", async () => {
    const dir = join(tempDir(), "slow-plugin");
    mkdirSync(join(dir, "actions", "AAA-850m2"), { recursive: true });
    writeFileSync(join(dir, "shared_tech_params.json"), JSON.stringify({ shared_keys: {} }));
    writeFileSync(
      join(dir, "actions", "AAA-850m2", "params.json"),
      JSON.stringify({ display: "Never answers", fields: {}, return_value: {}, type: "server_side" }),
    );
    writeFileSync(
      join(dir, "actions", "AAA-850m2", "server.js"),
      "async function(properties, context) {\n  await new Promise((resolve) => setTimeout(resolve, 2000));\n  return {};\n}",
    );
    const { app } = await devApp({}, { pluginDir: dir, runTimeoutMs: 100 });
    const started = Date.now();
    const response = await run(app, { action: "AAA", input: {} });
    assert.ok(Date.now() - started < 1500);
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().body.reason_code, "ERR_ACTION_TIMEOUT");
  });
});
