// The pusher-beams-token recipe against Beams' own server SDK (@pusher/push-notifications-server), a
// test oracle only, installed in test/oracles/node_modules (npm ci --prefix test/oracles). Without it
// the suite is skipped with that reason (never in CI, where a missing oracle is a failure); with it,
// pusher-beams.ts holds the tests.
import { existsSync } from "node:fs";
import { describe } from "node:test";
import { fileURLToPath } from "node:url";

const ORACLES = fileURLToPath(new URL("./node_modules", import.meta.url));
const available = existsSync(ORACLES);
if (!available && process.env.CI)
  throw new Error(`The providers' SDKs are not installed in ${ORACLES}: run npm ci --prefix test/oracles`);

if (available) {
  await import("./pusher-beams.js");
} else {
  describe("pusher-beams-token against @pusher/push-notifications-server", {
    skip: "no test/oracles/node_modules: run npm ci --prefix test/oracles",
  }, () => {});
}
