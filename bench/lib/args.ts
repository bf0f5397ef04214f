import { parseArgs } from "node:util";
import type { BenchClock } from "./measure.js";

/** Options every bench/*.bench.ts understands (run-all passes the command line through). */
export interface BenchArgs {
  /** Only these algorithms (`--alg HS256 --alg ES256` or `--alg HS256,ES256`); empty means all. */
  readonly algorithms: readonly string[];
  readonly warmupMs: number;
  readonly roundMs: number;
  readonly rounds: number;
  /** `--clock wall` times by the wall clock instead of this process's CPU time. */
  readonly clock: BenchClock;
}

export function readBenchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      alg: { type: "string", multiple: true },
      rounds: { type: "string" },
      "round-ms": { type: "string" },
      "warmup-ms": { type: "string" },
      quick: { type: "boolean" },
      clock: { type: "string" },
    },
    strict: false,
  });
  const quick = values.quick === true;
  const number = (value: unknown, fallback: number) =>
    typeof value === "string" && Number(value) > 0 ? Number(value) : fallback;
  const algs = Array.isArray(values.alg) ? values.alg : [];
  return {
    algorithms: algs.flatMap((item) => String(item).split(",")).filter((item) => item.length > 0),
    warmupMs: number(values["warmup-ms"], quick ? 100 : 250),
    roundMs: number(values["round-ms"], quick ? 40 : 50),
    rounds: number(values.rounds, quick ? 7 : 25),
    clock: values.clock === "wall" ? "wall" : "cpu",
  };
}
