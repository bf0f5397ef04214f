// The command line as a process: exit codes, stdin, stderr, signals. Runs the TypeScript source with
// tsx, and the real bin when dist/ is built from the current sources (npm test builds first).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { SECRET } from "./fake-io.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const source = ["--import", "tsx", join(root, "test/cli/run-cli.ts")];
const bin = [join(root, "bin/bubble-jwt.js")];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(entry: string[], args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

function newestMtime(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs),
  );
}

function distIsFresh(): boolean {
  try {
    return statSync(join(root, "dist/cli/main.js")).mtimeMs >= newestMtime(join(root, "src/cli"));
  } catch {
    return false;
  }
}

const env = { JWT_SECRET: SECRET };

describe("bubble-jwt as a process", () => {
  it("encode (claims on stdin) | verify: exit 0; a tampered token: exit 1 with the reason", async () => {
    const encoded = await run(source, ["encode", "--exp", "5"], { input: '{"user_id": "42"}', env });
    assert.equal(encoded.code, 0, encoded.stderr);
    const token = encoded.stdout.trim();
    const verified = await run(source, ["verify"], { input: token, env });
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(JSON.parse(verified.stdout).user_id, "42");

    const [header, , signature] = token.split(".");
    const forged = `${header}.${Buffer.from('{"user_id":"1","exp":9999999999}').toString("base64url")}.${signature}`;
    const refused = await run(source, ["verify", forged], { env });
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^bubble-jwt: invalid token: The signature does not match the key.*\(ERR_JWS_SIGNATURE_INVALID\)\n$/,
    );
    assert.ok(!refused.stderr.includes(forged));
  });

  it("a usage error exits 2 with one line and no stack trace", async () => {
    const result = await run(source, ["verify", "--alg"], { env });
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'bubble-jwt: --alg needs a value (for a value starting with "-", write --alg=VALUE). See bubble-jwt verify --help. (ERR_USAGE)\n',
    );
  });

  it("--secret works but warns on stderr, without printing the secret", async () => {
    const result = await run(source, ["encode", "--data", "{}", "--secret", SECRET]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /^bubble-jwt: warning: --secret puts the secret in your shell history/);
    assert.ok(!result.stderr.includes(SECRET) && !result.stdout.includes(SECRET));
  });

  it("serve listens, answers /healthz, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [...source, "serve", "--port", "0", "--host", "127.0.0.1"], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env, ADMIN_API_TOKEN: "cli-test-admin-token-0123456789abcdef" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        output += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1] as string);
      });
      child.on("close", () => reject(new Error(`serve exited before listening: ${output}`)));
    });
    try {
      const response = await fetch(`${url}/healthz`);
      assert.equal(response.status, 200);
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exited, 0);
  });

  it("the real bin (dist/) prints the version and round-trips encode | verify", {
    skip: !distIsFresh() && "dist/cli is missing or older than src/cli: run npm run build",
  }, async () => {
    const version = await run(bin, ["--version"]);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const encoded = await run(bin, ["encode", "--data", '{"a": 1}'], { env });
    assert.equal(encoded.code, 0, encoded.stderr);
    const verified = await run(bin, ["verify", encoded.stdout.trim()], { env });
    assert.equal(verified.code, 0, verified.stderr);
  });
});
