// `npm run build:plugin`: writes dist/bubble-plugin (or the folder given with --out).
import { buildPlugin } from "./build-plugin.js";

const outIndex = process.argv.indexOf("--out");
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
const built = await buildPlugin(outDir === undefined ? {} : { outDir });
console.log(`Wrote ${built.files.length} files to ${built.outDir}`);
