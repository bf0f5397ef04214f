// docs/architecture.md's table of what each layer may import, held against every import in src/:
// dependencies point down only, and the engine imports nothing of the project.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Each folder of src/ and the folders of src/ it may import (besides itself). */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  jwt: [],
  inputs: ["jwt"],
  recipes: ["jwt", "inputs"],
  bubble: ["jwt", "inputs", "recipes"],
  server: ["jwt", "inputs", "recipes", "bubble"],
  cli: ["jwt", "inputs", "recipes", "bubble", "server"],
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

function layerOf(file: string): string | undefined {
  const [top, layer] = file.split("/");
  return top === "src" ? layer : undefined;
}

describe("the layers", () => {
  it("every src/ folder is in the table", () => {
    const folders = readdirSync(join(ROOT, "src"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    assert.deepEqual(folders, Object.keys(MAY_IMPORT).sort());
  });

  it("import only the layers below them", () => {
    const wrong: string[] = [];
    for (const file of sources("src")) {
      const layer = layerOf(file) as string;
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? "";
        if (!specifier.startsWith(".")) continue;
        const target = layerOf(relative(ROOT, normalize(join(dirname(join(ROOT, file)), specifier))));
        if (target === undefined || target === layer) continue;
        if (!(MAY_IMPORT[layer] ?? []).includes(target)) wrong.push(`${file} imports ${specifier}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('no layer derives algorithm facts from the name (startsWith("HS"), slice(2)) outside the engine\'s algorithms file', () => {
    const offenders = sources("src").filter(
      (file) =>
        file !== "src/jwt/lib/algorithms.ts" &&
        /startsWith\("(HS|RS|PS|ES)"\)|alg\w*\.slice\(2\)/.test(readFileSync(join(ROOT, file), "utf8")),
    );
    assert.deepEqual(offenders, []);
  });
});
