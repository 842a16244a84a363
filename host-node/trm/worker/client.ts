// Main-thread handle on the inference worker: the same run() shape as TrmEngine (steps as an async
// iterable, `outcome`, `trace`), with cancellation through RunOptions.signal.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Puzzle } from '../../../core/src/dsl/ast';
import { type PuzzleGrids, puzzleGrids } from '../../../core/src/trm/encode';
import { type RunOptions, StepStream, type TrmRun } from '../../../core/src/trm/engine';
import { TrmError, type TrmErrorCode } from '../../../core/src/trm/errors';
import type { Trace, TraceOutcome } from '../../../core/src/trm/trace';
import type { FromWorker, ModelInfo, ToWorker, WorkerInit } from './protocol';

export interface WorkerClientOptions extends WorkerInit {
  /** The worker script. Default: trmWorker.js beside this bundle (dist/), else the TypeScript source run through tsx. */
  workerPath?: string;
}

interface Pending {
  stream?: StepStream;
  model?: string;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/** dist/trmWorker.js beside the bundle, else (running from source) worker/trmWorker.ts. */
export function defaultWorkerPath(): string {
  const bundled = join(__dirname, 'trmWorker.js');
  if (existsSync(bundled)) return bundled;
  return join(__dirname, 'trmWorker.ts');
}

export class TrmWorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dead?: Error;

  constructor(opts: WorkerClientOptions = {}) {
    const { workerPath, ...init } = opts;
    const path = workerPath ?? defaultWorkerPath();
    // A TypeScript worker (tests, development) is started through tsx's CommonJS hook.
    this.worker = path.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(path)});`, { eval: true, workerData: init })
      : new Worker(path, { workerData: init });
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`the inference worker exited (code ${code})`)));
  }

  private failAll(e: Error): void {
    this.dead = e;
    for (const p of this.pending.values()) {
      p.stream?.fail(e);
      p.reject(e);
    }
    this.pending.clear();
  }

  private onMessage(m: FromWorker): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'step') p.stream?.push(m.step);
    else if (m.type === 'done') {
      this.pending.delete(m.id);
      p.stream?.end();
      p.model = m.model;
      p.resolve(m.outcome);
    } else if (m.type === 'info') {
      this.pending.delete(m.id);
      p.resolve(m.info);
    } else {
      this.pending.delete(m.id);
      const err = new TrmError((m.code as TrmErrorCode) ?? 'backend-unavailable', m.message);
      p.stream?.fail(err);
      p.reject(err);
    }
  }

  private post(m: ToWorker): void {
    if (this.dead) throw this.dead;
    // Keep the process alive while requests are pending, not longer.
    if (m.type !== 'cancel') this.worker.ref();
    this.worker.postMessage(m);
  }

  private settled(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  /** Loads (once) and describes a model: name, provider used and why. */
  info(model: string): Promise<ModelInfo> {
    const id = this.nextId++;
    const p = new Promise<ModelInfo>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.post({ type: 'info', id, model });
      } catch (e) {
        this.pending.delete(id);
        reject(e);
      }
    });
    p.then(
      () => this.settled(),
      () => this.settled(),
    );
    return p;
  }

  run(model: string, puzzle: Puzzle | PuzzleGrids, options: RunOptions = {}): TrmRun {
    const id = this.nextId++;
    const { signal, ...rest } = options;
    const g = 'range' in puzzle ? puzzleGrids(puzzle, options.testIndex ?? 0) : puzzle;
    const stream = new StepStream();
    let entry: Pending | undefined;
    const outcome = new Promise<TraceOutcome>((resolve, reject) => {
      entry = { stream, resolve: resolve as (v: unknown) => void, reject };
      this.pending.set(id, entry);
    });
    outcome.then(
      () => this.settled(),
      () => this.settled(),
    );
    if (signal) {
      const cancel = () => {
        if (this.pending.has(id) && !this.dead) this.worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
      };
      if (signal.aborted) queueMicrotask(cancel);
      else signal.addEventListener('abort', cancel, { once: true });
    }
    try {
      this.post({ type: 'run', id, model, puzzle: g, options: rest });
    } catch (e) {
      // the worker is gone: the run fails like any other, through its promises
      this.pending.delete(id);
      stream.fail(e);
      entry?.reject(e);
    }
    const trace = outcome.then((o): Trace => ({
      puzzleName: g.name,
      kind: g.kind,
      model: entry?.model ?? '',
      given: g.given,
      ...(g.expected ? { expected: g.expected } : {}),
      steps: stream.steps,
      outcome: o,
    }));
    outcome.catch(() => undefined);
    trace.catch(() => undefined);
    return { outcome, trace, [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator]() };
  }

  async dispose(): Promise<void> {
    if (this.dead) return;
    this.worker.postMessage({ type: 'dispose' } satisfies ToWorker);
    await new Promise<void>((r) => {
      const t = setTimeout(() => void this.worker.terminate().then(() => r()), 2000);
      this.worker.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
}
