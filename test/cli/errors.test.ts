import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeCommand } from "../../src/cli/commands/encode.js";
import { verifyCommand } from "../../src/cli/commands/verify.js";
import {
  CLI_EXIT_CODES,
  CLI_FAULT_ADVICE,
  describeForCli,
  EXIT_CHECK_FAILED,
  EXIT_USAGE,
} from "../../src/cli/errors.js";
import { recipeCommand } from "../../src/cli/lib/recipe-command.js";
import { defineInputs } from "../../src/inputs/index.js";
import { JWT_ERROR_CODES, JwtError } from "../../src/jwt/index.js";
import { fakeIo, NOW } from "./fake-io.js";

describe("the command line's translation of engine codes", () => {
  it("maps every engine code to exit 1 (token refused) or 2 (could not run as asked)", () => {
    assert.deepEqual(Object.keys(CLI_EXIT_CODES).sort(), Object.keys(JWT_ERROR_CODES).sort());
    assert.equal(CLI_EXIT_CODES.ERR_JWT_EXPIRED, EXIT_CHECK_FAILED);
    assert.equal(CLI_EXIT_CODES.ERR_JWS_SIGNATURE_INVALID, EXIT_CHECK_FAILED);
    assert.equal(CLI_EXIT_CODES.ERR_KEY_WEAK, EXIT_USAGE);
    assert.equal(CLI_EXIT_CODES.ERR_JWKS_FETCH_FAILED, EXIT_USAGE);
  });

  it("names the flag that feeds an engine option, from the error's facts", () => {
    const error = new JwtError("ERR_OPTION_INVALID", {
      option: "expiresInMinutes",
      problem: "must be a positive number of minutes; got -5",
    });
    assert.equal(
      describeForCli(error, encodeCommand.inputs),
      "--exp must be a positive number of minutes; got -5.",
    );
    // Without the command's inputs the engine's own wording stays.
    assert.match(describeForCli(error), /^expiresInMinutes must be/);
  });

  it("names the flag called like the option before one that only feeds an engine option of that name", () => {
    // verify has --iss (the claim check, engine option issuer) and --issuer (the sign-in input).
    const error = new JwtError("ERR_OPTION_INVALID", { option: "issuer", problem: "must be an https URL" });
    assert.equal(describeForCli(error, verifyCommand.inputs), "--issuer must be an https URL.");
  });

  it("adds shell advice by the JSON fault's kind", () => {
    const fault = {
      kind: "unquoted-value",
      line: 1,
      column: 13,
      excerpt: '{"user_id": >>>ada}',
      expected: "a value",
    } as const;
    const error = new JwtError("ERR_PAYLOAD_INVALID", "The payload is not valid JSON.", { fault });
    assert.equal(
      describeForCli(error, encodeCommand.inputs),
      `The payload is not valid JSON. ${CLI_FAULT_ADVICE["unquoted-value"]}`,
    );
    assert.match(describeForCli(error), /single quotes/);
    assert.doesNotMatch(describeForCli(error), /Bubble|JSON-safe/);
  });
});

describe("recipeCommand", () => {
  const recipe = {
    id: "greet",
    display: "Greet",
    summary: "Greets someone.",
    inputs: defineInputs([
      { name: "who", caption: "Whom to greet", type: "text", required: true, doc: "The name." },
      { name: "times", caption: "How often", type: "number", min: 1, default: 1, doc: "." },
    ]),
    outputs: [
      { name: "greeting", type: "text", doc: "." },
      { name: "at", type: "date", doc: "." },
    ],
    run: (values: { who?: string; times?: number }, context: { clock: () => number }) => ({
      greeting: `hello ${values.who}`.repeat(values.times ?? 1),
      at: new Date(context.clock()),
    }),
  } as const;

  it("reads the recipe's inputs as flags and prints its outputs as JSON, on the io's clock", async () => {
    const command = recipeCommand(recipe);
    assert.equal(command.name, "recipe greet");
    const io = fakeIo({ now: NOW });
    assert.equal(await command.execute({ who: "Ada", times: "2", json: true }, [], io), 0);
    assert.deepEqual(JSON.parse(io.out()), { greeting: "hello Adahello Ada", at: NOW.toISOString() });
  });

  it("refuses a bad value before the recipe runs, naming the input", async () => {
    await assert.rejects(recipeCommand(recipe).execute({ who: "Ada", times: "0" }, [], fakeIo()), {
      code: "ERR_OPTION_INVALID",
      option: "times",
    });
  });
});
