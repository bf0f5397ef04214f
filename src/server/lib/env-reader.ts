/**
 * Reads environment variables strictly. Every refusal has one shape, naming the variable, what is
 * wrong with its value and an example of a good one:
 * `WORKERS is "1e2": not a whole number (digits only). Example: WORKERS=4`.
 */

/** One problem line; `value` is shown (shortened) unless it is a secret (undefined). */
export function problemLine(
  variable: string,
  value: string | undefined,
  problem: string,
  example: string,
): string {
  const shown = value === undefined ? "" : ` is ${JSON.stringify(shorten(value))}`;
  return `${variable}${shown}: ${problem.replace(/[.\s]+$/, "")}. Example: ${variable}=${example}`;
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}...` : value;
}

/** Digits only: no sign, decimal point, exponent, hex prefix or spaces (Number() takes all of those). */
const WHOLE_NUMBER = /^[0-9]{1,15}$/;

/** Parses a whole number in [min, max]; the problem when it is not one. */
export function parseWholeNumber(
  raw: string,
  min: number,
  max: number,
  unit = "",
): { value: number } | { problem: string } {
  const what = unit === "" ? "a whole number" : `a whole number of ${unit}`;
  if (!WHOLE_NUMBER.test(raw)) {
    return { problem: `not ${what} (digits only: no sign, decimal point, exponent or hex)` };
  }
  const value = Number(raw);
  if (value < min || value > max) return { problem: `out of range: use ${what} from ${min} to ${max}` };
  return { value };
}

/** Reads one variable at a time; a wrong value adds a problem line and yields undefined. */
export class EnvReader {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly problems: string[],
  ) {}

  /** The trimmed value, or undefined when unset or empty. */
  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  /** Whole numbers and durations (in whole `unit`s) go through the same strict parser. */
  integer(
    name: string,
    limits: { min: number; max: number; example: string; unit?: string },
  ): number | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const parsed = parseWholeNumber(raw, limits.min, limits.max, limits.unit);
    if ("value" in parsed) return parsed.value;
    this.report(name, raw, parsed.problem, limits.example);
    return undefined;
  }

  flag(name: string): boolean | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    if (raw === "1" || raw === "true") return true;
    if (raw === "0" || raw === "false") return false;
    this.report(name, raw, "not a switch: use 1 (on) or 0 (off)", "1");
    return undefined;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], example: T = allowed[0] as T): T | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.report(name, raw, `not one of ${allowed.join(", ")}`, example);
    return undefined;
  }

  list(name: string): string[] | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const items = raw
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
    return items.length === 0 ? undefined : items;
  }

  /** Adds a problem line in the one shape; `raw` undefined keeps a secret's value out of it. */
  report(name: string, raw: string | undefined, problem: string, example: string): void {
    this.problems.push(problemLine(name, raw, problem, example));
  }
}
