// Printer and formatter: canonical layout, parse(print(t)) == t ignoring ranges, idempotence, refusal on lossy errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../core/src/dsl/parser';
import { format, formatText, print, printGridRows } from '../../core/src/dsl/printer';
import { isLossy } from '../../core/src/dsl/codes';
import { stripRanges } from './helpers';
import { expectFile } from '../expect';

const root = join(__dirname, '..', '..');
const dir = join(root, 'tests', 'fixtures', 'dsl');
const arcFiles = (d: string) =>
  existsSync(d)
    ? readdirSync(d)
        .filter((f) => f.endsWith('.arc'))
        .map((f) => join(d, f))
    : [];
const files = [...arcFiles(dir), ...arcFiles(join(root, 'examples'))];

test('messy layout formats to the expected canonical text', () => {
  const out = format(readFileSync(join(dir, 'messy.arc'), 'utf8'));
  expectFile(join(dir, 'messy.formatted'), out);
});

for (const f of files) {
  const name = f.slice(root.length + 1);
  test(`format is idempotent and keeps the tree: ${name}`, () => {
    const text = readFileSync(f, 'utf8');
    const once = format(text);
    assert.equal(format(once), once);
    const r = parse(text);
    if (r.diagnostics.some((d) => isLossy(d.code))) {
      assert.equal(once, text, 'a document with dropped text is left as it is');
      return;
    }
    const again = parse(print(r.document));
    assert.deepEqual(stripRanges(again.document.puzzles), stripRanges(r.document.puzzles));
    assert.deepEqual(
      again.document.comments.map((c) => c.text),
      r.document.comments.map((c) => c.text),
    );
    // the same diagnostics, by code, come back
    assert.deepEqual(
      again.diagnostics.map((d) => d.code).sort(),
      r.diagnostics
        .filter((d) => d.code !== 'P018')
        .map((d) => d.code)
        .sort(),
    );
  });
}

test('formatText refuses when the parser dropped text, and says where', () => {
  const text = 'sudoku s\n  givens\n    1 2 3 4\n  bogus line here\n';
  const r = formatText(text);
  assert.equal(r.text, text);
  assert.deepEqual(
    r.blocking.map((d) => [d.code, d.range.start.line]),
    [['P001', 3]],
  );
});

test('formatText writes canonical text when only non-lossy errors are present', () => {
  const r = formatText('arc t\ntrain\ninput\n0   x\noutput\n1 2\n');
  assert.deepEqual(r.blocking, []);
  assert.equal(r.text, 'arc t\n  train\n    input\n      0 x\n    output\n      1 2\n');
});

test('Sudoku box separators at box boundaries for every size', () => {
  const m = (n: number) => Array.from({ length: n }, () => Array.from({ length: n }, () => '.'));
  assert.deepEqual(printGridRows('sudoku', m(4), true), ['. . | . .', '. . | . .', '----+----', '. . | . .', '. . | . .']);
  const six = printGridRows('sudoku', m(6), true);
  assert.deepEqual(six.slice(0, 3), ['. . . | . . .', '. . . | . . .', '------+------']);
  assert.equal(six.length, 8);
  const nine = printGridRows('sudoku', m(9), true);
  assert.equal(nine[3], '------+-------+------');
  assert.equal(nine.length, 11);
  const sixteen = printGridRows('sudoku', m(16), true);
  assert.equal(sixteen[4], '--------+---------+---------+--------');
  assert.equal(sixteen[0], '. . . . | . . . . | . . . . | . . . .');
  assert.equal(sixteen[0].indexOf('|'), sixteen[4].indexOf('+'));
  assert.equal(sixteen.length, 19);
  // no separators when not asked, or for other kinds
  assert.deepEqual(printGridRows('sudoku', m(4), false), ['. . . .', '. . . .', '. . . .', '. . . .']);
  assert.deepEqual(printGridRows('arc', m(4), true), ['. . . .', '. . . .', '. . . .', '. . . .']);
});

test('separators round-trip: written when the source had them, not otherwise', () => {
  const plain = 'sudoku s 4x4\n  givens\n    1 . . 4\n    . 4 1 .\n    . 1 4 .\n    4 . . 1\n';
  assert.equal(format(plain), plain);
  const one = 'sudoku s 4x4\n  givens\n    1 . | . 4\n    . 4 1 .\n    . 1 4 .\n    4 . . 1\n';
  assert.equal(format(one), 'sudoku s 4x4\n  givens\n    1 . | . 4\n    . 4 | 1 .\n    ----+----\n    . 1 | 4 .\n    4 . | . 1\n');
});

test('comments keep their place relative to the nodes', () => {
  const text = [
    '// file comment',
    'arc t  // on the header',
    '  // before train',
    '  train',
    '    input 1x1  // on input',
    '      5',
    '    // before output',
    '    output 1x1',
    '      6  // on a row',
    '// at the end',
  ].join('\n');
  const out = format(text);
  assert.equal(
    out,
    [
      '// file comment',
      'arc t  // on the header',
      '  // before train',
      '  train',
      '    input 1x1  // on input',
      '      5',
      '    // before output',
      '    output 1x1',
      '      6  // on a row',
      '// at the end',
      '',
    ].join('\n'),
  );
});

test('an empty document prints as empty text', () => {
  assert.equal(print({ puzzles: [], comments: [] }), '');
  assert.equal(format(''), '');
});

test('formatText refuses a row of dash-only cells (it would come back as a box separator and lose its cells)', () => {
  const text = 'sudoku s 4x4\n  solution\n    1 2 | 3 4\n  | ----+----\n    3 4 | 1 2\n    2 1 | 4 3\n    4 3 | 2 1\n';
  const r = formatText(text);
  assert.equal(r.text, text, 'unchanged');
  assert.deepEqual(
    r.blocking.map((d) => `${d.code}@${d.range.start.line}`),
    ['P010@3'],
  );
});
