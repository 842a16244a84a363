// Parse throughput of the .arc parser on one document holding all 800 ARC-AGI-1 tasks and 10,000 Sudoku from
// ../shared/data (imported with core/src/io, printed canonically). Goal: >= 20 MB/s. Also the printer and the
// formatter, for scale. Prints one markdown section.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { parse } from '../core/src/dsl/parser';
import { format, print } from '../core/src/dsl/printer';
import type { Puzzle } from '../core/src/dsl/ast';
import { importText } from '../core/src/io';

const data = process.env.GRID_REASONER_DATA ?? join(__dirname, '..', '..', 'shared', 'data');
const arcDir = join(data, 'arc-agi-1');
const sudokuDir = join(data, 'sudoku');

function out(s: string): void {
  process.stdout.write(s + '\n');
}

out('## Parser throughput (bench/parse.bench.ts)\n');
if (!existsSync(arcDir) || !existsSync(sudokuDir)) {
  out(`Skipped: the puzzle data was not found under ${data} (set GRID_REASONER_DATA).`);
  process.exit(0);
}

const puzzles: Puzzle[] = [];
for (const d of ['training', 'evaluation']) {
  for (const f of readdirSync(join(arcDir, d))
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const p = join(arcDir, d, f);
    puzzles.push(...importText(p, readFileSync(p, 'utf8')).puzzles);
  }
}
const arcCount = puzzles.length;
let sudokuCount = 0;
for (const f of readdirSync(sudokuDir)
  .filter((x) => x.endsWith('.csv'))
  .sort()) {
  if (sudokuCount >= 10000) break;
  const p = join(sudokuDir, f);
  const got = importText(p, readFileSync(p, 'utf8')).puzzles.slice(0, 10000 - sudokuCount);
  sudokuCount += got.length;
  puzzles.push(...got);
}
const text = print({ puzzles, comments: [] });
const bytes = Buffer.byteLength(text, 'utf8');
const total = puzzles.length;

/** Median wall time and median CPU time (user + system of this process) over the runs, in ms. */
function measure(fn: () => void, minRuns = 5, minMs = 3000): { median: number; cpu: number; best: number; runs: number } {
  fn(); // warm-up
  const times: number[] = [];
  const cpus: number[] = [];
  const t0 = performance.now();
  while (times.length < minRuns || performance.now() - t0 < minMs) {
    const c = process.cpuUsage();
    const s = performance.now();
    fn();
    times.push(performance.now() - s);
    const u = process.cpuUsage(c);
    cpus.push((u.user + u.system) / 1000);
    if (times.length >= 50) break;
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN; // no runs: NaN
  return { median: med(times), cpu: med(cpus), best: Math.min(...times), runs: times.length };
}

let check = 0;
const p = measure(() => {
  const r = parse(text);
  check += r.document.puzzles.length + r.diagnostics.length;
});
// Grids build their row and cell objects on first access (core/src/dsl/parser.ts, lazyGrid): a consumer that reads
// every cell pays for them once. This row measures parse + reading every cell of every grid.
const full = measure(() => {
  const r = parse(text);
  let n = 0;
  for (const q of r.document.puzzles) {
    const secs =
      q.kind === 'arc' ? q.pairs.flatMap((x) => [x.input, x.output]) : q.kind === 'sudoku' ? [q.givens, q.solution] : [q.grid, q.path];
    for (const sec of secs) if (sec) for (const row of sec.grid.rows) n += row.cells.length;
  }
  check += n;
});
const parsed = parse(text);
if (parsed.document.puzzles.length !== total || parsed.diagnostics.length !== 0) {
  out(`Parse check FAILED: ${parsed.document.puzzles.length} puzzles (expected ${total}), ${parsed.diagnostics.length} diagnostics.`);
  process.exit(1);
}
// Baseline: the least a parser producing this tree shape must do: one row object per line and, for every
// non-space character, a cell with its range (no keywords, no checks, no diagnostics).
let cellCount = 0;
for (const q of parsed.document.puzzles) {
  const secs =
    q.kind === 'arc' ? q.pairs.flatMap((x) => [x.input, x.output]) : q.kind === 'sudoku' ? [q.givens, q.solution] : [q.grid, q.path];
  for (const sec of secs) if (sec) for (const r of sec.grid.rows) cellCount += r.cells.length;
}
const base = measure(() => {
  const rows: unknown[] = [];
  const n = text.length;
  let i = 0;
  let line = 0;
  while (i < n) {
    let e = i;
    while (e < n && text.charCodeAt(e) !== 10) e++;
    const cells: unknown[] = [];
    for (let k = i; k < e; k++) {
      if (text.charCodeAt(k) !== 32)
        cells.push({ symbol: text[k], range: { start: { line, character: k - i }, end: { line, character: k - i + 1 } } });
    }
    rows.push({ cells, range: { start: { line, character: 0 }, end: { line, character: e - i } } });
    i = e + 1;
    line++;
  }
  check += rows.length;
});
const pr = measure(() => {
  check += print(parsed.document).length;
});
const fm = measure(
  () => {
    check += format(text).length;
  },
  3,
  2000,
);

const mb = bytes / 1e6;
const rate = (ms: number) => (mb / (ms / 1000)).toFixed(1);
const row = (what: string, m: { median: number; cpu: number; best: number; runs: number }) =>
  `| ${what} | ${m.median.toFixed(0)} | ${rate(m.median)} | ${rate(m.best)} | ${rate(m.cpu)} | ${Math.round(total / (m.median / 1000)).toLocaleString('en-US')} | ${m.runs} |`;

out(
  `Input: one document of ${arcCount} ARC-AGI-1 tasks and ${sudokuCount.toLocaleString('en-US')} Sudoku (9x9 with solutions), ` +
    `${mb.toFixed(2)} MB, ${text.split('\n').length.toLocaleString('en-US')} lines, ${total.toLocaleString('en-US')} puzzles. Median of the runs.\n`,
);
out('| operation | median ms | MB/s (median) | MB/s (best run) | MB/s (CPU time) | puzzles/s (median) | runs |');
out('|---|---:|---:|---:|---:|---:|---:|');
out(row('parse', p));
out(row('parse, then read every cell', full));
out(row('print (tree -> text)', pr));
out(row('format (parse + print)', fm));
out(
  row(
    `baseline: rows of cells with ranges for every non-space character (${cellCount.toLocaleString('en-US')} grid cells), nothing else`,
    base,
  ),
);
const mbs = mb / (p.median / 1000);
const mbsCpu = mb / (p.cpu / 1000);
out(
  `\nGoal: parse >= 20 MB/s. Median wall time: ${mbs.toFixed(1)} MB/s (${mbs >= 20 ? 'met' : 'not met'}); CPU time of this process: ` +
    `${mbsCpu.toFixed(1)} MB/s (${mbsCpu >= 20 ? 'met' : 'not met'}). Load average during the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} ` +
    `on ${cpus().length} CPUs: on a shared machine the wall time includes waiting for a CPU, the CPU time does not.`,
);
out(
  '\nThe parser checks every cell by scanning the text (symbols, row lengths, sizes) and keeps each grid as numbers; ' +
    'a grid builds its row and cell objects (each cell with its own range) when its `rows` are first read. The second row ' +
    'is the cost for a reader that reads every cell of every grid; the baseline row is the least work for building every cell eagerly.',
);
if (check < 0) out('');
