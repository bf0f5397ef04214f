// Every operation states the provider rules its code enforces, each with where the provider says so:
// the docs show them beside the operation, so none may be missing, empty or uncited.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OPERATIONS } from "../../src/recipes/registry.js";

/** A documentation URL, or a file of an official SDK named by its path. */
const CITATION = /^https:\/\/|\.(py|go|ts|js|java|rb)\b/;

describe("provider rules", () => {
  it("lists operations to check", () => {
    assert.ok(OPERATIONS.length > 0);
  });

  for (const operation of OPERATIONS) {
    describe(operation.id, () => {
      it("states at least one rule", () => {
        assert.ok(operation.rules.length > 0, `${operation.id} has no rules`);
      });

      it("words each rule as one non-empty sentence ending with a period", () => {
        for (const { rule } of operation.rules) {
          assert.ok(rule.trim().length > 0, `${operation.id}: empty rule`);
          assert.equal(rule, rule.trim(), `${operation.id}: ${rule}`);
          assert.ok(rule.endsWith("."), `${operation.id}: "${rule}" does not end with a period`);
        }
      });

      it("cites each rule by a documentation URL or an official SDK file", () => {
        for (const { rule, source } of operation.rules) {
          assert.match(source, CITATION, `${operation.id}: "${rule}" has source "${source}"`);
          assert.doesNotMatch(source, /\[[A-Z]+\d*\]/, `${operation.id}: "${source}" is a bare label`);
          if (source.startsWith("https://")) {
            assert.equal(new URL(source).protocol, "https:", `${operation.id}: ${source}`);
          }
        }
      });

      it("states each rule once", () => {
        const rules = operation.rules.map(({ rule }) => rule);
        assert.equal(new Set(rules).size, rules.length, `${operation.id} repeats a rule`);
      });
    });
  }
});
