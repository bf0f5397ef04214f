import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const LAYERS = [...sources("src/bubble"), ...sources("src/cli"), ...sources("src/inputs")];

function offenders(pattern: RegExp, except: readonly string[] = []): string[] {
  return LAYERS.filter((file) => !except.includes(file)).filter((file) =>
    pattern.test(readFileSync(join(ROOT, file), "utf8")),
  );
}

describe("the plugin, the CLI and the inputs ask the engine instead of re-deriving", () => {
  it('no algorithm fact from its name (startsWith("HS"), slice(2))', () => {
    assert.deepEqual(offenders(/startsWith\("(HS|RS|PS|ES)"\)|alg\w*\.slice\(2\)/), []);
  });

  it("no reading of the real clock except through Clock (systemClock)", () => {
    assert.deepEqual(offenders(/Date\.now\(|new Date\(\)/), []);
  });

  it("nothing in these layers reads process.argv (bin/bubble-jwt.js passes it to main)", () => {
    assert.deepEqual(offenders(/process\.argv/), []);
  });

  it("no error recognised by its name string, no message surgery on an engine error", () => {
    assert.deepEqual(offenders(/\.name === "\w+Error"|message\.startsWith\(|message\.slice\(/), []);
  });
});
