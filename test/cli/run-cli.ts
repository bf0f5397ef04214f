// The command line run from its TypeScript source, as the bin runs the built one; for process tests.
import { main } from "../../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
