/**
 * A small deterministic random source (xorshift32) in [0, 1): generated corpora, demos and
 * fault rolls repeat exactly for the same seed, so a bench run measures the same bytes and a
 * failing demo can be run again as it was.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}
