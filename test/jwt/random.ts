// A small seeded PRNG so that randomised tests (differential, mutation) are reproducible.

/** Mulberry32: a fast 32-bit generator; the same seed gives the same sequence. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[randomInt(random, items.length)] as T;
}

const CHARACTERS = [..."abcXYZ019 _-.@\"\\/\n\té€😀漢{}[]:,'<>&"];

export function randomText(random: () => number, maxLength = 24): string {
  let text = "";
  const length = randomInt(random, maxLength + 1);
  for (let i = 0; i < length; i++) text += pick(random, CHARACTERS);
  return text;
}

/** A JSON value of bounded depth: texts, numbers, booleans, null, lists and objects. */
export function randomValue(random: () => number, depth = 0): unknown {
  const kind = randomInt(random, depth >= 2 ? 4 : 6);
  switch (kind) {
    case 0:
      return randomText(random);
    case 1:
      return random() < 0.5 ? randomInt(random, 1_000_000) : (random() - 0.5) * 1e6;
    case 2:
      return random() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: randomInt(random, 4) }, () => randomValue(random, depth + 1));
    default:
      return randomClaims(random, depth + 1);
  }
}

/** Random claims, never the registered time claims (the tests set those). */
export function randomClaims(random: () => number, depth = 0): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  const count = randomInt(random, 6);
  for (let i = 0; i < count; i++) {
    const name = randomText(random, 10) || `k${i}`;
    if (["exp", "nbf", "iat"].includes(name)) continue;
    claims[name] = randomValue(random, depth);
  }
  return claims;
}
