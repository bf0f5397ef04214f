import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  defineInputs,
  flagName,
  httpParameters,
  inputsJsonSchema,
  placeholderOf,
  readInputs,
} from "../../src/inputs/index.js";
import { isJwtError } from "../../src/jwt/index.js";

const INPUTS = defineInputs([
  { name: "json_data", caption: "json data", type: "long-text", required: true, doc: "The claims." },
  {
    name: "expiration",
    caption: "Expiration",
    type: "number",
    exclusiveMin: 0,
    default: 60,
    doc: "Minutes.",
  },
  {
    name: "port",
    caption: "Port",
    type: "number",
    integer: true,
    min: 0,
    max: 65535,
    placeholder: "PORT",
    doc: ".",
  },
  { name: "audience", caption: "Audience", type: "list", doc: "Comma separated." },
  {
    name: "alg",
    caption: "Algorithm",
    type: "choice",
    options: ["HS256", "RS256"],
    default: "HS256",
    doc: ".",
  },
  { name: "secret", caption: "Secret", type: "secret", fallbackKey: "JWT_SECRET", doc: "The secret." },
  { name: "add_jti", caption: "Add jti", type: "boolean", default: false, doc: "." },
  { name: "not_before", caption: "Not before", type: "date", doc: "." },
]);

function refusal(run: () => unknown): { option: string | undefined; problem: string | undefined } {
  try {
    run();
  } catch (error) {
    assert.ok(isJwtError(error, "ERR_OPTION_INVALID"), String(error));
    return { option: error.option, problem: error.problem };
  }
  assert.fail("expected a refusal");
}

describe("readInputs", () => {
  it("converts each type, applies defaults and reads a secret's fallback key", () => {
    const values = readInputs(
      INPUTS,
      { json_data: "{}", port: "8080", audience: "a, b,,c", alg: "rs256", not_before: "0", expiration: null },
      { fallback: (key) => (key === "JWT_SECRET" ? "from-key" : undefined) },
    );
    assert.deepEqual(values, {
      json_data: "{}",
      expiration: 60,
      port: 8080,
      audience: ["a", "b", "c"],
      alg: "RS256",
      secret: "from-key",
      add_jti: false,
      not_before: new Date(0),
    });
  });

  it("refuses a number at or below exclusiveMin, naming the input", () => {
    assert.deepEqual(
      refusal(() => readInputs(INPUTS, { json_data: "{}", expiration: 0 })),
      { option: "expiration", problem: "must be more than 0; got 0" },
    );
    assert.equal(readInputs(INPUTS, { json_data: "{}", expiration: 0.5 }).expiration, 0.5);
  });

  it("shows a short piece of a text that is not a number, and checks whole numbers and ranges", () => {
    assert.equal(
      refusal(() => readInputs(INPUTS, { json_data: "x", port: "soon" })).problem,
      'must be a number; got "soon"',
    );
    assert.equal(
      refusal(() => readInputs(INPUTS, { json_data: "x", port: 1.5 })).problem,
      "must be a whole number; got 1.5",
    );
    assert.equal(
      refusal(() => readInputs(INPUTS, { json_data: "x", port: 70000 })).problem,
      "must be from 0 to 65535; got 70000",
    );
  });

  it("reports a missing required input unless another step reports it", () => {
    assert.equal(refusal(() => readInputs(INPUTS, {})).option, "json_data");
    assert.equal(readInputs(INPUTS, {}, { missingReportedElsewhere: ["json_data"] }).json_data, undefined);
  });
});

describe("names and syntax", () => {
  it("makes the flag the input's name in kebab-case", () => {
    assert.deepEqual(INPUTS.map(flagName), [
      "json-data",
      "expiration",
      "port",
      "audience",
      "alg",
      "secret",
      "add-jti",
      "not-before",
    ]);
  });

  it("uses the spec's placeholder, else one from the type; none for a boolean", () => {
    assert.deepEqual(INPUTS.map(placeholderOf), [
      "JSON_DATA",
      "NUMBER",
      "PORT",
      "AUDIENCE",
      "HS256|RS256",
      "SECRET",
      undefined,
      "DATE",
    ]);
  });
});

describe("HTTP parameters", () => {
  it("maps each input to a parameter of the same name with a JSON Schema", () => {
    const parameters = httpParameters(INPUTS);
    assert.deepEqual(
      parameters.map((parameter) => [parameter.name, parameter.required, parameter.schema.type]),
      [
        ["json_data", true, "string"],
        ["expiration", false, "number"],
        ["port", false, "integer"],
        ["audience", false, ["string", "array"]],
        ["alg", false, "string"],
        ["secret", false, "string"],
        ["add_jti", false, "boolean"],
        ["not_before", false, ["string", "number"]],
      ],
    );
    assert.deepEqual(parameters[1]?.schema, {
      type: "number",
      description: "Minutes.",
      default: 60,
      exclusiveMinimum: 0,
    });
    assert.deepEqual(parameters[4]?.schema.enum, ["HS256", "RS256"]);
    assert.equal(parameters[5]?.schema.writeOnly, true);
  });

  it("does not require in a request a required secret that has a fallback key (it may come from there)", () => {
    const specs = [
      { name: "key", caption: "Key", type: "secret", required: true, fallbackKey: "ACME_KEY", doc: "." },
      { name: "pin", caption: "Pin", type: "secret", required: true, doc: "." },
    ] as const;
    assert.deepEqual(inputsJsonSchema(specs).required, ["pin"]);
    assert.throws(() => readInputs(specs, { pin: "1234" }), { option: "key" });
    assert.equal(readInputs(specs, { pin: "1234" }, { fallback: () => "from-env" }).key, "from-env");
  });

  it("gives a route's body schema", () => {
    const schema = inputsJsonSchema(INPUTS);
    assert.equal(schema.type, "object");
    assert.deepEqual(schema.required, ["json_data"]);
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(
      Object.keys(schema.properties),
      INPUTS.map((input) => input.name),
    );
    assert.deepEqual(schema.properties.port, {
      type: "integer",
      description: ".",
      minimum: 0,
      maximum: 65535,
    });
  });
});
