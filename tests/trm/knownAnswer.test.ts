// The known answer a trace carries for marking wrong cells: the file's, else the exact solver's unique answer
// (Sudoku up to 9x9, mazes with one shortest path), never for ARC. The server computes it; the webview draws it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { knownAnswers, solverAnswer } from '../../core/src/trm/knownAnswer';
import type { Trace } from '../../core/src/trm/trace';

const fixtures = join(__dirname, '..', 'fixtures', 'traces');
const load = (name: string) => JSON.parse(readFileSync(join(fixtures, `${name}.trace.json`), 'utf8')) as Trace;

test("a Sudoku or maze without a written answer gets the exact solver's unique answer; ARC never", () => {
  const sudoku = load('sudoku-9x9');
  assert.deepEqual(solverAnswer({ kind: 'sudoku', given: sudoku.given }), sudoku.expected);
  assert.deepEqual(knownAnswers({ kind: 'sudoku', given: sudoku.given }), { solverAnswer: sudoku.expected });
  // The file's own answer wins and nothing is solved.
  assert.deepEqual(knownAnswers({ kind: 'sudoku', given: sudoku.given, expected: sudoku.expected! }), { expected: sudoku.expected });
  // Several solutions: no answer to compare with.
  const empty = Array.from({ length: 4 }, () => ['.', '.', '.', '.']);
  assert.deepEqual(knownAnswers({ kind: 'sudoku', given: empty }), {});
  const maze = load('maze-15x15');
  const m = solverAnswer({ kind: 'maze', given: maze.given });
  assert.ok(m, 'the fixture maze has one shortest path');
  if (maze.expected) assert.deepEqual(m, maze.expected);
  const arc = load('arc-0ca9ddb6');
  assert.deepEqual(knownAnswers({ kind: 'arc', given: arc.given }), {});
});
