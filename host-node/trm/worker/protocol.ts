// Messages between TrmWorkerClient (main thread) and trmWorker (worker thread). Plain, cloneable data.

import type { Puzzle } from '../../../core/src/dsl/ast';
import type { PuzzleGrids } from '../../../core/src/trm/encode';
import type { RunOptions } from '../../../core/src/trm/engine';
import type { ServiceOptions } from '../../../core/src/trm/service';
import type { TraceOutcome, TraceStep } from '../../../core/src/trm/trace';

export type WorkerInit = Omit<ServiceOptions, 'loadNative' | 'loadWeb' | 'cudaCheck'>;

export type ToWorker =
  | { type: 'run'; id: number; model: string; puzzle: Puzzle | PuzzleGrids; options: Omit<RunOptions, 'signal'> }
  | { type: 'cancel'; id: number }
  | { type: 'info'; id: number; model: string }
  | { type: 'dispose' };

export interface ModelInfo {
  name: string;
  kind: string;
  hash: string;
  provider: 'cuda' | 'cpu' | 'wasm';
  providerNote?: string;
  maxSteps: number;
}

export type FromWorker =
  | { type: 'step'; id: number; step: TraceStep }
  | { type: 'done'; id: number; outcome: TraceOutcome; model: string }
  | { type: 'info'; id: number; info: ModelInfo }
  | { type: 'error'; id: number; code?: string; message: string };
