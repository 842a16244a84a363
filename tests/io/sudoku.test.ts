// Sudoku strings and the Sudoku-Extreme CSV: byte-identical CSV -> .arc -> CSV on ../shared/data/sudoku/*.csv,
// every size (4x4, 6x6, 9x9, 16x16), one-string-a-line .txt files, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../core/src/dsl/parser';
import { print } from '../../core/src/dsl/printer';
import type { SudokuPuzzle } from '../../core/src/dsl/ast';
import { exportDocument, importText, ImportError, sudokuFromString } from '../../core/src/io';
import { gridToMatrix, sudokuBoxShape, sudokuSymbols } from '../../core/src/dsl/symbols';
import { defined } from '../defined';

const DATA = process.env.GRID_REASONER_DATA
  ? join(process.env.GRID_REASONER_DATA, 'sudoku')
  : join(__dirname, '..', '..', '..', 'shared', 'data', 'sudoku');
const csvs = existsSync(DATA)
  ? readdirSync(DATA)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => join(DATA, f))
  : [];

function csvRoundTrip(path: string, text: string): { out: string; arc: string } {
  const { puzzles, format } = importText(path, text);
  assert.equal(format, 'sudoku-csv');
  const arc = print({ puzzles, comments: [] });
  const r = parse(arc);
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity === 'error'),
    [],
    `${path}: parser errors in the imported .arc`,
  );
  return { out: defined(exportDocument(r.document, 'sudoku-csv')[0], 'the CSV file').text, arc };
}

test(
  'Sudoku-Extreme CSVs of ../shared/data: CSV -> .arc -> CSV is byte-identical',
  { skip: csvs.length ? false : `no Sudoku CSV under ${DATA}` },
  () => {
    assert.ok(csvs.length >= 2);
    for (const f of csvs) {
      const text = readFileSync(f, 'utf8');
      assert.equal(csvRoundTrip(f, text).out, text, f);
    }
  },
);

/** A valid solved grid of each size: the pattern value(r, c) = (box-shifted row + c) mod n. */
function solved(n: number): string {
  const box = sudokuBoxShape(n)!;
  const sym = sudokuSymbols(n);
  let s = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) s += sym[(box.cols * (r % box.rows) + Math.floor(r / box.rows) + c) % n];
  return s;
}

test('every size round-trips through the CSV, with blanks as . and 0 on import', () => {
  let csv = 'source,question,answer,rating\n';
  for (const n of [4, 6, 9, 16]) {
    const a = solved(n);
    const q = a
      .split('')
      .map((ch, i) => (i % 3 === 0 ? '.' : ch))
      .join('');
    csv += `gen-${n},${q},${a},${n}\n`;
    csv += `gen-${n}-unsolved,${q},,\n`;
  }
  const { out, arc } = csvRoundTrip('sizes.csv', csv);
  assert.equal(out, csv);
  assert.match(arc, /sudoku sizes-7 16x16/);
  assert.match(arc, /--------\+---------\+---------\+--------/);
  // 0 as a blank on import; the printer and exporter write `.`
  const zero = importText('z.csv', 'source,question,answer,rating\nz,1000000000000000,,\n').puzzles[0] as SudokuPuzzle;
  assert.deepEqual(gridToMatrix(zero.givens!.grid)[0], ['1', '.', '.', '.']);
});

test('the .arc of a CSV row keeps source and rating as properties', () => {
  const a = solved(9);
  const p = defined(importText('x.csv', `source,question,answer,rating\nsrc one,${a},${a},7\n`).puzzles[0], 'the puzzle');
  assert.deepEqual(
    p.properties.map((q) => [q.key, q.value]),
    [
      ['source', 'src one'],
      ['rating', '7'],
    ],
  );
  assert.equal(p.name, 'x-1');
});

test('CSV fields with commas and quotes are quoted on export', () => {
  const a = solved(4);
  const csv = `source,question,answer,rating\n"a, ""b""",${a},${a},1\n`;
  assert.equal(csvRoundTrip('q.csv', csv).out, csv);
});

test('one Sudoku string a line (.txt)', () => {
  const q = solved(9).replace(/[1-3]/g, '.');
  const { puzzles, format } = importText('dir/list.txt', `${q}\n\n${solved(4).replace(/1/g, '0')}\n`);
  assert.equal(format, 'sudoku-lines');
  assert.deepEqual(
    puzzles.map((p) => p.name),
    ['list-1', 'list-2'],
  );
  assert.equal(parse(print({ puzzles, comments: [] })).diagnostics.length, 0);
});

test(
  'the tdoku puzzle,solution CSV layout is read too',
  { skip: existsSync(join(DATA, 'tdoku_test', 'unique.csv')) ? false : 'tdoku_test absent' },
  () => {
    const { puzzles } = importText('unique.csv', readFileSync(join(DATA, 'tdoku_test', 'unique.csv'), 'utf8'));
    assert.equal(puzzles.length, 18);
    assert.ok(puzzles.every((p) => (p as SudokuPuzzle).solution));
  },
);

function importError(f: () => unknown): ImportError {
  try {
    f();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  assert.fail('no ImportError');
}

test('bad Sudoku input: clear messages with line numbers', () => {
  const e = importError(() => importText('s.csv', `source,question,answer,rating\nok,${solved(4)},,\nbad,12345,,\n`));
  assert.equal(e.line, 3);
  assert.match(e.message, /16, 36, 81 or 256 characters; this one has 5/);
  const e2 = importError(() => importText('s.txt', `${solved(4)}\n${solved(4).replace('1', 'x')}\n`));
  assert.equal(e2.line, 2);
  assert.match(e2.message, /'x'/);
  assert.match(importError(() => importText('s.csv', 'a,b\n1,2\n')).message, /no 'question' column/);
  assert.match(
    importError(() => importText('s.csv', `source,question,answer,rating\nx,${solved(4)},${solved(9)},1\n`)).message,
    /9x9 but the question is 4x4/,
  );
  assert.match(importError(() => importText('s.csv', 'source,question,answer,rating\n"unterminated,1\n')).message, /unterminated/);
  assert.throws(() => sudokuFromString('n', 'G'.repeat(81)), /not a 9x9 Sudoku digit/);
});
