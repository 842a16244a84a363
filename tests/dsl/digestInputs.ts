// The inputs of the differential tests (tests/dsl/parserDigest.test.ts, tests/rules/diagnosticsDigest.test.ts):
// every .arc of the examples and fixtures, a generated document of a few MB in each line-break style, and seeded
// garbage that exercises the error recovery, in batches of documents separated by NUL.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateMaze } from '../../core/src/io/mazeGen';
import { pick } from '../fuzz/random';
import { mutate, randomDoc, structuredDoc } from './docGen';
import { rng } from './helpers';

export const ROOT = join(__dirname, '..', '..');
const SEED = 20261202;

export function arcFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...arcFiles(p));
    else if (name.endsWith('.arc')) out.push(p);
  }
  return out;
}

/** The examples repeated under new names, with generated 30x30 mazes, up to about `bytes` (a few MB). */
export function bigDocument(bytes: number): string {
  const examples = arcFiles(join(ROOT, 'examples')).map((f) => readFileSync(f, 'utf8'));
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

/** [name, text] of every input; a garbage batch's documents are separated by NUL (see isBatch). */
export function digestInputs(): [string, string][] {
  const out: [string, string][] = [];
  for (const f of [...arcFiles(join(ROOT, 'examples')), ...arcFiles(join(ROOT, 'tests', 'fixtures'))])
    out.push([relative(ROOT, f), readFileSync(f, 'utf8')]);
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

/** Whether an input is a batch of documents separated by NUL, each to be parsed alone. */
export function isBatch(name: string): boolean {
  return name.startsWith('garbage batch') && !name.endsWith('one document');
}
