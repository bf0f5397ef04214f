import { writeSync } from "node:fs";

/** Anything that starts like a JWT header (`{"` in base64url) up to the end of its base64url run. */
const JWT_LIKE = /eyJ[A-Za-z0-9_\-.]*/g;
const SHORTEST_SECRET = 8;

/** A function that removes secrets, admin tokens and JWTs from a text. */
export type Redactor = (text: string) => string;

/**
 * Builds the last line of defence for logs: whatever a log line holds, every known secret text (and its
 * JSON-escaped form) and everything that looks like a JWT is replaced before the line is written.
 */
export function createRedactor(secretTexts: readonly string[]): Redactor {
  const needles = [
    ...new Set(
      secretTexts
        .flatMap((text) => [text, text.trim(), JSON.stringify(text).slice(1, -1)])
        .filter((text) => text.length >= SHORTEST_SECRET),
    ),
  ].sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text.includes("eyJ") ? text.replace(JWT_LIKE, "[jwt redacted]") : text;
    for (const needle of needles) {
      if (result.includes(needle)) result = result.split(needle).join("[secret redacted]");
    }
    return result;
  };
}

/** How long a log line for stdout may wait for others to be written with it. */
export const LOG_FLUSH_DELAY_MS = 10;

/**
 * A pino destination that redacts what it writes. Lines for stdout are gathered for at most
 * {@link LOG_FLUSH_DELAY_MS} (or 64 KiB) and written together (stdout to a file or pipe is a blocking
 * write on Linux), redacted then, as one text: the same result as redacting each line (no secret holds a
 * line break once it is JSON-escaped, and a JWT ends at the quote around it), for one scan and one write
 * per batch instead of one per line. What is pending is written on exit, including after an uncaught
 * error; only a process killed outright (SIGKILL) loses its last few milliseconds of lines. A given
 * `target` (tests) gets each line at once, redacted.
 */
export function createRedactingStream(
  redact: Redactor,
  target?: { write(line: string): unknown },
): { write(line: string): void } {
  if (target !== undefined) {
    return {
      write(line: string) {
        target.write(redact(line));
      },
    };
  }
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const text = redact(pending.join(""));
    pending = [];
    pendingLength = 0;
    try {
      writeSync(1, text);
    } catch {
      // stdout closed: nothing sensible to do with a log line.
    }
  };
  process.once("exit", flush);
  return {
    write(line: string) {
      // Unref'd: a pending batch never keeps the process alive; the exit handler writes it.
      if (pending.length === 0) setTimeout(flush, LOG_FLUSH_DELAY_MS).unref();
      pending.push(line);
      pendingLength += line.length;
      if (pendingLength > 65_536) flush();
    },
  };
}
