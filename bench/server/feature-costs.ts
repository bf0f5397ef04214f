/**
 * `npm run bench:features`: what each switchable feature of the service costs, measured side by side.
 *
 * Two processes, the service with production settings and a variant without one feature (or the raw
 * node:http floor), share one CPU (`taskset -c 1`) and are loaded at the same time by autocannon from
 * this process (on CPU 0 when started as package.json does). Both always have work, so the CPU they share
 * is split between them and each one's rate is inversely proportional to what one of its requests costs:
 * the ratio of their rates is the ratio of their costs, measured in the same seconds, so the machine's own
 * drift (large on a shared VM) cancels out. Two launches of the same service measured this way differ by
 * 1 to 3%; measured one after the other, by 10% and more.
 *
 * Output per variant: the median of per-round rate ratios (variant / service), and that ratio as CPU µs
 * per request at the service's own cost in the same rounds.
 *
 * `--rounds N` (default 5) of `--seconds S` (default 3), `--endpoint token|me` (default token).
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { median } from "../lib/measure.js";
import { printTable } from "../lib/table.js";
import { readCpuSeconds, type ServerProcess, startProcess, stopProcess } from "./processes.js";
import { generateToken, me, productionEnv, tokenFrom } from "./requests.js";

const { values } = parseArgs({
  options: { rounds: { type: "string" }, seconds: { type: "string" }, endpoint: { type: "string" } },
  strict: false,
});
const rounds = Number(values.rounds ?? 5);
const seconds = Number(values.seconds ?? 3);
const endpoint = values.endpoint === "me" ? "me" : "token";
const root = fileURLToPath(new URL("../..", import.meta.url));
const PRODUCTION = productionEnv();

/** Runs a server on CPU 1 when `taskset` exists (the costs are still compared, less exactly, without). */
const pinned = (() => {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

async function start(args: string[], env: Record<string, string>): Promise<ServerProcess> {
  // startProcess runs `node <args>`; `--cpu-affinity` does not exist, so taskset wraps node instead.
  return pinned
    ? startProcess(root, args, env, "/healthz", ["taskset", "-c", "1"])
    : startProcess(root, args, env, "/healthz");
}

async function load(server: ServerProcess, token: string, duration: number) {
  const options = endpoint === "token" ? generateToken(server) : me(server, token);
  const cpuBefore = readCpuSeconds(server.child.pid);
  const result = await autocannon({ ...options, connections: 50, duration });
  const cpu = readCpuSeconds(server.child.pid) - cpuBefore;
  if (result.non2xx + result.errors > 0) throw new Error(`${server.url} failed requests`);
  return { rps: result.requests.total / duration, micros: (cpu * 1e6) / result.requests.total };
}

const variants: [string, string[], Record<string, string>][] = [
  ["service again (the method's own spread)", ["dist/server/main.js"], PRODUCTION],
  ["without the access line (LOG_LEVEL=warn)", ["dist/server/main.js"], { ...PRODUCTION, LOG_LEVEL: "warn" }],
  [
    "without the rate limiter (RATE_LIMIT_PER_MINUTE=0)",
    ["dist/server/main.js"],
    { ...PRODUCTION, RATE_LIMIT_PER_MINUTE: "0" },
  ],
  [
    "without the admin check (ALLOW_ANONYMOUS_TOKENS=1, no admin token)",
    ["dist/server/main.js"],
    { ...PRODUCTION, ALLOW_ANONYMOUS_TOKENS: "1", ADMIN_API_TOKEN: "" },
  ],
  [
    "raw floor (node:http, bench/server/node-http-floor.ts)",
    ["--import", "tsx", "bench/server/node-http-floor.ts"],
    PRODUCTION,
  ],
  [
    "features floor (node-http-floor.ts, FLOOR_FEATURES=1)",
    ["--import", "tsx", "bench/server/node-http-floor.ts"],
    { ...PRODUCTION, FLOOR_FEATURES: "1" },
  ],
  [
    "bare Fastify floor (bench/server/fastify-floor.ts)",
    ["--import", "tsx", "bench/server/fastify-floor.ts"],
    PRODUCTION,
  ],
];

const rows: string[][] = [];
for (const [name, args, env] of variants) {
  if (endpoint === "me" && name.includes("admin check")) continue;
  const service = await start(["dist/server/main.js"], PRODUCTION);
  const variant = await start(args, env);
  try {
    const tokens = [await tokenFrom(service), await tokenFrom(variant)];
    await Promise.all([load(service, tokens[0] as string, 1), load(variant, tokens[1] as string, 1)]);
    const ratios: number[] = [];
    const serviceMicros: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const [ours, theirs] = await Promise.all([
        load(service, tokens[0] as string, seconds),
        load(variant, tokens[1] as string, seconds),
      ]);
      ratios.push(theirs.rps / ours.rps);
      serviceMicros.push(ours.micros);
    }
    const ratio = median(ratios);
    // At a fair share of one CPU, rates are inversely proportional to the CPU a request costs.
    const saved = median(serviceMicros) * (1 - 1 / ratio);
    rows.push([
      name,
      ratio.toFixed(3),
      `${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}`,
      saved.toFixed(1),
    ]);
  } finally {
    await stopProcess(service.child);
    await stopProcess(variant.child);
  }
}
console.log(
  `\nService feature costs, ${endpoint === "token" ? "POST generate_token" : "GET /api/1.1/me"}: the service ` +
    `and one variant loaded together${pinned ? " on one CPU (taskset -c 1)" : " (no taskset: not pinned)"}, ` +
    `${rounds} rounds of ${seconds} s\n`,
);
printTable(["variant", "rate vs service (median)", "min-max", "CPU µs per request it saves"], rows);
