/**
 * Bubble plugin benchmark (issue 3): the size of each built server.js, and the cold start of Encode JWT
 * (a fresh Node process evaluates server.js and returns the first token) side by side with an action built
 * the way the original plugin is (jsonwebtoken with a string secret), bundled the same way with esbuild.
 * Also the warm cost per token in one process. Medians of several fresh processes, from this one run.
 *
 *   npm run bench                      (all benchmarks)
 *   node --import tsx bench/plugin.bench.ts [--quick]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { actionFolder, buildPlugin, identifyPlugin } from "../src/bubble/index.js";
import { describeMachine } from "./lib/machine.js";
import { median } from "./lib/measure.js";
import { printTable } from "./lib/table.js";

const quick = process.argv.includes("--quick");
const PROCESSES = quick ? 5 : 15;
const WARM_CALLS = quick ? 200 : 2000;
const SECRET = "bench-secret-0123456789-abcdefghijklmnop";
const JSON_DATA = '{"user_id": "1712345", "email": "ada@example.com", "issued_at": "1732838400000"}';

// The original plugin's way: jsonwebtoken, the secret passed as a string, expiry in seconds.
const ORIGINAL_ENTRY = `
import jwt from "jsonwebtoken";
export async function run(properties, context) {
  const payload = JSON.parse(properties.json_data);
  const secret = properties.secret || context.keys.JWT_SECRET;
  return { token: jwt.sign(payload, secret, { expiresIn: properties.expiration * 60 }) };
}
`;

async function bundleOriginal(dir: string): Promise<string> {
  const result = await build({
    stdin: {
      contents: ORIGINAL_ENTRY,
      resolveDir: process.cwd(),
      sourcefile: "original-entry.js",
      loader: "js",
    },
    bundle: true,
    write: false,
    platform: "node",
    target: "node18",
    format: "iife",
    globalName: "originalAction",
    minify: true,
    legalComments: "none",
    charset: "ascii",
    logLevel: "silent",
  });
  const code = [
    "async function(properties, context) {",
    `const action = (function (require) {\n${(result.outputFiles[0]?.text ?? "").trim()}\nreturn originalAction;\n})(require);`,
    "return action.run(properties, context);",
    "}",
  ].join("\n");
  const path = join(dir, "original-server.js");
  writeFileSync(path, code);
  return path;
}

// Runs in a fresh process: evaluate server.js as Bubble does, make the first token, then warm tokens.
const CHILD = `
const { readFileSync } = require("node:fs");
const { performance } = require("node:perf_hooks");
const [path, warmCalls] = process.argv.slice(1);
const properties = { json_data: ${JSON.stringify(JSON_DATA)}, secret: null, expiration: 60 };
const context = { keys: { JWT_SECRET: ${JSON.stringify(SECRET)} } };
(async () => {
  const start = performance.now();
  const fn = new Function("require", "return (" + readFileSync(path, "utf8") + "\\n)")(require);
  const first = await fn(properties, context);
  const cold = performance.now() - start;
  if (typeof first.token !== "string") throw new Error("no token");
  const warmStart = performance.now();
  for (let i = 0; i < Number(warmCalls); i++) await fn(properties, context);
  const warm = Number(warmCalls) === 0 ? 0 : (performance.now() - warmStart) / Number(warmCalls);
  console.log(JSON.stringify({ cold, warm }));
})();
`;

interface Measured {
  cold: number;
  wall: number;
  warm: number;
}

function spawnChild(path: string, warmCalls: number): { cold: number; warm: number; wall: number } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["-e", CHILD, path, String(warmCalls)], { encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  return { ...(JSON.parse(child.stdout) as { cold: number; warm: number }), wall };
}

/** Cold start and wall time from processes that make one token; warm cost from a few longer ones. */
function measureAll(paths: readonly string[]): Measured[] {
  const runs = paths.map(() => ({ cold: [] as number[], wall: [] as number[], warm: [] as number[] }));
  for (let i = 0; i < PROCESSES; i++) {
    // Interleaved, so that a busy moment on the machine hits both sides alike.
    paths.forEach((path, index) => {
      const { cold, wall } = spawnChild(path, 0);
      runs[index]?.cold.push(cold);
      runs[index]?.wall.push(wall);
    });
  }
  for (let i = 0; i < 3; i++) {
    paths.forEach((path, index) => {
      runs[index]?.warm.push(spawnChild(path, WARM_CALLS).warm);
    });
  }
  return runs.map((run) => ({ cold: median(run.cold), wall: median(run.wall), warm: median(run.warm) }));
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-bench-"));
try {
  await buildPlugin({ outDir: dir });
  const originalPath = await bundleOriginal(dir);
  console.log(`Bubble plugin: server.js size and Encode JWT cold start · ${describeMachine()}`);
  console.log(
    `Medians of ${PROCESSES} fresh processes each making one token; warm = median of 3 processes, mean of ${WARM_CALLS} calls after the first.\n`,
  );

  // Every action's server.js beside the largest real one seen in synchronised plugins (7.5 KB).
  const LARGEST_REAL = 7.5 * 1024;
  const versus = (bytes: number) => `${(bytes / LARGEST_REAL).toFixed(1)}x`;
  const sizes = identifyPlugin().actions.map((action) => {
    const code = readFileSync(join(dir, actionFolder(action.id), "server.js"));
    return [action.display, kib(code.length), kib(gzipSync(code).length), versus(code.length)];
  });
  const original = readFileSync(originalPath);
  sizes.push([
    "Encode, original way (jsonwebtoken)",
    kib(original.length),
    kib(gzipSync(original).length),
    versus(original.length),
  ]);
  printTable(["server.js", "size", "gzip", "vs largest real (7.5 KB)"], sizes);
  console.log("");

  const encodePath = join(dir, actionFolder("AAC"), "server.js");
  const [ours, theirs] = measureAll([encodePath, originalPath]) as [Measured, Measured];
  const row = (name: string, result: Measured) => [
    name,
    `${result.cold.toFixed(1)} ms`,
    `${result.wall.toFixed(0)} ms`,
    `${(result.warm * 1000).toFixed(0)} µs`,
  ];
  printTable(
    ["Encode JWT", "evaluate + first token", "fresh process (wall)", "warm, per token"],
    [row("bubble-jwt", ours), row("original way (jsonwebtoken, string secret)", theirs)],
  );
  console.log(
    `\nRatios (original / bubble-jwt): first token ${(theirs.cold / ours.cold).toFixed(2)}x, ` +
      `warm per token ${(theirs.warm / ours.warm).toFixed(2)}x.`,
  );
  if (readdirSync(dir).length === 0) throw new Error("nothing was built");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
