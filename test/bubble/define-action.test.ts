import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ACTIONS,
  BUBBLE_ERRORS,
  defineAction,
  recipeAction,
  runPluginAction,
  toFailure,
} from "../../src/bubble/index.js";
import { fixedClock, JWT_ERROR_CODES, JwtError } from "../../src/jwt/index.js";
import { type BuiltTestPlugin, buildTestPlugin, SECRET } from "./helpers/plugin.js";

// A provider recipe as later issues will declare one: inputs and outputs from src/inputs, and a function.
const greet = defineAction({
  key: "greet",
  display: "Greet",
  summary: "Says hello.",
  failure: "ok",
  fields: [
    { name: "who", caption: "Who", type: "text", required: true, doc: "The name." },
    { name: "times", caption: "Times", type: "number", min: 1, max: 3, default: 1, doc: "How often." },
    { name: "api_key", caption: "API key", type: "secret", fallbackKey: "GREET_KEY", doc: "The key." },
    {
      name: "stop_on_error",
      caption: "Stop the workflow on error",
      type: "boolean",
      default: false,
      doc: ".",
    },
  ],
  returns: [
    { name: "greeting", type: "text", doc: "The greeting." },
    { name: "at", type: "date", doc: "When." },
    { name: "keyed", type: "boolean", doc: "An API key was found." },
    { name: "ok", type: "boolean", doc: "." },
    { name: "error", type: "text", doc: "." },
    { name: "error_code", type: "text", doc: "." },
  ],
  run(values, context) {
    // Typed by the specs: who is a string, times a number.
    const who: string | undefined = values.who;
    const times: number | undefined = values.times;
    return {
      greeting: `hello ${who}`.repeat(times ?? 1),
      at: new Date(context.clock()),
      keyed: values.api_key !== undefined && !context.given("api_key"),
    };
  },
});

describe("defineAction", () => {
  it("generates the fields and return values from the specs, in order, by name (IDs come from the ledger)", () => {
    assert.deepEqual(
      greet.fields.map((field) => [field.name, field.type, field.editor, field.optional]),
      [
        ["who", "text", "DynamicValue", false],
        ["times", "number", "DynamicValue", true],
        ["api_key", "text", "DynamicValue", true],
        ["stop_on_error", "boolean", "Checkbox", true],
      ],
    );
    assert.deepEqual(
      greet.returns.map((item) => [item.name, item.caption, item.type]),
      [
        ["greeting", "greeting", "text"],
        ["at", "at", "date"],
        ["keyed", "keyed", "boolean"],
        ["ok", "ok", "boolean"],
        ["error", "error", "text"],
        ["error_code", "error_code", "text"],
      ],
    );
    assert.ok(!("id" in greet) && greet.fields.every((field) => !("id" in field)));
  });

  it("reads typed values, falls back to the plugin key, uses the context's clock and adds ok", async () => {
    const result = await greet.run(
      { who: "Ada", times: "2", api_key: null },
      { keys: { GREET_KEY: "k" }, clock: fixedClock(Date.UTC(2026, 0, 2)) },
    );
    assert.deepEqual(result, {
      greeting: "hello Adahello Ada",
      at: new Date(Date.UTC(2026, 0, 2)),
      keyed: true,
      ok: true,
      error: null,
      error_code: null,
    });
  });

  it("turns a refused input into ok = no with the field's caption, or throws it when asked to stop", async () => {
    const result = await greet.run({ who: "Ada", times: 9 }, {});
    assert.equal(result.ok, false);
    assert.equal(result.error_code, "ERR_OPTION_INVALID");
    assert.equal(result.error, '"Times" must be from 1 to 3; got 9.');
    await assert.rejects(greet.run({ times: 2, stop_on_error: true }, {}), {
      message: /^"Who" is required\./,
    });
  });

  it("refuses an action whose failure outputs are not declared", () => {
    assert.throws(
      () =>
        defineAction({
          key: "broken",
          display: "Broken",
          summary: ".",
          failure: "valid",
          fields: [],
          returns: [{ name: "ok", type: "boolean", doc: "." }],
          run: () => ({}),
        }),
      /reports failures with valid/,
    );
  });

  it("refuses two fields or two return values of one name, which the ledger could not tell apart", () => {
    const text = { name: "who", caption: "Who", type: "text", doc: "." } as const;
    const ok = [
      { name: "ok", type: "boolean", doc: "." },
      { name: "error", type: "text", doc: "." },
      { name: "error_code", type: "text", doc: "." },
    ] as const;
    assert.throws(
      () =>
        defineAction({
          key: "twice",
          display: "Twice",
          summary: ".",
          failure: "ok",
          fields: [text, { ...text, caption: "Who again" }],
          returns: ok,
          run: () => ({}),
        }),
      /two fields named who/,
    );
    assert.throws(
      () =>
        defineAction({
          key: "twice",
          display: "Twice",
          summary: ".",
          failure: "ok",
          fields: [text],
          returns: [...ok, ok[0]],
          run: () => ({}),
        }),
      /two returned values named ok/,
    );
  });
});

describe("the plugin's wording of engine errors", () => {
  const fields = ACTIONS.find((action) => action.key === "encode-jwt")?.fields ?? [];

  it("names the field's caption for an engine option, from the error's facts", () => {
    const error = new JwtError("ERR_OPTION_INVALID", {
      option: "expiresInMinutes",
      problem: "must be a positive number of minutes; got -5",
    });
    assert.equal(
      toFailure(error, fields).message,
      '"Expiration" must be a positive number of minutes; got -5.',
    );
  });

  it("adds Bubble advice by the JSON fault's kind", () => {
    const fault = {
      kind: "missing-value",
      line: 2,
      column: 10,
      excerpt: '"email": >>>,',
      expected: "a value",
    } as const;
    const error = new JwtError("ERR_PAYLOAD_INVALID", "The payload is not valid JSON.", { fault });
    assert.match(
      toFailure(error, fields).message,
      /^The payload is not valid JSON\. .*:formatted as JSON-safe/,
    );
    const comma = new JwtError("ERR_PAYLOAD_INVALID", "x.", { fault: { ...fault, kind: "trailing-comma" } });
    assert.doesNotMatch(toFailure(comma, fields).message, /JSON-safe/);
  });

  it("maps every engine code to a verdict (invalid token or bad input)", () => {
    assert.deepEqual(Object.keys(BUBBLE_ERRORS).sort(), Object.keys(JWT_ERROR_CODES).sort());
    assert.equal(BUBBLE_ERRORS.ERR_JWT_EXPIRED.verdict, "invalid-token");
    assert.equal(BUBBLE_ERRORS.ERR_KEY_MISSING.verdict, "bad-input");
    assert.equal(toFailure(new Error("boom"), fields).code, "ERR_UNEXPECTED");
  });
});

describe("one clock: the local runtime freezes time for the built actions", () => {
  let plugin: BuiltTestPlugin;
  before(async () => {
    plugin = await buildTestPlugin();
  });
  after(() => plugin.remove());
  const at = Date.UTC(2030, 5, 1, 12);

  it("Encode signs at the runtime's clock and Decode judges expiry by it", async () => {
    const run = (action: string, input: Record<string, unknown>, clock: number) =>
      runPluginAction({
        pluginDir: plugin.dir,
        action,
        input,
        keys: { JWT_SECRET: SECRET },
        clock: fixedClock(clock),
      });
    const encoded = await run("Encode JWT", { json_data: '{"a": 1}', expiration: 1 }, at);
    assert.equal(encoded.ok, true);
    assert.deepEqual(encoded.issued_at, new Date(at));
    assert.deepEqual(encoded.expires_at, new Date(at + 60_000));
    const fresh = await run("Decode JWT", { token: encoded.token }, at + 59_000);
    assert.equal(fresh.is_expired, false);
    const old = await run("Decode JWT", { token: encoded.token }, at + 60_000);
    assert.equal(old.is_expired, true);
    const verified = await run("Verify JWT", { token: encoded.token }, at + 30_000);
    assert.equal(verified.valid, true);
    const late = await run("Verify JWT", { token: encoded.token }, at + 120_000);
    assert.equal(late.reason_code, "ERR_JWT_EXPIRED");
  });
});

describe("recipeAction", () => {
  const recipe = {
    id: "greet",
    display: "Greet",
    summary: "Greets someone.",
    inputs: [
      { name: "who", caption: "Who", type: "text", required: true, doc: "The name." },
      { name: "api_key", caption: "API key", type: "secret", fallbackKey: "GREET_KEY", doc: "The key." },
    ],
    outputs: [{ name: "greeting", type: "text", doc: "The greeting." }],
    run: (values: { who?: string; api_key?: string }) => ({
      greeting: `hello ${values.who} (${values.api_key})`,
    }),
  } as const;
  it("turns a recipe into an action keyed by its id, with ok/error outputs and a stop-on-error checkbox", async () => {
    const action = recipeAction(recipe);
    assert.equal(action.key, recipe.id);
    assert.deepEqual(
      action.fields.map((field) => field.name),
      ["who", "api_key", "stop_on_error"],
    );
    assert.deepEqual(
      action.returns.map((item) => item.name),
      ["greeting", "ok", "error", "error_code"],
    );
    assert.deepEqual(await action.run({ who: "Ada" }, { keys: { GREET_KEY: "k1" } }), {
      greeting: "hello Ada (k1)",
      ok: true,
      error: null,
      error_code: null,
    });
    const failed = await action.run({}, {});
    assert.equal(failed.ok, false);
    assert.match(failed.error as string, /^"Who" is required/);
  });

  it("returns a list output as lines of text, and null when empty", async () => {
    const listing = { ...recipe, outputs: [{ name: "notes", type: "list", doc: "Notes." }] as const };
    const action = recipeAction({
      ...listing,
      run: (values: { who?: string }) => ({ notes: values.who === "Ada" ? ["a", "b"] : [] }),
    });
    assert.equal(action.returns[0]?.type, "text");
    assert.equal((await action.run({ who: "Ada" }, { keys: { GREET_KEY: "k" } })).notes, "a\nb");
    assert.equal((await action.run({ who: "Bob" }, { keys: { GREET_KEY: "k" } })).notes, null);
  });
});
