// The TRM engine: loops the one-step graph (docs/model-format.md) over supervision steps and streams
// a TraceStep per step. Halting policy: at most maxSteps (default: the model's), optionally stop once
// q_halt > 0, optionally stop when the prediction has not changed for k steps; cancellation by an
// AbortSignal between steps. ARC runs several augmented versions side by side and votes; Sudoku and mazes
// with `views` > 1 run a test-time search whose answers the rules check (search.ts).

import type { Puzzle } from '../dsl/ast';
import {
  type ArcAugmentation,
  IDENTITY_AUG,
  cropSize,
  deaugmentGrid,
  dihedral,
  invertPerm,
  DIHEDRAL_INVERSE,
  parseVersionName,
  randomAugmentations,
  versionName,
  vote,
  augmentGrid,
  arcCanvas,
} from './arc';
import type { ProviderSetting } from './backend';
import { StepBatcher, type LaneState } from './batcher';
import {
  type CellRules,
  type DecodedCells,
  type PuzzleGrids,
  arcColours,
  cellGrids,
  cellRules,
  decodeLogits,
  encodePuzzle,
  fitProblem,
  puzzleGrids,
} from './encode';
import { TrmError } from './errors';
import type { TrmModel } from './model';
import { type Backend, type BackendOptions, createBackend } from './providers';
import type { ArcAttempt, Candidate, Trace, TraceOutcome, TraceStep } from './trace';
import { DEFAULT_SEARCH_BUDGET_MS, runSearch } from './search';
import { verifyAnswer } from './verify';

export interface RunOptions {
  /** Most supervision steps (default: the model's max_steps). */
  maxSteps?: number | undefined;
  /** Stop at the first step with q_halt > 0 (default true). */
  haltOnQ?: boolean;
  /** Stop when no cell changed for this many consecutive steps (0 = never; default 0). */
  stableSteps?: number;
  /** Cancels the run between steps: a cancelled run stops within one step, stopReason 'cancelled'. */
  signal?: AbortSignal;
  /** ARC: the test pair (0-based, default 0). */
  testIndex?: number;
  /** ARC: augmented versions to vote over (default 8 on CPU/WebAssembly, 64 on CUDA). */
  augmentations?: number | undefined;
  /** ARC: seed for choosing augmentations (default 0); Sudoku and maze: seed for the search's views. */
  seed?: number;
  /**
   * Sudoku and maze: views of the puzzle run side by side in a test-time search (search.ts): the first answer
   * the rules accept wins. 1 (default) runs the puzzle alone. A search ignores `haltOnQ` and `stableSteps`
   * (the rules, not the model, decide when it is done) and may run past `maxSteps` within `budgetMs`.
   */
  views?: number;
  /** Search: the time budget in milliseconds (default DEFAULT_SEARCH_BUDGET_MS). */
  budgetMs?: number;
  /** Search: noise on the latent of views that repeat an earlier one, relative to its RMS. */
  noise?: number;
}

/** A running solve: iterate it for the steps (any number of times, from the start), await `outcome` or `trace`. */
export interface TrmRun extends AsyncIterable<TraceStep> {
  readonly outcome: Promise<TraceOutcome>;
  readonly trace: Promise<Trace>;
}

export interface EngineOptions extends BackendOptions {
  /** Largest batch per backend call (default 64; the backend may want fewer: providers.ts `batchLimit`). */
  maxBatch?: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A buffered, replayable stream of steps. */
/** The streamed step of what the model answers at step `step` (the cells it changed since `prev`). */
function traceStep(
  view: Pick<TraceStep, 'grid' | 'probability' | 'top'>,
  step: number,
  prev: string[][] | undefined,
  qHalt: number,
  t0: number,
): TraceStep {
  return {
    step,
    grid: view.grid,
    probability: view.probability,
    top: view.top,
    changed: changedCells(prev, view.grid),
    haltScore: sigmoid(qHalt),
    elapsedMs: performance.now() - t0,
  };
}

export class StepStream implements AsyncIterable<TraceStep> {
  readonly steps: TraceStep[] = [];
  private done = false;
  private error: unknown;
  private waiters: (() => void)[] = [];
  push(s: TraceStep): void {
    this.steps.push(s);
    this.wake();
  }
  end(): void {
    this.done = true;
    this.wake();
  }
  fail(e: unknown): void {
    this.error = e ?? new Error('run failed');
    this.done = true;
    this.wake();
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<TraceStep> {
    let i = 0;
    for (;;) {
      if (i < this.steps.length) {
        yield this.steps[i++]!;
        continue;
      }
      if (this.error !== undefined) throw this.error;
      if (this.done) return;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

interface Lane {
  aug: ArcAugmentation;
  state: LaneState;
  /** Sudoku and maze: the cells the question fixes, kept as given when decoding. */
  rules?: CellRules | undefined;
  decoded?: DecodedCells;
  lastQ: number;
  steps: number;
  stableFor: number;
  haltedAt: number | null;
  stop?: TraceOutcome['stopReason'];
}

function sameIds(a: Int32Array | undefined, b: Int32Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function changedCells(prev: string[][] | undefined, grid: string[][]): [number, number][] {
  const out: [number, number][] = [];
  grid.forEach((row, r) =>
    row.forEach((s, c) => {
      if (prev?.[r]?.[c] !== s) out.push([r, c]);
    }),
  );
  return out;
}

export class TrmEngine {
  private readonly batcher: StepBatcher;

  private constructor(
    readonly model: TrmModel,
    private readonly backend: Backend,
    maxBatch: number,
  ) {
    this.batcher = new StepBatcher(backend, model.meta, Math.max(1, Math.min(maxBatch, backend.batchLimit ?? maxBatch)));
  }

  /** Creates an engine on a backend chosen by `opts.provider` (see providers.ts for the fallbacks). */
  static async create(model: TrmModel, opts: EngineOptions = {}): Promise<TrmEngine> {
    const backend = await createBackend(model, opts);
    // The runtime holds its own copy of the graph: the engine keeps everything but the .onnx bytes.
    return new TrmEngine({ ...model, onnx: new Uint8Array(0) }, backend, opts.maxBatch ?? 64);
  }

  /** For tests and custom runtimes: an engine over a given backend. */
  static withBackend(model: TrmModel, backend: Backend, maxBatch = 64): TrmEngine {
    return new TrmEngine(model, backend, maxBatch);
  }

  get provider(): Backend['provider'] {
    return this.backend.provider;
  }
  get providerNote(): string | undefined {
    return this.backend.note;
  }
  /** Which of the model's graphs runs: its int8 one (CPU, when it ships one) or the float one. */
  get precision(): 'float' | 'int8' {
    return this.backend.precision ?? 'float';
  }
  /** Where the engine runs, as an outcome records it: the provider, why it is that one, and the int8 graph. */
  private get ranOn(): Pick<TraceOutcome, 'provider' | 'providerNote' | 'precision'> {
    return {
      provider: this.provider,
      ...(this.providerNote ? { providerNote: this.providerNote } : {}),
      ...(this.precision === 'int8' ? { precision: 'int8' as const } : {}),
    };
  }
  get batchStats() {
    return this.batcher.stats;
  }
  get maxBatch(): number {
    return this.batcher.maxBatch;
  }

  /** Why this model cannot take the puzzle, or undefined. */
  check(puzzle: Puzzle | PuzzleGrids, testIndex = 0): string | undefined {
    try {
      return fitProblem(this.model.meta, 'range' in puzzle ? puzzleGrids(puzzle, testIndex) : puzzle);
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** Starts a run. Throws TrmError('puzzle-mismatch') at once when the model cannot take the puzzle. */
  run(puzzle: Puzzle | PuzzleGrids, opts: RunOptions = {}): TrmRun {
    const g = 'range' in puzzle ? puzzleGrids(puzzle, opts.testIndex ?? 0) : puzzle;
    const problem = fitProblem(this.model.meta, g);
    if (problem) throw new TrmError('puzzle-mismatch', problem);
    const stream = new StepStream();
    const outcome = this.drive(g, opts, stream);
    outcome.catch((e) => stream.fail(e));
    const trace = outcome.then((o): Trace => ({
      puzzleName: g.name,
      kind: g.kind,
      model: this.model.meta.name,
      given: g.given,
      ...(g.expected ? { expected: g.expected } : {}),
      steps: stream.steps,
      outcome: o,
    }));
    outcome.catch(() => undefined);
    trace.catch(() => undefined);
    return { outcome, trace, [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator]() };
  }

  /** Runs to the end and returns the whole trace. */
  solve(puzzle: Puzzle | PuzzleGrids, opts: RunOptions = {}): Promise<Trace> {
    return this.run(puzzle, opts).trace;
  }

  async dispose(): Promise<void> {
    await this.backend.dispose();
  }

  private initialState(tokens: Int32Array, puzzleVec: Float32Array): LaneState {
    const { seq_len: L, prefix_len: P, hidden_size: D, y_init, z_init } = this.model.meta;
    const S = L + P;
    const y = new Float32Array(S * D);
    const z = new Float32Array(S * D);
    for (let s = 0; s < S; s++) {
      y.set(y_init, s * D);
      z.set(z_init, s * D);
    }
    return { tokens, puzzleVec, y, z };
  }

  private initialLane(tokens: Int32Array, puzzleVec: Float32Array, aug: ArcAugmentation, rules?: CellRules): Lane {
    return { aug, state: this.initialState(tokens, puzzleVec), rules, lastQ: 0, steps: 0, stableFor: 0, haltedAt: null };
  }

  /** Sudoku and maze with several views: the test-time search, view 0 (the puzzle as given) streamed. */
  private async driveSearch(g: PuzzleGrids, opts: RunOptions, stream: StepStream, t0: number): Promise<TraceOutcome> {
    const meta = this.model.meta;
    const rows = g.given.length;
    const cols = g.given[0]!.length;
    const vec = this.model.embedding.vector(g.name) ?? this.model.embedding.blank();
    let prevGrid: string[][] | undefined;
    const r = await runSearch(
      {
        meta,
        submit: (state) => this.batcher.submit(state),
        initialState: (tokens) => this.initialState(tokens, vec),
        onPrimaryStep: (d, qHalt, step) => {
          const view = cellGrids(meta, d, rows, cols);
          stream.push(traceStep(view, step, prevGrid, qHalt, t0));
          prevGrid = view.grid;
        },
      },
      g,
      {
        views: opts.views!,
        budgetMs: opts.budgetMs ?? DEFAULT_SEARCH_BUDGET_MS,
        maxSteps: Math.max(1, opts.maxSteps ?? meta.max_steps),
        noise: opts.noise,
        seed: opts.seed,
        signal: opts.signal,
      },
      t0,
    );
    stream.end();
    return {
      answer: r.answer,
      ...r.verdict,
      stepsRun: r.stepsRun,
      haltedAt: r.haltedAt,
      stopReason: r.stopReason,
      ...this.ranOn,
      elapsedMs: performance.now() - t0,
      haltScore: r.haltScore,
      search: r.summary,
    };
  }

  /** ARC: the augmented versions to run and any warning (task unknown to the model). */
  private arcVersions(
    task: string,
    count: number,
    seed: number,
  ): { versions: { aug: ArcAugmentation; vec: Float32Array }[]; warnings: string[] } {
    const emb = this.model.embedding;
    if (emb.mode !== 'table') {
      return { versions: randomAugmentations(count, seed).map((aug) => ({ aug, vec: emb.blank() })), warnings: [] };
    }
    const known = emb.identifiers
      .filter((n) => n.startsWith(`${task}|||`))
      .map((n) => ({ n, v: parseVersionName(n) }))
      .filter((x) => x.v && x.v.task === task)
      .sort((a, b) => (a.n === versionName(task, IDENTITY_AUG) ? -1 : b.n === versionName(task, IDENTITY_AUG) ? 1 : a.n < b.n ? -1 : 1));
    if (known.length === 0) {
      return {
        versions: randomAugmentations(count, seed).map((aug) => ({ aug, vec: emb.blank() })),
        warnings: [
          `model "${this.model.meta.name}" does not know ARC task "${task}" (no puzzle-embedding row); ` +
            'running with the blank embedding, expect a poor answer',
        ],
      };
    }
    return { versions: known.slice(0, count).map((x) => ({ aug: x.v!.aug, vec: emb.vector(x.n)! })), warnings: [] };
  }

  private async drive(g: PuzzleGrids, opts: RunOptions, stream: StepStream): Promise<TraceOutcome> {
    const t0 = performance.now();
    if (g.kind !== 'arc' && (opts.views ?? 1) > 1) return this.driveSearch(g, opts, stream, t0);
    const meta = this.model.meta;
    const rows = g.given.length;
    const cols = g.given[0]!.length;
    const { lanes, warnings } = this.initialLanes(g, opts);
    const primary = lanes[0]!;
    let prevGrid: string[][] | undefined;
    const onPrimaryStep = (lane: Lane, qHalt: number): void => {
      const view = this.stepView(g, lane, rows, cols);
      stream.push(traceStep(view, lane.steps, prevGrid, qHalt, t0));
      prevGrid = view.grid;
    };
    await Promise.all(lanes.map((lane) => this.stepLane(lane, opts, lane === primary ? onPrimaryStep : undefined)));
    stream.end();

    const cancelled = lanes.some((l) => l.stop === 'cancelled');
    const base = {
      stepsRun: Math.max(...lanes.map((l) => l.steps)),
      haltedAt: primary.haltedAt,
      stopReason: cancelled ? ('cancelled' as const) : primary.stop!,
      ...this.ranOn,
      elapsedMs: performance.now() - t0,
      ...(warnings.length ? { warnings } : {}),
    };
    if (!primary.decoded) {
      return { ...base, answer: [], satisfiesRules: false, violations: ['cancelled before the first step'] };
    }
    if (g.kind !== 'arc') {
      const answer = cellGrids(meta, primary.decoded, rows, cols).grid;
      const v = verifyAnswer(g, answer);
      return { ...base, answer, ...v, haltScore: sigmoid(primary.lastQ) };
    }
    const { attempts, haltScore } = this.voteArcLanes(g, lanes);
    const answer = attempts[0]?.grid ?? [];
    const v = verifyAnswer(g, answer);
    return { ...base, answer, ...v, haltScore: haltScore ?? sigmoid(primary.lastQ), attempts };
  }

  /** The lanes of a plain run: the puzzle itself, or an ARC input's augmented versions (with any warnings). */
  private initialLanes(g: PuzzleGrids, opts: RunOptions): { lanes: Lane[]; warnings: string[] } {
    const meta = this.model.meta;
    if (g.kind !== 'arc') {
      const vec = this.model.embedding.vector(g.name) ?? this.model.embedding.blank();
      const tokens = encodePuzzle(meta, g);
      return { lanes: [this.initialLane(tokens, vec, IDENTITY_AUG, cellRules(meta, g.kind, tokens))], warnings: [] };
    }
    const count = Math.max(1, opts.augmentations ?? (this.provider === 'cuda' ? 64 : 8));
    const { versions, warnings } = this.arcVersions(g.name, count, opts.seed ?? 0);
    const colours = arcColours(g.given);
    const lanes = versions.map((v) =>
      this.initialLane(arcCanvas(augmentGrid(colours, v.aug), meta.grid.rows, meta.grid.cols), v.vec, v.aug),
    );
    return { lanes, warnings: [...warnings] };
  }

  /** Steps one lane until it halts (q_halt > 0), is stable, runs max_steps or the run is cancelled. */
  private async stepLane(lane: Lane, opts: RunOptions, onStep?: (lane: Lane, qHalt: number) => void): Promise<void> {
    const meta = this.model.meta;
    const maxSteps = Math.max(1, opts.maxSteps ?? meta.max_steps);
    const haltOnQ = opts.haltOnQ ?? true;
    const stableSteps = Math.max(0, opts.stableSteps ?? 0);
    while (!lane.stop) {
      if (opts.signal?.aborted) {
        lane.stop = 'cancelled';
        return;
      }
      const r = await this.batcher.submit(lane.state);
      lane.state = { ...lane.state, y: r.y, z: r.z };
      lane.steps++;
      const d = decodeLogits(r.logits, 0, meta.seq_len, meta.vocab_size, lane.rules);
      lane.lastQ = r.qHalt;
      if (lane.decoded && sameIds(lane.decoded.ids, d.ids)) lane.stableFor++;
      else lane.stableFor = 0;
      lane.decoded = d;
      if (r.qHalt > 0 && lane.haltedAt === null) lane.haltedAt = lane.steps;
      onStep?.(lane, r.qHalt);
      if (opts.signal?.aborted) lane.stop = 'cancelled';
      else if (haltOnQ && r.qHalt > 0) lane.stop = 'halted';
      else if (stableSteps > 0 && lane.stableFor >= stableSteps) lane.stop = 'stable';
      else if (lane.steps >= maxSteps) lane.stop = 'max-steps';
    }
  }

  /** ARC: every version's answer cropped at EOS, mapped back and voted (count, then mean halt score). */
  private voteArcLanes(g: PuzzleGrids, lanes: readonly Lane[]): { attempts: ArcAttempt[]; haltScore: number | undefined } {
    const meta = this.model.meta;
    const ranked = vote(
      lanes
        .filter((l) => l.decoded)
        .map((l) => {
          const s = cropSize(l.decoded!.ids, meta.grid.rows, meta.grid.cols);
          const grid = Array.from({ length: s.rows }, (_, r) =>
            Array.from({ length: s.cols }, (_, c) => l.decoded!.ids[r * meta.grid.cols + c]! - 2),
          );
          return { grid: deaugmentGrid(grid, l.aug), haltScore: sigmoid(l.lastQ) };
        }),
    );
    const attempts: ArcAttempt[] = ranked.map((c) => {
      const grid = c.grid.map((row) => row.map(String));
      const v = verifyAnswer(g, grid);
      return {
        grid,
        votes: c.votes,
        meanHaltScore: c.meanHaltScore,
        satisfiesRules: v.satisfiesRules,
        ...(v.matchesExpected !== undefined ? { matchesExpected: v.matchesExpected } : {}),
      };
    });
    return { attempts, haltScore: ranked[0]?.meanHaltScore };
  }

  /** The primary lane's prediction as the user sees it (ARC: cropped at EOS and de-augmented). */
  private stepView(
    g: PuzzleGrids,
    lane: Lane,
    rows: number,
    cols: number,
  ): { grid: string[][]; probability: number[][]; top: Candidate[][][] } {
    const meta = this.model.meta;
    const d = lane.decoded!;
    if (g.kind !== 'arc') return cellGrids(meta, d, rows, cols);
    const s = cropSize(d.ids, meta.grid.rows, meta.grid.cols);
    const view = cellGrids(meta, d, s.rows, s.cols);
    if (lane.aug.tid === 0 && lane.aug.perm.every((c, i) => c === i)) return view;
    const inv = invertPerm(lane.aug.perm);
    const col = (sym: string) => (sym.length === 1 && sym >= '0' && sym <= '9' ? String(inv[Number(sym)]) : sym);
    const t = DIHEDRAL_INVERSE[lane.aug.tid]!;
    return {
      grid: dihedral(view.grid, t).map((r) => r.map(col)),
      probability: dihedral(view.probability, t),
      top: dihedral(view.top, t).map((r) => r.map((cands) => cands.map((c) => ({ symbol: col(c.symbol), probability: c.probability })))),
    };
  }
}

export type { ProviderSetting };
