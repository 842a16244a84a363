// ARC task JSON and Kaggle: lossless round trips (all 800 ARC-AGI-1 tasks from ../shared/data when present)
// and clear errors on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../core/src/dsl/parser';
import { print } from '../../core/src/dsl/printer';
import type { ArcPuzzle } from '../../core/src/dsl/ast';
import { exportDocument, importKaggle, importText, ImportError, exportKaggle, importArcTaskJson } from '../../core/src/io';
import { defined } from '../defined';

const ARC = process.env.GRID_REASONER_DATA
  ? join(process.env.GRID_REASONER_DATA, 'arc-agi-1')
  : join(__dirname, '..', '..', '..', 'shared', 'data', 'arc-agi-1');
const have = existsSync(join(ARC, 'training')) && existsSync(join(ARC, 'evaluation'));
const taskFiles = have
  ? ['training', 'evaluation'].flatMap((d) =>
      readdirSync(join(ARC, d))
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(ARC, d, f)),
    )
  : [];

/** JSON -> .arc text -> parse -> JSON. */
function roundTrip(path: string, text: string): unknown {
  const { puzzles } = importText(path, text);
  const arc = print({ puzzles, comments: [] });
  const r = parse(arc);
  assert.deepEqual(r.diagnostics, [], `${path}: the imported .arc has parser diagnostics`);
  const files = exportDocument(r.document, 'arc-json');
  assert.equal(files.length, 1);
  return JSON.parse(defined(files[0]).text);
}

test('all 800 ARC-AGI-1 tasks: JSON -> .arc -> JSON is deep-equal', { skip: have ? false : `ARC data not found at ${ARC}` }, () => {
  assert.equal(taskFiles.length, 800);
  for (const f of taskFiles) {
    const text = readFileSync(f, 'utf8');
    assert.deepStrictEqual(roundTrip(f, text), JSON.parse(text), f);
  }
});

const small =
  '{"train": [{"input": [[1, 2], [3, 4]], "output": [[4]]}], "test": [{"input": [[0]], "output": [[9, 9, 9]]}, {"input": [[5]]}]}';

test('a small task round-trips, including a test pair without output and extra keys', () => {
  assert.deepStrictEqual(roundTrip('t.json', small), JSON.parse(small));
  const extra = '{"train": [], "test": [{"input": [[1]]}], "name": "abc", "meta": {"k": [1, 2]}}';
  assert.deepStrictEqual(roundTrip('x.json', extra), JSON.parse(extra));
});

test('the .arc text of a task', () => {
  const p = importArcTaskJson(small, 'tiny');
  assert.equal(
    print({ puzzles: [p], comments: [] }),
    [
      'arc tiny',
      '  train',
      '    input 2x2',
      '      1 2',
      '      3 4',
      '    output 1x1',
      '      4',
      '  test',
      '    input 1x1',
      '      0',
      '    output 1x3',
      '      9 9 9',
      '  test',
      '    input 1x1',
      '      5',
      '',
    ].join('\n'),
  );
});

test('a partial test output (? cells) is left out of the JSON with a warning', () => {
  const doc = parse(
    'arc t\n  train\n    input\n      1\n    output\n      2\n  test\n    input\n      3\n    output\n      ? 4\n',
  ).document;
  const warnings: string[] = [];
  const [f] = exportDocument(doc, 'arc-json', warnings);
  assert.deepEqual(JSON.parse(defined(f, 'the JSON file').text), { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }] });
  assert.equal(warnings.length, 1);
  assert.match(defined(warnings[0], 'a warning'), /unknown cells/);
});

test('Kaggle challenges + solutions round-trip', { skip: have ? false : 'ARC data not found' }, () => {
  const ch: Record<string, unknown> = {};
  const sol: Record<string, unknown> = {};
  for (const f of taskFiles.slice(0, 40)) {
    const t = JSON.parse(readFileSync(f, 'utf8'));
    const id = f.replace(/^.*\//, '').replace('.json', '');
    ch[id] = { train: t.train, test: t.test.map((p: { input: unknown }) => ({ input: p.input })) };
    sol[id] = t.test.map((p: { output: unknown }) => p.output);
  }
  const puzzles = importKaggle(JSON.stringify(ch), JSON.stringify(sol));
  const doc = parse(print({ puzzles, comments: [] })).document;
  const k = exportKaggle(doc.puzzles as ArcPuzzle[]);
  assert.deepStrictEqual(JSON.parse(k.challenges), ch);
  assert.deepStrictEqual(JSON.parse(k.solutions), sol);
  // without solutions: test outputs absent, and the solutions export is empty
  const bare = importKaggle(JSON.stringify(ch));
  assert.ok(bare.every((p) => p.pairs.filter((q) => q.role === 'test').every((q) => !q.output)));
  const warnings: string[] = [];
  assert.deepStrictEqual(JSON.parse(exportKaggle(bare, warnings).solutions), {});
  assert.equal(warnings.length, 40);
});

test('Kaggle import is chosen for a .json that is not one task', () => {
  const r = importText('x_challenges.json', '{"abc": {"train": [], "test": [{"input": [[1]]}]}}', '{"abc": [[[2]]]}');
  assert.equal(r.format, 'kaggle');
  const p = r.puzzles[0] as ArcPuzzle;
  assert.equal(p.name, 'abc');
  assert.equal(p.pairs[0]?.output?.grid.rows[0]?.cells[0]?.symbol, '2');
});

function importError(f: () => unknown): ImportError {
  try {
    f();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  assert.fail('no ImportError');
}

test('bad ARC JSON: clear messages with positions', () => {
  const e1 = importError(() => importText('bad.json', '{"train": [\n  {"input": [[1, 2]], }\n]}'));
  assert.equal(e1.line, 2);
  assert.ok(e1.column! > 1);
  assert.match(
    importError(() => importText('t.json', '{"train": [{"input": [[1, 12]], "output": [[1]]}], "test": []}')).message,
    /train\[0\]\.input\[0\]\[1\]: expected a colour 0-9, got 12/,
  );
  assert.match(
    importError(() => importText('t.json', '{"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": []}')).message,
    /input\[1\]: 1 cells; row 0 has 2/,
  );
  assert.match(importError(() => importText('t.json', '{"train": [{"input": [[1]]}], "test": []}')).message, /needs an "output"/);
  assert.match(importError(() => importText('t.json', '{"train": [{"input": []}], "test": []}')).message, /non-empty/);
  assert.match(
    importError(() => importText('t.json', `{"train": [{"input": [${Array(31).fill('[1]').join(',')}], "output": [[1]]}], "test": []}`))
      .message,
    /at most 30/,
  );
  assert.match(importError(() => importText('a b.json', '{"train": [], "test": [], "name": "has // slashes"}')).message, /cannot be kept/);
  assert.match(
    importError(() => importKaggle('{"a": {"train": [], "test": [{"input": [[1]]}]}}', '{"a": [[[1]], [[2]]]}')).message,
    /2 grids for 1 test inputs/,
  );
  assert.match(importError(() => importText('x.xml', '<a/>')).message, /extension/);
});
