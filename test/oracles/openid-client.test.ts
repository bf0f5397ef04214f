// Provider oidc of Verify sign-in token against openid-client (a generic relying party), installed
// with the other providers' SDKs in this folder's own package (`npm ci --prefix test/oracles`). Without
// them the suite is skipped with that reason (never in CI, where missing oracles are a failure); with
// them, openid-client.ts holds the tests.
import { existsSync } from "node:fs";
import { describe } from "node:test";
import { fileURLToPath } from "node:url";

const ORACLES = fileURLToPath(new URL("./node_modules", import.meta.url));
const available = existsSync(ORACLES);
if (!available && process.env.CI)
  throw new Error(`The providers' SDKs are not installed in ${ORACLES}: run npm ci --prefix test/oracles`);

if (available) {
  await import("./openid-client.js");
} else {
  describe("provider oidc against openid-client", {
    skip: "no test/oracles/node_modules: run npm ci --prefix test/oracles",
  }, () => {});
}
