#!/usr/bin/env node
// Measures the test-time search (docs/engine.md) of every bundled Sudoku and maze model with the built CLI's
// `eval` (one onnxruntime thread, nice 5) at 1, 16 and 64 views on its held-out sets (training/data/heldout/NAME.csv,
// and for mazes every held-out maze set that fits the model, the Maze-Hard style one too) and, for 9x9 Sudoku, the shared 17-clue and
// forum-hardest CSVs; then writes the "Test-time search" section of each card (models/NAME.md), replacing
// only that section.
//
//   npm run build && node scripts/search-table.mjs [--models sudoku-9x9,maze-9x9] [--sample 100] [--hard-sample 50] [--dry-run]

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// [views, budget ms, held-out sets only]: 64 views get a longer budget too, as a batch of 64 steps about 4x slower than 16.
const CONFIGS = [
  [1, 1000, false],
  [16, 1000, false],
  [64, 1000, false],
  [64, 4000, true],
];
// ../shared beside the repository (a worktree sits one folder deeper).
const SHARED =
  [join(ROOT, '..', 'shared', 'data', 'sudoku'), join(ROOT, '..', '..', 'shared', 'data', 'sudoku')].find((d) => existsSync(d)) ?? '';
const SHARED_CSVS = ['puzzles2_17_clue.csv', 'puzzles5_forum_hardest_1905_11+.csv'];

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    models: { type: 'string' },
    sample: { type: 'string' },
    'hard-sample': { type: 'string' },
    'dry-run': { type: 'boolean' },
    shared: { type: 'string' },
  },
});
const sample = Number(args.sample ?? 100);
const hardSample = Number(args['hard-sample'] ?? 50);
const sharedDir = args.shared ?? SHARED;
const cli = join(ROOT, 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');

function models() {
  const wanted = args.models ? new Set(args.models.split(',')) : undefined;
  return readdirSync(join(ROOT, 'models'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(ROOT, 'models', f), 'utf8')))
    .filter((m) => (m.kind === 'sudoku' || m.kind === 'maze') && (!wanted || wanted.has(m.name)));
}

/** The data sets of a model: [label, path, n]. */
function dataSets(m) {
  const heldout = join(ROOT, 'training', 'data', 'heldout');
  const out = [];
  if (m.kind === 'sudoku') {
    const own = join(heldout, `${m.name}.csv`);
    if (existsSync(own)) out.push([`held-out (training/data/heldout/${m.name}.csv)`, own, sample]);
    if (m.grid.rows === 9)
      for (const f of SHARED_CSVS)
        if (existsSync(join(sharedDir, f))) out.push([`../shared/data/sudoku/${f}`, join(sharedDir, f), hardSample]);
  } else {
    for (const f of readdirSync(heldout)
      .filter((x) => /^maze-\d+x\d+\.csv$/.test(x))
      .sort((a, b) => parseInt(a.slice(5)) - parseInt(b.slice(5)))) {
      const size = parseInt(f.slice(5), 10);
      if (size <= m.grid.rows) out.push([`held-out (training/data/heldout/${f})`, join(heldout, f), sample]);
    }
    // Mazes without loops whose goal is as far as it goes (the editor's generator, the TRM paper's Maze-Hard)
    const hard = 'maze-hard-30x30.csv';
    if (m.grid.rows >= 30 && existsSync(join(heldout, hard)))
      out.push([`held-out, Maze-Hard style (training/data/heldout/${hard})`, join(heldout, hard), sample]);
  }
  return out;
}

function evaluate(model, data, n, views, budget) {
  const cmd = [
    '-n',
    '5',
    process.execPath,
    cli,
    'eval',
    data,
    '--model',
    join(ROOT, 'models', `${model}.onnx`),
    '--json',
    '--provider',
    'cpu',
    '--threads',
    '1',
    '--sample',
    String(n),
    '--views',
    String(views),
    '--budget',
    String(budget),
  ];
  return JSON.parse(execFileSync('nice', cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;

function section(m, rows) {
  const lines = [
    '## Test-time search',
    '',
    `Exact accuracy of the model alone (1 view: the puzzle as given, halting at q_halt > 0) and of the test-time search with the rules as verifier (16 and 64 views side by side, the first answer the rules accept wins, fresh views while the budget lasts, else the vote; docs/engine.md; the default is 16 views, 1000 ms), measured with \`grid-reasoner eval\` on CPU with one onnxruntime thread on 2 shared cores (other jobs running, so times are upper bounds). n puzzles drawn with a fixed seed (\`--sample\`).`,
    '',
    '| data | n | views | budget | exact | verified by the rules | time per puzzle | mean steps |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.n} | ${r.views} | ${r.views > 1 ? `${r.budget} ms` : '-'} | ${pct(r.exact)} | ${r.views > 1 ? pct(r.verified) : '-'} | ${r.seconds.toFixed(3)} s | ${r.steps.toFixed(1)} |`,
    ),
    '',
    'On this CPU one step of 64 views takes about four times as long as one of 16, so within the same budget 64 views run fewer steps each; the last row of a held-out set gives them a 4000 ms budget. "mean steps" counts the steps of the busiest view slot (a fresh view continues its slot\'s count).',
    '',
    'Reproduce (from the repository root):',
    '',
    '```sh',
    `npm run build && node scripts/search-table.mjs --models ${m.name} --sample ${sample}${m.kind === 'sudoku' && m.grid.rows === 9 ? ` --hard-sample ${hardSample}` : ''}`,
    '# one cell, e.g.:',
    `node dist/cli.js eval ${rows[0] ? rows[0].path : 'DATA.csv'} --model models/${m.name}.onnx --threads 1 --sample ${rows[0]?.n ?? sample} --views 16`,
    '```',
    '',
  ];
  return lines.join('\n');
}

function writeSection(name, text) {
  const card = join(ROOT, 'models', `${name}.md`);
  const old = readFileSync(card, 'utf8');
  const start = old.indexOf('\n## Test-time search\n');
  let next;
  if (start < 0) next = `${old.replace(/\n*$/, '\n')}\n${text}`;
  else {
    const after = old.indexOf('\n## ', start + 1);
    next = old.slice(0, start + 1) + text + (after < 0 ? '' : old.slice(after + 1));
  }
  writeFileSync(card, next);
}

for (const m of models()) {
  const rows = [];
  for (const [label, path, n] of dataSets(m)) {
    for (const [views, budget, heldOutOnly] of CONFIGS) {
      if (heldOutOnly && !label.startsWith('held-out')) continue;
      const r = evaluate(m.name, path, n, views, budget);
      const row = {
        label,
        path: path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : `../shared/data/sudoku/${path.split('/').pop()}`,
        n: r.puzzles,
        views,
        budget,
        exact: r.exact_accuracy,
        verified: r.search_verified_fraction ?? 0,
        seconds: r.seconds_per_puzzle,
        steps: r.mean_steps,
      };
      rows.push(row);
      process.stderr.write(
        `${m.name} ${label} views ${views} budget ${budget}: exact ${pct(row.exact)} of ${row.n}, ${row.seconds.toFixed(3)} s a puzzle\n`,
      );
    }
  }
  const text = section(m, rows);
  if (args['dry-run']) process.stdout.write(`${m.name}\n${text}\n`);
  else writeSection(m.name, text);
}
