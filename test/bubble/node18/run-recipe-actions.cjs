// Runs built actions the way Bubble does (each server.js evaluated as a bare function expression) for
// a list of runs read from a JSON file: [{ display, properties, keys, now }]. The Node 18 test starts
// it with Node 18. Prints { node, results: [...] }, dates as ISO text.
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

const [pluginDir, runsFile] = process.argv.slice(2);

function loadActions() {
  const actions = {};
  for (const folder of readdirSync(join(pluginDir, "actions"))) {
    const params = JSON.parse(readFileSync(join(pluginDir, "actions", folder, "params.json"), "utf8"));
    const code = readFileSync(join(pluginDir, "actions", folder, "server.js"), "utf8");
    actions[params.display] = new Function("require", `return (${code}\n);`)(require);
  }
  return actions;
}

async function main() {
  const actions = loadActions();
  const runs = JSON.parse(readFileSync(runsFile, "utf8"));
  const results = [];
  for (const run of runs) {
    const action = actions[run.display];
    if (action === undefined) throw new Error(`no action ${run.display}`);
    const context = { keys: run.keys, currentUser: null, userTimezone: "UTC", clock: () => run.now };
    results.push(await action(run.properties, context));
  }
  process.stdout.write(JSON.stringify({ node: process.version, results }));
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? String(error)}\n`);
  process.exit(1);
});
