import { readFile } from "node:fs/promises";
import { CliError } from "../errors.js";
import { type CliIo, readAllText } from "../io.js";

/** Reads a text file, turning a failure into one clear line that names the file and the reason. */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : "it cannot be read";
    throw new CliError("ERR_FILE_UNREADABLE", `Cannot read the ${what} "${path}": ${why}.`);
  }
}

/**
 * JSON text given on the command line, as `@file` (`@-` for standard input), or, when absent,
 * piped on standard input.
 */
export async function readDataText(data: string | undefined, io: CliIo, what: string): Promise<string> {
  if (data === undefined || data === "@-" || data === "-") {
    if (data === undefined && io.stdin.isTTY === true) {
      throw new CliError(
        "ERR_INPUT_MISSING",
        `No ${what}: pass --data '{...}', --data @file.json, or pipe JSON on standard input.`,
      );
    }
    return readAllText(io.stdin);
  }
  if (data.startsWith("@")) return readTextFile(data.slice(1), `${what} file`);
  return data;
}

/** The token from the argument, or from standard input when the argument is absent or "-". */
export async function readTokenText(argument: string | undefined, io: CliIo): Promise<string> {
  let text = argument;
  if (text === undefined || text === "-") {
    if (text === undefined && io.stdin.isTTY === true) {
      throw new CliError(
        "ERR_INPUT_MISSING",
        "No token: give it as an argument or pipe it on standard input.",
      );
    }
    text = await readAllText(io.stdin);
  }
  const token = text.trim().replace(/^Bearer\s+/i, "");
  if (token.length === 0) throw new CliError("ERR_INPUT_MISSING", "No token: the input is empty.");
  return token;
}
