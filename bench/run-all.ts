/**
 * `npm run bench`: runs every bench/*.bench.ts in turn, each in a fresh Node process, passing the
 * command line through (so `npm run bench -- --alg HS256` reaches each of them). A new benchmark is
 * picked up by naming it bench/<what>.bench.ts.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(dir)
  .filter((name) => name.endsWith(".bench.ts"))
  .sort((a, b) => (a === "engine.bench.ts" ? -1 : b === "engine.bench.ts" ? 1 : a.localeCompare(b)));
let failed = 0;
for (const file of files) {
  const result = spawnSync(process.execPath, ["--import", "tsx", `${dir}${file}`, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (result.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${result.status ?? result.signal})`);
  }
  console.log("");
}
process.exit(failed === 0 ? 0 : 1);
