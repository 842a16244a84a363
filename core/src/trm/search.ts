// Test-time search with the rules as verifier (Sudoku, mazes): several views of the puzzle (views.ts) run side
// by side, their steps batched together; after every step each view's answer is mapped back to the puzzle's
// frame and checked by the rules (verify.ts), and the first answer the rules accept ends the search. While
// none is accepted and the time budget allows, the search thinks longer: each view that ran max_steps is
// replaced by a fresh view, and view 0 (the puzzle as given, which the trace streams) steps on past
// max_steps. When the budget is spent (or the run is cancelled) the current answers of the views are voted
// (count, then mean halt score).

import { mulberry32 } from '../random';
import type { LaneResult, LaneState } from './batcher';
import { type DecodedCells, type PuzzleGrids, decodeLogits, decodeTokens, encodeGrid, fitProblem } from './encode';
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
  /** The search's wall-clock budget in milliseconds (every view runs at least one step). */
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

/** Runs the search. `t0` is when the run started (the budget counts from there). */
export async function runSearch(host: SearchHost, g: PuzzleGrids, opts: SearchOptions, t0: number): Promise<SearchResult> {
  const { meta } = host;
  const V = meta.vocab_size,
    L = meta.seq_len;
  const kind = g.kind as 'sudoku' | 'maze';
  const source = new ViewSource(g, meta, opts.seed ?? 0);
  const noise = opts.noise ?? DEFAULT_REPEAT_NOISE;
  const normal = gaussian(mulberry32((opts.seed ?? 0) ^ 0x9e3779b9));
  const deadline = t0 + Math.max(0, opts.budgetMs);
  let started = 0;

  const makeLane = (slotSteps: number): Lane => {
    const index = started++;
    const { view, repeat } = source.view(index);
    const seen = toView(view, g.given);
    return {
      index,
      view,
      rows: seen.length,
      cols: seen[0]!.length,
      state: host.initialState(encodeGrid(meta, seen, kind)),
      steps: 0,
      slotSteps,
      noisy: repeat && noise > 0,
      lastQ: 0,
    };
  };

  const lanes: Lane[] = Array.from({ length: Math.max(2, opts.views) }, () => makeLane(0));
  let winner: { lane: Lane; answer: string[][]; verdict: Verdict } | undefined;
  let stop: SearchResult['stopReason'] | undefined;
  let haltedAt: number | null = null;

  const stepSlot = async (slot: number): Promise<void> => {
    for (;;) {
      if (winner) return;
      if (opts.signal?.aborted) {
        stop ??= 'cancelled';
        return;
      }
      const lane = lanes[slot]!;
      if (lane.slotSteps > 0) {
        if (performance.now() >= deadline) {
          stop ??= 'budget';
          return;
        }
        await nextTurn();
        if (winner) return;
        if (opts.signal?.aborted) {
          stop ??= 'cancelled';
          return;
        }
      }
      const r = await host.submit(lane.state);
      if (winner || lanes[slot] !== lane) return;
      lane.steps++;
      lane.slotSteps++;
      lane.lastQ = r.qHalt;
      lane.state = { ...lane.state, y: r.y, z: lane.noisy ? addNoise(r.z, noise, normal) : r.z };
      const d = decodeLogits(r.logits, 0, L, V);
      const changed = !sameIds(lane.ids, d.ids);
      lane.ids = d.ids;
      if (lane.index === 0) {
        if (r.qHalt > 0 && haltedAt === null) haltedAt = lane.steps;
        host.onPrimaryStep(d, r.qHalt, lane.steps);
      }
      if (changed || !lane.answer) {
        lane.answer = fromView(lane.view, decodeTokens(meta, d.ids, lane.rows, lane.cols));
        const verdict = verifyAnswer(g, lane.answer);
        if (verdict.satisfiesRules) {
          winner = { lane, answer: lane.answer, verdict };
          stop = 'verified';
          return;
        }
      }
      // Thinking longer: a view that ran max_steps unaccepted makes room for a fresh one (measured better on hard
      // Sudoku than stepping the same views further); view 0 keeps stepping, as the trace follows it.
      if (slot !== 0 && lane.steps >= opts.maxSteps) lanes[slot] = makeLane(lane.slotSteps);
    }
  };
  await Promise.all(lanes.map((_, slot) => stepSlot(slot)));

  const stepsRun = Math.max(...lanes.map((l) => l.slotSteps));
  const base = { views: started, lanes: lanes.length };
  if (winner) {
    return {
      answer: winner.answer,
      verdict: winner.verdict,
      stopReason: 'verified',
      stepsRun,
      haltedAt,
      haltScore: sigmoid(winner.lane.lastQ),
      summary: {
        ...base,
        decidedBy: 'rules',
        winner: { view: winner.lane.index + 1, transform: describeView(winner.lane.view), step: winner.lane.steps },
      },
    };
  }
  const ranked = voteAnswers(lanes.filter((l) => l.answer).map((l) => ({ answer: l.answer!, haltScore: sigmoid(l.lastQ) })));
  const top = ranked[0];
  const answer = top?.answer ?? [];
  const verdict = top ? verifyAnswer(g, answer) : { satisfiesRules: false, violations: ['cancelled before the first step'] };
  return {
    answer,
    verdict,
    stopReason: stop ?? 'budget',
    stepsRun,
    haltedAt,
    haltScore: top ? top.haltSum / top.votes : 0,
    summary: { ...base, decidedBy: 'vote', ...(top ? { votes: top.votes } : {}) },
  };
}
