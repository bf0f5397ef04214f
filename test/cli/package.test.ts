// The npm package as users get it: packed with the prebuilt plugin, installed into an empty folder
// without development dependencies (so without esbuild) and without the service's optional peer
// dependencies (Fastify, ioredis), then: nothing else installed, the engine's and recipes' entry points
// load only Node.js built-ins, `serve` says how to add the service's packages, `npx bubble-jwt plugin
// build`, `plugin install-kit`, and every code sample of README.md and docs/*.md that imports the
// package, run against the installed copy. Run after `npm run build` (npm test does).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ACTIONS } from "../../src/bubble/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "bubble-jwt-package-"));
const app = join(work, "app");
after(() => rmSync(work, { recursive: true, force: true }));

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout: 240_000,
    env: { ...process.env, npm_config_update_notifier: "false", ...env },
  });
  return { code: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

function must(step: string, result: { code: number | null; stdout: string; stderr: string }) {
  assert.equal(result.code, 0, `${step} failed:\n${result.stderr}\n${result.stdout}`);
  return result;
}

/** Every ```ts block of a Markdown file that imports the package, unless `<!-- not run -->` precedes it. */
export function packageSamples(markdown: string): string[] {
  const samples: string[] = [];
  for (const match of markdown.matchAll(/(<!-- not run -->\s*)?```ts\n([\s\S]*?)```/g)) {
    const code = match[2] ?? "";
    if (match[1] === undefined && /from "bubble-jwt(\/[a-z]+)?"/.test(code)) samples.push(code);
  }
  return samples;
}

before(() => {
  // The prebuilt plugin that prepack ships, from the current build (prepack runs npm run build:plugin).
  must("plugin build", sh(process.execPath, ["bin/bubble-jwt.js", "plugin", "build"], root));
  must("npm pack", sh("npm", ["pack", "--ignore-scripts", "--pack-destination", work], root));
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
  assert.ok(tarball, "npm pack wrote a tarball");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  must(
    "npm install",
    sh(
      "npm",
      ["install", join(work, tarball), "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline"],
      app,
    ),
  );
});

describe("the installed package", () => {
  it("ships the prebuilt plugin (prepack builds it) and no esbuild", () => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    assert.match(manifest.scripts.prepack, /build:plugin/);
    assert.ok(manifest.files.includes("dist"));
    const shipped = join(app, "node_modules/bubble-jwt/dist/bubble-plugin");
    assert.equal(readdirSync(join(shipped, "actions")).length, ACTIONS.length);
    assert.ok(existsSync(join(shipped, "INSTALL.html")));
    assert.ok(!existsSync(join(app, "node_modules/esbuild")), "installed without development dependencies");
  });

  it("installs no other package: no dependencies, the service's packages are optional peers", () => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    assert.deepEqual(manifest.dependencies ?? {}, {});
    const peers = Object.keys(manifest.peerDependencies);
    assert.ok(peers.includes("fastify") && peers.includes("ioredis"), "the service's packages are peers");
    for (const name of peers) assert.deepEqual(manifest.peerDependenciesMeta[name], { optional: true }, name);
    const installed = readdirSync(join(app, "node_modules")).filter((name) => !name.startsWith("."));
    assert.deepEqual(installed, ["bubble-jwt"]);
  });

  it("the engine, inputs and recipes entry points import only node: built-ins and their own files", async () => {
    const { build } = await import("esbuild");
    const dist = join(app, "node_modules/bubble-jwt/dist");
    const entries = ["jwt", "inputs", "recipes", "recipes/exchanges", "recipes/sign-in"];
    for (const entry of entries) {
      // Every import, static or dynamic, is followed through the package's own files; packages stay
      // external, so any that is not a built-in shows in the metafile.
      const { metafile } = await build({
        entryPoints: [join(dist, entry, "index.js")],
        bundle: true,
        platform: "node",
        format: "esm",
        packages: "external",
        write: false,
        metafile: true,
        logLevel: "silent",
      });
      const inputs = Object.keys(metafile.inputs);
      assert.ok(inputs.length > 1, `${entry}: the import graph was walked`);
      for (const input of inputs)
        assert.match(input, /node_modules\/bubble-jwt\/dist\//, `${entry}: ${input}`);
      const external = Object.values(metafile.inputs).flatMap((input) =>
        input.imports.filter((each) => each.external).map((each) => each.path),
      );
      assert.ok(external.length > 0, `${entry}: uses node: built-ins`);
      for (const path of external) assert.match(path, /^node:/, `${entry} imports ${path}`);
    }
  });

  it("bubble-jwt serve without the service's packages names them and the npm install command, exit 2", () => {
    const result = spawnSync("npx", ["--no-install", "bubble-jwt", "serve", "--port", "0"], {
      cwd: app,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, npm_config_update_notifier: "false", LOG_LEVEL: "silent" },
    });
    assert.equal(result.status, 2, result.stderr);
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const install = Object.entries(manifest.peerDependencies as Record<string, string>)
      .map(([name, range]) => `${name}@${range}`)
      .join(" ");
    const missing = /\((\S+) is missing\)/.exec(result.stderr)?.[1] ?? "";
    assert.ok(missing in manifest.peerDependencies, `names one of the service's packages: ${result.stderr}`);
    assert.equal(
      result.stderr,
      `bubble-jwt: The token service needs packages that are not installed here (${missing} is missing): ` +
        `${Object.keys(manifest.peerDependencies).join(", ")}. Install them beside bubble-jwt: ` +
        `npm install ${install} (ERR_SERVICE_NOT_INSTALLED)\n`,
    );
    assert.ok(!existsSync(join(app, ".data")), "no development keys were made");
  });

  it("npx bubble-jwt plugin build copies the prebuilt plugin where esbuild is missing", () => {
    const run = must("plugin build", sh("npx", ["--no-install", "bubble-jwt", "plugin", "build"], app));
    assert.match(
      run.stderr,
      /esbuild is not installed here, so the plugin prebuilt in this package was used/,
    );
    assert.match(run.stdout, new RegExp(`^Wrote ${5 + ACTIONS.length * 2} files to dist/bubble-plugin:`));
    for (const file of ["meta_data.json", "INSTALL.md", "actions/AAC-850m6/server.js"]) {
      assert.equal(
        readFileSync(join(app, "dist/bubble-plugin", file), "utf8"),
        readFileSync(join(root, "dist/bubble-plugin", file), "utf8"),
        file,
      );
    }
  });

  it("npx bubble-jwt plugin install-kit --out DIR writes INSTALL.md and INSTALL.html", () => {
    const run = must(
      "install-kit",
      sh("npx", ["--no-install", "bubble-jwt", "plugin", "install-kit", "--out", "kit"], app),
    );
    assert.match(run.stdout, /^Wrote 2 files to kit:\n {2}INSTALL\.html\n {2}INSTALL\.md\n$/);
    const markdown = readFileSync(join(app, "kit/INSTALL.md"), "utf8");
    for (const action of ACTIONS) assert.ok(markdown.includes(`. ${action.display}\n`), action.display);
    assert.match(readFileSync(join(app, "kit/INSTALL.html"), "utf8"), /^<!doctype html>/);
  });

  it("runs every code sample of README.md and docs/*.md that imports the package", () => {
    const files = ["README.md", ...readdirSync(join(root, "docs")).map((name) => `docs/${name}`)];
    const tsx = import.meta.resolve("tsx");
    const githubKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs1",
      format: "pem",
    }) as string;
    let count = 0;
    for (const file of files.filter((name) => name.endsWith(".md"))) {
      packageSamples(readFileSync(join(root, file), "utf8")).forEach((code, index) => {
        count++;
        const path = join(app, `sample-${file.replace(/\W/g, "-")}-${index}.ts`);
        writeFileSync(path, code);
        const run = sh(process.execPath, ["--import", tsx, path], app, { GITHUB_PRIVATE_KEY: githubKey });
        assert.doesNotMatch(
          run.stderr,
          /ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_MODULE_NOT_FOUND/,
          `${file} #${index + 1}`,
        );
        assert.equal(run.code, 0, `${file} sample #${index + 1}:\n${run.stderr}`);
      });
    }
    assert.ok(count >= 4, `found ${count} samples`);
  });
});
