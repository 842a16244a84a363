// Maze-Hard CSV: generated mazes of every square size round-trip byte-identically; the answer becomes `path`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../core/src/dsl/parser';
import { print } from '../../core/src/dsl/printer';
import type { MazePuzzle } from '../../core/src/dsl/ast';
import { exportDocument, generateMaze, importText, ImportError, writeCsv } from '../../core/src/io';
import { gridToMatrix } from '../../core/src/dsl/symbols';

test('generated mazes of sizes 3..30: CSV -> .arc -> CSV is byte-identical', () => {
  const rows = [['source', 'question', 'answer', 'rating']];
  for (let n = 3; n <= 30; n++) {
    const m = generateMaze(n, 1000 + n);
    rows.push([`gen-${n}`, m.question, m.answer, String(m.pathLength)]);
  }
  rows.push(['no-answer', generateMaze(30, 5).question, '', '']);
  const csv = writeCsv(rows);
  const { puzzles, format } = importText('mazes.csv', csv);
  assert.equal(format, 'maze-csv');
  const r = parse(print({ puzzles, comments: [] }));
  assert.deepEqual(r.diagnostics, []);
  assert.equal(exportDocument(r.document, 'maze-csv')[0]?.text, csv);
});

test('the toy row of FORMAT.md', () => {
  const csv = 'source,question,answer,rating\ntoy,"S##G  # #   ####","S##Goo#o#ooo####",8\n';
  const p = importText('toy.csv', csv).puzzles[0] as MazePuzzle;
  assert.deepEqual(gridToMatrix(p.grid!.grid), [
    ['S', '#', '#', 'G'],
    ['.', '.', '#', '.'],
    ['#', '.', '.', '.'],
    ['#', '#', '#', '#'],
  ]);
  assert.deepEqual(gridToMatrix(p.path!.grid)[1], ['o', 'o', '#', 'o']);
  assert.equal(
    print({ puzzles: [p], comments: [] }),
    'maze toy-1 4x4\n  source: toy\n  rating: 8\n  grid\n    S # # G\n    . . # .\n    # . . .\n    # # # #\n  path\n    S # # G\n    o o # o\n    # o o o\n    # # # #\n',
  );
});

test('generated mazes: one S, one G, a 4-connected path from S to G', () => {
  for (const n of [5, 10, 30]) {
    const m = generateMaze(n, n);
    assert.equal(m.question.split('S').length, 2);
    assert.equal(m.question.split('G').length, 2);
    assert.equal(m.answer.split('o').length - 1 + 2, m.pathLength);
    assert.equal(m.answer.replace(/o/g, ' '), m.question);
  }
  assert.ok(generateMaze(30, 1).pathLength > 100);
});

test('bad maze input', () => {
  const e = (() => {
    try {
      importText('m.csv', 'source,question,answer,rating\nx,"# S#G ##x",,\n');
    } catch (x) {
      return x;
    }
  })();
  assert.ok(e instanceof ImportError);
  assert.equal(e.line, 2);
  assert.match(e.message, /'x'/);
  assert.throws(() => importText('m.csv', 'source,question,answer,rating\nx,"#S G######",,\n'), /n\*n characters; this one has 10/);
  // non-square mazes cannot be written as Maze-Hard CSV
  const doc = parse('maze m\n  grid\n    # S G\n    # . #\n    # . #\n    # . #\n').document;
  assert.throws(() => exportDocument(doc, 'maze-csv'), /square/);
});
