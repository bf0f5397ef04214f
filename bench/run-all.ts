/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (engine first), each in a fresh Node process,
 * passing the command line through. A new benchmark is picked up by naming it bench/<what>.bench.ts;
 * bench/lib/ has the shared pieces (timing, machine line, Markdown table, arguments).
 *
 *   npm run bench                               everything
 *   npm run bench -- --alg HS256                engine only, only these algorithms (quick iterations)
 *   npm run bench -- --only plugin              only the files whose name contains "plugin"
 *   npm run bench -- --quick                    shorter runs everywhere
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv,
  options: { only: { type: "string", multiple: true }, alg: { type: "string", multiple: true } },
  strict: false,
});
// --alg concerns the engine benchmark only, so on its own it selects that one.
const only = Array.isArray(values.only)
  ? values.only.map(String)
  : values.alg !== undefined
    ? ["engine"]
    : [];

const dir = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(dir)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
  .sort((a, b) => (a === "engine.bench.ts" ? -1 : b === "engine.bench.ts" ? 1 : a.localeCompare(b)));
if (files.length === 0) {
  console.error(`No bench/*.bench.ts matches --only ${only.join(", ")}.`);
  process.exit(1);
}
const passOn = argv.filter(
  (arg, index) => arg !== "--only" && argv[index - 1] !== "--only" && !arg.startsWith("--only="),
);
let failed = 0;
for (const file of files) {
  const result = spawnSync(process.execPath, ["--import", "tsx", `${dir}${file}`, ...passOn], {
    stdio: "inherit",
  });
  if (result.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${result.status ?? result.signal})`);
  }
  console.log("");
}
process.exit(failed === 0 ? 0 : 1);
