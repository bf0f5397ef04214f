/**
 * Withdrawing tokens before they expire: one token by its `jti`, or every token of a user issued before a
 * time ("log out everywhere"). Two implementations share this contract: memory (one process) and Redis
 * (every process and machine on one Redis). Entries never outlive the tokens they refuse, so a store holds
 * at most the revocations of live tokens.
 */
import type { StoreErrorCode } from "./errors.js";

/** What a verified token tells the store: read it with {@link toRevocationCheck}. */
export interface RevocationCheck {
  /** The token's `jti`; without one, only the user's cut-off applies. */
  readonly jti?: string | undefined;
  /** The token's user (`user_id`, else `sub`); without one, only the `jti` applies. */
  readonly userId?: string | undefined;
  /** The token's `iat` in seconds; a token without one counts as issued before any cut-off. */
  readonly iat?: number | undefined;
}

/** What `revokeToken` did. */
export interface TokenRevocation {
  /** False when the token had already expired (clock tolerance included): nothing to refuse, nothing kept. */
  readonly stored: boolean;
  /** How long the entry lives (0 when not stored). */
  readonly ttlSeconds: number;
}

/** What `revokeUser` did. */
export interface UserRevocation {
  /** False when every token issued before the cut-off has expired: nothing kept. */
  readonly stored: boolean;
  /** The cut-off now in force: the latest ever given for this user while its entry lives. */
  readonly cutoffSeconds: number;
  /** How long the entry lives (0 when not stored). */
  readonly ttlSeconds: number;
}

/** A store's state, for `/healthz` and `/readyz`; `health()` never throws. */
export type StoreHealth =
  | { readonly status: "ok"; readonly store: StoreKind; readonly latencyMs: number }
  | {
      readonly status: "down";
      readonly store: StoreKind;
      readonly latencyMs: number;
      readonly code: StoreErrorCode;
      readonly message: string;
    };

export type StoreKind = "memory" | "redis";

/**
 * The revocation list of the token service. Every operation rejects with a {@link StoreError}
 * (`ERR_STORE_UNAVAILABLE` when Redis does not answer, quickly: never a hang) and a `TypeError` for a
 * wrong argument. Verification must treat a rejection as "cannot tell" and refuse the request (fail
 * closed), never as "not revoked".
 */
export interface RevocationStore {
  readonly kind: StoreKind;

  /**
   * Refuses the token `jti` until it would expire anyway: the entry lives until `expiresAtSeconds`
   * plus the store's clock tolerance, then disappears by itself.
   *
   * @param jti - the token's `jti` claim
   * @param expiresAtSeconds - the token's `exp` claim (Unix seconds)
   * @example
   * await store.revokeToken(payload.jti, payload.exp); // { stored: true, ttlSeconds: 1830 }
   */
  revokeToken(jti: string, expiresAtSeconds: number): Promise<TokenRevocation>;

  /**
   * Refuses every token of `userId` issued before `beforeSeconds` (its `iat` is smaller). One entry per
   * user holds the cut-off; a later cut-off replaces an earlier one, never the reverse. The entry lives
   * until `beforeSeconds + ttlSeconds` (plus the clock tolerance): by then every token issued before the
   * cut-off has expired.
   *
   * @param userId - the user, as in the tokens' `user_id` (else `sub`)
   * @param beforeSeconds - the cut-off (Unix seconds); usually now
   * @param ttlSeconds - the longest lifetime of a token the service issues
   * @example
   * await store.revokeUser("1700000000000x42", Math.floor(Date.now() / 1000), 3600);
   */
  revokeUser(userId: string, beforeSeconds: number, ttlSeconds: number): Promise<UserRevocation>;

  /**
   * True when the token was revoked by its `jti` or falls before its user's cut-off.
   *
   * @example
   * if (await store.isRevoked(toRevocationCheck(payload))) refuse("ERR_JWT_REVOKED");
   */
  isRevoked(check: RevocationCheck): Promise<boolean>;

  /**
   * {@link isRevoked} answered at once, by a store that holds the list in this process (memory); absent
   * where an answer needs a round trip (Redis). The token service uses it when present, so that a lookup
   * in memory costs no promise. Throws where `isRevoked` would reject.
   */
  isRevokedNow?(check: RevocationCheck): boolean;

  /** Whether the store answers, and how fast; never rejects. */
  health(): Promise<StoreHealth>;

  /** Stops the store (and the Redis connection when the store opened it); later calls reject. */
  close(): Promise<void>;
}

/**
 * Reads the facts a store needs from a verified token's claims: `jti`, the user (`user_id`, or `sub`
 * when there is no `user_id`; numbers as their text, as Bubble sends either) and `iat`.
 *
 * @example
 * const { payload } = verifyJwt(token, keys);
 * const revoked = await store.isRevoked(toRevocationCheck(payload));
 */
export function toRevocationCheck(claims: Readonly<Record<string, unknown>>): RevocationCheck {
  const user = textOf(claims.user_id) ?? textOf(claims.sub);
  return {
    jti: textOf(claims.jti),
    userId: user,
    iat: typeof claims.iat === "number" && Number.isFinite(claims.iat) ? claims.iat : undefined,
  };
}

function textOf(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}
