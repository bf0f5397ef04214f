/** The engine's defaults, exported once so that every layer reads the same values. */
export { DEFAULT_ALGORITHM } from "./lib/algorithms.js";
export { DEFAULT_MAX_TOKEN_BYTES } from "./lib/compact.js";

/** A token's lifetime when none is given: one hour. */
export const DEFAULT_EXPIRES_IN_MINUTES = 60;
