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

/** mulberry32: a small deterministic PRNG (the project's one, core/src/random.ts). */
export { mulberry32 as rng } from '../../core/src/random';

/** The lines of a text as the parser counts them (\r\n, \r and \n end a line). */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Whether a range lies inside the text (start <= end, both on existing lines within their length). */
export function rangeInside(r: Range, lines: string[]): boolean {
  const ok = (p: { line: number; character: number }) => {
    const line = Number.isInteger(p.line) ? lines[p.line] : undefined; // undefined off the text
    return line !== undefined && Number.isInteger(p.character) && p.character >= 0 && p.character <= line.length;
  };
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  return ok(r.start) && ok(r.end) && ordered;
}

/** Every range in a tree (any `range` / `...Range` field, recursively). */
export function allRanges(v: unknown, out: Range[] = []): Range[] {
  if (Array.isArray(v)) {
    for (const x of v) allRanges(x, out);
    return out;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'range' || k.endsWith('Range')) && x && typeof x === 'object') out.push(x as Range);
      else allRanges(x, out);
    }
  }
  return out;
}
