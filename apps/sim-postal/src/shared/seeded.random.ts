/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * Seedable PRNG (mulberry32): the same seed gives the same fault decisions and tracking codes,
 * so a run that misbehaved can be replayed exactly.
 */
export function createSeededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Rolls a probability. 0 and 1 never consume a random number, so configurations made only of
 * 0s and 1s are fully deterministic and do not shift the sequence other decisions see.
 */
export function chance(random: Random, probability: number): boolean {
  if (probability <= 0) return false;
  if (probability >= 1) return true;
  return random() < probability;
}
