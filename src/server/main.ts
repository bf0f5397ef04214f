// `npm start`: the token service, configured by environment variables (docs/server.md).
import { ConfigError } from "./config.js";
import { startService } from "./start.js";

try {
  await startService();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`bubble-jwt service failed to start: ${message}\n`);
  process.exit(1);
}
