// The seeded draws of the fuzz tests (tests/fuzz/*, tests/dsl/fuzz.test.ts). The random source is the project's
// mulberry32 (core/src/random.ts), passed in by each suite with its own seed; every draw here is
// `Math.floor(rand() * n)`, so a seed gives the same inputs, in the same order, on every machine.

import { defined } from '../defined';

/** A seeded source of numbers in [0, 1): mulberry32(seed). */
export type Rand = () => number;

/** An integer in [0, n). */
export function randomInt(rand: Rand, n: number): number {
  return Math.floor(rand() * n);
}

/** One element of a non-empty list (which mutation, which token, which source document). */
export function pick<T>(rand: Rand, xs: readonly T[]): T {
  return defined(xs[randomInt(rand, xs.length)], 'a pick from a non-empty list');
}

/** `n` random bytes (the contents of a corrupted file). */
export function randomBytes(rand: Rand, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => randomInt(rand, 256)));
}
