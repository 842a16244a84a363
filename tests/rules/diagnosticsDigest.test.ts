// Differential test of the diagnostics: every diagnostic (code, range, message, severity, source, related
// information, data, and their order) over a fixed set of inputs is compared with a digest recorded from an earlier
// build. The inputs are the parser digest's (tests/dsl/digestInputs.ts: examples, fixtures, a generated 3 MB
// document in each line-break style, seeded garbage) and seeded cell flips of well-formed Sudoku and mazes, which
// reach every rule. Each is checked as the CLI does (every solve done), as a large document's first server run does
// (no solving: only what the solve memo already knows, here nothing), and through the server's scheduler (its LSP
// diagnostics, with the results of unchanged puzzles reused after an edit). A change that makes the checks faster
// must not change a digest; they are rewritten only by UPDATE_EXPECT=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticsOf } from '../../core/src/check';
import { parse } from '../../core/src/dsl/parser';
import { clearSolveCache } from '../../core/src/rules/facts';
import type { RuleOptions } from '../../core/src/rules/diagnostics';
import { AnalysisCache, DEFAULT_SETTINGS, type ServerContext } from '../../server/src/context';
import { DiagnosticsScheduler } from '../../server/src/diagnostics';
import { timerEnvironment } from '../../server/src/environment';
import { expectFile } from '../expect';
import { bigDocument, digestInputs, isBatch, ROOT } from '../dsl/digestInputs';
import { rng } from '../dsl/helpers';
import { pick } from '../fuzz/random';

const EXPECT = join(ROOT, 'tests', 'fixtures', 'rules', 'diagnostics-digests.json');
const SEED = 20261203;

/** JSON with every object's keys sorted: what a diagnostic says, not the order its fields were written in. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

interface Digest {
  diagnostics: number;
  codes: string;
  sha256: string;
}

function digest(all: readonly (readonly unknown[])[]): Digest {
  const h = createHash('sha256');
  const counts = new Map<string, number>();
  let n = 0;
  for (const list of all) {
    h.update(`[${list.length}]`);
    for (const d of list) {
      h.update(canonical(d));
      const code = String((d as { code?: unknown }).code);
      counts.set(code, (counts.get(code) ?? 0) + 1);
      n++;
    }
  }
  const codes = [...counts]
    .sort()
    .map(([c, k]) => `${c}x${k}`)
    .join(' ');
  return { diagnostics: n, codes, sha256: h.digest('hex') };
}

const SUDOKU_SYMBOLS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '?'];
const MAZE_SYMBOLS = ['#', '.', 'S', 'G', 'o', '?'];

/** A copy of `text` with a few grid cells changed to other symbols of their kind (Sudoku digits, maze cells). */
function flipCells(r: () => number, text: string, symbols: string[], flips: number): string {
  const cells: number[] = [];
  const lines = text.split('\n');
  let at = 0;
  for (const line of lines) {
    // Grid rows only: indented lines of single-character tokens.
    if (/^\s+\S( \S)+\s*$/.test(line)) for (let i = 0; i < line.length; i++) if (line[i] !== ' ' && line[i] !== '|') cells.push(at + i);
    at += line.length + 1;
  }
  const chars = [...text];
  for (let k = 0; k < flips && cells.length > 0; k++) chars[pick(r, cells)] = pick(r, symbols);
  return chars.join('');
}

/** Seeded cell flips of the examples' Sudoku and mazes: conflicts, contradicted givens, wrong solutions, broken
 *  paths, walls crossed, missing or extra starts and goals. */
function ruleGarbage(): [string, string][] {
  const r = rng(SEED);
  const sudoku = digestInputs().find(([n]) => n === 'examples/sudoku.arc')?.[1] ?? '';
  const small = digestInputs().find(([n]) => n === 'examples/sudoku-small.arc')?.[1] ?? '';
  const maze = digestInputs().find(([n]) => n === 'examples/maze.arc')?.[1] ?? '';
  const out: [string, string][] = [];
  for (let b = 0; b < 4; b++) {
    const docs: string[] = [];
    for (let i = 0; i < 60; i++) {
      const flips = 1 + Math.floor(r() * 6);
      docs.push(
        i % 3 === 0
          ? flipCells(r, sudoku, SUDOKU_SYMBOLS, flips)
          : i % 3 === 1
            ? flipCells(r, small, SUDOKU_SYMBOLS.slice(0, 4).concat(['.', '?']), flips)
            : flipCells(r, maze, MAZE_SYMBOLS, flips * 3),
      );
    }
    out.push([`garbage batch ${b} (cell flips)`, docs.join('\u0000')]);
  }
  return out;
}

/** Every diagnostic of each document of an input (one document unless it is a batch), as the CLI checks it. */
function coreDiagnostics(name: string, text: string, opts: RuleOptions): unknown[][] {
  const docs = isBatch(name) ? text.split('\u0000') : [text];
  return docs.map((doc) => diagnosticsOf(parse(doc), opts));
}

/** The server's scheduler over one document, with a clock that stands still (no slice or budget ever ends, nothing
 *  is deferred: the result does not depend on the machine's speed); resolves with each publication's diagnostics. */
function scheduled(text: string, edits: ((d: TextDocument) => TextDocument)[] = []): Promise<unknown[][]> {
  let doc = TextDocument.create('file:///digest.arc', 'arc', 1, text);
  const published: unknown[][] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const ctx = {
    documents: { get: (uri: string) => (uri === doc.uri ? doc : undefined) },
    cache: new AnalysisCache(() => 0),
    env: { ...timerEnvironment('digest'), now: () => 0 },
    log: { info: () => undefined, warn: () => undefined, error: (m: string) => assert.fail(m) },
    settings: { ...DEFAULT_SETTINGS, solverBudgetMs: 1e9 },
    hooks: [],
    connection: {
      sendDiagnostics: async (p: { diagnostics: unknown[] }) => {
        published.push(p.diagnostics);
        const next = edits.shift();
        if (!next) return done();
        doc = next(doc);
        scheduler.schedule(doc.uri, 0);
      },
    },
  } as unknown as ServerContext;
  const scheduler = new DiagnosticsScheduler(ctx);
  scheduler.schedule(doc.uri, 0);
  return finished.then(() => published);
}

/** An edit of a document: `newText` over the range, as TextDocuments applies a change. */
function edit(line: number, character: number, length: number, newText: string): (d: TextDocument) => TextDocument {
  return (d) =>
    TextDocument.update(
      d,
      [{ range: { start: { line, character }, end: { line, character: character + length } }, text: newText }],
      d.version + 1,
    );
}

test('diagnostics equal the recorded digests (CLI, a large first run without solving, the server)', async () => {
  const actual: Record<string, Digest> = {};
  const inputs = [...digestInputs(), ...ruleGarbage()];
  for (const [name, text] of inputs) {
    clearSolveCache();
    actual[`${name}: first run, no solving`] = digest(coreDiagnostics(name, text, { deferSolving: true }));
    // No limit on one puzzle's solver time: "too slow" (R107) depends on the machine.
    actual[`${name}: every solve`] = digest(coreDiagnostics(name, text, { solveLimitMs: Infinity }));
  }
  for (const [name, text] of inputs.filter(([n]) => !n.startsWith('generated') && !isBatch(n)))
    actual[`${name}: server`] = digest(await scheduled(text));
  for (const [name, text] of inputs.filter(([n]) => n.endsWith('(cell flips)')))
    actual[`${name} as one document: server`] = digest(await scheduled(text.split('\u0000').join('\n')));
  // The big document, then edits: a comment line in its middle (every later puzzle moves), a cell changed.
  const big = bigDocument(3 * 2 ** 20);
  const mid = Math.floor(big.split('\n').length / 2);
  const lines = big.split('\n');
  // The first digit of a Sudoku's first givens row after the middle that has two different digits, made a copy of
  // the other (one line further down once the comment is in): R101 twice.
  let row = mid;
  for (let i = mid, inGivens = false; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (!l.startsWith('    ')) inGivens = l.trim() === 'givens';
    else if (inGivens && new Set(l.match(/[1-9]/g)).size > 1) {
      row = i;
      break;
    }
  }
  const text = lines[row] ?? '';
  const cell = text.search(/[1-9]/);
  const digit = /[1-9]/.exec(text.slice(cell).replace(text[cell] ?? '', ' '))?.[0] ?? '1';
  actual['generated 3 MB: server, then two edits'] = digest(
    await scheduled(big, [edit(mid, 0, 0, '// edited\n'), edit(row + 1, cell, 1, digit)]),
  );
  assert.ok(Object.keys(actual).length > 100);
  expectFile(EXPECT, JSON.stringify(actual, null, 1) + '\n');
});
