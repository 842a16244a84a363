// The one seeded PRNG of the project (mulberry32): the maze generator, the ARC augmentation picker and the
// DSL fuzz tests all draw from it, so a seed gives the same sequence everywhere.
// tests/fixtures/traces/generate.mjs (plain Node, no TypeScript loader) keeps its own copy of the same function.

/** mulberry32: a small deterministic PRNG; returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
