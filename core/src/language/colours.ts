// Where the ARC colours are: the ranges of every ARC grid cell holding 0-9, grouped by colour.
// The VS Code client draws them as decorations on the ARC palette.

import type { ArcDocument, Range } from '../dsl/ast';

/** byColour[c] = ranges of the ARC cells with colour c (0-9), in document order. */
export function arcColourRanges(doc: ArcDocument): Range[][] {
  const byColour: Range[][] = Array.from({ length: 10 }, () => []);
  for (const p of doc.puzzles) {
    if (p.kind !== 'arc') continue;
    for (const pair of p.pairs) {
      for (const s of [pair.input, pair.output]) {
        for (const row of s?.grid.rows ?? []) {
          for (const c of row.cells) {
            const v = c.symbol.length === 1 ? c.symbol.charCodeAt(0) - 48 : -1;
            if (v >= 0 && v <= 9) byColour[v].push(c.range);
          }
        }
      }
    }
  }
  return byColour;
}
