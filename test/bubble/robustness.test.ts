import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  evaluateServerJs,
  identifyPlugin,
  loadAction,
  runPluginAction,
  UNEXPECTED_ERROR_CODE,
} from "../../src/bubble/index.js";
import { type BuiltTestPlugin, buildTestPlugin, SECRET } from "./helpers/plugin.js";

const ACTIONS = identifyPlugin({ check: true }).actions;
let plugin: BuiltTestPlugin;
before(async () => {
  plugin = await buildTestPlugin();
});
after(() => plugin.remove());

const GARBAGE: unknown[] = [
  undefined,
  null,
  "",
  " ",
  0,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  "null",
  "{",
  "[]",
  "\u0000\uffff",
  "x".repeat(100_000),
  {},
  [],
  [1, "a"],
  { keys: [] },
  new Date(Number.NaN),
  new Date(0),
  "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
  '{"kty":"oct","k":""}',
  "a.b.c",
  "http://",
];

describe("garbage never throws (Stop the workflow on error not ticked)", () => {
  for (const action of ACTIONS) {
    it(`${action.display}: any value in any field gives a checked result`, async () => {
      const loaded = await loadAction(plugin.dir, action.id);
      const contexts = [{ keys: { JWT_SECRET: SECRET } }, { keys: null }, undefined, null, { keys: [] }];
      const fields = loaded.params.fields;
      let count = 0;
      for (const field of Object.values(fields)) {
        if (field.name === "stop_on_error") continue;
        for (const value of GARBAGE) {
          const context = contexts[count++ % contexts.length];
          // Straight into the function: Bubble may pass anything, so the runtime's conversion is skipped.
          const result = (await loaded.run({ [field.name]: value }, context as never)) as Record<
            string,
            unknown
          >;
          const names = Object.values(loaded.params.return_value)
            .map((item) => item.name)
            .sort();
          assert.deepEqual(Object.keys(result).sort(), names, `${field.name}`);
          const failed = result.ok === false || result.valid === false;
          const passed = result.ok === true || result.valid === true;
          assert.ok(failed || passed, `${field.name}: ok/valid is a boolean`);
          if (failed) {
            assert.match(String(result.error_code ?? result.reason_code), /^ERR_[A-Z_]+$/);
            assert.equal(typeof result.error, "string");
          }
        }
      }
      // Whole properties that are not an object at all.
      for (const properties of [null, undefined, "text", 42]) {
        const result = (await loaded.run(properties as never, undefined as never)) as Record<string, unknown>;
        assert.ok(result.ok === false || result.valid === false || result.ok === true);
      }
    });
  }
});

describe("Stop the workflow on error", () => {
  const failing: Record<string, Record<string, unknown>> = {
    "Encode JWT": { json_data: "" },
    "Decode JWT": { token: "nope" },
    "Verify JWT": { token: "nope" },
    "Generate secret or key pair": { algorithm: "XX999" },
  };
  for (const action of ACTIONS) {
    it(`${action.display}: throws an Error with the same message as the error output`, async () => {
      const input = failing[action.display] ?? {};
      const quiet = await plugin.run(action.display, input, { JWT_SECRET: SECRET });
      assert.equal(typeof quiet.error, "string");
      await assert.rejects(
        plugin.run(action.display, { ...input, stop_on_error: true }, { JWT_SECRET: SECRET }),
        {
          name: "Error",
          message: quiet.error as string,
        },
      );
    });
  }

  it("a failure that is not the engine's gives a generic code and no internals", async () => {
    const loaded = await loadAction(plugin.dir, "Encode JWT");
    const hostile = new Proxy(
      {},
      {
        get(_target, name) {
          if (name === "json_data") throw new TypeError("internal detail: /srv/secret/path");
          return undefined;
        },
      },
    );
    const result = (await loaded.run(hostile, { keys: { JWT_SECRET: SECRET } })) as Record<string, unknown>;
    assert.equal(result.ok, false);
    assert.equal(result.error_code, UNEXPECTED_ERROR_CODE);
    assert.doesNotMatch(result.error as string, /internal detail|srv/);
  });
});

describe("the local runtime", () => {
  it("turns JSON input into typed properties: numbers, yes/no, empty as null, defaults prefilled", async () => {
    const result = await plugin.run(
      "Encode JWT",
      { json_data: '{"a": 1}', expiration: "30", add_jti: "yes" },
      {
        JWT_SECRET: SECRET,
      },
    );
    assert.equal(result.ok, true);
    assert.equal(((result.expires_at as Date).getTime() - (result.issued_at as Date).getTime()) / 1000, 1800);
    assert.equal(typeof result.jti, "string");
    const json = JSON.parse(JSON.stringify(result));
    assert.match(json.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it("accepts an action by ID or by display name in any case, and a field by caption", async () => {
    const byId = await plugin.run("AAC", { "json data": "{}" }, { JWT_SECRET: SECRET });
    assert.equal(byId.ok, true);
    const byName = await plugin.run("encode jwt", { json_data: "{}" }, { JWT_SECRET: SECRET });
    assert.equal(byName.ok, true);
  });

  it("refuses an unknown action, field or plugin key", async () => {
    await assert.rejects(plugin.run("Sign JWT", {}), {
      message: /No action "Sign JWT".*"Encode JWT" \(AAC\)/,
    });
    await assert.rejects(plugin.run("Encode JWT", { payload: "{}" }), { message: /has no field "payload"/ });
    await assert.rejects(plugin.run("Encode JWT", {}, { SECRET: "x" }), { message: /has no key "SECRET"/ });
  });

  it("checks returned values against return_value: missing, undeclared and mistyped names", async () => {
    const params = (await loadAction(plugin.dir, "Decode JWT")).params;
    const { checkResult } = await import("../../src/bubble/runtime/check-result.js");
    const good = Object.fromEntries(Object.values(params.return_value).map((item) => [item.name, null]));
    assert.deepEqual(checkResult(params, good), good);
    assert.throws(() => checkResult(params, { ...good, extra: 1 }), { message: /"extra" is not declared/ });
    const { ok: _ok, ...missing } = good;
    assert.throws(() => checkResult(params, missing), { message: /"ok" is missing/ });
    assert.throws(() => checkResult(params, { ...good, issued_at: "2026-01-01" }), {
      message: /"issued_at" is not a date/,
    });
    assert.throws(() => checkResult(params, { ...good, ok: "yes" }), { message: /"ok" is not a boolean/ });
  });

  it("evaluates only a bare function expression and allows only built-in modules", async () => {
    assert.throws(() => evaluateServerJs("module.exports = async function() {}"), { message: /bare/ });
    const fn = evaluateServerJs('async function(properties, context) { return require("jose"); }');
    await assert.rejects(fn({}, {}), { message: /only require Node.js built-ins/ });
  });

  it("reports a missing plugin folder", async () => {
    await assert.rejects(
      runPluginAction({ pluginDir: `${plugin.dir}/missing`, action: "Encode JWT", input: {} }),
      {
        code: "ENOENT",
      },
    );
  });
});
