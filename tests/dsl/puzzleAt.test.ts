// A puzzle parsed on its own (core/src/dsl/puzzleAt.ts) equals that puzzle of the whole document's parse, on every
// line of the fixtures and examples (in each line-break style) and of seeded garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../core/src/dsl/parser';
import { parsePuzzleAt } from '../../core/src/dsl/puzzleAt';
import { puzzleAtLine } from '../../core/src/language/locate';
import { mutate, randomDoc, structuredDoc } from './docGen';
import { linesOf, rng } from './helpers';

const root = join(__dirname, '..', '..');

function arcFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? arcFiles(p) : name.endsWith('.arc') ? [p] : [];
    });
}

function checkEveryLine(text: string, what: string): void {
  const puzzles = parse(text).document.puzzles;
  const lines = linesOf(text).length;
  // Every line, and two past the end (the last line's puzzle).
  for (let line = 0; line < lines + 2; line++) {
    const alone = parsePuzzleAt(text, line);
    const whole = puzzleAtLine(puzzles, line);
    assert.equal(JSON.stringify(alone), JSON.stringify(whole), `${what}, line ${line}`);
  }
}

test('a puzzle parsed alone equals the whole parse on every line of the fixtures and examples', () => {
  const files = [...arcFiles(join(root, 'examples')), ...arcFiles(join(root, 'tests', 'fixtures'))];
  assert.ok(files.length > 10);
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    checkEveryLine(text, f);
    checkEveryLine(text.replace(/\n/g, '\r\n'), `${f} (\\r\\n)`);
    checkEveryLine(text.replace(/\n/g, '\r'), `${f} (\\r)`);
  }
});

test('a puzzle parsed alone equals the whole parse on every line of seeded garbage', () => {
  const r = rng(20261203);
  for (let i = 0; i < 600; i++) {
    const k = i % 3;
    const text = k === 0 ? randomDoc(r) : k === 1 ? structuredDoc(r) : mutate(r, structuredDoc(r));
    checkEveryLine(text, `document ${i}: ${JSON.stringify(text)}`);
  }
});

test('a puzzle parsed alone: headers found as the parser finds them (comments, odd spaces, line breaks)', () => {
  const docs = [
    'sudoku a//c 4x4\ngivens\n  1 . . .\n// sudoku b\n  . . 3 .\narc//x\n  train\n    input\n      1 2\nmaze//\n  grid\n    S G\n',
    '\u00a0\ufeffmaze m 1x2\n  grid\n    S G\n\r\n\rarc\ttask\n  test\n    input\n      0\n  source: x\n\n\n',
    'sudokus x\nsudoku:\n  sudoku y\n1 2\n givens\n\n', // a near-miss word, a property key, an indented header
    '',
    '\n\n',
  ];
  for (const [i, d] of docs.entries()) checkEveryLine(d, `crafted document ${i}`);
});
