// Shared by the TRM commands (solve --solver trm, trace, eval): model choice, engine options from the
// command line, and printing grids. User-caused failures become CliError with the engine's message.

import type { Puzzle } from '../../core/src/dsl/ast';
import { ranOnText } from '../../core/src/assist/present';
import { whyNotRunnable } from '../../core/src/assist/runnable';
import { puzzleGrids, testCount } from '../../core/src/trm/encode';
import type { TraceOutcome } from '../../core/src/trm/trace';
import { isTrmError } from '../../core/src/trm/errors';
import { findModel } from '../../host-node/trm';
import { METADATA_LIMITS } from '../../core/src/trm/metadata';
import type { ProviderSetting } from '../../core/src/trm/backend';
import type { RunOptions } from '../../core/src/trm/engine';
import { DEFAULT_SEARCH_BUDGET_MS, DEFAULT_SEARCH_VIEWS } from '../../core/src/trm/search';
import type { SearchSummary } from '../../core/src/trm/trace';
import { TrmService } from '../../core/src/trm/service';
import { CliError, UsageError } from './command';

export const TRM_OPTIONS = {
  model: { type: 'string' },
  steps: { type: 'string' },
  provider: { type: 'string' },
  'no-halt': { type: 'boolean' },
  stable: { type: 'string' },
  augmentations: { type: 'string' },
  views: { type: 'string' },
  budget: { type: 'string' },
  'no-int8': { type: 'boolean' },
} as const;

export const TRM_USAGE =
  '[--model PATH] [--steps N] [--provider auto|cpu|cuda|wasm] [--no-halt] [--stable K] [--augmentations N] [--views N] [--budget MS] [--no-int8]';

export function intOption(name: string, v: string | undefined, min: number, max = 1_000_000): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} needs an integer ${max < 1_000_000 ? `from ${min} to ${max}` : `>= ${min}`}, got '${v}'`);
  }
  return n;
}

export function providerOption(v: string | undefined): ProviderSetting {
  const p = v ?? process.env.GRID_REASONER_PROVIDER ?? 'auto';
  if (p !== 'auto' && p !== 'cpu' && p !== 'cuda' && p !== 'wasm')
    throw new UsageError(`--provider must be auto, cpu, cuda or wasm, got '${p}'`);
  return p;
}

type TrmValues = { [K in keyof typeof TRM_OPTIONS]?: (typeof TRM_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** Engine options from the command line; `views` defaults to `defaultViews` (1 = the model alone, no search). */
export function runOptions(v: TrmValues, defaultViews = DEFAULT_SEARCH_VIEWS): RunOptions {
  return {
    maxSteps: intOption('steps', v.steps, 1, METADATA_LIMITS.max_steps),
    haltOnQ: v['no-halt'] ? false : true,
    stableSteps: intOption('stable', v.stable, 1) ?? 0,
    augmentations: intOption('augmentations', v.augmentations, 1),
    views: intOption('views', v.views, 1) ?? defaultViews,
    budgetMs: intOption('budget', v.budget, 0) ?? DEFAULT_SEARCH_BUDGET_MS,
  };
}

/** One clause on how a search decided (empty without a search). */
export function searchText(s: SearchSummary | undefined): string {
  if (!s) return '';
  if (s.winner) return `; answer from view ${s.winner.view} of ${s.views} (${s.winner.transform}) at its step ${s.winner.step}`;
  return `; no view's answer satisfies the rules, ${s.votes ?? 0} of ${s.lanes} views voted for this one (${s.views} views tried)`;
}

/** The search summary in the CLI's JSON (snake_case). */
export function searchJson(s: SearchSummary | undefined) {
  if (!s) return {};
  return {
    search: {
      views: s.views,
      lanes: s.lanes,
      decided_by: s.decidedBy,
      ...(s.winner ? { winner: s.winner } : {}),
      ...(s.votes !== undefined ? { votes: s.votes } : {}),
    },
  };
}

/** Turns engine errors into CLI errors (message only). */
export async function trmCall<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isTrmError(e)) throw new CliError(`error: ${e.message}`);
    throw e;
  }
}

/** The model path for a puzzle: --model, or the bundled model for its kind and size. */
export function modelFor(p: Puzzle, explicit: string | undefined, testIndex = 0): string {
  if (explicit) return explicit;
  return findModel(puzzleGrids(p, testIndex)).path;
}

export function service(values: TrmValues, maxBatch?: number, intraOpThreads?: number): TrmService {
  return new TrmService({
    provider: providerOption(values.provider),
    // A model that ships an int8 graph runs it on the CPU unless asked not to (to compare the two, or to rule it out).
    int8: !values['no-int8'],
    ...(maxBatch !== undefined ? { maxBatch } : {}),
    ...(intraOpThreads !== undefined ? { intraOpThreads } : {}),
  });
}

/** Grid rows as text, `mark` cells followed by `*`. */
export function gridText(grid: string[][], indent = '  ', mark?: Set<string>): string {
  return (
    grid
      .map(
        (row, r) =>
          indent +
          row
            .map((s, c) => (mark ? s + (mark.has(`${r},${c}`) ? '*' : ' ') : s))
            .join(mark ? '' : ' ')
            .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function ms(x: number): string {
  return x < 1000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(2)} s`;
}

// ---------------------------------------------------------------------------------------------------
// solve --solver trm (called from cli/src/commands/solve.ts)

export interface TrmSolveValues extends TrmValues {
  json?: boolean;
  write?: boolean;
  'allow-invalid'?: boolean;
}

export const TRM_SOLVE_OPTIONS = { ...TRM_OPTIONS, json: { type: 'boolean' }, 'allow-invalid': { type: 'boolean' } } as const;

interface SolveResult {
  puzzle: string;
  kind: string;
  test?: number;
  model?: string;
  provider?: string;
  precision?: string;
  provider_note?: string;
  answer?: string[][];
  satisfies_rules?: boolean;
  violations?: string[];
  matches_expected?: boolean;
  steps?: number;
  halted_at?: number | null;
  stop_reason?: string;
  seconds?: number;
  attempts?: { grid: string[][]; votes: number; mean_halt_score: number; satisfies_rules: boolean }[];
  warnings?: string[];
  search?: ReturnType<typeof searchJson>['search'];
  error?: string;
}

type SolvePrinter = { out(s: string): void; gridRows(p: Puzzle, g: string[][]): string[] };
type Answer = { puzzle: Puzzle; target: { keyword: string; pairIndex?: number }; answer: string[][] };
type SolveJob = { p: Puzzle; t: number; label: string } & ({ o: TraceOutcome; model: string } | { error: string });

/** One puzzle (ARC: one test pair) through the model, or why it was not run or failed. */
async function solveOne(
  svc: ReturnType<typeof service>,
  p: Puzzle,
  t: number,
  values: TrmSolveValues,
  opts: RunOptions,
): Promise<SolveJob> {
  const label = `${p.kind} ${p.name}${p.kind === 'arc' && testCount(p) > 1 ? ` test ${t + 1}` : ''}`;
  const notRunnable = whyNotRunnable(p);
  if (notRunnable) return { p, t, label, error: notRunnable };
  try {
    const model = modelFor(p, values.model, t);
    const run = await svc.run(model, p, { ...opts, testIndex: t });
    const o = await run.outcome;
    const engine = await svc.engine(model);
    return { p, t, label, o, model: engine.model.meta.name };
  } catch (e) {
    if (isTrmError(e)) return { p, t, label, error: e.message };
    throw e;
  }
}

/** A result in the JSON of `solve --json`. */
function resultJson(p: Puzzle, t: number, o: TraceOutcome, model: string): SolveResult {
  return {
    puzzle: p.name,
    kind: p.kind,
    ...(p.kind === 'arc' ? { test: t + 1 } : {}),
    model,
    provider: o.provider,
    precision: o.precision ?? 'float',
    ...(o.providerNote ? { provider_note: o.providerNote } : {}),
    answer: o.answer,
    satisfies_rules: o.satisfiesRules,
    violations: o.violations,
    ...(o.matchesExpected !== undefined ? { matches_expected: o.matchesExpected } : {}),
    steps: o.stepsRun,
    halted_at: o.haltedAt,
    stop_reason: o.stopReason,
    seconds: o.elapsedMs / 1000,
    ...(o.attempts
      ? {
          attempts: o.attempts
            .slice(0, 2)
            .map((a) => ({ grid: a.grid, votes: a.votes, mean_halt_score: a.meanHaltScore, satisfies_rules: a.satisfiesRules })),
        }
      : {}),
    ...(o.warnings ? { warnings: o.warnings } : {}),
    ...searchJson(o.search),
  };
}

/** Where --write puts the answer: the solution, the path, or the test pair's output. */
function answerTarget(p: Puzzle, t: number): Answer['target'] {
  if (p.kind === 'sudoku') return { keyword: 'solution' };
  if (p.kind === 'maze') return { keyword: 'path' };
  return { keyword: 'output', pairIndex: testPairIndex(p, t) };
}

/** The text of one result: the verdict line, notes, the answer grid, broken rules, ARC's second attempt. */
function printResult(
  job: SolveJob & { o: TraceOutcome; model: string },
  values: TrmSolveValues,
  print: SolvePrinter,
  notes: Set<string>,
): void {
  const { p, label, o, model } = job;
  const total = (o.attempts ?? []).reduce((a, b) => a + b.votes, 0);
  const verdict =
    p.kind === 'arc'
      ? o.satisfiesRules
        ? `answer by vote (${o.attempts?.[0]?.votes ?? 0} of ${total} augmented versions; ARC has no rules to verify it)`
        : 'no valid grid predicted'
      : o.satisfiesRules
        ? 'verified answer (satisfies the rules)'
        : 'guess that breaks the rules';
  const known =
    o.matchesExpected === undefined
      ? ''
      : o.matchesExpected
        ? ', matches the solution in the file'
        : ', differs from the solution in the file';
  print.out(
    `${label}: ${verdict}${known}; model ${model} on ${ranOnText(o)}, ${o.stepsRun} step(s)` +
      `${o.haltedAt !== null ? `, halted at step ${o.haltedAt}` : ', did not halt'}, ${ms(o.elapsedMs)}${searchText(o.search)}\n`,
  );
  if (o.providerNote && !notes.has(o.providerNote)) {
    notes.add(o.providerNote);
    print.out(`  note: ${o.providerNote}\n`);
  }
  for (const w of o.warnings ?? []) print.out(`  warning: ${w}\n`);
  const grid = (g: string[][], indent: string) =>
    print
      .gridRows(p, g)
      .map((l) => `${indent}${l}\n`)
      .join('');
  if (!values.write) print.out(grid(o.answer, '  '));
  for (const v of o.violations.slice(0, 5)) print.out(`  - ${v}\n`);
  if (o.violations.length > 5) print.out(`  - … ${o.violations.length - 5} more\n`);
  const second = o.attempts?.[1];
  if (second && !values.write) {
    print.out(`  attempt 2 (${second.votes} of ${total} votes):\n`);
    print.out(grid(second.grid, '    '));
  }
}

/**
 * Solves every puzzle (every ARC test pair) of a parsed file with the TRM. Prints the answers (or one
 * JSON object with --json) and returns the answers to fill in for --write (those that satisfy the rules,
 * or all with --allow-invalid) and the exit code: 0 when every answer satisfies the rules, 1 otherwise.
 */
export async function solveWithTrm(
  puzzles: Puzzle[],
  file: string,
  values: TrmSolveValues,
  print: SolvePrinter,
): Promise<{ code: number; answers: Answer[] }> {
  const opts = runOptions(values);
  const svc = service(values);
  const results: SolveResult[] = [];
  const answers: Answer[] = [];
  let bad = 0;
  // Sudokus and mazes whose model answer the rules reject: the exact solver is the next step for them.
  let exactWouldHelp = 0;
  const notes = new Set<string>();
  try {
    // Every request starts at once so that puzzles of one model share batches.
    const jobs = puzzles.flatMap((p) => Array.from({ length: testCount(p) }, (_, t) => solveOne(svc, p, t, values, opts)));
    for (const j of await Promise.all(jobs)) {
      if ('error' in j) {
        bad++;
        results.push({ puzzle: j.p.name, kind: j.p.kind, ...(j.p.kind === 'arc' ? { test: j.t + 1 } : {}), error: j.error });
        if (!values.json) print.out(`${j.label}: error: ${j.error}\n`);
        continue;
      }
      const { p, t, o } = j;
      if (!o.satisfiesRules) {
        bad++;
        if (p.kind !== 'arc') exactWouldHelp++;
      }
      results.push(resultJson(p, t, o, j.model));
      if (o.answer.length && (o.satisfiesRules || values['allow-invalid']))
        answers.push({ puzzle: p, target: answerTarget(p, t), answer: o.answer });
      if (!values.json) printResult(j, values, print, notes);
    }
    if (values.json) print.out(JSON.stringify({ file, results }) + '\n');
    else if (exactWouldHelp > 0)
      print.out(
        `${exactWouldHelp} answer${exactWouldHelp === 1 ? '' : 's'} of the model break${exactWouldHelp === 1 ? 's' : ''} the rules; ` +
          `the exact solver answers Sudokus and mazes: grid-reasoner solve ${shellWord(file)} --solver exact\n`,
      );
    return { code: bad > 0 ? 1 : 0, answers };
  } finally {
    await svc.dispose();
  }
}

/** A file name as one word for a POSIX shell (quoted when it holds anything but plain path characters). */
function shellWord(s: string): string {
  return /^[\w./:@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Index into puzzle.pairs of the t-th test pair. */
function testPairIndex(p: Puzzle, t: number): number {
  if (p.kind !== 'arc') return -1;
  let k = -1;
  for (let i = 0; i < p.pairs.length; i++) if (p.pairs[i]!.role === 'test' && ++k === t) return i;
  return -1;
}
