import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  type Stats,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { generateSecret } from "../jwt/index.js";
import { ConfigError } from "./errors.js";
import { adminTokenProblem, secretUniformityProblem } from "./lib/strength.js";

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

export interface LoadDevKeysOptions {
  /** The user that must own the directory and files; the process's own by default (tests change it). */
  uid?: number | undefined;
}

const SECRET_FILE = "dev-jwt-secret";
const ADMIN_TOKEN_FILE = "dev-admin-token";
const MIN_SECRET_BYTES = 32;
const FIX = "delete it and start again: a new one is made";

/**
 * Reads the development secret and admin token from `dataDir`, creating what is missing with mode 0600
 * in a 0700 directory. Trusts nothing it finds: a symbolic link, a file or directory owned by another
 * user, or a value shorter or less random than the variables allow stops the start (ConfigError).
 * Only for development: production never calls it.
 */
export function loadDevKeys(dataDir: string, options: LoadDevKeysOptions = {}): DevKeys {
  const uid = options.uid ?? process.getuid?.();
  const problems: string[] = [];
  ensurePrivateDirectory(dataDir, uid, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const secretFile = join(dataDir, SECRET_FILE);
  const adminTokenFile = join(dataDir, ADMIN_TOKEN_FILE);
  const secret = readOrCreate(secretFile, uid, () => generateSecret("HS256").secret, secretProblem, problems);
  const adminToken = readOrCreate(
    adminTokenFile,
    uid,
    () => randomBytes(32).toString("base64url"),
    adminTokenProblem,
    problems,
  );
  if (secret === undefined || adminToken === undefined) throw new ConfigError(problems);
  return {
    secret: secret.value,
    adminToken: adminToken.value,
    secretFile,
    adminTokenFile,
    created: secret.created || adminToken.created,
  };
}

function secretProblem(value: string): string | undefined {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length < MIN_SECRET_BYTES)
    return `is ${bytes.length} bytes; at least ${MIN_SECRET_BYTES} are needed`;
  return secretUniformityProblem(bytes);
}

/** Creates the directory 0700, or checks the one there: a real directory, ours, then tightened to 0700. */
function ensurePrivateDirectory(dir: string, uid: number | undefined, problems: string[]): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stats = lstatSync(dir);
  const problem = ownershipProblem(stats, uid, "a directory");
  if (problem !== undefined) {
    problems.push(`${dir} ${problem}: remove it (or fix it) and start again.`);
    return;
  }
  // Created earlier by hand or by a wide umask: nobody else may read the keys inside.
  if ((stats.mode & 0o777) !== 0o700) fchmodOf(dir, 0o700);
}

function fchmodOf(dir: string, mode: number): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_DIRECTORY);
  try {
    fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

function ownershipProblem(
  stats: Stats,
  uid: number | undefined,
  kind: "a directory" | "a file",
): string | undefined {
  if (stats.isSymbolicLink()) return "is a symbolic link, which is never followed";
  if (kind === "a directory" ? !stats.isDirectory() : !stats.isFile()) return `is not ${kind}`;
  if (uid !== undefined && stats.uid !== uid)
    return `is owned by user ${stats.uid}, not by this user (${uid})`;
  return undefined;
}

/**
 * Opens the file without following a symbolic link (O_NOFOLLOW), checks what was opened (fstat, so a
 * swap between check and use changes nothing), and reads it; or creates it exclusively with mode 0600.
 */
function readOrCreate(
  file: string,
  uid: number | undefined,
  make: () => string,
  check: (value: string) => string | undefined,
  problems: string[],
): { value: string; created: boolean } | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDWR | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return create(file, uid, make, check, problems);
    if (code === "ELOOP") problems.push(`${file} is a symbolic link, which is never followed: ${FIX}.`);
    else problems.push(`${file} cannot be opened (${code ?? "error"}): ${FIX}.`);
    return undefined;
  }
  try {
    const problem = ownershipProblem(fstatSync(fd), uid, "a file");
    if (problem !== undefined) {
      problems.push(`${file} ${problem}: ${FIX}.`);
      return undefined;
    }
    // A file copied around may have lost its mode: tighten it again.
    if ((fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, 0o600);
    const value = readFileSync(fd, "utf8").trim();
    if (value === "") {
      // A start interrupted between creating and writing: fill it now.
      const made = make();
      writeSync(fd, `${made}\n`, 0);
      return { value: made, created: true };
    }
    const problem2 = check(value);
    if (problem2 !== undefined) {
      problems.push(`${file} ${problem2}: ${FIX}.`);
      return undefined;
    }
    return { value, created: false };
  } finally {
    closeSync(fd);
  }
}

function create(
  file: string,
  uid: number | undefined,
  make: () => string,
  check: (value: string) => string | undefined,
  problems: string[],
): { value: string; created: boolean } | undefined {
  const value = make();
  let fd: number;
  try {
    // O_EXCL: when two processes start at once, only one writes; the other reads the winner's value.
    fd = openSync(
      file,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      return readOrCreate(file, uid, make, check, problems);
    throw error;
  }
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, `${value}\n`);
  } finally {
    closeSync(fd);
  }
  return { value, created: true };
}
