// Messages between TrmWorkerClient (main thread) and trmWorker (worker thread). Plain, cloneable data.

import type { Puzzle } from '../../dsl/ast';
import type { PuzzleGrids } from '../encode';
import type { RunOptions } from '../engine';
import type { ServiceOptions } from '../service';
import type { TraceOutcome, TraceStep } from '../trace';

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
