import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The bubble-jwt package folder, found from this file (works from src/ under tsx and from dist/). */
export function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "bubble-jwt") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("The bubble-jwt package folder was not found.");
    dir = parent;
  }
}
