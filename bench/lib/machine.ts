import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/** Where and when a benchmark ran: printed above every table so numbers are never read alone. */
export function describeMachine(): string {
  let model = "unknown CPU";
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (match?.[1] !== undefined) model = match[1].trim();
  } catch {
    // Not Linux: the model stays unknown.
  }
  return `${new Date().toUTCString()} · ${availableParallelism()} cores · ${model} · Node ${process.version}`;
}
