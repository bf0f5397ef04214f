// "Install only what you use": a plugin built with --only holds the chosen actions and the plugin keys
// they read, with the IDs and the code of the full plugin, so adding actions later gives the same IDs.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  ACTIONS,
  ActionChoiceError,
  actionChoices,
  actionFolder,
  chooseActionKeys,
  identifyPlugin,
  keysOfAction,
  runPluginAction,
} from "../../src/bubble/index.js";
import { runPlugin } from "../../src/cli/commands/plugin.js";
import { main } from "../../src/cli/main.js";
import { fixedClock } from "../../src/jwt/index.js";
import { OPERATIONS } from "../../src/recipes/registry.js";
import { fakeIo } from "../cli/fake-io.js";
import { type BuiltTestPlugin, buildTestPlugin } from "./helpers/plugin.js";

let full: BuiltTestPlugin;
let onlyDir: string;

const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), "utf8"));

before(async () => {
  full = await buildTestPlugin();
  onlyDir = mkdtempSync(join(tmpdir(), "bubble-jwt-only-"));
  const io = fakeIo();
  const code = await runPlugin(
    { subcommand: "build", outDir: onlyDir, check: true, only: ["apple-client-secret"] },
    io,
  );
  assert.equal(code, 0, io.err());
});
after(() => {
  full.remove();
  rmSync(onlyDir, { recursive: true, force: true });
});

describe("plugin build --only", () => {
  it("writes one action and the one key it reads", () => {
    const folders = readdirSync(join(onlyDir, "actions"));
    assert.equal(folders.length, 1);
    const params = json(onlyDir, `actions/${folders[0]}/params.json`);
    assert.equal(params.display, "Apple: Sign in with Apple client secret");
    const keys = Object.values(json(onlyDir, "shared_tech_params.json").shared_keys) as { caption: string }[];
    assert.deepEqual(
      keys.map((key) => key.caption),
      ["APPLE_PRIVATE_KEY"],
    );
  });

  it("keeps the full plugin's IDs and server.js for the chosen action and key", () => {
    const [folder] = readdirSync(join(onlyDir, "actions"));
    for (const file of ["params.json", "server.js"]) {
      assert.equal(
        readFileSync(join(onlyDir, "actions", folder as string, file), "utf8"),
        readFileSync(join(full.dir, "actions", folder as string, file), "utf8"),
        `${folder}/${file} is the same as in the full build`,
      );
    }
    const fullKeys = json(full.dir, "shared_tech_params.json").shared_keys;
    for (const [id, key] of Object.entries(json(onlyDir, "shared_tech_params.json").shared_keys)) {
      assert.deepEqual(fullKeys[id], key, `key ${id}`);
    }
  });

  it("runs the chosen action as the full plugin does, reading its key", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const input = { team_id: "ABCDE12345", key_id: "ABC123DEFG", client_id: "com.example.web" };
    const run = (pluginDir: string) =>
      runPluginAction({
        pluginDir,
        action: "Apple: Sign in with Apple client secret",
        input,
        keys: { APPLE_PRIVATE_KEY: pem },
        clock: fixedClock(Date.UTC(2026, 0, 15)),
      });
    const [chosen, whole] = [await run(onlyDir), await run(full.dir)];
    assert.equal(chosen.ok, true, String(chosen.error));
    // ES256 signatures are randomised: the header and claims are compared, and every other output.
    const parts = (token: unknown) => String(token).split(".").slice(0, 2);
    assert.deepEqual(parts(chosen.token), parts(whole.token));
    assert.deepEqual({ ...chosen, token: null }, { ...whole, token: null });
  });

  it("writes the kit of the chosen actions only", () => {
    const markdown = readFileSync(join(onlyDir, "INSTALL.md"), "utf8");
    assert.match(markdown, /### 3\.1\. Apple: Sign in with Apple client secret/);
    assert.doesNotMatch(markdown, /### 3\.2\./);
    assert.match(markdown, /\| APPLE_PRIVATE_KEY \|/);
    assert.doesNotMatch(markdown, /\| JWT_SECRET \|/);
  });
});

describe("each action's server.js", () => {
  it("leaves out the other operations of its module", () => {
    const plugin = identifyPlugin();
    let checked = 0;
    for (const action of plugin.actions) {
      const own = action.operation;
      if (own === undefined) continue;
      const siblings = OPERATIONS.filter((other) => other.source === own.source && other.id !== own.id);
      const code = readFileSync(join(full.dir, actionFolder(action.id), "server.js"), "utf8");
      assert.ok(code.includes(JSON.stringify(own.id)), `${own.id} holds its own operation`);
      for (const sibling of siblings) {
        assert.ok(!code.includes(JSON.stringify(sibling.id)), `${own.id} carries ${sibling.id}`);
        checked += 1;
      }
    }
    assert.ok(checked >= 6, "the registry has modules of several operations (Apple, Zoom)");
  });
});

describe("choosing actions", () => {
  it("offers every action key and a group per provider, made from the registry", () => {
    const choices = actionChoices(ACTIONS);
    for (const action of ACTIONS)
      assert.ok(
        choices.some((choice) => choice.id === action.key),
        action.key,
      );
    for (const operation of OPERATIONS) {
      if (operation.kind === "sign-in") continue;
      const group = choices.find((choice) => choice.id === operation.provider.toLowerCase());
      assert.ok(group?.keys.includes(operation.id), `${operation.id} in its provider's group`);
    }
    // Apple's sign-in check (apple-app-store) is in the sign-in group, not Apple's.
    const apple = OPERATIONS.filter(
      (operation) => operation.provider === "Apple" && operation.kind !== "sign-in",
    ).map((o) => o.id);
    assert.deepEqual([...chooseActionKeys(ACTIONS, ["apple"])], apple);
    assert.deepEqual(
      [...chooseActionKeys(ACTIONS, ["core"])],
      ["encode-jwt", "decode-jwt", "verify-jwt", "generate-key"],
    );
  });

  it("asks only for the keys the chosen actions read", () => {
    const byKey = (key: string) => ACTIONS.find((action) => action.key === key);
    assert.deepEqual(keysOfAction(byKey("encode-jwt") as never), ["JWT_SECRET", "JWT_PRIVATE_KEY"]);
    assert.deepEqual(keysOfAction(byKey("verify-jwt") as never), ["JWT_SECRET", "JWT_SECRET_PREVIOUS"]);
    assert.deepEqual(keysOfAction(byKey("decode-jwt") as never), []);
    // Every key of the full plugin is read by some action.
    const read = new Set(ACTIONS.flatMap(keysOfAction));
    for (const key of identifyPlugin().keys) assert.ok(read.has(key.caption), key.caption);
  });

  it("refuses an unknown id with a stable code, listing the known ones", async () => {
    assert.throws(
      () => chooseActionKeys(ACTIONS, ["apple", "nope"]),
      (error: unknown) =>
        error instanceof ActionChoiceError &&
        error.code === "ERR_ACTION_UNKNOWN" &&
        /"nope"/.test(error.message) &&
        /apple-client-secret/.test(error.message) &&
        /Groups: .*zoom/.test(error.message),
    );
    const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-only-bad-"));
    try {
      const io = fakeIo();
      const code = await main(["plugin", "install-kit", "--only", "nope", "--out", dir], io);
      assert.equal(code, 2);
      assert.match(io.err(), /ERR_ACTION_UNKNOWN/);
      assert.deepEqual(readdirSync(dir), [], "nothing written");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("plugin install-kit --only", () => {
  it("writes a kit whose picker holds the chosen actions and the keys they read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bubble-jwt-only-kit-"));
    try {
      const io = fakeIo();
      const code = await main(["plugin", "install-kit", "--only", "zoom,encode-jwt", "--out", dir], io);
      assert.equal(code, 0, io.err());
      const html = readFileSync(join(dir, "INSTALL.html"), "utf8");
      const picked = [...html.matchAll(/class="pick-action" value="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(picked, ["encode-jwt", "zoom-meeting-sdk", "zoom-video-sdk"]);
      const keys = [...html.matchAll(/data-plugin-key="([^"]+)"/g)].map((m) => m[1]).sort();
      assert.deepEqual(keys, [
        "JWT_PRIVATE_KEY",
        "JWT_SECRET",
        "ZOOM_MEETING_SDK_SECRET",
        "ZOOM_VIDEO_SDK_SECRET",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
