// The livekit-token recipe against livekit-server-sdk (a test oracle only, in test/oracles' own
// package). Without test/oracles/node_modules the suite is skipped with that reason (never in CI, where
// missing oracles are a failure); with it, livekit.ts holds the tests.
import { existsSync } from "node:fs";
import { describe } from "node:test";
import { fileURLToPath } from "node:url";

const ORACLES = fileURLToPath(new URL("./node_modules", import.meta.url));
const available = existsSync(ORACLES);
if (!available && process.env.CI)
  throw new Error(`The providers' SDKs are not installed in ${ORACLES}: run npm ci --prefix test/oracles`);

if (available) {
  await import("./livekit.js");
} else {
  describe("livekit-token against livekit-server-sdk", {
    skip: "no test/oracles/node_modules: run npm ci --prefix test/oracles",
  }, () => {});
}
