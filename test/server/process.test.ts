import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ADMIN_TOKEN, SECRET, tempDir } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../../src/server/main.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

/** The environment without any of the service's variables, so the test decides them all. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      !/^(JWT_|ADMIN_API_TOKEN|NODE_ENV|PORT|HOST|WORKERS|LOG_LEVEL|CORS_|RATE_|ENABLE_|ALLOW_|REDIS_)/.test(
        name,
      )
    ) {
      env[name] = value;
    }
  }
  return { ...env, PORT: "0", LOG_LEVEL: "warn", ...extra };
}

function startMain(extra: Record<string, string>, cwd = tempDir()) {
  const child = spawn(process.execPath, ["--import", TSX, MAIN], { cwd, env: cleanEnv(extra) });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n").find((text) => text.startsWith("bubble-jwt service listening on"));
      if (line !== undefined) resolve(line);
    });
    exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  started.catch(() => undefined); // a test that expects a refusal never awaits it
  return { child, cwd, started, exited, stderr: () => stderr, stdout: () => stdout };
}

function urlIn(line: string): string {
  return /listening on (http:\/\/[^;\s]+)/.exec(line)?.[1] ?? "";
}

/** Sends the headers and half the body of a generate_token call; `finish` sends the rest. */
function startSlowRequest(url: string) {
  const { port } = new URL(url);
  const body = JSON.stringify({ user_id: "slow", email: "slow@example.com" });
  const socket = connect(Number(port), "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk) => {
    answer += chunk;
  });
  const ended = new Promise<string>((resolve) => socket.on("close", () => resolve(answer)));
  socket.write(
    `POST /api/1.1/wf/generate_token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
  );
  return { finish: () => socket.write(body.slice(10)), ended };
}

async function stop(child: ChildProcessWithoutNullStreams, exited: Promise<number | null>) {
  if (child.exitCode === null) child.kill("SIGTERM");
  return exited;
}

describe("npm start (src/server/main)", () => {
  it("starts with nothing configured: dev keys in .data (0600), one start-up line, the page served", async () => {
    const run = startMain({});
    try {
      const line = await run.started;
      assert.match(
        line,
        /^bubble-jwt service listening on http:\/\/127\.0\.0\.1:\d+; test page http:\/\/127\.0\.0\.1:\d+\/; signing HS256 kid [\w-]{16}; rate limits and revocations in memory; development keys in \.data\/dev-jwt-secret and \.data\/dev-admin-token \(mode 0600/,
      );
      for (const file of ["dev-jwt-secret", "dev-admin-token"]) {
        assert.equal(statSync(join(run.cwd, ".data", file)).mode & 0o777, 0o600);
      }
      const page = await fetch(`${urlIn(line)}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Generate token/);
    } finally {
      assert.equal(await stop(run.child, run.exited), 0);
    }
  });

  it("refuses to start in production without a key, saying what to set (exit 2)", async () => {
    const run = startMain({ NODE_ENV: "production" });
    assert.equal(await run.exited, 2);
    assert.match(
      run.stderr(),
      /The service cannot start:\n {2}- JWT_SECRET: not set, and with NODE_ENV=production there is no signing key/,
    );
  });

  it("on SIGTERM lets a request in flight finish, then exits 0", async () => {
    const run = startMain({ JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN });
    const url = urlIn(await run.started);
    const request = startSlowRequest(url);
    await new Promise((resolve) => setTimeout(resolve, 200));
    run.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    request.finish();
    const answer = await request.ended;
    assert.match(answer, /^HTTP\/1\.1 200 OK/);
    assert.match(answer, /"status":"success"/);
    assert.equal(await run.exited, 0);
  });

  it("writes whole, redacted log lines to stdout, in batches, and the last ones on exit", async () => {
    const run = startMain({ JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN, LOG_LEVEL: "info" });
    const url = urlIn(await run.started);
    const calls = 60;
    const answers = await Promise.all(
      Array.from({ length: calls }, (_, index) =>
        fetch(`${url}/api/1.1/wf/generate_token?i=${index}&leak=${SECRET}`, {
          method: "POST",
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
          body: JSON.stringify({ user_id: `u${index}`, email: "e@x.y" }),
        }),
      ),
    );
    const tokens = await Promise.all(answers.map(async (answer) => (await answer.json()).response.token));
    // A path holding the secret and a token, and a refusal logged with its own line.
    await fetch(`${url}/api/1.1/${SECRET}/${tokens[0]}`);
    run.child.kill("SIGTERM");
    assert.equal(await run.exited, 0);
    const lines = run
      .stdout()
      .split("\n")
      .filter((line) => line.startsWith("{"));
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const done = entries.filter((entry) => entry.msg === "request done");
    assert.equal(done.filter((entry) => entry.statusCode === 200).length, calls);
    assert.ok(
      done.some(
        (entry) => entry.statusCode === 404 && entry.path === "/api/1.1/[secret redacted]/[jwt redacted]",
      ),
    );
    for (const leak of [SECRET, ADMIN_TOKEN, ...tokens]) {
      assert.ok(!run.stdout().includes(leak), "stdout holds a secret or a token");
    }
  });

  it("runs WORKERS=2 processes on one port and stops them all on SIGTERM", async () => {
    const run = startMain({ JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN, WORKERS: "2" });
    const line = await run.started;
    assert.match(line, /\(2 workers\)$/);
    for (let wait = 0; wait < 40 && !run.stdout().includes("warning:"); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.match(run.stdout(), /warning: WORKERS=2 without REDIS_URL: limits and revocations are per worker/);
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${urlIn(line)}/healthz`)));
    assert.deepEqual([...new Set(answers.map((answer) => answer.status))], [200]);
    assert.equal(await stop(run.child, run.exited), 0);
  });
});
