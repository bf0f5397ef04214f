// The IO boundary of the command line, captured: what a command writes, and what it reads on stdin.
import type { CliIo } from "../../src/cli/io.js";
import { fixedClock, systemClock } from "../../src/jwt/index.js";

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export interface FakeIoOptions {
  /** Text piped on stdin; without it stdin is a terminal (nothing to read). */
  stdin?: string;
  env?: Record<string, string | undefined>;
  now?: Date;
}

export function fakeIo(options: FakeIoOptions = {}): CapturedIo {
  let out = "";
  let err = "";
  const piped = options.stdin;
  const stdin = {
    isTTY: piped === undefined,
    async *[Symbol.asyncIterator]() {
      if (piped !== undefined) yield Buffer.from(piped, "utf8");
    },
  };
  const now = options.now;
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin,
    env: options.env ?? {},
    clock: now === undefined ? systemClock : fixedClock(now),
    out: () => out,
    err: () => err,
  };
}

/** A fixed instant, so that dates and "in 59 min" do not depend on the clock. */
export const NOW = new Date("2025-01-15T12:00:00Z");
export const NOW_SECONDS = NOW.getTime() / 1000;

/** A 32-byte secret for HS256 tests. */
export const SECRET = "cli-test-secret-0123456789abcdefghij";
