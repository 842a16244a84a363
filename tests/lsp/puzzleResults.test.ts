// The rule results a run keeps for the next: found by text wherever the puzzle now is (moved by puzzles added or
// removed before it, or elsewhere in the document), whichever way the look-up goes (its place, a scan, the map).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from '../../core/src/dsl/ast';
import { PuzzleResults } from '../../server/src/puzzleResults';

const diag = (message: string): Diagnostic[] => [
  {
    code: 'R101',
    message,
    severity: 'error',
    source: 'rules',
    range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } },
  },
];

test('results are found by text at their place, moved, elsewhere, and after many misses', () => {
  const texts = Array.from({ length: 100 }, (_, k) => `sudoku s${k}\n  givens\n    1 .\n`);
  const results = new PuzzleResults(texts.map((t, k) => [t, diag(`m${k}`)]));
  // Two puzzles inserted at the start: every later one two places further down.
  assert.equal(results.get('sudoku new\n', 0), undefined);
  assert.equal(results.get('sudoku new2\n', 1), undefined);
  for (let k = 0; k < 50; k++) assert.deepEqual(results.get(texts[k]!, k + 2), diag(`m${k}`));
  // One far from its place, then back to the moved order.
  assert.deepEqual(results.get(texts[90]!, 52), diag('m90'));
  assert.deepEqual(results.get(texts[51]!, 53), diag('m51'));
  // More misses than the scans before the map: found the same way through it.
  for (let k = 0; k < 20; k++) assert.equal(results.get(`changed ${k}`, 60 + k), undefined);
  assert.deepEqual(results.get(texts[7]!, 99), diag('m7'));
  assert.deepEqual(results.get(texts[99]!, 0), diag('m99'));
  assert.equal(new PuzzleResults().get(texts[0]!, 0), undefined);
});
