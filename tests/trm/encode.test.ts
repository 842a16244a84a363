import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cellGrids,
  cellRules,
  decodeLogits,
  decodeTokens,
  encodeGrid,
  encodePuzzle,
  fitProblem,
  puzzleGrids,
} from '../../core/src/trm/encode';
import { isTrmError } from '../../core/src/trm/errors';
import { grid, meta } from './helpers';

test('Sudoku 9x9: blank = 1, digit d = d + 1; decode round trips', () => {
  const m = meta('sudoku', 9, 9);
  const g = grid(
    ['53..7....', '6..195...', '.98....6.', '8...6...3', '4..8.3..1', '7...2...6', '.6....28.', '...419..5', '....8..79'].join('/'),
  );
  const ids = encodeGrid(m, g, 'sudoku');
  assert.deepEqual(Array.from(ids.slice(0, 9)), [6, 4, 1, 1, 8, 1, 1, 1, 1]);
  assert.deepEqual(decodeTokens(m, ids, 9, 9), g);
});

test('Sudoku 16x16 uses A..G after 9', () => {
  const m = meta('sudoku', 16, 16);
  const row = '123456789ABCDEFG';
  const g = Array.from({ length: 16 }, () => row.split(''));
  const ids = encodeGrid(m, g, 'sudoku');
  assert.deepEqual(
    Array.from(ids.slice(0, 16)),
    Array.from({ length: 16 }, (_, i) => i + 2),
  );
  assert.deepEqual(decodeTokens(m, ids, 16, 16), g);
});

test('maze: # . S G = 1 2 3 4, padded with walls right and below; decode of the window round trips', () => {
  const m = meta('maze', 4, 5);
  const g = grid('S.#/.#./..G');
  const ids = encodeGrid(m, g, 'maze');
  assert.deepEqual(Array.from(ids), [3, 2, 1, 1, 1, 2, 1, 2, 1, 1, 2, 2, 4, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(decodeTokens(m, ids, 3, 3), g);
});

test('ARC puzzles encode on the canvas with EOS', () => {
  const m = meta('arc', 3, 3);
  const ids = encodePuzzle(m, { kind: 'arc', name: 't', given: grid('07/30') });
  assert.deepEqual(Array.from(ids), [2, 9, 1, 5, 2, 1, 1, 1, 0]);
});

test('symbols the model cannot read and puzzles that do not fit give clear errors', () => {
  const m = meta('sudoku', 4, 4);
  assert.throws(
    () => encodeGrid(m, grid('1.../..x./..../....'), 'sudoku'),
    (e) => isTrmError(e) && /cell 2,3 holds "x"/.test(e.message),
  );
  assert.match(
    fitProblem(m, { kind: 'sudoku', name: 'big', given: grid('.........'.repeat(9).match(/.{9}/g)!.join('/')) })!,
    /solves 4x4 Sudoku, "big" is 9x9/,
  );
  assert.match(fitProblem(m, { kind: 'maze', name: 'mz', given: grid('S.G') })!, /solves sudoku puzzles, "mz" is a maze/);
  assert.match(fitProblem(meta('maze', 2, 2), { kind: 'maze', name: 'mz', given: grid('S.G') })!, /up to 2x2/);
  assert.throws(
    () => puzzleGrids({ kind: 'arc', name: 'a', pairs: [] } as never),
    (e) => isTrmError(e) && e.code === 'puzzle-mismatch' && /no test pair 1/.test(e.message),
  );
});

test('decodeLogits: argmax, softmax probability, top 3 best first', () => {
  const L = 2,
    V = 4;
  const logits = Float32Array.from([0, 2, 1, 0, /* cell 2 */ 3, 0, 0, 3]);
  const d = decodeLogits(logits, 0, L, V);
  assert.deepEqual(Array.from(d.ids), [1, 0]);
  const e = Math.exp;
  assert.ok(Math.abs(d.prob[0]! - e(2) / (e(0) * 2 + e(2) + e(1))) < 1e-6);
  assert.deepEqual(Array.from(d.topIds.slice(0, 3)), [1, 2, 0]);
  assert.deepEqual(Array.from(d.topIds.slice(3, 6)), [0, 3, 1]); // tie: first index wins
  const m = meta('sudoku', 1, 1, { vocab: ['<pad>', '.', '1'], vocab_size: 3 } as never);
  const c = cellGrids(m, decodeLogits(Float32Array.from([9, 0, 0]), 0, 1, 3), 1, 1);
  assert.deepEqual(c.grid, [['?']]); // a special token is never shown as a cell answer
  assert.equal(c.top[0]![0]![0]!.symbol, '<pad>');
});

test('decodeLogits under the cell rules: a maze keeps its walls, S and G; an open cell reads open or path', () => {
  const m = meta('maze', 1, 4); // vocab <pad> # . S G o
  const question = encodeGrid(m, [['S', '.', '#', 'G']], 'maze');
  const rules = cellRules(m, 'maze', question)!;
  // the model's favourite for every cell is a wall (id 1); for the open cell path (5) beats open (2)
  const cell = [0, 9, 1, 0, 0, 3];
  const logits = Float32Array.from([...cell, ...cell, ...cell, ...cell]);
  const raw = decodeLogits(logits, 0, 4, 6);
  assert.deepEqual(Array.from(raw.ids), [1, 1, 1, 1]);
  const d = decodeLogits(logits, 0, 4, 6, rules);
  assert.deepEqual(decodeTokens(m, d.ids, 1, 4), [['S', 'o', '#', 'G']]);
  assert.equal(d.prob[0], 1); // fixed by the question
  assert.ok(Math.abs(d.prob[1]! - Math.exp(3) / (Math.exp(3) + Math.exp(1))) < 1e-6); // over the allowed two only
  assert.deepEqual(Array.from(d.topIds.slice(3, 6)), [5, 2, -1]);
});

test('decodeLogits under the cell rules: a Sudoku keeps its givens and fills each blank with a digit', () => {
  const m = meta('sudoku', 4, 4);
  const given = ['1.3.', '....', '....', '....'].map((r) => r.split(''));
  const rules = cellRules(m, 'sudoku', encodeGrid(m, given, 'sudoku'))!;
  const V = m.vocab_size;
  const logits = new Float32Array(16 * V);
  for (let i = 0; i < 16; i++) {
    logits[i * V + 1] = 9; // "blank" is the favourite everywhere: never an answer
    logits[i * V + 3] = 2; // then the digit 2
  }
  const d = decodeLogits(logits, 0, 16, V, rules);
  assert.deepEqual(decodeTokens(m, d.ids, 1, 4), [['1', '2', '3', '2']]);
  assert.equal(cellRules(m, 'arc', d.ids), undefined);
});
