/**
 * `npm run bench:server`: autocannon on 127.0.0.1 against the built service (`node dist/server/main.js`,
 * production settings) and against the usual Express + jsonwebtoken peer, one after the other, from
 * one run. Reports req/s and p99 latency for generate_token, /api/1.1/me and /healthz on the same
 * server, and generate_token of the peer; checks generate_token >= 0.85 x /healthz and ahead of the peer.
 * `--seconds N` sets each measurement (default 10); `--quick` is 2 s. Run it under flock (see package.json).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { createServer } from "node:net";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values } = parseArgs({
  options: { seconds: { type: "string" }, quick: { type: "boolean" }, connections: { type: "string" } },
  strict: false,
});
const seconds = values.quick === true ? 2 : Number(values.seconds ?? 10);
const connections = Number(values.connections ?? 50);
const root = fileURLToPath(new URL("..", import.meta.url));
const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const ADMIN = "bench-admin-token-0123456789-abcdefghijklmnopqrstu";
const BODY = JSON.stringify({ user_id: "1700000000000x42", email: "ada@example.com", role: "editor" });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a server process with its logs going to /dev/null; resolves once it answers. */
async function startProcess(args: string[], env: Record<string, string>, probePath: string) {
  const port = await freePort();
  const devNull = openSync("/dev/null", "w");
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port) },
    stdio: ["ignore", devNull, "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}`);
    try {
      await fetch(`${url}${probePath}`, { method: probePath.includes("/wf/") ? "POST" : "GET" });
      return { child, url };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${args.join(" ")} did not start`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

interface Measured {
  name: string;
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

async function measure(name: string, options: autocannon.Options, duration = seconds): Promise<Measured> {
  const result = await autocannon({ connections, pipelining: 1, ...options, duration });
  return {
    name,
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

const generateOptions = (url: string): autocannon.Options => ({
  url: `${url}/api/1.1/wf/generate_token`,
  method: "POST",
  headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
  body: BODY,
});

const serviceEnv = {
  NODE_ENV: "production",
  JWT_SECRET: SECRET,
  ADMIN_API_TOKEN: ADMIN,
  // The limiter stays on (its cost is measured) but high enough for one load-testing client.
  RATE_LIMIT_PER_MINUTE: "1000000000",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
};
const service = await startProcess(["dist/server/main.js"], serviceEnv, "/healthz");
const tokenAnswer = await fetch(`${service.url}/api/1.1/wf/generate_token`, {
  method: "POST",
  headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
  body: BODY,
});
const token = ((await tokenAnswer.json()) as { response: { token: string } }).response.token;
const meOptions = { url: `${service.url}/api/1.1/me`, headers: { authorization: `Bearer ${token}` } };

const warm = Math.min(2, seconds);
await measure("warm-up", { url: `${service.url}/healthz` }, warm);
await measure("warm-up", generateOptions(service.url), warm);
await measure("warm-up", meOptions, warm);
const rows: Measured[] = [];
rows.push(await measure("service: GET /healthz", { url: `${service.url}/healthz` }));
rows.push(await measure("service: POST generate_token", generateOptions(service.url)));
rows.push(await measure("service: GET /api/1.1/me", meOptions));
await stopProcess(service.child);

const peer = await startProcess(
  ["--import", "tsx", "bench/server/express-peer.ts"],
  { JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN, NODE_ENV: "production" },
  "/api/1.1/wf/generate_token",
);
await measure("warm-up", generateOptions(peer.url), warm);
rows.push(
  await measure(
    "peer (Express + jsonwebtoken, string secret): POST generate_token",
    generateOptions(peer.url),
  ),
);
await stopProcess(peer.child);

const health = rows[0] as Measured;
const generate = rows[1] as Measured;
const peerRow = rows[3] as Measured;
console.log(
  `\nServer benchmark: autocannon, ${connections} connections, ${seconds} s each, 127.0.0.1; one server process; ` +
    `${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}); Node ${process.version}; service LOG_LEVEL=${serviceEnv.LOG_LEVEL}\n`,
);
console.log("| endpoint | req/s | p99 latency | vs /healthz | errors / non-2xx |");
console.log("|---|---:|---:|---:|---:|");
for (const row of rows) {
  console.log(
    `| ${row.name} | ${Math.round(row.rps).toLocaleString("en-US")} | ${row.p99} ms | ${(row.rps / health.rps).toFixed(2)} | ${row.errors} / ${row.non2xx} |`,
  );
}
const ratio = generate.rps / health.rps;
const versusPeer = generate.rps / peerRow.rps;
console.log(
  `\ngenerate_token / healthz = ${ratio.toFixed(2)} (target >= 0.85): ${ratio >= 0.85 ? "met" : "NOT met"}; ` +
    `generate_token / peer = ${versusPeer.toFixed(1)}x (target > 1): ${versusPeer > 1 ? "met" : "NOT met"}`,
);
const failures = rows.reduce((sum, row) => sum + row.errors + row.non2xx, 0);
if (failures > 0) {
  console.error(`${failures} requests failed or were not 2xx`);
  process.exit(1);
}
