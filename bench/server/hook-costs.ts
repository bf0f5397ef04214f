/**
 * `node --import tsx bench/server/hook-costs.ts`: what each of the service's features costs per request,
 * in CPU µs, without sockets. The app is built in this process (`buildApp`, as `npm start` builds it)
 * once with every feature and once without each one, and the same request is sent with `app.inject`
 * to each variant in turn, interleaved. CPU time is this process's own (`process.cpuUsage`); on a shared,
 * loaded machine neighbours still inflate it by tens of percent at random, so each variant's figure is its
 * least disturbed round (the minimum over rounds) and a feature's cost is the difference of those minimums. `inject` has its own overhead (about the cost of Node's HTTP parsing), the
 * same in every variant, so only the differences mean something.
 *
 * `--rounds N` (default 15), `--requests N` per variant and round (default 500), `--redis` to add the
 * REDIS_URL variant (starts a redis-server on 127.0.0.1).
 */
import { parseArgs } from "node:util";
import type { FastifyInstance, InjectOptions } from "fastify";
import { buildApp } from "../../src/server/app.js";
import { loadConfig } from "../../src/server/load-config.js";
import { startRedisServer, type TestRedisServer } from "../../test/helpers/redis-server.js";
import { printTable } from "../lib/table.js";

const { values } = parseArgs({
  options: { rounds: { type: "string" }, requests: { type: "string" }, redis: { type: "boolean" } },
  strict: false,
});
const rounds = Number(values.rounds ?? 15);
const requests = Number(values.requests ?? 500);
const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const ADMIN = "bench-admin-token-0123456789-abcdefghijklmnopqrstu";
const BODY = { user_id: "1700000000000x42", email: "ada@example.com", role: "editor" };
const PRODUCTION = {
  NODE_ENV: "production",
  JWT_SECRET: SECRET,
  ADMIN_API_TOKEN: ADMIN,
  RATE_LIMIT_PER_MINUTE: "1000000000",
  LOG_LEVEL: "info",
};

async function build(env: Record<string, string>): Promise<FastifyInstance> {
  // Log lines are made and redacted as in production, then dropped (the benchmark's stdout stays clean).
  return buildApp(loadConfig({ ...PRODUCTION, ...env }), { logStream: { write: () => undefined } });
}

async function cpuMicrosPerRequest(app: FastifyInstance, request: InjectOptions): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    const response = await app.inject(request);
    if (response.statusCode !== 200) throw new Error(`${request.url} answered ${response.statusCode}`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / requests;
}

let redis: TestRedisServer | undefined;
const apps: FastifyInstance[] = [];
try {
  const variants: [string, Record<string, string>][] = [
    ["all features (production settings)", {}],
    ["without the log line (LOG_LEVEL=warn)", { LOG_LEVEL: "warn" }],
    ["without the rate limiter (RATE_LIMIT_PER_MINUTE=0)", { RATE_LIMIT_PER_MINUTE: "0" }],
    [
      "without the admin check (ALLOW_ANONYMOUS_TOKENS=1, no admin token)",
      { ALLOW_ANONYMOUS_TOKENS: "1", ADMIN_API_TOKEN: "" },
    ],
  ];
  if (values.redis === true) {
    redis = await startRedisServer();
    variants.push(["with REDIS_URL (limits and revocations in Redis)", { REDIS_URL: redis.url }]);
  }
  const built: [string, FastifyInstance][] = [];
  for (const [name, env] of variants) {
    const app = await build(env);
    apps.push(app);
    built.push([name, app]);
  }
  const first = apps[0] as FastifyInstance;
  const token = (
    await first.inject({
      method: "POST",
      url: "/api/1.1/wf/generate_token",
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: BODY,
    })
  ).json().response.token as string;
  const endpoints: [string, InjectOptions][] = [
    [
      "POST generate_token",
      {
        method: "POST",
        url: "/api/1.1/wf/generate_token",
        headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
        payload: JSON.stringify(BODY),
      },
    ],
    ["GET /api/1.1/me", { url: "/api/1.1/me", headers: { authorization: `Bearer ${token}` } }],
    ["GET /healthz", { url: "/healthz" }],
  ];
  const rows: string[][] = [];
  for (const [endpoint, request] of endpoints) {
    const samples = new Map<string, number[]>(built.map(([name]) => [name, []]));
    for (const [, app] of built) await cpuMicrosPerRequest(app, request); // warm-up
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? built : [...built].reverse();
      for (const [name, app] of order) samples.get(name)?.push(await cpuMicrosPerRequest(app, request));
    }
    const least = (name: string) => Math.min(...(samples.get(name) ?? []));
    const all = least(variants[0]?.[0] as string);
    for (const [name] of built) {
      const mine = least(name);
      rows.push([endpoint, name, mine.toFixed(1), name === variants[0]?.[0] ? "" : (all - mine).toFixed(1)]);
    }
  }
  console.log(
    `\nService hook costs: app.inject, ${rounds} interleaved rounds of ${requests} requests per variant, ` +
      "least disturbed round\n",
  );
  printTable(["endpoint", "variant", "CPU µs/request (min)", "all features minus this (µs)"], rows);
} finally {
  for (const app of apps) await app.close();
  await redis?.close();
}
