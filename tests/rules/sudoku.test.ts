// The exact Sudoku solver against real data: every puzzle of the 17-clue and forum-hardest CSVs (5,000 each)
// must have exactly the given solution and no other; tdoku's test files give unsolvable and
// multiple-solution cases with known counts. Skips visibly when the shared data is absent.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  boxShape,
  maskDigits,
  parseSudokuString,
  solveSudoku,
  sudokuCandidates,
  sudokuConflicts,
  sudokuGeometry,
  sudokuToString,
} from '../../core/src/rules/sudoku';
import { defined } from '../defined';

const DATA = join(process.env.GRID_REASONER_DATA ?? '/work/shared/data', 'sudoku');
const need = (f: string): false | string =>
  existsSync(join(DATA, f)) ? false : `SKIPPED: ${join(DATA, f)} not found (puzzle data absent)`;
const lines = (f: string): string[] =>
  readFileSync(join(DATA, f), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');

describe('Sudoku solver on real puzzles', () => {
  // Uniqueness (cap 2) costs twice the search; proving it for every 17-clue puzzle and every 5th hard one
  // keeps the suite quick on two shared cores.
  for (const [file, uniqueEvery] of [
    ['puzzles2_17_clue.csv', 1],
    ['puzzles5_forum_hardest_1905_11+.csv', 5],
  ] as const) {
    it(`agrees with every solution in ${file} (uniqueness proven for 1 in ${uniqueEvery})`, { skip: need(file) }, () => {
      const rows = lines(file)
        .slice(1)
        .map((l) => l.split(','));
      assert.ok(rows.length >= 5000, `${rows.length} rows`);
      let checked = 0;
      for (const [i, [, question, answer]] of rows.entries()) {
        const cap = i % uniqueEvery === 0 ? 2 : 1;
        const r = solveSudoku(parseSudokuString(defined(question, 'a question')), 9, cap);
        if (r.count !== 1 || sudokuToString(r.solution!) !== answer) {
          assert.fail(`${question}: count ${r.count}, got ${r.solution ? sudokuToString(r.solution) : 'none'}, expected ${answer}`);
        }
        checked++;
      }
      assert.equal(checked, rows.length);
    });
  }

  it('solves tdoku_test/unique.csv', { skip: need('tdoku_test/unique.csv') }, () => {
    const rows = lines('tdoku_test/unique.csv').map((l) => l.split(','));
    assert.equal(rows.length, 18);
    for (const [q, a] of rows) {
      const r = solveSudoku(parseSudokuString(defined(q, 'a question')), 9, 2);
      assert.equal(r.count, 1, q);
      assert.equal(sudokuToString(r.solution!), a);
    }
  });

  it('finds no solution for tdoku_test/no_solution.txt', { skip: need('tdoku_test/no_solution.txt') }, () => {
    const rows = lines('tdoku_test/no_solution.txt');
    assert.equal(rows.length, 10);
    for (const q of rows) {
      const r = solveSudoku(parseSudokuString(q), 9, 2);
      assert.equal(r.count, 0, q);
      assert.equal(r.solution, undefined);
    }
  });

  it(
    'counts the solutions of tdoku_test/multiple_solutions.csv exactly (3 to 847)',
    { skip: need('tdoku_test/multiple_solutions.csv') },
    () => {
      const rows = lines('tdoku_test/multiple_solutions.csv')
        .slice(1)
        .map((l) => l.split(','));
      assert.equal(rows.length, 15);
      for (const [q, n] of rows) {
        const question = defined(q, 'a question');
        const count = Number(n);
        const exact = solveSudoku(parseSudokuString(question), 9, 100000);
        assert.equal(exact.count, count, q);
        assert.equal(exact.capped, false);
        const capped = solveSudoku(parseSudokuString(question), 9, 2);
        assert.deepEqual([capped.count, capped.capped], [2, true]);
        // The first solution is a real solution of the givens.
        const s = exact.solution!;
        assert.deepEqual(sudokuConflicts(s, 9), []);
        parseSudokuString(question).forEach((v, i) => {
          if (v) assert.equal(s[i], v);
        });
      }
    },
  );
});

describe('Sudoku solver on other sizes and edge cases', () => {
  it('box shapes', () => {
    assert.deepEqual(boxShape(4), { boxRows: 2, boxCols: 2 });
    assert.deepEqual(boxShape(6), { boxRows: 2, boxCols: 3 });
    assert.deepEqual(boxShape(9), { boxRows: 3, boxCols: 3 });
    assert.deepEqual(boxShape(16), { boxRows: 4, boxCols: 4 });
    assert.equal(boxShape(7), undefined);
    assert.equal(sudokuGeometry(9)!.peerCount, 20);
  });

  it('an empty grid has many solutions; counting stops at the cap', () => {
    for (const size of [4, 6, 9, 16]) {
      const r = solveSudoku(new Array(size * size).fill(0), size, 5);
      assert.deepEqual([r.count, r.capped], [5, true], `size ${size}`);
      assert.deepEqual(sudokuConflicts(r.solution!, size), []);
      assert.ok(r.solution!.every((v) => v >= 1 && v <= size));
    }
  });

  it('the 4x4 grid has exactly 288 solutions', () => {
    assert.equal(solveSudoku(new Array(16).fill(0), 4, 1000).count, 288);
  });

  it('a 6x6 puzzle with a unique solution', () => {
    const q = '1....6' + '.6..1.' + '..5...' + '...2..' + '.3..5.' + '4....3';
    const r = solveSudoku(parseSudokuString(q, 6), 6, 2);
    assert.ok(r.count >= 1);
    assert.deepEqual(sudokuConflicts(r.solution!, 6), []);
    parseSudokuString(q, 6).forEach((v, i) => {
      if (v) assert.equal(r.solution![i], v);
    });
  });

  it('contradictory givens: no solution, no exception', () => {
    const q = parseSudokuString('11' + '.'.repeat(79));
    assert.equal(solveSudoku(q, 9, 2).count, 0);
  });

  it('a complete valid grid is its own unique solution', () => {
    const a = '652483917978162435314975628825736149791824563436519872269348751547291386183657294';
    const r = solveSudoku(parseSudokuString(a), 9, 2);
    assert.equal(r.count, 1);
    assert.equal(sudokuToString(r.solution!), a);
  });

  it('rejects bad input with a clear error', () => {
    assert.throws(() => solveSudoku([1, 2, 3], 9), /81/);
    assert.throws(() => solveSudoku(new Array(81).fill(10), 9), /outside/);
    assert.throws(() => solveSudoku(new Array(49).fill(0), 7), /no Sudoku geometry/);
  });

  it('candidates and conflicts', () => {
    const q = parseSudokuString('.5..83.17...1..4..3.4..56.8....3...9.9.8245....6....7...9....5...729..861.36.72.4');
    assert.deepEqual(maskDigits(defined(sudokuCandidates(q, 9)[0], 'the first mask')), [2, 6, 9]);
    const dup = [...q];
    dup[0] = 5;
    const c = sudokuConflicts(dup, 9);
    assert.deepEqual(
      c.map((x) => [x.unit, x.index, x.digit, x.cells]),
      [
        ['row', 0, 5, [0, 1]],
        ['box', 0, 5, [0, 1]],
      ],
    );
  });
});
