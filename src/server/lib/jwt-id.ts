import { randomFillSync } from "node:crypto";

/** Bytes of one `jti`: 128 random bits, 22 base64url characters. */
const ID_BYTES = 16;
/** Ids drawn from one call to the random generator. */
const IDS_PER_FILL = 256;

const pool = Buffer.alloc(ID_BYTES * IDS_PER_FILL);
let offset = pool.length;

/**
 * A new random `jti` (128 bits from node:crypto's CSPRNG, as base64url). The bytes are drawn 4 KiB at a
 * time: one call to the generator per 256 tokens instead of one per token, which profiled at about 4% of
 * a generate_token call. Each id uses its own bytes, once (as `crypto.randomUUID` does with its cache).
 *
 * @example
 * encodeJwtDetailed(claims, { key, jwtId: newJwtId() });
 */
export function newJwtId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString("base64url", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
