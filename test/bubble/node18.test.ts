import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type BuiltTestPlugin, buildTestPlugin } from "./helpers/plugin.js";

// Bubble may run a plugin's server-side actions on Node 18; the build targets it. `.ci/run` unpacks
// Debian's Node 18 with scripts/install-node18.sh; elsewhere set NODE18_BIN, or the test is skipped
// (never in CI, where a missing Node 18 is a failure).
const NODE18 = process.env.NODE18_BIN ?? fileURLToPath(new URL("../../.tmp/node18/node", import.meta.url));
const RUNNER = fileURLToPath(new URL("./node18/run-built-actions.cjs", import.meta.url));
const available = existsSync(NODE18);
if (!available && process.env.CI)
  throw new Error(`Node 18 not found at ${NODE18}: run scripts/install-node18.sh`);

describe("the built actions on Node.js 18", { skip: available ? false : `no Node 18 at ${NODE18}` }, () => {
  let plugin: BuiltTestPlugin;
  let result: Record<string, Record<string, unknown>>;
  before(async () => {
    plugin = await buildTestPlugin();
    const output = execFileSync(NODE18, [RUNNER, plugin.dir], { encoding: "utf8", timeout: 60_000 });
    result = JSON.parse(output);
  });
  after(() => plugin?.remove());

  it("runs on Node 18", () => {
    assert.match(String(result.node), /^v18\./);
  });

  it("encodes the seed's example with the generated secret, and verifies and decodes it", () => {
    assert.equal(result.secret?.ok, true);
    assert.equal(result.encoded?.ok, true);
    assert.equal(result.verified?.valid, true);
    assert.equal(result.verified?.matched_key, "current");
    const payload = JSON.parse(String(result.decoded?.payload_json));
    assert.equal(payload.user_id, "42");
    assert.equal(payload.issued_at, "1732838400000");
    assert.equal(payload.exp - payload.iat, 3600);
  });

  it("signs ES256 with a generated private key and verifies with the JWKS", () => {
    assert.equal(result.signed?.ok, true);
    assert.equal(result.checked?.valid, true);
  });

  it("answers an empty json data with 'payload is required'", () => {
    assert.equal(result.empty?.ok, false);
    assert.equal(result.empty?.error_code, "ERR_PAYLOAD_REQUIRED");
    assert.match(String(result.empty?.error), /payload is required/);
  });
});
