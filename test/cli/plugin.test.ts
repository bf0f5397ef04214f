import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { ACTIONS } from "../../src/bubble/index.js";
import { runPlugin } from "../../src/cli/commands/plugin.js";
import { runVerify } from "../../src/cli/commands/verify.js";
import { main } from "../../src/cli/main.js";
import { fakeIo, SECRET } from "./fake-io.js";

let pluginDir = "";

describe("bubble-jwt plugin", () => {
  before(async () => {
    pluginDir = join(await mkdtemp(join(tmpdir(), "bubble-jwt-plugin-")), "out");
    const io = fakeIo();
    // --check, as `npm test` builds: the committed ID ledger has every ID, and a test run never writes it.
    assert.equal(await runPlugin({ subcommand: "build", outDir: pluginDir, check: true }, io), 0);
    assert.match(
      io.out(),
      new RegExp(
        `^Wrote ${5 + ACTIONS.length * 2} files to .*:\n {2}INSTALL.html\n {2}INSTALL.md\n {2}README.md\n`,
      ),
    );
  });

  it("build writes the GitHub-sync layout", async () => {
    const top = (await readdir(pluginDir)).sort();
    assert.deepEqual(top, [
      "INSTALL.html",
      "INSTALL.md",
      "README.md",
      "actions",
      "meta_data.json",
      "shared_tech_params.json",
    ]);
    const actions = await readdir(join(pluginDir, "actions"));
    assert.equal(actions.length, ACTIONS.length);
    for (const folder of actions) {
      assert.deepEqual((await readdir(join(pluginDir, "actions", folder))).sort(), [
        "params.json",
        "server.js",
      ]);
    }
  });

  it("run prints the returned values of Encode JWT; the token verifies with the same secret", async () => {
    const io = fakeIo({ env: { JWT_SECRET: SECRET } });
    const input = JSON.stringify({ json_data: '{"user_id": "42"}', expiration: 60 });
    assert.equal(await runPlugin({ subcommand: "run", action: "Encode JWT", input, pluginDir }, io), 0);
    const result = JSON.parse(io.out());
    assert.equal(result.ok, true);
    assert.equal(result.error, null);
    assert.equal(result.expires_at_unix - Date.parse(result.issued_at) / 1000, 3600);
    const verifyIo = fakeIo({ env: { JWT_SECRET: SECRET } });
    assert.equal(await runVerify({ token: result.token }, verifyIo), 0);
    assert.equal(JSON.parse(verifyIo.out()).user_id, "42");
  });

  it("run exits 1 when Verify JWT says valid = no; keys come from a file without a warning", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bubble-jwt-keys-"));
    await writeFile(join(dir, "keys.json"), JSON.stringify({ JWT_SECRET: `${SECRET}-other` }));
    const encodeIo = fakeIo({ env: { JWT_SECRET: SECRET } });
    await runPlugin(
      { subcommand: "run", action: "encode jwt", input: '{"json_data": "{\\"a\\": 1}"}', pluginDir },
      encodeIo,
    );
    const token = JSON.parse(encodeIo.out()).token as string;
    const io = fakeIo();
    const input = JSON.stringify({ token });
    const keys = `@${join(dir, "keys.json")}`;
    assert.equal(await runPlugin({ subcommand: "run", action: "Verify JWT", input, keys, pluginDir }, io), 1);
    assert.equal(JSON.parse(io.out()).reason_code, "ERR_JWS_SIGNATURE_INVALID");
    assert.equal(io.err(), "");
  });

  it("run warns when the keys are typed on the command line, and never prints them", async () => {
    const io = fakeIo();
    const keys = JSON.stringify({ JWT_SECRET: SECRET });
    await runPlugin(
      { subcommand: "run", action: "Encode JWT", input: '{"json_data": "{}"}', keys, pluginDir },
      io,
    );
    assert.match(
      io.err(),
      /^bubble-jwt: warning: --keys on the command line puts the secrets in your shell history/,
    );
    assert.ok(!io.err().includes(SECRET) && !io.out().includes(SECRET));
  });

  it("run reports an unknown action and a missing plugin as one expected error", async () => {
    await assert.rejects(runPlugin({ subcommand: "run", action: "Nope", pluginDir }, fakeIo()), {
      code: "ERR_PLUGIN_ACTION",
      message: /^No action "Nope" in .*Actions: "Encode JWT"/,
    });
    await assert.rejects(
      runPlugin({ subcommand: "run", action: "Encode JWT", pluginDir: join(pluginDir, "missing") }, fakeIo()),
      { code: "ERR_FILE_UNREADABLE", message: /run bubble-jwt plugin build first/ },
    );
  });

  it("run refuses --input that is not a JSON object, without quoting it", async () => {
    await assert.rejects(
      runPlugin({ subcommand: "run", action: "Encode JWT", input: "{secret-ish", pluginDir }, fakeIo()),
      { code: "ERR_JSON_INVALID", message: /^--input is not valid JSON/ },
    );
  });

  it("docs prints a field table per action, the same as the plugin README's", async () => {
    const io = fakeIo();
    assert.equal(await runPlugin({ subcommand: "docs" }, io), 0);
    for (const name of ["Encode JWT", "Decode JWT", "Verify JWT"])
      assert.match(io.out(), new RegExp(`^### ${name}`, "m"));
    assert.ok((await readFile(join(pluginDir, "README.md"), "utf8")).includes(io.out().trim()));
  });

  it("install-kit writes INSTALL.md and INSTALL.html, the same as the build's", async () => {
    const out = join(pluginDir, "..", "kit");
    const io = fakeIo();
    assert.equal(await runPlugin({ subcommand: "install-kit", outDir: out }, io), 0);
    assert.match(io.out(), /^Wrote 2 files to .*:\n {2}INSTALL\.html\n {2}INSTALL\.md\n$/);
    assert.equal(io.err(), "", "esbuild is here: the kit is made from a fresh build");
    for (const file of ["INSTALL.md", "INSTALL.html"]) {
      assert.equal(
        await readFile(join(out, file), "utf8"),
        await readFile(join(pluginDir, file), "utf8"),
        file,
      );
    }
  });

  it("takes --check for build only (CI: fail when the ID ledger lacks an ID)", async () => {
    const io = fakeIo();
    assert.equal(await main(["plugin", "install-kit", "--check"], io), 2);
    assert.match(io.err(), /--check is not an option of "plugin install-kit"/);
  });
});
