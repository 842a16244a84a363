// Differential test of the parser: what it produces for a fixed set of inputs (every .arc of the examples and
// fixtures, a generated document of a few MB in each line-break style, and seeded garbage that exercises the
// error recovery) is compared with a digest recorded from an earlier parser. A change that makes the parser
// faster must give byte-identical trees (cells included), diagnostics (their order included) and lazy-grid reads;
// the digests are rewritten only by UPDATE_EXPECT=1, which a speed change must never need.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, type Hash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { GridNode, ParseResult, Puzzle } from '../../core/src/dsl/ast';
import { parse } from '../../core/src/dsl/parser';
import { gridRowCount, gridShape, gridSymbolRows } from '../../core/src/dsl/lazyGrid';
import { sectionsOf } from '../../core/src/language/locate';
import { generateMaze } from '../../core/src/io/mazeGen';
import { expectFile } from '../expect';
import { pick } from '../fuzz/random';
import { mutate, randomDoc, structuredDoc } from './docGen';
import { rng } from './helpers';

const root = join(__dirname, '..', '..');
const EXPECT = join(root, 'tests', 'fixtures', 'dsl', 'parser-digests.json');
const SEED = 20261202;

function arcFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...arcFiles(p));
    else if (name.endsWith('.arc')) out.push(p);
  }
  return out;
}

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

/** The examples repeated under new names, with generated 30x30 mazes, up to about `bytes` (a few MB). */
function bigDocument(bytes: number): string {
  const examples = arcFiles(join(root, 'examples')).map((f) => readFileSync(f, 'utf8'));
  const mazes: string[] = [];
  for (let i = 0; i < 20; i++) {
    const m = generateMaze(30, 500 + i);
    const rows = (s: string) => Array.from({ length: 30 }, (_, r) => '    ' + [...s.slice(r * 30, r * 30 + 30)].join(' '));
    mazes.push(
      [`maze gen-${i} 30x30`, '  grid', ...rows(m.question.replace(/ /g, '.')), '  path', ...rows(m.answer.replace(/ /g, '.'))].join('\n'),
    );
  }
  const parts: string[] = [];
  let size = 0;
  for (let k = 0; size < bytes; k++) {
    for (const t of [...examples, ...mazes]) {
      const renamed = t.replace(/^(\s*(?:sudoku|arc|maze)\s+)(\S+)/gm, `$1$2-${k}`);
      parts.push(renamed);
      size += renamed.length;
    }
  }
  return parts.join('\n');
}

function cases(): [string, string][] {
  const out: [string, string][] = [];
  for (const f of [...arcFiles(join(root, 'examples')), ...arcFiles(join(root, 'tests', 'fixtures'))])
    out.push([relative(root, f), readFileSync(f, 'utf8')]);
  const big = bigDocument(3 * 2 ** 20);
  out.push(['generated 3 MB, \\n', big], ['generated 3 MB, \\r\\n', big.replace(/\n/g, '\r\n')]);
  out.push(['generated 3 MB, \\r', big.replace(/\n/g, '\r')]);
  const r = rng(SEED);
  const seeds = out.slice(0, -3).map(([, t]) => t.split('\n').slice(0, 80).join('\n'));
  // Garbage in batches (one digest per batch keeps the expected file short): line soup, well-formed documents,
  // mutated ones, and mutated fixtures; one batch is a single document of them all.
  for (let b = 0; b < 20; b++) {
    const docs: string[] = [];
    for (let i = 0; i < 100; i++) {
      const k = i % 4;
      docs.push(k === 0 ? randomDoc(r) : k === 1 ? structuredDoc(r) : k === 2 ? mutate(r, structuredDoc(r)) : mutate(r, pick(r, seeds)));
    }
    out.push([`garbage batch ${b}`, docs.join('\u0000')]);
    if (b === 0) out.push(['garbage batch 0 as one document', docs.join('\n')]);
  }
  return out;
}

/** The parse of each document of a batch (separated by NUL), as one result to hash. */
function parseCase(name: string, text: string): ParseResult {
  if (!name.startsWith('garbage batch') || name.endsWith('one document')) return parse(text);
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
  for (const [name, text] of cases()) actual[name] = digest(parseCase(name, text));
  assert.ok(Object.keys(actual).length > 40);
  expectFile(EXPECT, JSON.stringify(actual, null, 1) + '\n');
});
