/**
 * Token exchange benchmark (issue 10): calls per second of runExchange with the in-process token
 * cache against without it (every call signs an RS256 assertion and POSTs it), against a local HTTPS
 * server on 127.0.0.1 that answers like Google's and GitHub's token endpoints. The server runs in this
 * process, so the uncached rows include its work too; timed by the wall clock (a request waits on I/O).
 *
 *   npm run bench -- --only exchanges [--quick]
 */
import { generateKeyPairSync } from "node:crypto";
import { createExchangeCache, runExchange } from "../src/recipes/exchanges/index.js";
import { startHttpsServer } from "../test/helpers/https-server.js";
import { readBenchArgs } from "./lib/args.js";
import { describeMachine } from "./lib/machine.js";
import { type BenchCase, measureGroup, pairedRatio } from "./lib/measure.js";
import { formatOps, formatRatio, printTable } from "./lib/table.js";

const args = readBenchArgs();
const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const pkcs8 = key.export({ type: "pkcs8", format: "pem" }) as string;
const serviceAccount = JSON.stringify({
  type: "service_account",
  private_key_id: "bench",
  private_key: pkcs8,
  client_email: "bench@bench-project.iam.gserviceaccount.com",
  token_uri: "https://oauth2.googleapis.com/token",
});

let issued = 0;
const server = await startHttpsServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const github = (req.url ?? "").startsWith("/github/");
    res.writeHead(github ? 201 : 200, { "content-type": "application/json" });
    res.end(
      JSON.stringify(
        github
          ? {
              token: `ghs_${++issued}`,
              expires_at: new Date(Date.now() + 3600_000).toISOString(),
              permissions: {},
            }
          : { access_token: `ya29.${++issued}`, expires_in: 3599, token_type: "Bearer" },
      ),
    );
  });
});

const endpoints = { "google.token": `${server.origin}/token`, "github.api": `${server.origin}/github` };
const cache = createExchangeCache();
const googleInput = { service_account_json: serviceAccount, scopes: "https://www.googleapis.com/auth/drive" };
const githubInput = { app_id: "123456", private_key: pkcs8, installation_id: "4242" };

const groups: { name: string; id: string; input: Record<string, unknown> }[] = [
  { name: "google-access-token", id: "google-access-token", input: googleInput },
  { name: "github-installation-token", id: "github-installation-token", input: githubInput },
];

console.log(`Token exchanges: calls/s with the cache against without (${describeMachine()})`);
console.log("");
const rows: string[][] = [];
for (const group of groups) {
  const run = (withCache: boolean) => () =>
    runExchange(group.id, group.input, { endpoints, ca: server.cert, cache: withCache ? cache : false });
  const cases: BenchCase[] = [
    { name: "cached", run: run(true), async: true },
    { name: "no cache", run: run(false), async: true },
  ];
  const requestsBefore = server.requests();
  const [cached, uncached] = await measureGroup(cases, { ...args, clock: "wall" });
  if (cached === undefined || uncached === undefined) throw new Error("no result");
  rows.push([
    group.name,
    formatOps(cached.opsPerSecond),
    formatOps(uncached.opsPerSecond),
    formatRatio(pairedRatio(cached, uncached)),
    String(server.requests() - requestsBefore),
  ]);
}
printTable(["exchange", "cached calls/s", "uncached calls/s", "ratio", "requests made"], rows);
console.log("");
console.log("Cached: one request per token, then reuse until 5 minutes before expiry.");
await server.close();
