// The 10 MB document of bench/lsp.bench.ts (and bench/firstRun.ts): every ARC-AGI-1 training task, the first 2,000
// forum-hardest Sudoku with solutions and 300 generated 30x30 mazes with paths, repeated under new names until the
// printed text reaches `target` bytes.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Puzzle } from '../core/src/dsl/ast';
import { print } from '../core/src/dsl/printer';
import { importText } from '../core/src/io';
import { generateMaze } from '../core/src/io/mazeGen';

/** The shared puzzle data it is built from (bench/lsp.bench.ts skips when they are missing). */
export function bigDocumentSources(data: string): { arcDir: string; csv: string } {
  return { arcDir: join(data, 'arc-agi-1', 'training'), csv: join(data, 'sudoku', 'puzzles5_forum_hardest_1905_11+.csv') };
}

export function bigDocument(data: string, target = 10 * 1024 * 1024): { text: string; puzzles: Puzzle[] } {
  const { arcDir, csv } = bigDocumentSources(data);
  const base: Puzzle[] = [];
  for (const f of readdirSync(arcDir)
    .filter((x) => x.endsWith('.json'))
    .sort())
    base.push(...importText(join(arcDir, f), readFileSync(join(arcDir, f), 'utf8')).puzzles);
  base.push(...importText(csv, readFileSync(csv, 'utf8')).puzzles.slice(0, 2000));
  const mazes = ['source,question,answer,rating'];
  for (let i = 0; i < 300; i++) {
    const m = generateMaze(30, 1000 + i);
    mazes.push(`gen,${m.question},${m.answer},${m.pathLength}`);
  }
  base.push(...importText('mazes.csv', mazes.join('\n') + '\n').puzzles);
  const puzzles: Puzzle[] = [];
  let text = '';
  for (let k = 0; Buffer.byteLength(text) < target; k++) {
    puzzles.push(...base.map((p) => ({ ...p, name: `${p.name}-${k}` }) as Puzzle));
    text = print({ puzzles, comments: [] });
  }
  return { text, puzzles };
}
