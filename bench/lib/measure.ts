/**
 * A small timing harness for 2 shared cores: every case is warmed up, then measured for a fixed
 * time in several rounds, the cases of a group interleaved (so a noisy moment hits them all), and
 * the median round is kept.
 */
import { performance } from "node:perf_hooks";

export interface BenchCase {
  /** The row label, e.g. "bubble-jwt (imported key)". */
  readonly name: string;
  /** One operation. A case whose `run` returns a promise is awaited call after call (sequential). */
  readonly run: () => unknown;
  readonly async?: boolean;
}

export interface MeasureOptions {
  /** Warm-up time per case before the rounds (ms). */
  readonly warmupMs: number;
  /** Time of one measured round per case (ms). */
  readonly roundMs: number;
  /** Rounds per case; the median is reported. */
  readonly rounds: number;
  readonly clock: BenchClock;
}

export interface CaseResult {
  readonly name: string;
  /** Median of the rounds, operations per second. */
  readonly opsPerSecond: number;
  /** Interquartile range of the rounds over their median: how noisy the machine was. */
  readonly spread: number;
  /** Ops/s of each round, in round order (round r of every case ran back to back). */
  readonly rounds: readonly number[];
}

/**
 * The ratio of two cases of one group: the median of their per-round ratios. Both ran in the same
 * round, close in time, so load from other processes mostly cancels out.
 */
export function pairedRatio(numerator: CaseResult, denominator: CaseResult): number {
  return median(numerator.rounds.map((value, round) => value / (denominator.rounds[round] as number)));
}

/** Results go here so that the engine cannot drop a call whose value is unused. */
let sink = 0;

/**
 * How time is read. "cpu" (the default): CPU time of this process (user + system, every thread),
 * so that time when other jobs on the machine hold the core is not counted; on a busy 2-core
 * machine wall-clock rounds vary 3 times as much. "wall": performance.now().
 */
export type BenchClock = "cpu" | "wall";

function clockOf(kind: BenchClock): () => number {
  if (kind === "wall") return () => performance.now();
  return () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
}

/** Runs `run` in batches until `ms` have passed on `now`; returns operations per second. */
function timeSync(run: () => unknown, ms: number, batch: number, now: () => number): number {
  let ops = 0;
  const start = now();
  const end = start + ms;
  let at = start;
  do {
    for (let i = 0; i < batch; i++) {
      const value = run();
      if (value === sink) sink++;
    }
    ops += batch;
    at = now();
  } while (at < end);
  return (ops * 1000) / (at - start);
}

async function timeAsync(run: () => unknown, ms: number, batch: number, now: () => number): Promise<number> {
  let ops = 0;
  const start = now();
  const end = start + ms;
  let at = start;
  do {
    for (let i = 0; i < batch; i++) {
      const value = await run();
      if (value === sink) sink++;
    }
    ops += batch;
    at = now();
  } while (at < end);
  return (ops * 1000) / (at - start);
}

function time(benchCase: BenchCase, ms: number, batch: number, now: () => number): Promise<number> {
  return benchCase.async === true
    ? timeAsync(benchCase.run, ms, batch, now)
    : Promise.resolve(timeSync(benchCase.run, ms, batch, now));
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = sorted[Math.floor(position)] as number;
  const above = sorted[Math.ceil(position)] as number;
  return below + (above - below) * (position - Math.floor(position));
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Measures the cases of one group. Each case is warmed up, and its batch size set so that a batch
 * takes about 1 ms (the clock is read once per batch). Then `rounds` rounds run every case once,
 * in a rotated order, for `roundMs` each.
 */
export async function measureGroup(
  cases: readonly BenchCase[],
  options: MeasureOptions,
): Promise<CaseResult[]> {
  const now = clockOf(options.clock);
  const batches: number[] = [];
  for (const benchCase of cases) {
    const probe = await time(benchCase, Math.min(50, options.warmupMs), 1, now);
    const batch = Math.max(1, Math.round(probe / 1000));
    await time(benchCase, options.warmupMs, batch, now);
    batches.push(batch);
  }
  const samples: number[][] = cases.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + round) % cases.length;
      const perSecond = await time(cases[index] as BenchCase, options.roundMs, batches[index] as number, now);
      samples[index]?.push(perSecond);
    }
  }
  return cases.map((benchCase, index) => {
    const values = samples[index] as number[];
    const middle = median(values);
    return {
      name: benchCase.name,
      opsPerSecond: middle,
      spread: (quantile(values, 0.75) - quantile(values, 0.25)) / middle,
      rounds: values,
    };
  });
}
