// Shared by the DSL tests: compare trees ignoring ranges, a seeded random generator, range checks.

import type { Range } from '../../core/src/dsl/ast';

/** A deep copy without any `range` / `...Range` field (what "equal ignoring ranges" compares). */
export function stripRanges(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripRanges);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'range' || k.endsWith('Range')) continue;
      out[k] = stripRanges(x);
    }
    return out;
  }
  return v;
}

/** mulberry32: a small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The lines of a text as the parser counts them (\r\n, \r and \n end a line). */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Whether a range lies inside the text (start <= end, both on existing lines within their length). */
export function rangeInside(r: Range, lines: string[]): boolean {
  const ok = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length
    && p.character >= 0 && p.character <= lines[p.line].length;
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  return ok(r.start) && ok(r.end) && ordered;
}

/** Every range in a tree (any `range` / `...Range` field, recursively). */
export function allRanges(v: unknown, out: Range[] = []): Range[] {
  if (Array.isArray(v)) { for (const x of v) allRanges(x, out); return out; }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'range' || k.endsWith('Range')) && x && typeof x === 'object') out.push(x as Range);
      else allRanges(x, out);
    }
  }
  return out;
}
