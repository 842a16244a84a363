import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../core/src/dsl/parser';
import { gridToMatrix } from '../../core/src/dsl/symbols';
import { applyEdits, fillSection, lineStarts, offsetAt } from '../../core/src/rules/edits';
import { solveExactly } from '../../core/src/rules/solve';
import { defined } from '../defined';

const SOLVED = [
  ['1', '2', '3', '4'],
  ['3', '4', '1', '2'],
  ['2', '1', '4', '3'],
  ['4', '3', '2', '1'],
];

function fill(text: string, keyword = 'solution', matrix: string[][] = SOLVED): string {
  const p = defined(parse(text).document.puzzles[0], 'the puzzle');
  return applyEdits(text, fillSection(p, { keyword }, matrix, text));
}

describe('fillSection', () => {
  it('same shape: edits only the cells that differ, keeping comments and layout', () => {
    const text =
      'sudoku s 4x4\n  givens\n    1 . | . .\n    . . | . 2\n    ----+----\n    . . | . .\n    . . | . 1\n  solution\n    1 ? | ? 4  // first row\n    ? ? | ? ?\n    ----+----\n    ? ? | ? ?\n    ? ? | ? ?\n';
    const p = defined(parse(text).document.puzzles[0], 'the puzzle');
    const edits = fillSection(p, { keyword: 'solution' }, SOLVED, text);
    assert.equal(edits.length, 14);
    const out = applyEdits(text, edits);
    assert.ok(out.includes('    1 2 | 3 4  // first row\n    3 4 | 1 2\n    ----+----\n    2 1 | 4 3\n    4 3 | 2 1\n'), out);
  });

  it("missing section: inserted after the puzzle with the givens' indentation and separators", () => {
    const text =
      'sudoku s 4x4\n   givens\n      1 . | . .\n      . . | . .\n      ----+----\n      . . | . .\n      . . | . .\n\nmaze m\n  grid\n    S G\n';
    const out = fill(text);
    assert.equal(
      out,
      'sudoku s 4x4\n   givens\n      1 . | . .\n      . . | . .\n      ----+----\n      . . | . .\n      . . | . .\n   solution\n     1 2 | 3 4\n     3 4 | 1 2\n     ----+----\n     2 1 | 4 3\n     4 3 | 2 1\n\nmaze m\n  grid\n    S G\n',
    );
    const again = parse(out);
    assert.deepEqual(again.diagnostics, []);
    const s = defined(again.document.puzzles[0], 'the puzzle');
    assert.ok(s.kind === 'sudoku' && s.solution);
    if (s.kind === 'sudoku') assert.deepEqual(gridToMatrix(s.solution!.grid), SOLVED);
  });

  it('other shape: the rows are replaced', () => {
    const text = 'sudoku s 4x4\n  givens\n    1 . . .\n    . . . .\n    . . . .\n    . . . .\n  solution\n    ? ?\n';
    const out = fill(text);
    assert.ok(out.endsWith('  solution\n    1 2 3 4\n    3 4 1 2\n    2 1 4 3\n    4 3 2 1\n'), out);
  });

  it('empty section: rows written below the keyword', () => {
    const text = 'maze m\n  grid\n    S . G\n  path\n';
    const p = defined(parse(text).document.puzzles[0], 'the puzzle');
    const out = applyEdits(text, fillSection(p, { keyword: 'path' }, [['S', 'o', 'G']], text));
    assert.equal(out, 'maze m\n  grid\n    S . G\n  path\n    S o G\n');
  });

  it('solveExactly + fillSection write a maze path', () => {
    const text = 'maze m\n  grid\n    S . . #\n    # # . #\n    G . . .\n';
    const p = defined(parse(text).document.puzzles[0], 'the puzzle');
    const s = solveExactly(p);
    assert.equal(s.status, 'solved');
    assert.equal(s.unique, true);
    const out = applyEdits(text, fillSection(p, s.target!, s.answer!, text));
    assert.equal(out, text + '  path\n    S o o #\n    # # o #\n    G o o .\n');
  });

  it('solveExactly reports what it cannot do', () => {
    const doc = parse(
      'arc a\n  test\n    input\n      1\n\nsudoku x 4x4\n  givens\n    1 1 . .\n    . . . .\n    . . . .\n    . . . .\n\nmaze m\n  grid\n    S # G\n',
    ).document;
    assert.deepEqual(
      doc.puzzles.map((p) => solveExactly(p).status),
      ['unsupported', 'unsolvable', 'unsolvable'],
    );
  });
});

describe('applyEdits', () => {
  it('applies edits in any order, with CRLF text', () => {
    const text = 'ab\r\ncd\r\nef';
    const starts = lineStarts(text);
    assert.equal(offsetAt(text, starts, { line: 1, character: 1 }), 5);
    assert.equal(offsetAt(text, starts, { line: 1, character: 99 }), 6);
    assert.equal(
      applyEdits(text, [
        { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, newText: 'E' },
        { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, newText: 'B' },
      ]),
      'aB\r\ncd\r\nEf',
    );
  });

  it('rejects overlapping edits', () => {
    assert.throws(
      () =>
        applyEdits('abc', [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, newText: 'x' },
          { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } }, newText: 'y' },
        ]),
      /overlapping/,
    );
  });
});

describe('fillSection keeps comments', () => {
  it('a comment after the last row stays on that row when a section is inserted', () => {
    const text = 'maze m\n  grid\n    S . G  // the only row\n// next\n';
    const p = defined(parse(text).document.puzzles[0], 'the puzzle');
    const out = applyEdits(text, fillSection(p, { keyword: 'path' }, [['S', 'o', 'G']], text));
    assert.equal(out, 'maze m\n  grid\n    S . G  // the only row\n  path\n    S o G\n// next\n');
  });

  it('rows written below a keyword keep its comment on the keyword line', () => {
    const text = 'maze m\n  grid\n    S . G\n  path  // to do\n';
    const p = defined(parse(text).document.puzzles[0], 'the puzzle');
    const out = applyEdits(text, fillSection(p, { keyword: 'path' }, [['S', 'o', 'G']], text));
    assert.equal(out, 'maze m\n  grid\n    S . G\n  path  // to do\n    S o G\n');
  });
});
