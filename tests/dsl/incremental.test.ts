// Incremental parsing (core/src/dsl/incremental.ts): after each of many random edits to real fixture text, the
// re-parse of the edited version (from the previous re-parse, edit after edit) deep-equals parse() of the new text:
// the same tree, ranges and parser diagnostics. Also: a parse run in slices equals parse(), and an edit leaves the
// puzzles it did not reach as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../core/src/dsl/parser';
import { ParseJob, parseInChunks, reparse, type ChunkedParse } from '../../core/src/dsl/incremental';
import { rng } from './helpers';
import { defined } from '../defined';

const root = join(__dirname, '..', '..');
const sources = [
  ...readdirSync(join(root, 'tests', 'fixtures', 'dsl'))
    .filter((f) => f.endsWith('.arc'))
    .sort()
    .map((f) => join(root, 'tests', 'fixtures', 'dsl', f)),
  join(root, 'examples', 'sudoku.arc'),
  join(root, 'examples', 'maze.arc'),
];
/** Every DSL fixture (errors of every kind, text before the first header) and two examples, one after the other. */
const FIXTURE = sources.map((f) => readFileSync(f, 'utf8')).join('\n');

const LINES = [
  'sudoku extra',
  'sudoku extra 4x4',
  'maze m2',
  'arc t9',
  'arc',
  'givens',
  'solution 9x9',
  'grid',
  'path',
  'train',
  'test',
  'input',
  'output 2x2',
  '1 2 | 3 4',
  '. . 3 .',
  '# S . G',
  '0 1 2',
  '---+---',
  'rating: 5',
  '// sudoku in a comment',
  'sudoku x // a header with a comment',
  '',
  '   ',
  'bogus words',
];
const CHARS = [' ', 'a', '1', '.', '|', '/', '\n', '\r', '\r\n', 's', 'sudoku ', 'x\n', '\t'];

/** Offsets where a line starts (0 included) and where a puzzle's header line starts. */
function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) out.push(i + 1);
  }
  return out;
}
function headerStartsOf(text: string): number[] {
  return lineStartsOf(text).filter((o) => /^[ \t]*(sudoku|arc|maze)(\s|$)/.test(text.slice(o, o + 40)));
}

type Edit = { from: number; to: number; insert: string; what: string };

function randomEdit(text: string, r: () => number): Edit {
  const pick = <T>(xs: readonly T[]): T => defined(xs[Math.floor(r() * xs.length)], 'an element to pick');
  const at = (): number => Math.floor(r() * (text.length + 1));
  const lines = lineStartsOf(text);
  const headers = headerStartsOf(text);
  /** The offset of the i-th header line (i within the list). */
  const header = (i: number): number => defined(headers[i], `header ${i}`);
  const lineAfter = (o: number): number => lines.find((x) => x > o) ?? text.length;
  switch (Math.floor(r() * 11)) {
    case 0: {
      const o = pick(lines);
      return { from: o, to: o, insert: pick(LINES) + pick(['\n', '\r\n']), what: 'insert a line' };
    }
    case 1: {
      const o = pick(lines);
      let to = o;
      for (let n = 1 + Math.floor(r() * 3); n > 0; n--) to = lineAfter(to);
      return { from: o, to, insert: '', what: 'delete lines' };
    }
    case 2: {
      const o = at();
      return { from: o, to: o, insert: pick(CHARS), what: 'insert characters' };
    }
    case 3: {
      const o = at();
      return { from: o, to: Math.min(text.length, o + 1 + Math.floor(r() * 4)), insert: '', what: 'delete characters' };
    }
    case 4: {
      if (!headers.length) return { from: 0, to: 0, insert: 'sudoku s\ngivens\n1 2\n', what: 'insert a puzzle' };
      const i = Math.floor(r() * headers.length);
      return { from: header(i), to: headers[i + 1] ?? text.length, insert: '', what: 'delete a puzzle' };
    }
    case 5: {
      if (!headers.length) return { from: 0, to: 0, insert: 'maze m\ngrid\nS . G\n', what: 'insert a puzzle' };
      const i = Math.floor(r() * headers.length);
      const puzzle = text.slice(header(i), headers[i + 1] ?? text.length);
      const o = pick([...headers, text.length]);
      return { from: o, to: o, insert: puzzle.endsWith('\n') ? puzzle : puzzle + '\n', what: 'copy a puzzle' };
    }
    case 6: {
      // From inside one puzzle to inside the next.
      if (headers.length < 2) return { from: 0, to: Math.min(5, text.length), insert: '', what: 'delete at the start' };
      const i = Math.floor(r() * (headers.length - 1));
      const from = header(i) + Math.floor(r() * (header(i + 1) - header(i)));
      const end = headers[i + 2] ?? text.length;
      const to = header(i + 1) + Math.floor(r() * (end - header(i + 1)));
      return { from, to, insert: pick(['', '\n', ' 1 2\n', 'sudoku joined\n']), what: 'edit across two puzzles' };
    }
    case 7:
      return { from: 0, to: Math.floor(r() * 3), insert: pick(['', ...LINES.map((l) => l + '\n'), ...CHARS]), what: 'edit at the start' };
    case 8:
      return {
        from: Math.max(0, text.length - Math.floor(r() * 3)),
        to: text.length,
        insert: pick(['', '\n', '1 2', 'maze end', ...CHARS]),
        what: 'edit at the end',
      };
    case 9: {
      // Break a header keyword, or make a row line a header.
      if (!headers.length) return { from: 0, to: 0, insert: 'arc a\n', what: 'insert a header' };
      const o = pick(headers);
      const kw = /^[ \t]*/.exec(text.slice(o))![0].length + o;
      return { from: kw, to: kw + 1, insert: pick(['', 'x', 'S', 'm', 'a']), what: 'change a header keyword' };
    }
    default: {
      const o = pick(lines);
      return { from: o, to: lineAfter(o), insert: pick(LINES) + '\n', what: 'replace a line' };
    }
  }
}

function assertSameAsParse(c: ChunkedParse, text: string, context: string): void {
  assert.equal(c.text, text, context);
  assert.equal(c.chunks.map((x) => x.text).join(''), text, `${context}: the chunks cover the text`);
  assert.equal(c.puzzleTexts.length, c.result.document.puzzles.length, context);
  assert.deepStrictEqual(c.result, parse(text), context);
}

test('after each of 600 random edits the incremental parse (at once or in slices) equals parse() of the new text', () => {
  const r = rng(20261201);
  let text = FIXTURE;
  let current = parseInChunks(text);
  assertSameAsParse(current, text, 'the fixture');
  const seen = new Set<string>();
  for (let n = 0; n < 600; n++) {
    if (text.length > 4 * FIXTURE.length || text.length < 200) {
      text = FIXTURE;
      current = parseInChunks(text);
    }
    const e = randomEdit(text, r);
    seen.add(e.what);
    const next = text.slice(0, e.from) + e.insert + text.slice(e.to);
    // Every third edit is parsed in slices, pausing wherever the job lets it.
    let updated: ChunkedParse;
    if (n % 3 === 0) {
      const job = new ParseJob(next, current);
      while (!job.step(() => true));
      updated = job.finish();
    } else updated = reparse(current, next);
    assertSameAsParse(updated, next, `edit ${n} (${e.what} at ${e.from}-${e.to}: ${JSON.stringify(e.insert)})`);
    text = next;
    current = updated;
  }
  assert.ok(seen.size >= 11, `every kind of edit was tried: ${[...seen].join(', ')}`);
});

test('a parse run in slices (a pause every 64 lines) equals parse()', () => {
  const job = new ParseJob(FIXTURE);
  let slices = 1;
  while (!job.step(() => true)) slices++;
  assert.ok(slices > 5, `${slices} slices`);
  assert.deepStrictEqual(job.finish().result, parse(FIXTURE));
});

test('an edit inside one puzzle parses that puzzle again and keeps the others', () => {
  const before = parseInChunks(FIXTURE);
  const puzzles = before.result.document.puzzles;
  const target = defined(puzzles[Math.floor(puzzles.length / 2)], 'a puzzle in the middle');
  const lines = FIXTURE.split('\n');
  const at = lines.slice(0, target.headerRange.start.line + 1).join('\n').length + 1;
  const after = reparse(before, FIXTURE.slice(0, at) + '// a new line\n' + FIXTURE.slice(at));
  const now = after.result.document.puzzles;
  assert.equal(now.length, puzzles.length);
  const i = puzzles.indexOf(target);
  for (let k = 0; k < i; k++) assert.equal(now[k], puzzles[k], `puzzle ${k}, before the edit, is the same object`);
  assert.notEqual(now[i], target);
  // The puzzles after it are copies one line further down.
  for (let k = i + 1; k < now.length; k++) {
    assert.notEqual(now[k], puzzles[k]);
    assert.equal(now[k]?.headerRange.start.line, defined(puzzles[k]).headerRange.start.line + 1);
  }
});
