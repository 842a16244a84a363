// Whole-document features read grid shapes without building cell objects: a 10 MB document has millions of
// cells, and building them for the outline took seconds and kept the memory. The grids are armed so that
// reading their rows fails; the outline, folding and inlay hints must then still give what they gave before.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArcDocument, Section } from '../../core/src/dsl/ast';
import { gridShape, gridSymbolRows, gridSymbolsOfShape } from '../../core/src/dsl/lazyGrid';
import { parse } from '../../core/src/dsl/parser';
import { foldingRanges, inlayHints, outline } from '../../core/src/language/outline';

const TEXT = [
  'sudoku four',
  '  givens',
  '    1 . . .',
  '    . . 2 .',
  '    . 3 . .',
  '    . . . 4',
  'maze small',
  '  grid',
  '    S . #',
  '    # . G',
  'arc task',
  '  train',
  '    input 2x2',
  '      1 2',
  '      3 4',
  '    output',
  '      1 2 3',
  '      4 5',
  '',
].join('\n');

function sections(doc: ArcDocument): Section[] {
  return doc.puzzles
    .flatMap((p) =>
      p.kind === 'arc' ? p.pairs.flatMap((x) => [x.input, x.output]) : p.kind === 'sudoku' ? [p.givens, p.solution] : [p.grid, p.path],
    )
    .filter((s): s is Section => !!s);
}

/** Makes reading any grid's rows throw. */
function arm(doc: ArcDocument): void {
  for (const s of sections(doc))
    Object.defineProperty(s.grid, 'rows', {
      get() {
        throw new Error(`the cells of '${s.keyword}' were built`);
      },
    });
}

describe('whole-document features and lazy grids', () => {
  it('the outline, folding and inlay hints build no cells, and say what they said with cells', () => {
    const plain = parse(TEXT).document;
    for (const s of sections(plain)) void s.grid.rows; // built
    const expected = [outline(plain), foldingRanges(plain, TEXT), inlayHints(plain)];
    const lazy = parse(TEXT).document;
    arm(lazy);
    assert.deepEqual([outline(lazy), foldingRanges(lazy, TEXT), inlayHints(lazy)], expected);
  });

  it('gridShape counts rows and the widest row, lazy or built', () => {
    const doc = parse(TEXT).document;
    const output = sections(doc).at(-1)!;
    const lazyShape = gridShape(output.grid);
    assert.deepEqual(lazyShape, { rows: 2, cols: 3 });
    void output.grid.rows;
    const built = { ...output.grid, rows: output.grid.rows };
    assert.deepEqual(gridShape(built), lazyShape);
  });

  it('gridSymbolsOfShape reads the symbols of a grid of that shape only, building no cells', () => {
    const plain = parse(TEXT + 'sudoku bars\n  givens\n    1 2 | 3 4\n    3 4 | 1 2\n    ---+---\n    2 1 | 4 3\n    4 3 | 2 1\n').document;
    const lazy = parse(TEXT + 'sudoku bars\n  givens\n    1 2 | 3 4\n    3 4 | 1 2\n    ---+---\n    2 1 | 4 3\n    4 3 | 2 1\n').document;
    arm(lazy);
    for (const [i, s] of sections(plain).entries()) {
      const rows = gridSymbolRows(s.grid);
      const lazyGrid = sections(lazy)[i]!.grid;
      const built = { ...s.grid, rows: s.grid.rows }; // no row store: read from the cells
      for (const [h, w] of [
        [rows.length, rows[0]?.length ?? 0],
        [rows.length, 3],
        [2, 2],
        [4, 4],
      ] as const) {
        const expected = rows.length === h && rows.every((r) => r.length === w) ? rows.flat() : undefined;
        assert.deepEqual(gridSymbolsOfShape(lazyGrid, h, w), expected, `${s.keyword} ${i} as ${h}x${w}`);
        assert.deepEqual(gridSymbolsOfShape(built, h, w), expected, `${s.keyword} ${i} built, as ${h}x${w}`);
      }
    }
  });
});
