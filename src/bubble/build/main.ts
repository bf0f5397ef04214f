// `npm run build:plugin`: writes dist/bubble-plugin (or the folder given with --out).
// With --docs FILE it instead refreshes the generated field tables of that Markdown file.
import { buildPlugin } from "./build-plugin.js";
import { updateDocsFieldTables } from "./docs-table.js";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const docs = option("--docs");
if (docs !== undefined) {
  const changed = await updateDocsFieldTables(docs);
  console.log(changed ? `Updated the field tables in ${docs}` : `${docs} is current`);
} else {
  const outDir = option("--out");
  const built = await buildPlugin(outDir === undefined ? {} : { outDir });
  console.log(`Wrote ${built.files.length} files to ${built.outDir}`);
}
