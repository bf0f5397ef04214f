import { type Clock, systemClock } from "../jwt/index.js";

/** Where a command writes and reads: the process's streams, or captured text in tests. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Read only when a command is told to take its input from standard input. */
  stdin: TextSource;
  env: Readonly<Record<string, string | undefined>>;
  /** The one clock (ms since 1970): the system's, or a frozen one in tests. */
  clock: Clock;
}

export interface TextSink {
  write(text: string): unknown;
}

export interface TextSource extends AsyncIterable<string | Uint8Array> {
  /** True when a person is typing at a terminal rather than piping data in. */
  readonly isTTY?: boolean;
}

/** The real process's IO. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    clock: systemClock,
  };
}

/** Reads all of standard input as UTF-8 text. */
export async function readAllText(source: TextSource): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}
