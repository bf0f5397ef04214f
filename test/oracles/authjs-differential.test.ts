// The Auth.js session recipe against the libraries' own encode and decode: @auth/core/jwt (v5) and
// next-auth/jwt (v4), which are test oracles only, installed in test/oracles/node_modules with the
// providers' SDKs (npm ci --prefix test/oracles). Without them the suite is skipped with that reason
// (never in CI, where missing oracles are a failure); with them, authjs-differential.ts holds the tests.
import { existsSync } from "node:fs";
import { describe } from "node:test";
import { fileURLToPath } from "node:url";

const ORACLES = fileURLToPath(new URL("./node_modules", import.meta.url));
const available = existsSync(ORACLES);
if (!available && process.env.CI)
  throw new Error(`The providers' SDKs are not installed in ${ORACLES}: run npm ci --prefix test/oracles`);

if (available) {
  await import("./authjs-differential.js");
} else {
  describe("the Auth.js session recipe against @auth/core and next-auth", {
    skip: "no test/oracles/node_modules: run npm ci --prefix test/oracles",
  }, () => {});
}
