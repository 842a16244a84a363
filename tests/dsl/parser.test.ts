// Parser: fixture files with their expected diagnostics (tests/fixtures/dsl/NAME.arc + NAME.diagnostics,
// one `line:col-line:col severity code message` a line, 1-based; UPDATE_EXPECT=1 rewrites them), and the
// shape of the tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../core/src/dsl/parser';
import { compareDiagnostics } from '../../core/src/check';
import { PARSER_CODES } from '../../core/src/dsl/codes';
import type { ArcPuzzle, MazePuzzle, SudokuPuzzle } from '../../core/src/dsl/ast';
import { gridToMatrix } from '../../core/src/dsl/symbols';
import { stripRanges } from './helpers';
import { expectFile } from '../expect';
import { defined } from '../defined';

const dir = join(__dirname, '..', 'fixtures', 'dsl');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.arc'))
  .sort();

test('there are fixtures', () => assert.ok(fixtures.length >= 6));

for (const f of fixtures) {
  test(`diagnostics of ${f}`, () => {
    const { diagnostics } = parse(readFileSync(join(dir, f), 'utf8'));
    const actual = [...diagnostics].sort(compareDiagnostics).map((d) => {
      const { start, end } = d.range;
      return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.severity} ${d.code} ${d.message}\n`;
    });
    expectFile(join(dir, f.replace(/\.arc$/, '.diagnostics')), actual.join(''));
    for (const d of diagnostics) {
      assert.equal(d.source, 'parser');
      assert.ok(d.code in PARSER_CODES, d.code);
      assert.equal(d.severity, PARSER_CODES[d.code as keyof typeof PARSER_CODES].severity);
      assert.ok(d.message.length > 10);
    }
  });
}

test('every parser code is exercised by a fixture (except the internal P000)', () => {
  const seen = new Set<string>();
  for (const f of fixtures) for (const d of parse(readFileSync(join(dir, f), 'utf8')).diagnostics) seen.add(d.code);
  const missing = Object.keys(PARSER_CODES).filter((c) => c !== 'P000' && !seen.has(c));
  assert.deepEqual(missing, []);
});

test('the tree of a valid document', () => {
  const text = readFileSync(join(dir, 'valid-all-kinds.arc'), 'utf8');
  const { document, diagnostics } = parse(text);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    document.puzzles.map((p) => `${p.kind} ${p.name}`),
    ['sudoku easy-1', 'arc tiny-task', 'maze m-1'],
  );
  const s = document.puzzles[0] as SudokuPuzzle;
  assert.deepEqual(s.declared && [s.declared.rows, s.declared.cols], [4, 4]);
  assert.deepEqual(
    s.properties.map((p) => [p.key, p.value]),
    [
      ['source', 'hand-made'],
      ['rating', '0'],
    ],
  );
  assert.deepEqual(gridToMatrix(s.givens!.grid), [
    ['1', '.', '.', '4'],
    ['.', '4', '1', '.'],
    ['.', '1', '4', '.'],
    ['4', '.', '.', '1'],
  ]);
  assert.equal(s.givens!.grid.separators, true);
  assert.deepEqual(gridToMatrix(s.solution!.grid)[3], ['4', '3', '2', '1']);
  // exact ranges (0-based line and character)
  assert.deepEqual(s.kindRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } });
  assert.deepEqual(s.nameRange, { start: { line: 1, character: 7 }, end: { line: 1, character: 13 } });
  assert.deepEqual(s.properties[0]?.valueRange, { start: { line: 2, character: 10 }, end: { line: 2, character: 19 } });
  assert.deepEqual(s.givens!.grid.rows[0]?.cells[2]?.range, { start: { line: 5, character: 10 }, end: { line: 5, character: 11 } });
  assert.deepEqual(s.givens!.range, { start: { line: 4, character: 2 }, end: { line: 9, character: 13 } });
  assert.deepEqual(s.range, { start: { line: 1, character: 0 }, end: { line: 15, character: 13 } });
  const a = document.puzzles[1] as ArcPuzzle;
  assert.deepEqual(
    a.pairs.map((p) => p.role),
    ['train', 'test'],
  );
  const [train, testPair] = [defined(a.pairs[0], 'the train pair'), defined(a.pairs[1], 'the test pair')];
  assert.deepEqual(gridToMatrix(testPair.output!.grid), [['?', '?', '0']]);
  assert.deepEqual(testPair.input!.declared && [testPair.input!.declared.rows, testPair.input!.declared.cols], [1, 3]);
  assert.equal(train.range.start.line, 19);
  assert.equal(train.range.end.line, 25);
  const m = document.puzzles[2] as MazePuzzle;
  assert.deepEqual(gridToMatrix(m.path!.grid)[2], ['#', 'o', 'G', '#']);
  assert.deepEqual(
    document.comments.map((c) => [c.text, c.range.start.line, c.range.start.character]),
    [
      ['// A valid document: one puzzle of each kind, comments, separators.', 0, 0],
      ['// header comment', 1, 25],
      ['// an ARC task with a partial test output', 17, 0],
    ],
  );
});

test('line endings: CRLF, CR and LF give the same tree', () => {
  const text = readFileSync(join(dir, 'valid-all-kinds.arc'), 'utf8');
  const lf = parse(text);
  assert.deepEqual(parse(text.replace(/\n/g, '\r\n')), lf);
  assert.deepEqual(parse(text.replace(/\n/g, '\r')), lf);
});

test('unknown symbols stay in the tree as written', () => {
  const { document, diagnostics } = parse('arc t\n  train\n    input\n      0 x\n    output\n      12 3\n');
  const a = document.puzzles[0] as ArcPuzzle;
  const pair = defined(a.pairs[0], 'the pair');
  assert.deepEqual(gridToMatrix(pair.input!.grid), [['0', 'x']]);
  assert.deepEqual(gridToMatrix(pair.output!.grid), [['12', '3']]);
  assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['P010', 'P011']);
});

test('indentation is not significant', () => {
  const a = parse('maze m\ngrid\n# S\nG #\npath\n# S\nG #\n');
  const b = parse('maze m\n      grid\n  # S\n            G #\n path\n# S\n  G #\n');
  assert.deepEqual(stripRanges(a.document), stripRanges(b.document));
  assert.deepEqual(a.diagnostics, []);
});

test('edge inputs do not throw and give an empty document', () => {
  for (const t of ['', '\n', '\r\n\r\n', '\uFEFF', '   \t  ', '//', '// only a comment\n']) {
    const r = parse(t);
    assert.equal(r.document.puzzles.length, 0);
    assert.deepEqual(r.diagnostics, []);
  }
});

test('a size annotation mismatch carries expected and actual sizes for quick fixes', () => {
  const { diagnostics } = parse('arc t\n  train\n    input 2x2\n      1 2\n    output 1x2\n      1 2\n');
  const d = diagnostics.find((x) => x.code === 'P013')!;
  assert.deepEqual(d.data, { expected: { rows: 2, cols: 2 }, actual: { rows: 1, cols: 2 } });
  assert.deepEqual(d.range, { start: { line: 2, character: 10 }, end: { line: 2, character: 13 } });
});

test('16x16 Sudoku digits 1-9 then A-G', () => {
  const row = '1 2 3 4 5 6 7 8 9 A B C D E F G';
  const text = `sudoku big 16x16\n  givens\n${Array.from({ length: 16 }, () => `    ${row}`).join('\n')}\n`;
  assert.deepEqual(parse(text).diagnostics, []);
  const bad = parse(text.replace('A B', 'a H'));
  assert.deepEqual(
    bad.diagnostics.map((d) => [d.code, (d.data as { symbol: string }).symbol]),
    [
      ['P011', 'a'],
      ['P011', 'H'],
    ],
  );
  // a 9x9 grid does not take A
  const nine = `sudoku n\n  givens\n${Array.from({ length: 9 }, (_, i) => `    ${i === 0 ? 'A' : '.'} . . . . . . . .`).join('\n')}\n`;
  assert.deepEqual(
    parse(nine).diagnostics.map((d) => d.code),
    ['P011'],
  );
});

test('grids build their rows and cells on first access, and behave like plain data', () => {
  const text = readFileSync(join(dir, 'valid-all-kinds.arc'), 'utf8');
  const { document } = parse(text);
  const plain = JSON.parse(JSON.stringify(document));
  assert.deepStrictEqual(document, plain);
  assert.deepStrictEqual(structuredClone(document), plain);
  const grid = (document.puzzles[0] as SudokuPuzzle).givens!.grid;
  assert.equal(grid.rows, grid.rows, 'the same array on every access');
  assert.equal(defined(grid.rows[0]).cells, defined(grid.rows[0]).cells);
  assert.deepStrictEqual({ ...grid }, { rows: grid.rows, range: grid.range, separators: true });
  assert.deepEqual(Object.keys(grid).sort(), ['range', 'rows', 'separators']);
  grid.rows = [];
  assert.deepEqual(grid.rows, []);
});
