import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { encodeJwt, fixedClock } from "../../src/jwt/index.js";
import { fakeIo, NOW, SECRET } from "./fake-io.js";

const COMMANDS = ["encode", "decode", "verify", "keygen", "serve", "plugin"];
const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

describe("bubble-jwt (main)", () => {
  it("--help lists every command and exits 0", async () => {
    const io = fakeIo();
    assert.equal(await main(["--help"], io), 0);
    for (const command of COMMANDS) assert.match(io.out(), new RegExp(`^ {2}${command} +\\S`, "m"));
  });

  it("every command has --help with its usage and options", async () => {
    for (const command of COMMANDS) {
      const io = fakeIo();
      assert.equal(await main([command, "--help"], io), 0, command);
      assert.match(io.out(), new RegExp(`^bubble-jwt ${command}: `), command);
      assert.match(io.out(), /\nUsage:\n/);
      assert.match(io.out(), /-h, --help/);
    }
  });

  it("names the flag, not the engine's option, when a value is refused", async () => {
    const encodeIo = fakeIo({ env: { JWT_SECRET: SECRET } });
    assert.equal(await main(["encode", "--data", '{"a": 1}', "--exp", "0"], encodeIo), 2);
    assert.match(encodeIo.err(), /^bubble-jwt: --exp must be more than 0; got 0\. \(ERR_OPTION_INVALID\)\n$/);
    assert.doesNotMatch(encodeIo.err(), /expiresInMinutes/);
    const token = encodeJwt({ a: 1 }, { key: SECRET });
    const verifyIo = fakeIo({ env: { JWT_SECRET: SECRET } });
    assert.equal(await main(["verify", token, "--max-age=-1"], verifyIo), 2);
    assert.match(verifyIo.err(), /^bubble-jwt: --max-age must be/);
  });

  it("--version prints the package version", async () => {
    const io = fakeIo();
    assert.equal(await main(["--version"], io), 0);
    assert.equal(io.out(), `${version}\n`);
  });

  it("no command prints the help on stderr and exits 2", async () => {
    const io = fakeIo();
    assert.equal(await main([], io), 2);
    assert.match(io.err(), /Commands:/);
  });

  const usageCases: [string[], string][] = [
    [
      ["frobnicate"],
      'bubble-jwt: "frobnicate" is not a command. Commands: encode, decode, verify, encrypt, decrypt, keygen, serve, plugin, recipe. (ERR_USAGE)\n',
    ],
    [
      ["encode", "--bogus"],
      'bubble-jwt: --bogus is not an option of "encode". See bubble-jwt encode --help. (ERR_USAGE)\n',
    ],
    [["encode", "--exp", "soon"], 'bubble-jwt: --exp must be a number; got "soon". (ERR_OPTION_INVALID)\n'],
    [
      ["decode", "--json=yes"],
      "bubble-jwt: --json takes no value. See bubble-jwt decode --help. (ERR_USAGE)\n",
    ],
    [
      ["verify", "a", "b"],
      'bubble-jwt: "verify" takes one argument but got 2. See bubble-jwt verify --help. (ERR_USAGE)\n',
    ],
    [
      ["keygen", "--alg", "HS999"],
      'bubble-jwt: --alg must be one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, dir, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, RSA-OAEP, RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW; got "HS999". (ERR_OPTION_INVALID)\n',
    ],
    [
      ["plugin"],
      'bubble-jwt: "plugin" needs a subcommand: build, install-kit, run, docs. See bubble-jwt plugin --help. (ERR_USAGE)\n',
    ],
    [
      ["plugin", "build", "--input", "{}"],
      'bubble-jwt: --input is not an option of "plugin build". See bubble-jwt plugin --help. (ERR_USAGE)\n',
    ],
    [
      ["plugin", "run"],
      'bubble-jwt: "plugin run" takes one action name, such as "Encode JWT". See bubble-jwt plugin --help. (ERR_USAGE)\n',
    ],
    [
      ["serve", "--port", "70000"],
      "bubble-jwt: --port must be from 0 to 65535; got 70000. (ERR_OPTION_INVALID)\n",
    ],
  ];
  for (const [argv, expected] of usageCases) {
    it(`usage error for \`${argv.join(" ")}\`: exit 2, one line, no stack`, async () => {
      const io = fakeIo();
      assert.equal(await main(argv, io), 2);
      assert.equal(io.err(), expected);
      assert.equal(io.out(), "");
    });
  }

  it("a token given where the command goes is not echoed", async () => {
    const token = encodeJwt({ a: 1 }, { key: SECRET });
    const io = fakeIo();
    assert.equal(await main([token], io), 2);
    assert.ok(!io.err().includes(token));
    assert.match(io.err(), /^bubble-jwt: the first argument is not a command\./);
  });

  it("an engine error is one line with its code, exit 2; the stack only with --debug", async () => {
    const io = fakeIo({ env: { JWT_SECRET: SECRET } });
    assert.equal(await main(["encode", "--data", '{"a": 1'], io), 2);
    assert.equal(io.err().split("\n").length, 2);
    assert.match(io.err(), /^bubble-jwt: The payload is not valid JSON.*\(ERR_PAYLOAD_INVALID\)\n$/);
    const debugIo = fakeIo({ env: { JWT_SECRET: SECRET } });
    assert.equal(await main(["encode", "--debug", "--data", '{"a": 1'], debugIo), 2);
    assert.match(debugIo.err(), /\n {4}at /);
  });

  it("verify through main: exit 1 for an invalid token, 0 for a valid one", async () => {
    const env = { JWT_SECRET: SECRET };
    const token = encodeJwt({ a: 1 }, { key: SECRET, clock: fixedClock(NOW) });
    const valid = fakeIo({ env, now: NOW });
    assert.equal(await main(["verify", token], valid), 0);
    const invalid = fakeIo({ env: { JWT_SECRET: `${SECRET}-other` }, now: NOW });
    assert.equal(await main(["verify", token], invalid), 1);
    assert.match(invalid.err(), /^bubble-jwt: invalid token: .*\(ERR_JWS_SIGNATURE_INVALID\)\n$/);
  });

  it("never prints the secret in an error", async () => {
    const io = fakeIo({
      env: { JWT_SECRET: "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----" },
    });
    assert.equal(await main(["encode", "--data", "{}"], io), 2);
    assert.match(io.err(), /\(ERR_KEY_INVALID\)\n$/);
    assert.ok(!io.err().includes("MIIBIjANBg"));
  });

  it("loads the service and the plugin builder only in their commands (no static import)", () => {
    const dir = new URL("../../src/cli/", import.meta.url).pathname;
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) =>
      file.endsWith(".ts"),
    );
    assert.ok(files.length > 5);
    for (const file of files) {
      const text = readFileSync(join(dir, file), "utf8");
      assert.doesNotMatch(text, /^import [^;]*from "[./]*(server|bubble)\//m, file);
    }
  });
});
