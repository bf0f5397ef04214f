import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newJwtId } from "../../src/server/lib/jwt-id.js";

describe("newJwtId", () => {
  it("gives 128-bit base64url ids, never the same twice, across refills of its pool", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = newJwtId();
      assert.match(id, /^[A-Za-z0-9_-]{22}$/);
      ids.add(id);
    }
    assert.equal(ids.size, 2000);
  });

  it("looks random: each of the 64 base64url characters appears in the first position", () => {
    const first = new Set<string>();
    for (let i = 0; i < 4000; i++) first.add(newJwtId()[0] as string);
    assert.equal(first.size, 64);
  });
});
