// Whatever a Bubble builder types into "json data", encoding either succeeds or fails with a JwtError
// that points inside the text: the fault locator never crashes and never points past the end.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeJwtDetailed, JwtError } from "../../src/jwt/index.js";
import { CLOCK, SECRET } from "./helpers.js";
import { createRandom, pick, randomInt, randomText } from "./random.js";

const SEEDS = [
  '{"user_id": "42", "email": "ada@example.com", "issued_at": "1732838400000"}',
  '{\n  "user_id": "42",\n  "roles": ["a", "b"],\n  "meta": {"n": 1.5e3, "ok": true, "none": null}\n}',
  '{"exp": 1732838400000, "nbf": "1732838400", "name": "Zoë \\"Z\\" \\u00e9"}',
];
const PIECES = ['"', "'", ",", ":", "{", "}", "[", "]", "\n", " ", "“", "”", "\\", "null", "1e", "-", "tru"];

function mutate(random: () => number, text: string): string {
  const at = randomInt(random, text.length + 1);
  switch (randomInt(random, 4)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1 + randomInt(random, 3));
    case 1:
      return text.slice(0, at) + pick(random, PIECES) + text.slice(at);
    case 2:
      return text.slice(0, at) + randomText(random, 6) + text.slice(at);
    default:
      return text.slice(0, at);
  }
}

describe("json data fuzz: 3,000 seeded mutations of valid JSON texts", () => {
  it("only ever succeeds or throws a JwtError whose line and column lie inside the text", () => {
    const random = createRandom(20261129);
    const seen = new Map<string, number>();
    for (let round = 0; round < 3000; round++) {
      let text = pick(random, SEEDS);
      for (let edits = 1 + randomInt(random, 3); edits > 0; edits--) text = mutate(random, text);
      try {
        encodeJwtDetailed(text, { key: SECRET, clock: CLOCK });
        seen.set("ok", (seen.get("ok") ?? 0) + 1);
      } catch (error) {
        assert.ok(error instanceof JwtError, `not a JwtError for ${JSON.stringify(text)}: ${String(error)}`);
        seen.set(error.code, (seen.get(error.code) ?? 0) + 1);
        if (error.line !== undefined) {
          const lines = text.split("\n");
          assert.ok(
            error.line >= 1 && error.line <= lines.length,
            `line ${error.line} in ${JSON.stringify(text)}`,
          );
          const width = (lines[error.line - 1] ?? "").length + 1;
          assert.ok(error.column !== undefined && error.column >= 1 && error.column <= width);
        }
        assert.ok(error.message.length < 600, "messages stay short");
      }
    }
    // The mutations reach every outcome: valid texts, syntax faults and refused claim values.
    for (const outcome of ["ok", "ERR_PAYLOAD_INVALID"]) assert.ok((seen.get(outcome) ?? 0) > 50, outcome);
  });
});
