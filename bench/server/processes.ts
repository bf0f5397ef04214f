import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { freePort } from "../../test/helpers/free-port.js";

/** A server under test: its process (for its CPU time) and its base URL. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/**
 * Starts `node <args>` in `cwd` with only PATH and `env`, its stdout (the logs) to /dev/null; resolves
 * once `probePath` answers.
 */
export async function startProcess(
  cwd: string,
  args: readonly string[],
  env: Record<string, string>,
  probePath: string,
  /** A command that runs node, e.g. `["taskset", "-c", "1"]` (it must exec node, keeping the pid). */
  wrapper: readonly string[] = [],
): Promise<ServerProcess> {
  const port = await freePort();
  const [command, ...prefix] = [...wrapper, process.execPath];
  const child = spawn(command as string, [...prefix, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port) },
    stdio: ["ignore", openSync("/dev/null", "w"), "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}`);
    try {
      await fetch(`${url}${probePath}`, { method: probePath.includes("/wf/") ? "POST" : "GET" });
      return { child, url };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${args.join(" ")} did not start`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux); NaN elsewhere.
 * The resolution is one clock tick (10 ms): fine for rounds of seconds.
 */
export function readCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}
