/**
 * Errors of the shared stores (revocations today). One base class with a stable `code`; each subclass
 * fixes one code, so `switch (error.code)` narrows the type. The HTTP layer maps them (a store that
 * cannot answer makes verification fail closed: 503 with `Retry-After`, never "valid").
 */

/** Every code a store error can carry. */
export type StoreErrorCode = "ERR_STORE_UNAVAILABLE" | "ERR_STORE_FULL" | "ERR_STORE_CLOSED";

/** Base class of the store errors; catch this, then switch on `code`. */
export class StoreError extends Error {
  override name = "StoreError";
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * The store did not answer: Redis unreachable, a command timed out, the connection dropped, or Redis
 * answered with an error. Retry later; the client reconnects by itself. `cause` holds the client's error
 * (its message never holds the Redis password).
 */
export class StoreUnavailableError extends StoreError {
  override name = "StoreUnavailableError";
  declare readonly code: "ERR_STORE_UNAVAILABLE";

  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_STORE_UNAVAILABLE", message, options);
  }
}

/** The in-memory store holds its maximum of live entries; the revocation was not stored. */
export class StoreFullError extends StoreError {
  override name = "StoreFullError";
  declare readonly code: "ERR_STORE_FULL";

  constructor(message: string) {
    super("ERR_STORE_FULL", message);
  }
}

/** The store was closed (`close()`); it answers nothing any more. */
export class StoreClosedError extends StoreError {
  override name = "StoreClosedError";
  declare readonly code: "ERR_STORE_CLOSED";

  constructor(store: string) {
    super("ERR_STORE_CLOSED", `The ${store} revocation store is closed.`);
  }
}

/** True for any store error; narrow further with `error.code`. */
export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
