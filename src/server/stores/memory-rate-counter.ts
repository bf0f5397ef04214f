import { isIPv6 } from "node:net";

/** Default cap on the clients counted at once by one in-memory counter. */
export const DEFAULT_MAX_CLIENTS = 100_000;

/** One client's window: how many calls so far, and when the window ends (milliseconds). */
export interface RateWindow {
  readonly count: number;
  readonly resetAtMs: number;
}

interface MutableWindow {
  count: number;
  resetAtMs: number;
}

/**
 * Fixed-window call counts per client, in this process's memory (the rate limit without REDIS_URL; with
 * it, `@fastify/rate-limit` counts in Redis). A client's window opens at its first call and lasts
 * `windowMs`; the next call after it opens a new one.
 *
 * Memory is bounded: the Map is kept in window order (a new window is re-inserted at the end), so the
 * windows that end first are at its front. When `maxClients` are counted, ended windows are dropped
 * from the front, and if none has ended, the oldest live one: that client starts afresh, the closest
 * thing to a window that was about to end anyway.
 */
export class MemoryRateCounter {
  private readonly windows = new Map<string, MutableWindow>();

  constructor(
    private readonly windowMs: number,
    private readonly maxClients = DEFAULT_MAX_CLIENTS,
  ) {
    if (!(windowMs > 0) || !(maxClients > 0)) {
      throw new RangeError("windowMs and maxClients must be positive numbers.");
    }
  }

  /** Counts one call of `client` at `nowMs` and answers its window after the call. */
  hit(client: string, nowMs: number): RateWindow {
    let window = this.windows.get(client);
    if (window === undefined || window.resetAtMs <= nowMs) {
      if (window === undefined) this.makeRoom(nowMs);
      else this.windows.delete(client);
      window = { count: 0, resetAtMs: nowMs + this.windowMs };
      this.windows.set(client, window);
    }
    window.count++;
    return window;
  }

  /** How many clients are counted now (ended windows included until they are dropped). */
  get size(): number {
    return this.windows.size;
  }

  private makeRoom(nowMs: number): void {
    if (this.windows.size < this.maxClients) return;
    for (const [client, window] of this.windows) {
      if (window.resetAtMs > nowMs && this.windows.size < this.maxClients) break;
      this.windows.delete(client);
    }
  }
}

/**
 * The client a call is counted for: its IP address, with an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`,
 * what a dual-stack listener reports) as its IPv4 form, and any other IPv6 address as its /64 network:
 * one host is given a whole /64, so counting single IPv6 addresses would let it pick a new one per call.
 * (The same grouping `@fastify/rate-limit` applies by default.)
 */
export function rateLimitClient(ip: string): string {
  if (!ip.includes(":")) return ip;
  const groups = ipv6Groups(ip);
  if (groups === undefined) return ip;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high, low] = [groups[6] as number, groups[7] as number];
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (zone id ignored), or undefined when Node says it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  const text = address.split("%")[0] as string;
  if (!isIPv6(text)) return undefined;
  // Valid from here: at most one "::", hex groups, and an IPv4 tail only as the last two groups.
  const toGroups = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((piece) => {
          if (!piece.includes(".")) return [Number.parseInt(piece, 16)];
          const [a, b, c, d] = piece.split(".").map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = "", tail] = text.split("::");
  const front = toGroups(head);
  const back = tail === undefined ? [] : toGroups(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
