// Request handling over engines: one engine per model (loaded once), concurrent requests batched
// step by step (StepBatcher), identical concurrent requests deduplicated (they share one run), and
// finished traces cached by (model hash, puzzle content, options). Runs in the worker thread
// (worker/trmWorker.ts) or in-process (CLI).

import type { Puzzle } from '../dsl/ast';
import { LruMap } from '../lru';
import { type PuzzleGrids, puzzleGrids } from './encode';
import { type EngineOptions, type RunOptions, StepStream, TrmEngine, type TrmRun } from './engine';
import { trmHost } from './host';
import { TrmError } from './errors';
import type { ModelLimits, TrmModel } from './model';
import type { Trace, TraceOutcome } from './trace';

export interface ServiceOptions extends EngineOptions, ModelLimits {
  /** Reads a model by path; default: the installed host's (core/src/trm/host.ts). */
  loadModel?: (path: string, limits: ModelLimits) => TrmModel;
  /** Finished traces kept (LRU; default 256; 0 disables the cache). */
  cacheSize?: number;
}

export interface ServiceStats {
  runs: number;
  cacheHits: number;
  deduplicated: number;
}

interface Shared {
  run: TrmRun;
  controller: AbortController;
  users: number;
}

/** The options that change a result (the cache key); signal excluded. */
function keyOptions(o: RunOptions) {
  return {
    maxSteps: o.maxSteps,
    haltOnQ: o.haltOnQ,
    stableSteps: o.stableSteps,
    testIndex: o.testIndex,
    augmentations: o.augmentations,
    seed: o.seed,
    views: o.views,
    budgetMs: o.budgetMs,
    noise: o.noise,
  };
}

export class TrmService {
  private readonly engines = new Map<string, Promise<TrmEngine>>();
  private readonly inflight = new Map<string, Shared>();
  private readonly cache: LruMap<string, Trace>;
  readonly stats: ServiceStats = { runs: 0, cacheHits: 0, deduplicated: 0 };

  constructor(private readonly opts: ServiceOptions = {}) {
    this.cache = new LruMap(Math.max(0, opts.cacheSize ?? 256));
  }

  /** The engine for a model path (loaded and checked once). Throws TrmError on a bad model. */
  engine(modelPath: string): Promise<TrmEngine> {
    let e = this.engines.get(modelPath);
    if (!e) {
      e = Promise.resolve().then(() => {
        const load = this.opts.loadModel ?? trmHost().loadModel;
        if (!load)
          throw new TrmError('model-not-found', `this host cannot read model files (${modelPath}); add the model as bytes instead`);
        return TrmEngine.create(load(modelPath, this.opts), this.opts);
      });
      this.engines.set(modelPath, e);
      e.catch(() => this.engines.delete(modelPath));
    }
    return e;
  }

  /** Adds an already loaded model (browser worker, tests) under a name. */
  add(name: string, model: TrmModel): Promise<TrmEngine> {
    const e = TrmEngine.create(model, this.opts);
    this.engines.set(name, e);
    e.catch(() => this.engines.delete(name));
    return e;
  }

  /**
   * Cache key of a request: what changes its result, as JSON. Equal requests give equal strings and a Map
   * compares them whole, so no digest is needed (the cache holds at most `cacheSize` of them).
   */
  static key(modelHash: string, g: PuzzleGrids, o: RunOptions): string {
    return JSON.stringify([modelHash, g.kind, g.kind === 'arc' ? g.name : '', g.given, g.expected ?? null, keyOptions(o)]);
  }

  /** Starts (or joins, or replays) a run. Rejections of the returned run's promises carry TrmErrors. */
  async run(modelPath: string, puzzle: Puzzle | PuzzleGrids, options: RunOptions = {}): Promise<TrmRun> {
    const engine = await this.engine(modelPath);
    const g = 'range' in puzzle ? puzzleGrids(puzzle, options.testIndex ?? 0) : puzzle;
    const key = TrmService.key(engine.model.hash, g, options);
    const hit = this.cache.get(key);
    if (hit) {
      this.stats.cacheHits++;
      return replay(hit.puzzleName === g.name ? hit : { ...hit, puzzleName: g.name });
    }
    let shared = this.inflight.get(key);
    if (shared) this.stats.deduplicated++;
    else {
      const controller = new AbortController();
      const run = engine.run(g, { ...options, signal: controller.signal });
      shared = { run, controller, users: 0 };
      this.inflight.set(key, shared);
      this.stats.runs++;
      const s = shared;
      run.trace.then(
        (t) => {
          if (this.inflight.get(key) === s) this.inflight.delete(key);
          if (t.outcome?.stopReason !== 'cancelled') this.cache.set(key, t);
        },
        () => {
          if (this.inflight.get(key) === s) this.inflight.delete(key);
        },
      );
    }
    shared.users++;
    const s = shared;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      if (--s.users === 0) {
        // A request arriving after this must start afresh, not join a run that is stopping.
        if (this.inflight.get(key) === s) this.inflight.delete(key);
        s.controller.abort();
      }
    };
    // A caller's signal cancels the shared run once every caller of it has cancelled.
    if (options.signal) {
      if (options.signal.aborted) leave();
      else options.signal.addEventListener('abort', leave, { once: true });
    }
    return s.run;
  }

  /** Drops a model's engine (after its files changed); the next request loads it again. Cached traces keyed by the old hash stay unused. */
  async forget(modelPath: string): Promise<void> {
    const e = this.engines.get(modelPath);
    this.engines.delete(modelPath);
    await e?.then(
      (x) => x.dispose(),
      () => undefined,
    );
  }

  clearCache(): void {
    this.cache.clear();
  }

  async dispose(): Promise<void> {
    for (const s of this.inflight.values()) s.controller.abort();
    const engines = [...this.engines.values()];
    this.engines.clear();
    for (const e of engines)
      await e.then(
        (x) => x.dispose(),
        () => undefined,
      );
  }
}

/** A finished trace as a run (steps replayed at once). */
export function replay(t: Trace): TrmRun {
  const stream = new StepStream();
  for (const s of t.steps) stream.push(s);
  stream.end();
  return {
    outcome: Promise.resolve(t.outcome as TraceOutcome),
    trace: Promise.resolve(t),
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
  };
}
