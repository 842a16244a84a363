// Where the ARC colours are: the ranges of every ARC grid cell holding 0-9, grouped by colour.
// The VS Code client draws them as decorations on the ARC palette.

import type { ArcDocument, Range } from '../dsl/ast';

/**
 * The range a cell's swatch covers: the cell and the one space after it when the next cell follows, so a row of
 * colours is drawn as touching squares (a character and a space are about as wide as a line is high), not as
 * narrow stripes with gaps between them.
 */
function swatchRange(cell: Range, next: Range | undefined): Range {
  const touching = next && next.start.line === cell.end.line && next.start.character - cell.end.character === 1;
  return { start: { ...cell.start }, end: touching ? { ...next.start } : { ...cell.end } };
}

/** byColour[c] = ranges of the ARC cells with colour c (0-9), in document order. */
export function arcColourRanges(doc: ArcDocument): Range[][] {
  const byColour: Range[][] = Array.from({ length: 10 }, () => []);
  for (const p of doc.puzzles) {
    if (p.kind !== 'arc') continue;
    for (const pair of p.pairs) {
      for (const s of [pair.input, pair.output]) {
        for (const row of s?.grid.rows ?? []) {
          row.cells.forEach((c, i) => {
            const v = c.symbol.length === 1 ? c.symbol.charCodeAt(0) - 48 : -1;
            if (v >= 0 && v <= 9) byColour[v]!.push(swatchRange(c.range, row.cells[i + 1]?.range)); // byColour has the 10 colours
          });
        }
      }
    }
  }
  return byColour;
}
