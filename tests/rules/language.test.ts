// The pure "ide" layer without a server: what the client draws (ARC colours) and what the server maps to LSP.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../core/src/dsl/parser';
import { arcColourRanges } from '../../core/src/language/colours';
import { completionsAt } from '../../core/src/language/completion';
import { hoverAt } from '../../core/src/language/hover';
import { locate } from '../../core/src/language/locate';
import { foldingRanges } from '../../core/src/language/outline';
import { defined } from '../defined';

const at = (line: number, character: number) => ({ line, character });

describe('language layer', () => {
  it('ARC colour ranges, by colour, only in ARC grids', () => {
    const doc = parse(
      'arc t\n  train\n    input\n      0 1\n      1 9\n    output\n      2\n\nsudoku s 4x4\n  givens\n    1 2 3 4\n    . . . .\n    . . . .\n    . . . .\n',
    ).document;
    const r = arcColourRanges(doc);
    const colour = (c: number) => defined(r[c], `the ranges of colour ${c}`);
    const pos = (c: number) => colour(c).map((x) => `${x.start.line}:${x.start.character}`);
    assert.deepEqual(pos(0), ['3:6']);
    assert.deepEqual(pos(1), ['3:8', '4:6']);
    assert.deepEqual(pos(2), ['6:6']);
    assert.deepEqual(pos(9), ['4:8']);
    assert.deepEqual(
      [3, 4, 5, 6, 7, 8].map((c) => colour(c).length),
      [0, 0, 0, 0, 0, 0],
    );
    // Solid squares: a swatch covers its cell and the space before the next cell; the last of a row only its cell.
    const span = (x: { start: { character: number }; end: { character: number } }) => x.end.character - x.start.character;
    assert.deepEqual(
      [colour(0)[0], colour(1)[0], colour(1)[1], colour(9)[0]].map((x) => span(defined(x, 'a swatch'))),
      [2, 1, 2, 1],
    );
  });

  it('locate finds puzzle, pair, section and cell', () => {
    const doc = parse('arc t\n  train\n    input\n      0 1\n    output\n      2\n').document;
    const l = locate(doc.puzzles, at(3, 8));
    assert.equal(l.puzzle?.name, 't');
    assert.equal(l.pairIndex, 0);
    assert.equal(l.section?.keyword, 'input');
    assert.deepEqual([l.row, l.col, l.cell?.symbol], [0, 1, '1']);
    assert.equal(locate(doc.puzzles, at(0, 2)).onHeader, true);
    assert.equal(locate([], at(0, 0)).puzzle, undefined);
  });

  it('completions: keywords only at line start, cells in grids, nothing in comments', () => {
    const text = 'maze m\n  grid\n    S . G\n  \n';
    const doc = parse(text).document;
    const lines = text.split('\n');
    const labels = (l: number, c: number) => completionsAt(doc.puzzles, at(l, c), defined(lines[l], `line ${l}`)).map((x) => x.label);
    assert.deepEqual(labels(2, 6), ['#', '.', 'S', 'G']);
    assert.ok(labels(3, 2).includes('path') && labels(3, 2).includes('maze') && !labels(3, 2).includes('grid'));
    assert.deepEqual(completionsAt(doc.puzzles, at(0, 9), 'maze m // x'), []);
  });

  it('a 16x16 Sudoku cell hover lists letters as candidates', () => {
    const rows = Array.from({ length: 16 }, (_, r) =>
      Array.from({ length: 16 }, (_, c) => (r === 0 && c > 0 ? '123456789ABCDEF'[c - 1] : '.')).join(' '),
    );
    const text = `sudoku big 16x16\n  givens\n${rows.map((r) => `    ${r}`).join('\n')}\n`;
    const doc = parse(text).document;
    const h = hoverAt(doc.puzzles, at(2, 4));
    assert.ok(h?.markdown.includes('Candidates: G'), h?.markdown);
  });
});

describe('folding', () => {
  it('folds runs of whole-line comments, not comments after rows', () => {
    const text = '// a\n// b\nmaze m\n  grid\n    S . G  // x\n    . . .  // y\n';
    const doc = parse(text).document;
    assert.deepEqual(foldingRanges(doc, text), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 2, endLine: 5, kind: 'region' },
      { startLine: 3, endLine: 5, kind: 'region' },
    ]);
  });
});
