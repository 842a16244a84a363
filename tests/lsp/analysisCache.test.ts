// The server's analysis cache (server/src/context.ts): a new version of a document is parsed from the previous
// version's chunks and equals a fresh parse; a parse in slices gives the same; a request for the same version while
// the slices are under way finishes that parse; a version that changed meanwhile gives no analysis.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from '../../core/src/dsl/parser';
import { AnalysisCache, type Slicing } from '../../server/src/context';
import { defined } from '../defined';

const TEXT = ['sudoku.arc', 'maze.arc', 'arc-training.arc']
  .map((f) => readFileSync(join(__dirname, '..', '..', 'examples', f), 'utf8'))
  .join('\n');

/** A slicing whose every slice is over at once: each step does as little as the parser allows. */
function tinySlices(onYield: () => void = () => {}): Slicing {
  return { now: () => 0, sliceMs: -1, yieldToEventLoop: async () => onYield() };
}

test('an incremental change is parsed from the previous version and equals a fresh parse', () => {
  const cache = new AnalysisCache();
  const doc = TextDocument.create('file:///a.arc', 'arcgrid', 1, TEXT);
  const first = cache.get(doc);
  assert.deepStrictEqual(first.parsed, parse(TEXT));
  const puzzles = first.parsed.document.puzzles;
  const last = defined(puzzles[puzzles.length - 1], 'the last puzzle');
  const at = { line: last.headerRange.start.line + 1, character: 0 };
  TextDocument.update(doc, [{ range: { start: at, end: at }, text: '// note\n' }], 2);
  const second = cache.get(doc);
  assert.equal(second.version, 2);
  assert.deepStrictEqual(second.parsed, parse(doc.getText()));
  // The puzzles before the edit were not parsed again.
  assert.equal(second.parsed.document.puzzles[0], puzzles[0]);
  assert.equal(second.puzzleTexts.length, second.parsed.document.puzzles.length);
  assert.ok(second.puzzleTexts[puzzles.length - 1]!.includes('// note'));
});

test('a parse in slices equals a fresh parse, and get() of that version meanwhile finishes it', async () => {
  const cache = new AnalysisCache();
  const doc = TextDocument.create('file:///b.arc', 'arcgrid', 1, TEXT);
  let yields = 0;
  let fromGet: ReturnType<AnalysisCache['get']> | undefined;
  const sliced = await cache.analyse(
    doc,
    tinySlices(() => {
      if (++yields === 3) fromGet = cache.get(doc);
    }),
  );
  assert.ok(yields >= 3, `${yields} yields`);
  assert.ok(fromGet && sliced);
  assert.equal(sliced, fromGet, 'the analysis get() finished is the one analyse() returns');
  assert.deepStrictEqual(sliced.parsed, parse(TEXT));
});

test('a parse in slices of a version that changed meanwhile gives no analysis; the new version parses', async () => {
  const cache = new AnalysisCache();
  const doc = TextDocument.create('file:///c.arc', 'arcgrid', 1, TEXT);
  let yields = 0;
  const stale = await cache.analyse(
    doc,
    tinySlices(() => {
      if (++yields === 2) TextDocument.update(doc, [{ text: 'maze m\ngrid\n  S . G\n' }], 2);
    }),
  );
  assert.equal(stale, undefined);
  const now = await cache.analyse(doc, tinySlices());
  assert.equal(now?.version, 2);
  assert.deepStrictEqual(now.parsed, parse('maze m\ngrid\n  S . G\n'));
});
