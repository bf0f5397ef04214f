import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSecret } from "../jwt/index.js";

/** The development secret and admin token, made once and kept in `.data/` so tokens survive a restart. */
export interface DevKeys {
  /** A 256-bit HS256 secret, base64url text (used as text: 43 bytes, longer than the hash). */
  readonly secret: string;
  readonly adminToken: string;
  /** The files, for the start-up line. */
  readonly secretFile: string;
  readonly adminTokenFile: string;
  /** True when this call created one of them. */
  readonly created: boolean;
}

const SECRET_FILE = "dev-jwt-secret";
const ADMIN_TOKEN_FILE = "dev-admin-token";

/**
 * Reads the development secret and admin token from `dataDir`, creating what is missing with mode 0600.
 * Only for development: production refuses to start without a configured key (see config.ts).
 */
export function loadDevKeys(dataDir: string): DevKeys {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = readOrCreate(join(dataDir, SECRET_FILE), () => generateSecret("HS256").secret);
  const adminToken = readOrCreate(join(dataDir, ADMIN_TOKEN_FILE), () =>
    randomBytes(32).toString("base64url"),
  );
  return {
    secret: secret.value,
    adminToken: adminToken.value,
    secretFile: join(dataDir, SECRET_FILE),
    adminTokenFile: join(dataDir, ADMIN_TOKEN_FILE),
    created: secret.created || adminToken.created,
  };
}

function readOrCreate(file: string, make: () => string): { value: string; created: boolean } {
  try {
    const value = readFileSync(file, "utf8").trim();
    if (value.length > 0) {
      // A file copied around may have lost its mode: tighten it again.
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return { value, created: false };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const value = make();
  try {
    // "wx": when two processes start at once, only one writes; the other reads the winner's value.
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: existsSync(file) ? "w" : "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readOrCreate(file, make);
    throw error;
  }
  chmodSync(file, 0o600);
  return { value, created: true };
}
