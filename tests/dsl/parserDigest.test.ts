// Differential test of the parser: what it produces for a fixed set of inputs (every .arc of the examples and
// fixtures, a generated document of a few MB in each line-break style, and seeded garbage that exercises the
// error recovery) is compared with a digest recorded from an earlier parser. A change that makes the parser
// faster must give byte-identical trees (cells included), diagnostics (their order included) and lazy-grid reads;
// the digests are rewritten only by UPDATE_EXPECT=1, which a speed change must never need.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, type Hash } from 'node:crypto';
import { join } from 'node:path';
import type { GridNode, ParseResult, Puzzle } from '../../core/src/dsl/ast';
import { parse } from '../../core/src/dsl/parser';
import { gridRowCount, gridShape, gridSymbolRows } from '../../core/src/dsl/lazyGrid';
import { sectionsOf } from '../../core/src/language/locate';
import { expectFile } from '../expect';
import { digestInputs, isBatch, ROOT } from './digestInputs';

const EXPECT = join(ROOT, 'tests', 'fixtures', 'dsl', 'parser-digests.json');

/** The lazy reads of a grid, done before its cells are built (they read the row store), then its rows. */
function hashGrid(h: Hash, g: GridNode): void {
  h.update(JSON.stringify([gridRowCount(g), gridShape(g), gridSymbolRows(g)]));
}

/** Hashes a parse: the lazy reads of every grid first, then the whole result as JSON (which builds every cell). */
function digest(r: ParseResult): { puzzles: number; diagnostics: number; codes: string; sha256: string } {
  const h = createHash('sha256');
  for (const p of r.document.puzzles) for (const { section } of sectionsOf(p)) hashGrid(h, section.grid);
  for (const p of r.document.puzzles) h.update(JSON.stringify(p));
  h.update(JSON.stringify(r.document.comments));
  h.update(JSON.stringify(r.diagnostics));
  const counts = new Map<string, number>();
  for (const d of r.diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  const codes = [...counts]
    .sort()
    .map(([c, n]) => `${c}x${n}`)
    .join(' ');
  return { puzzles: r.document.puzzles.length, diagnostics: r.diagnostics.length, codes, sha256: h.digest('hex') };
}

/** The parse of each document of a batch (separated by NUL), as one result to hash. */
function parseCase(name: string, text: string): ParseResult {
  if (!isBatch(name)) return parse(text);
  const puzzles: Puzzle[] = [];
  const all: ParseResult = { document: { puzzles, comments: [] }, diagnostics: [] };
  for (const doc of text.split('\u0000')) {
    const r = parse(doc);
    puzzles.push(...r.document.puzzles);
    all.document.comments.push(...r.document.comments);
    all.diagnostics.push(...r.diagnostics);
  }
  return all;
}

test('parser output equals the recorded digests (examples, fixtures, a generated 3 MB document, seeded garbage)', () => {
  const actual: Record<string, ReturnType<typeof digest>> = {};
  for (const [name, text] of digestInputs()) actual[name] = digest(parseCase(name, text));
  assert.ok(Object.keys(actual).length > 40);
  expectFile(EXPECT, JSON.stringify(actual, null, 1) + '\n');
});
