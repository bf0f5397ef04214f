// The recipes against the providers' own SDKs (firebase-admin, twilio, google-auth-library, ...), which
// are test oracles only. They live in this folder's own package (test/oracles/package.json, with its
// own lock) so that a contributor's `npm ci` stays small; `.ci/run` installs them with
// `npm ci --prefix test/oracles`. Without them the suite is skipped with that reason (never in CI, where
// missing oracles are a failure); with them, sdk-differential.ts holds the tests.
import { existsSync } from "node:fs";
import { describe } from "node:test";
import { fileURLToPath } from "node:url";

const ORACLES = fileURLToPath(new URL("./node_modules", import.meta.url));
const available = existsSync(ORACLES);
if (!available && process.env.CI)
  throw new Error(`The providers' SDKs are not installed in ${ORACLES}: run npm ci --prefix test/oracles`);

if (available) {
  await import("./sdk-differential.js");
} else {
  describe("the recipes against the providers' own SDKs", {
    skip: "no test/oracles/node_modules: run npm ci --prefix test/oracles",
  }, () => {});
}
