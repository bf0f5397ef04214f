#!/usr/bin/env node
// The package's command line; the code lives in src/cli (built to dist/cli).
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
