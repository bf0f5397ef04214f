import { join } from "node:path";
import { devKeysNeeded, readConfig, type ServiceConfig } from "./config.js";
import { loadDevKeys } from "./dev-keys.js";

export interface LoadConfigOptions {
  /** Where development keys live (default `<cwd>/.data`). */
  dataDir?: string;
  /** The user that must own `.data/` and its files (tests); the process's own by default. */
  uid?: number;
}

/**
 * The config of a start: when development needs keys the variables do not give, loads (or makes) them
 * in `.data/` first, then reads the environment with {@link readConfig}, which writes nothing.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadConfigOptions = {}): ServiceConfig {
  const needed = devKeysNeeded(env);
  const devKeys =
    needed.secret || needed.adminToken
      ? loadDevKeys(options.dataDir ?? join(process.cwd(), ".data"), { uid: options.uid })
      : undefined;
  return readConfig(env, { devKeys });
}
