import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPlugin, runPluginAction } from "../../../src/bubble/index.js";

/** A 40-character secret, long enough for HS256. */
export const SECRET = "s3cr3t-for-tests-0123456789-abcdefghijkl";
export const OLD_SECRET = "old-secret-for-tests-0123456789-abcdefgh";

export interface BuiltTestPlugin {
  dir: string;
  run: (
    action: string,
    input: Record<string, unknown>,
    keys?: Record<string, string>,
  ) => Promise<Record<string, unknown>>;
  remove: () => void;
}

/**
 * Builds the plugin into a temporary folder; tests run the built server.js files through the runtime.
 * In check mode: a test run never writes the committed ID ledger, and fails when it lacks an ID.
 */
export async function buildTestPlugin(): Promise<BuiltTestPlugin> {
  const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-plugin-"));
  await buildPlugin({ outDir: dir, check: true });
  return {
    dir,
    run: (action, input, keys = {}) => runPluginAction({ pluginDir: dir, action, input, keys }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** No output but `token` (and Generate's key material) may hold a secret, a private key or a token. */
export function assertNoLeak(result: Record<string, unknown>, ...secrets: string[]): void {
  for (const [name, value] of Object.entries(result)) {
    if (name === "token" || typeof value !== "string") continue;
    for (const secret of secrets) {
      assert.ok(!value.includes(secret), `output "${name}" leaks a secret, key or token`);
    }
  }
}
