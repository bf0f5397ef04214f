// Runs every *.test.ts under test/ with Node's own test runner (TypeScript through tsx).
// Node 20's runner does not expand globs, so the files are listed here.
// Usage: node scripts/run-tests.mjs [--no-browser] [PART...]: PART keeps the files whose path contains
// it; --no-browser leaves out the *.browser.test.ts files (CI's run under a shifted clock does).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // test/oracles has its own node_modules (the providers' SDKs): packages' files are not ours.
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : findTests(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const args = process.argv.slice(2);
const noBrowser = args.includes("--no-browser");
const filter = args.filter((arg) => arg !== "--no-browser");
const unknown = filter.find((arg) => arg.startsWith("--"));
if (unknown !== undefined) {
  console.error(`Unknown option ${unknown}. Usage: node scripts/run-tests.mjs [--no-browser] [PART...]`);
  process.exit(2);
}
const files = findTests("test")
  .filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)))
  .filter((file) => !(noBrowser && file.endsWith(".browser.test.ts")))
  .sort();
if (files.length === 0) {
  console.error("No test files matched.");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
