// Type-checks test/oracles (the tests that import the providers' SDKs) with its own tsconfig, which
// resolves the SDKs from test/oracles/node_modules. Without them it says so and passes, as the tests
// themselves skip; with CI set, missing SDKs are a failure.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

if (!existsSync("test/oracles/node_modules")) {
  const message = "test/oracles: the providers' SDKs are not installed (npm ci --prefix test/oracles)";
  if (process.env.CI) {
    console.error(`${message}.`);
    process.exit(1);
  }
  console.error(`${message}; not type-checked.`);
  process.exit(0);
}
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", "test/oracles/tsconfig.json", "--noEmit"], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
