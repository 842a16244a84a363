// Per-document TRM runs. A run is keyed by what the model sees (the puzzle's given grid, the model and
// the run options), not by the document version: an edit that leaves a puzzle's input alone keeps its
// run (and result), an edit that changes it cancels the run at once. Every lookup goes through the
// current text's puzzles, so a result of a stale puzzle can never be shown or published.

import type { Puzzle } from '../../../core/src/dsl/ast';
import {
  isTrmError,
  puzzleGrids,
  type PuzzleGrids,
  type RunOptions,
  type TraceOutcome,
  type TraceStep,
  type TrmRun,
} from '../../../core/src/trm';
import type { CatalogModel as RegisteredModel } from '../../../core/src/assist/catalog';
import { whyNotRunnable } from '../../../core/src/assist/runnable';

export type RunState = 'running' | 'done' | 'cancelled' | 'error';

export interface RunRecord {
  id: string;
  uri: string;
  key: string;
  testIndex: number;
  /** Index of the puzzle when the run started (for events; lookups use the key). */
  puzzleIndex: number;
  grids: PuzzleGrids;
  model: RegisteredModel;
  steps: TraceStep[];
  outcome?: TraceOutcome;
  error?: string;
  state: RunState;
  /** Streamed to the client (asked for by the user: Solve with TRM, Show reasoning trace). */
  explicit: boolean;
  /** A client asked for this run's trace while it ran: its remaining steps and its end are streamed too. */
  streamed: boolean;
  maxSteps: number;
  controller: AbortController;
  /** Settles when the run ends (never rejects). */
  done: Promise<void>;
}

/** What the run manager needs from its host. */
export interface RunHost {
  modelFor(g: PuzzleGrids): RegisteredModel | undefined;
  options(testIndex: number): Omit<RunOptions, 'signal'>;
  start(model: RegisteredModel, g: PuzzleGrids, options: RunOptions): TrmRun;
  onStart(r: RunRecord): void;
  onStep(r: RunRecord, step: TraceStep): void;
  onEnd(r: RunRecord): void;
  /** A run failed; `modelFailure` when the model itself could not be loaded. */
  onError(r: RunRecord, message: string, modelFailure: boolean): void;
}

/** Why a puzzle has no run: nothing to solve, no answer the rules could accept (whyNotRunnable), or no model for it. */
export interface NoRun {
  reason: 'no-input' | 'not-runnable' | 'no-model';
  message: string;
  grids?: PuzzleGrids;
  /** The model that would take the puzzle (not-runnable only). */
  model?: RegisteredModel;
}

export function isNoRun(x: RunRecord | NoRun): x is NoRun {
  return 'reason' in x;
}

const MODEL_FAILURES = new Set([
  'model-not-found',
  'model-too-large',
  'model-truncated',
  'model-corrupt',
  'metadata-invalid',
  'graph-mismatch',
  'backend-unavailable',
]);

let nextId = 1;

/** A puzzle's input to a run, or why it has none (the model aside). */
type PuzzleInput = { grids: PuzzleGrids; notRunnable: string | undefined; givenJson: string } | { message: string };

function readPuzzleInput(p: Puzzle, testIndex: number): PuzzleInput {
  let grids: PuzzleGrids;
  try {
    grids = puzzleGrids(p, testIndex);
  } catch (e) {
    return { message: e instanceof Error ? e.message : String(e) };
  }
  return { grids, notRunnable: whyNotRunnable(p), givenJson: JSON.stringify(grids.given) };
}

/** The indexes of the puzzles of each name (RunManager.whereIs). */
export function puzzleIndexesByName(puzzles: readonly Puzzle[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  puzzles.forEach((p, i) => {
    const at = out.get(p.name);
    if (at) at.push(i);
    else out.set(p.name, [i]);
  });
  return out;
}

export class RunManager {
  private readonly docs = new Map<string, Map<string, RunRecord>>();

  constructor(private readonly host: RunHost) {}

  /** What describe() reads off a puzzle itself, kept per puzzle node: lenses, hovers and every sync ask for it
   *  again, and a large document has thousands of puzzles. The node of a puzzle is new when its text changes. */
  private inputs = new WeakMap<Puzzle, Map<number, PuzzleInput>>();

  private inputOf(p: Puzzle, testIndex: number): PuzzleInput {
    let byTest = this.inputs.get(p);
    if (!byTest) this.inputs.set(p, (byTest = new Map()));
    let input = byTest.get(testIndex);
    if (!input) byTest.set(testIndex, (input = readPuzzleInput(p, testIndex)));
    return input;
  }

  /** The grids and the key of a puzzle's run, or why it has none. */
  describe(p: Puzzle, testIndex: number): { grids: PuzzleGrids; model: RegisteredModel; key: string } | NoRun {
    const input = this.inputOf(p, testIndex);
    if ('message' in input) return { reason: 'no-input', message: input.message };
    const { grids, notRunnable, givenJson } = input;
    // Asked every time: the model for a puzzle changes when one fails to load.
    const model = this.host.modelFor(grids);
    const size = `${grids.given.length}x${grids.given[0]?.length ?? 0}`;
    if (!model)
      return {
        reason: 'no-model',
        message: `no model for a ${size} ${grids.kind === 'arc' ? 'ARC task' : grids.kind} (gridReasoner.models)`,
        grids,
      };
    if (notRunnable) return { reason: 'not-runnable', message: notRunnable, grids, model };
    const key = `${JSON.stringify([model.path, grids.kind, grids.kind === 'arc' ? grids.name : '', testIndex, this.host.options(testIndex)])}${givenJson}`;
    return { grids, model, key };
  }

  /** The run of a puzzle as it is now, if any. */
  get(uri: string, p: Puzzle, testIndex: number): RunRecord | undefined {
    const d = this.describe(p, testIndex);
    return 'key' in d ? this.docs.get(uri)?.get(d.key) : undefined;
  }

  /**
   * The run of a puzzle, started when there is none (or when `explicit` and the last one was cancelled or
   * failed). Returns why there is no run otherwise.
   */
  ensure(uri: string, p: Puzzle, puzzleIndex: number, testIndex: number, explicit: boolean): RunRecord | NoRun {
    const d = this.describe(p, testIndex);
    if (!('key' in d)) return d;
    let runs = this.docs.get(uri);
    if (!runs) {
      runs = new Map();
      this.docs.set(uri, runs);
    }
    const existing = runs.get(d.key);
    if (existing && !(explicit && (existing.state === 'cancelled' || existing.state === 'error'))) {
      if (explicit && !existing.explicit) {
        existing.explicit = true;
        existing.puzzleIndex = puzzleIndex;
        this.host.onStart(existing);
        for (const s of existing.steps) this.host.onStep(existing, s);
        if (existing.state !== 'running') this.host.onEnd(existing);
      }
      return existing;
    }
    const options = this.host.options(testIndex);
    const controller = new AbortController();
    const rec: RunRecord = {
      id: `trm-${nextId++}`,
      uri,
      key: d.key,
      testIndex,
      puzzleIndex,
      grids: d.grids,
      model: d.model,
      steps: [],
      state: 'running',
      explicit,
      streamed: false,
      maxSteps: options.maxSteps ?? d.model.meta.max_steps,
      controller,
      done: Promise.resolve(),
    };
    runs.set(d.key, rec);
    rec.done = this.drive(rec, options);
    return rec;
  }

  private async drive(rec: RunRecord, options: Omit<RunOptions, 'signal'>): Promise<void> {
    this.host.onStart(rec);
    try {
      const run = this.host.start(rec.model, rec.grids, { ...options, signal: rec.controller.signal });
      for await (const step of run) {
        if (rec.state !== 'running') break;
        rec.steps.push(step);
        this.host.onStep(rec, step);
      }
      const outcome = await run.outcome;
      if (rec.state !== 'running') return;
      rec.outcome = outcome;
      rec.state = outcome.stopReason === 'cancelled' || rec.controller.signal.aborted ? 'cancelled' : 'done';
      this.host.onEnd(rec);
    } catch (e) {
      if (rec.state !== 'running') return;
      const message = e instanceof Error ? e.message : String(e);
      rec.state = rec.controller.signal.aborted ? 'cancelled' : 'error';
      rec.error = message;
      if (rec.state === 'error') this.host.onError(rec, message, isTrmError(e) && MODEL_FAILURES.has(e.code));
      this.host.onEnd(rec);
    }
  }

  /** Cancels one run (the user cancelled its progress). */
  cancel(rec: RunRecord): void {
    if (rec.state !== 'running') return;
    rec.controller.abort();
    rec.state = 'cancelled';
    this.host.onEnd(rec);
  }

  /**
   * Where the puzzle of a run is in `puzzles` now (indexes; empty when its input is gone): at the index it was
   * started from, else under its name. Looking only there keeps an edit of a large document from describing
   * every puzzle; a puzzle both moved and renamed counts as gone (a later lookup starts its run again).
   * `names` is puzzleIndexesByName(puzzles), built once by a caller that asks for several runs.
   */
  whereIs(rec: RunRecord, puzzles: readonly Puzzle[], runsOf: (p: Puzzle) => number, names: ReadonlyMap<string, number[]>): number[] {
    const holds = (i: number): boolean => {
      const p = puzzles[i];
      if (!p || rec.testIndex >= runsOf(p)) return false;
      const d = this.describe(p, rec.testIndex);
      return 'key' in d && d.key === rec.key;
    };
    const named = (names.get(rec.grids.name) ?? []).filter((i) => i !== rec.puzzleIndex && holds(i));
    return holds(rec.puzzleIndex) ? [rec.puzzleIndex, ...named] : named;
  }

  /**
   * Drops the runs of a document whose puzzle input is no longer in it (after an edit): running ones are
   * cancelled at once and never publish. `puzzles` is the new text's puzzles; the runs kept learn where their
   * puzzle now is.
   */
  sync(uri: string, puzzles: readonly Puzzle[], runsOf: (p: Puzzle) => number): RunRecord[] {
    const runs = this.docs.get(uri);
    if (!runs || runs.size === 0) return [];
    const names = puzzleIndexesByName(puzzles);
    const dropped: RunRecord[] = [];
    for (const [key, rec] of runs) {
      const [at] = this.whereIs(rec, puzzles, runsOf, names);
      if (at !== undefined) {
        rec.puzzleIndex = at;
        continue;
      }
      runs.delete(key);
      dropped.push(rec);
      this.cancel(rec);
    }
    return dropped;
  }

  /** Cancels and forgets every run of a document (closed) or of all documents (settings changed). */
  clear(uri?: string): void {
    if (uri === undefined) this.inputs = new WeakMap();
    for (const [u, runs] of this.docs) {
      if (uri !== undefined && u !== uri) continue;
      for (const rec of runs.values()) this.cancel(rec);
      this.docs.delete(u);
    }
  }

  running(): number {
    let n = 0;
    for (const runs of this.docs.values()) for (const r of runs.values()) if (r.state === 'running') n++;
    return n;
  }

  byId(id: string): RunRecord | undefined {
    for (const runs of this.docs.values()) for (const r of runs.values()) if (r.id === id) return r;
    return undefined;
  }

  all(uri: string): RunRecord[] {
    return [...(this.docs.get(uri)?.values() ?? [])];
  }
}
