import { usageError } from "../errors.js";

/** Refuses positional arguments beyond `max`, without echoing them (one could be a token or a secret). */
export function checkPositionals(positionals: readonly string[], max: number, command: string): void {
  if (positionals.length > max) {
    const allowed = max === 0 ? "no arguments" : max === 1 ? "one argument" : `${max} arguments`;
    throw usageError(
      `"${command}" takes ${allowed} but got ${positionals.length}. See bubble-jwt ${command} --help.`,
    );
  }
}

/** A list that is empty is no list: the engine's options treat undefined as "not given". */
export function nonEmpty<T>(list: readonly T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : [...list];
}
