// Test-time search with the rules as verifier (Sudoku, mazes): several views of the puzzle (views.ts) run side
// by side, their steps batched together; after every step each view's answer is mapped back to the puzzle's
// frame and checked by the rules (verify.ts), and the first answer the rules accept ends the search. While
// none is accepted and the time budget allows, the search thinks longer: each view that ran max_steps is
// replaced by a fresh view, and view 0 (the puzzle as given, which the trace streams) steps on past
// max_steps. View 0 runs its max_steps whatever the budget, so the search never answers less than the model alone. When the budget is spent (or the run is cancelled) the current answers of the views are voted
// (count, then mean halt score).

import { mulberry32 } from '../random';
import type { LaneResult, LaneState } from './batcher';
import {
  type CellRules,
  type DecodedCells,
  type PuzzleGrids,
  cellRules,
  decodeLogits,
  decodeTokens,
  encodeGrid,
  fitProblem,
} from './encode';
import type { TrmMetadata } from './metadata';
import type { SearchSummary } from './trace';
import { type Verdict, verifyAnswer } from './verify';
import { type PuzzleView, describeView, fromView, mazeViews, sudokuViews, toView } from './views';

/** Views run side by side by default (editor, `solve`). */
export const DEFAULT_SEARCH_VIEWS = 16;
/** Time budget of a search by default, in milliseconds. */
export const DEFAULT_SEARCH_BUDGET_MS = 1000;
/** Noise on the latent of a view that repeats an earlier one (mazes have only 8 views), relative to its RMS. */
export const DEFAULT_REPEAT_NOISE = 0.1;

export interface SearchOptions {
  /** Views run side by side (>= 2; one view is the plain run). */
  views: number;
  /** The search's wall-clock budget in milliseconds for the extra views (every view runs at least one step; the
   * puzzle as given runs at least maxSteps). */
  budgetMs: number;
  /** Steps of each view before it may think longer (the model's max_steps or RunOptions.maxSteps). */
  maxSteps: number;
  /** Noise on the latent of repeated views, relative to its RMS (default DEFAULT_REPEAT_NOISE). */
  noise?: number | undefined;
  /** Seed for the views and the noise. */
  seed?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** What the engine gives the search: the model, its batcher, and fresh lane states. */
export interface SearchHost {
  meta: TrmMetadata;
  submit(state: LaneState): Promise<LaneResult>;
  initialState(tokens: Int32Array): LaneState;
  /** Called after every step of view 0 (the puzzle as given), which the trace streams. */
  onPrimaryStep(decoded: DecodedCells, qHalt: number, step: number): void;
}

export interface SearchResult {
  answer: string[][];
  verdict: Verdict;
  stopReason: 'verified' | 'budget' | 'cancelled';
  /** Most steps any view slot ran. */
  stepsRun: number;
  /** First step of view 0 with q_halt > 0. */
  haltedAt: number | null;
  haltScore: number;
  summary: SearchSummary;
}

interface Lane {
  /** Index of the view in the order views were started (0 = the puzzle as given). */
  index: number;
  view: PuzzleView;
  rows: number;
  cols: number;
  state: LaneState;
  /** The cells the view's question fixes, kept as given when decoding. */
  rules: CellRules | undefined;
  /** Steps of this view, and of this slot since the search began (restarts included). */
  steps: number;
  slotSteps: number;
  noisy: boolean;
  ids?: Int32Array;
  answer?: string[][];
  lastQ: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Resolves after the current turn of the event loop: every view of a batch checks its answer before any submits its next step. */
const nextTurn: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise((r) => setImmediate(r)) : () => new Promise((r) => setTimeout(r, 0));

function sameIds(a: Int32Array | undefined, b: Int32Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Standard normal samples from a uniform PRNG (Box-Muller). */
function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function addNoise(z: Float32Array, scale: number, normal: () => number): Float32Array {
  let sq = 0;
  for (let i = 0; i < z.length; i++) sq += z[i]! * z[i]!;
  const s = scale * Math.sqrt(sq / z.length);
  const out = new Float32Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i]! + s * normal();
  return out;
}

/** The views of a puzzle in the order they are tried: the given puzzle first, then fresh ones (endless for Sudoku, dihedral cycles for mazes). */
class ViewSource {
  private made: PuzzleView[] = [];
  private batch = 0;
  private readonly mazes: PuzzleView[];
  constructor(
    private readonly g: PuzzleGrids,
    meta: TrmMetadata,
    private readonly seed: number,
  ) {
    // A non-square maze turned on its side may not fit the model's grid.
    this.mazes = g.kind === 'maze' ? mazeViews(8).filter((v) => !fitProblem(meta, { ...g, given: toView(v, g.given) })) : [];
  }

  /** How many views run side by side for `asked`: a maze has only its dihedral views (more would repeat one). */
  sideBySide(asked: number): number {
    return Math.max(2, this.g.kind === 'maze' ? Math.min(asked, this.mazes.length) : asked);
  }

  /** The n-th view and whether it repeats an earlier one (then it runs with latent noise). */
  view(n: number): { view: PuzzleView; repeat: boolean } {
    if (this.g.kind === 'maze') return { view: this.mazes[n % this.mazes.length]!, repeat: n >= this.mazes.length };
    while (this.made.length <= n) {
      // Views come in batches of 64 per seed; the identity heads only the first batch.
      const next = sudokuViews(this.g.given.length, 65, this.seed + 7919 * this.batch++);
      this.made.push(...(this.made.length === 0 ? next : next.slice(1)));
    }
    return { view: this.made[n]!, repeat: false };
  }
}

interface Candidate {
  answer: string[][];
  votes: number;
  haltSum: number;
  first: number;
}

/** The answers of the views grouped and ranked by count, then mean halt score, then the earliest view. */
export function voteAnswers(answers: readonly { answer: string[][]; haltScore: number }[]): Candidate[] {
  const groups = new Map<string, Candidate>();
  answers.forEach((a, i) => {
    const k = a.answer.map((r) => r.join('')).join('/');
    const c = groups.get(k);
    if (c) {
      c.votes++;
      c.haltSum += a.haltScore;
    } else groups.set(k, { answer: a.answer, votes: 1, haltSum: a.haltScore, first: i });
  });
  return [...groups.values()].sort((a, b) => b.votes - a.votes || b.haltSum / b.votes - a.haltSum / a.votes || a.first - b.first);
}

/** One search: its views in flight (`lanes`, one per slot), the views started so far, and how it ended. */
class Search {
  private readonly source: ViewSource;
  private readonly noise: number;
  private readonly normal: () => number;
  private readonly deadline: number;
  private readonly kind: 'sudoku' | 'maze';
  private started = 0;
  readonly lanes: Lane[];
  winner: { lane: Lane; answer: string[][]; verdict: Verdict } | undefined;
  stop: SearchResult['stopReason'] | undefined;
  haltedAt: number | null = null;

  constructor(
    private readonly host: SearchHost,
    private readonly g: PuzzleGrids,
    private readonly opts: SearchOptions,
    t0: number,
  ) {
    this.kind = g.kind as 'sudoku' | 'maze';
    this.source = new ViewSource(g, host.meta, opts.seed ?? 0);
    this.noise = opts.noise ?? DEFAULT_REPEAT_NOISE;
    this.normal = gaussian(mulberry32((opts.seed ?? 0) ^ 0x9e3779b9));
    this.deadline = t0 + Math.max(0, opts.budgetMs);
    this.lanes = Array.from({ length: this.source.sideBySide(opts.views) }, () => this.makeLane(0));
  }

  private makeLane(slotSteps: number): Lane {
    const index = this.started++;
    const { view, repeat } = this.source.view(index);
    const seen = toView(view, this.g.given);
    const tokens = encodeGrid(this.host.meta, seen, this.kind);
    return {
      index,
      view,
      rows: seen.length,
      cols: seen[0]!.length,
      state: this.host.initialState(tokens),
      rules: cellRules(this.host.meta, this.kind, tokens),
      steps: 0,
      slotSteps,
      noisy: repeat && this.noise > 0,
      lastQ: 0,
    };
  }

  /** Whether the slot must stop before its next step (a winner, the run cancelled, the budget spent). */
  private mustStop(lane: Lane): boolean {
    if (this.winner) return true;
    if (this.opts.signal?.aborted) {
      this.stop ??= 'cancelled';
      return true;
    }
    // The budget bounds the extra views, never the model's own run: view 0 (the puzzle as given) always gets the
    // steps a plain run would, so the search answers at least what the model alone does.
    const ownRun = lane.index === 0 && lane.steps < this.opts.maxSteps;
    if (lane.slotSteps > 0 && !ownRun && performance.now() >= this.deadline) {
      this.stop ??= 'budget';
      return true;
    }
    return false;
  }

  /** Steps the view in `slot` (and the fresh views that replace it) until the search ends. */
  async stepSlot(slot: number): Promise<void> {
    for (;;) {
      const lane = this.lanes[slot]!;
      if (this.mustStop(lane)) return;
      if (lane.slotSteps > 0) {
        await nextTurn();
        if (this.winner) return;
        if (this.opts.signal?.aborted) {
          this.stop ??= 'cancelled';
          return;
        }
      }
      const r = await this.host.submit(lane.state);
      if (this.winner || this.lanes[slot] !== lane) return;
      if (this.afterStep(lane, r)) return;
      // Thinking longer: a view that ran max_steps unaccepted makes room for a fresh one (measured better on hard
      // Sudoku than stepping the same views further); view 0 keeps stepping, as the trace follows it.
      if (slot !== 0 && lane.steps >= this.opts.maxSteps) this.lanes[slot] = this.makeLane(lane.slotSteps);
    }
  }

  /** Takes a step's result into the view; true when the rules accepted its answer (the search is won). */
  private afterStep(lane: Lane, r: LaneResult): boolean {
    const { meta } = this.host;
    lane.steps++;
    lane.slotSteps++;
    lane.lastQ = r.qHalt;
    lane.state = { ...lane.state, y: r.y, z: lane.noisy ? addNoise(r.z, this.noise, this.normal) : r.z };
    const d = decodeLogits(r.logits, 0, meta.seq_len, meta.vocab_size, lane.rules);
    const changed = !sameIds(lane.ids, d.ids);
    lane.ids = d.ids;
    if (lane.index === 0) {
      if (r.qHalt > 0 && this.haltedAt === null) this.haltedAt = lane.steps;
      this.host.onPrimaryStep(d, r.qHalt, lane.steps);
    }
    if (!changed && lane.answer) return false;
    lane.answer = fromView(lane.view, decodeTokens(meta, d.ids, lane.rows, lane.cols));
    const verdict = verifyAnswer(this.g, lane.answer);
    if (!verdict.satisfiesRules) return false;
    this.winner = { lane, answer: lane.answer, verdict };
    this.stop = 'verified';
    return true;
  }

  /** The answer the rules accepted, else the vote of the views' current answers. */
  result(): SearchResult {
    const stepsRun = Math.max(...this.lanes.map((l) => l.slotSteps));
    const base = { views: this.started, lanes: this.lanes.length };
    const { winner } = this;
    if (winner) {
      return {
        answer: winner.answer,
        verdict: winner.verdict,
        stopReason: 'verified',
        stepsRun,
        haltedAt: this.haltedAt,
        haltScore: sigmoid(winner.lane.lastQ),
        summary: {
          ...base,
          decidedBy: 'rules',
          winner: { view: winner.lane.index + 1, transform: describeView(winner.lane.view), step: winner.lane.steps },
        },
      };
    }
    const ranked = voteAnswers(this.lanes.filter((l) => l.answer).map((l) => ({ answer: l.answer!, haltScore: sigmoid(l.lastQ) })));
    const top = ranked[0];
    const answer = top?.answer ?? [];
    const verdict = top ? verifyAnswer(this.g, answer) : { satisfiesRules: false, violations: ['cancelled before the first step'] };
    return {
      answer,
      verdict,
      stopReason: this.stop ?? 'budget',
      stepsRun,
      haltedAt: this.haltedAt,
      haltScore: top ? top.haltSum / top.votes : 0,
      summary: { ...base, decidedBy: 'vote', ...(top ? { votes: top.votes } : {}) },
    };
  }
}

/** Runs the search. `t0` is when the run started (the budget counts from there). */
export async function runSearch(host: SearchHost, g: PuzzleGrids, opts: SearchOptions, t0: number): Promise<SearchResult> {
  const search = new Search(host, g, opts, t0);
  await Promise.all(search.lanes.map((_, slot) => search.stepSlot(slot)));
  return search.result();
}
