// grid-reasoner eval DATA [SOLUTIONS] [--model PATH] [--limit N] [--json] [model options]: exact and
// cell accuracy of the model on a Sudoku-Extreme or Maze-Hard CSV, an ARC folder of task .json files,
// a Kaggle challenges .json (+ its solutions file as SOLUTIONS), or a .arc file (or a folder of them). ARC also reports
// pass@2 (per task, the fraction of test pairs solved by one of the two voted attempts; mean over tasks).
// --sample N evaluates N puzzles drawn with a fixed seed (after --limit). --views N runs the test-time search (default 1: the model alone); a search runs one puzzle at a time, so its
// time budget is the puzzle's own. A progress bar goes to stderr on a terminal.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Puzzle } from '../../../core/src/dsl/ast';
import { parse } from '../../../core/src/dsl/parser';
import { ImportError, importText } from '../../../core/src/io';
import { fitProblem, puzzleGrids, testCount } from '../../../core/src/trm/encode';
import { readMetadata } from '../../../host-node/trm';
import { mulberry32 } from '../../../core/src/random';
import type { RunOptions } from '../../../core/src/trm/engine';
import type { TrmMetadata } from '../../../core/src/trm/metadata';
import type { TraceOutcome } from '../../../core/src/trm/trace';
import { ranOnText } from '../../../core/src/assist/present';
import { CliError, type Command, parseArgs, UsageError } from '../command';
import { out, readText } from '../output';
import { TRM_OPTIONS, TRM_USAGE, intOption, modelFor, ms, runOptions, service, trmCall } from '../trm';

function load(path: string, solutions?: string): Puzzle[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new CliError(`${path}: cannot read: no such file or folder`);
  }
  const files = st.isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.json') || f.endsWith('.arc'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (files.length === 0) throw new CliError(`${path}: no .json task files or .arc files in the folder`);
  const puzzles: Puzzle[] = [];
  for (const f of files) {
    const text = readText(f);
    if (f.endsWith('.arc')) {
      puzzles.push(...parse(text).document.puzzles);
      continue;
    }
    try {
      puzzles.push(...importText(f, text, solutions !== undefined ? readText(solutions) : undefined).puzzles);
    } catch (e) {
      if (e instanceof ImportError) throw new CliError(`${f}${e.line !== undefined ? `:${e.line}` : ''}: error: ${e.message}`);
      throw e;
    }
  }
  return puzzles;
}

interface Item {
  puzzle: Puzzle;
  test: number;
  model: string;
}

function cellScore(answer: string[][], expected: string[][]): number {
  let ok = 0;
  expected.forEach((row, r) =>
    row.forEach((s, c) => {
      if (answer[r]?.[c] === s) ok++;
    }),
  );
  return ok;
}

function bar(done: number, total: number, t0: number): void {
  const w = 30;
  const f = Math.round((done / total) * w);
  const secs = (performance.now() - t0) / 1000;
  process.stderr.write(`\r[${'#'.repeat(f)}${'.'.repeat(w - f)}] ${done}/${total} ${secs.toFixed(1)} s`);
}

/** The puzzles to evaluate (ARC: test pairs), and how many were skipped and why. */
interface Selection {
  items: Item[];
  skipped: number;
  skipReasons: Map<string, number>;
}

/** Puzzles with a known answer that a model takes, up to `limit` looked at (evaluated or skipped). */
function selectItems(
  all: readonly Puzzle[],
  limit: number | undefined,
  modelPath: string | undefined,
  explicit: TrmMetadata | undefined,
): Selection {
  const sel: Selection = { items: [], skipped: 0, skipReasons: new Map() };
  const skip = (why: string) => {
    sel.skipped++;
    sel.skipReasons.set(why, (sel.skipReasons.get(why) ?? 0) + 1);
  };
  let seen = 0;
  for (const p of all) {
    for (let t = 0; t < testCount(p) && (limit === undefined || seen < limit); t++, seen++) {
      let g;
      try {
        g = puzzleGrids(p, t);
      } catch (e) {
        skip((e as Error).message.replace(/^.*(has no|there is no).*$/, 'nothing to solve'));
        continue;
      }
      if (!g.expected) {
        skip('no known answer');
        continue;
      }
      if (explicit && modelPath !== undefined) {
        const problem = fitProblem(explicit, g);
        if (problem) skip(`the model does not take it (${problem.replace(/, ".*$/, '')})`);
        else sel.items.push({ puzzle: p, test: t, model: modelPath });
        continue;
      }
      try {
        sel.items.push({ puzzle: p, test: t, model: modelFor(p, undefined, t) });
      } catch (e) {
        // "no bundled arc model for a 10x10 grid (...)" -> "no bundled arc model"
        skip((e as Error).message.replace(/ for a \d+x\d+ grid.*$/, '').replace(/ \(.*$/, ''));
      }
    }
  }
  return sel;
}

/** A fixed-seed subsample of `sample` items (the same puzzles on every run), in file order. */
function sampleItems(items: Item[], sample: number | undefined): Item[] {
  if (sample === undefined || sample >= items.length) return items;
  const rand = mulberry32(0);
  const order = items.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const keep = new Set(order.slice(0, sample));
  return items.filter((_, i) => keep.has(i));
}

function skipText(sel: Selection): string {
  return [...sel.skipReasons].map(([k, v]) => `${v} ${k}`).join('; ');
}

/** Runs every item, `window` puzzles side by side (their steps share batches). */
async function runItems(
  svc: ReturnType<typeof service>,
  items: readonly Item[],
  opts: RunOptions,
  window: number,
  progress: boolean,
): Promise<{ item: Item; o: TraceOutcome }[]> {
  const t0 = performance.now();
  const results: { item: Item; o: TraceOutcome }[] = [];
  await trmCall(async () => {
    for (let i = 0; i < items.length; i += window) {
      const part = items.slice(i, i + window);
      const outs = await Promise.all(
        part.map(async (item) => (await svc.run(item.model, item.puzzle, { ...opts, testIndex: item.test })).outcome),
      );
      outs.forEach((o, k) => results.push({ item: part[k]!, o }));
      if (progress) bar(results.length, items.length, t0);
    }
  });
  if (progress) process.stderr.write('\n');
  return results;
}

/** Counts over the results: exact, cells, rule-valid, steps, halts, search verdicts, ARC per task. */
function tally(results: readonly { item: Item; o: TraceOutcome }[]) {
  const c = { exact: 0, cells: 0, cellTotal: 0, valid: 0, steps: 0, halted: 0, verified: 0 };
  const perTask = new Map<string, { solved: number; tests: number }>();
  for (const { item, o } of results) {
    const expected = puzzleGrids(item.puzzle, item.test).expected!;
    if (o.matchesExpected) c.exact++;
    if (o.satisfiesRules) c.valid++;
    c.cells += cellScore(o.answer, expected);
    c.cellTotal += expected.reduce((n, r) => n + r.length, 0);
    c.steps += o.stepsRun;
    if (o.haltedAt !== null) c.halted++;
    if (o.search?.decidedBy === 'rules') c.verified++;
    if (item.puzzle.kind === 'arc') {
      const k = perTask.get(item.puzzle.name) ?? { solved: 0, tests: 0 };
      k.tests++;
      if ((o.attempts ?? []).slice(0, 2).some((a) => a.matchesExpected)) k.solved++;
      perTask.set(item.puzzle.name, k);
    }
  }
  return { ...c, perTask };
}

/** The report (`--json` prints it as is). */
async function buildReport(
  svc: ReturnType<typeof service>,
  sel: Selection,
  counts: ReturnType<typeof tally>,
  n: number,
  seconds: number,
  opts: RunOptions,
): Promise<Record<string, unknown>> {
  const engines = await Promise.all([...new Set(sel.items.map((i) => i.model))].map((m) => svc.engine(m)));
  const searching = (opts.views ?? 1) > 1;
  const notes = engines.map((e) => e.providerNote).filter(Boolean);
  const report: Record<string, unknown> = {
    model: engines.map((e) => e.model.meta.name).join(', '),
    provider: [...new Set(engines.map((e) => e.provider))].join(', '),
    precision: [...new Set(engines.map((e) => e.precision))].join(', '),
    ...(notes.length ? { provider_note: notes.join('; ') } : {}),
    puzzles: n,
    skipped: sel.skipped,
    exact_accuracy: counts.exact / n,
    cell_accuracy: counts.cellTotal ? counts.cells / counts.cellTotal : 0,
    valid_fraction: counts.valid / n,
    mean_steps: counts.steps / n,
    halted_fraction: counts.halted / n,
    seconds,
    puzzles_per_second: n / seconds,
    seconds_per_puzzle: seconds / n,
    views: opts.views,
    ...(searching ? { budget_ms: opts.budgetMs, search_verified_fraction: counts.verified / n } : {}),
  };
  if (counts.perTask.size) {
    report.pass_at_2 = [...counts.perTask.values()].reduce((a, t) => a + t.solved / t.tests, 0) / counts.perTask.size;
    report.tasks = counts.perTask.size;
  }
  return report;
}

function printReport(report: Record<string, unknown>, sel: Selection, counts: ReturnType<typeof tally>, opts: RunOptions): void {
  const n = report.puzzles as number;
  const seconds = report.seconds as number;
  const pct = (x: unknown) => `${(100 * (x as number)).toFixed(1)}%`;
  out(
    `model ${report.model} on ${ranOnText(report as { provider: string; precision: string })}${report.provider_note ? ` (${report.provider_note})` : ''}\n`,
  );
  const skipped = sel.skipped ? `, ${sel.skipped} skipped${sel.skipReasons.size ? ` (${skipText(sel)})` : ''}` : '';
  out(`${n} puzzle(s)${skipped} in ${seconds.toFixed(1)} s (${(n / seconds).toFixed(2)} puzzles/s)\n`);
  out(
    `exact accuracy ${pct(report.exact_accuracy)}, cell accuracy ${pct(report.cell_accuracy)}, rule-valid ${pct(report.valid_fraction)}\n`,
  );
  if (report.pass_at_2 !== undefined) out(`ARC pass@2 ${pct(report.pass_at_2)} over ${report.tasks} task(s)\n`);
  out(`mean steps ${(counts.steps / n).toFixed(1)}, halted early ${pct(report.halted_fraction)}\n`);
  if ((opts.views ?? 1) > 1)
    out(
      `search: ${opts.views} views, budget ${opts.budgetMs} ms; the rules accepted a view's answer for ${pct(counts.verified / n)}; ${ms((1000 * seconds) / n)} a puzzle\n`,
    );
}

export const evalCommand: Command = {
  name: 'eval',
  summary: "measure the model's accuracy on a puzzle data set",
  usage: `grid-reasoner eval DATA [SOLUTIONS] [--limit N] [--sample N] [--batch N] [--threads N] [--json] ${TRM_USAGE}`,
  async run(args) {
    const { values, positionals } = parseArgs(args, {
      ...TRM_OPTIONS,
      limit: { type: 'string' },
      sample: { type: 'string' },
      json: { type: 'boolean' },
      batch: { type: 'string' },
      threads: { type: 'string' },
    });
    if (positionals.length < 1 || positionals.length > 2)
      throw new UsageError('give a data file or folder (and, for Kaggle, its solutions file)');
    const limit = intOption('limit', values.limit, 1);
    const batch = intOption('batch', values.batch, 1) ?? 64;
    const threads = intOption('threads', values.threads, 1);
    const sample = intOption('sample', values.sample, 1);
    const opts = runOptions(values, 1);
    const explicit = values.model !== undefined ? await trmCall(() => readMetadata(values.model!)) : undefined;
    const sel = selectItems(load(positionals[0]!, positionals[1]), limit, values.model, explicit);
    sel.items = sampleItems(sel.items, sample);
    if (sel.items.length === 0) {
      throw new CliError(
        `${positionals[0]}: nothing to evaluate (${sel.skipped} puzzle(s) skipped${sel.skipReasons.size ? `: ${skipText(sel)}` : ''})`,
      );
    }
    const svc = service(values, batch, threads);
    try {
      // A search batches its own views; puzzles side by side would share its time budget.
      const window = (opts.views ?? 1) > 1 ? 1 : batch;
      const t0 = performance.now();
      const results = await runItems(svc, sel.items, opts, window, process.stderr.isTTY && !values.json);
      const seconds = (performance.now() - t0) / 1000;
      const counts = tally(results);
      const report = await buildReport(svc, sel, counts, results.length, seconds, opts);
      if (values.json) out(JSON.stringify(report) + '\n');
      else printReport(report, sel, counts, opts);
      return 0;
    } finally {
      await svc.dispose();
    }
  },
};
