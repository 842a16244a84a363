// The payloads of the TRM assistant's custom messages (declared in messages.ts, documented in docs/protocol.md),
// shared by the language server (server/src/trm), the clients (client/src, Neovim, tests) and the webview.
// Plain JSON types only: no LSP or editor imports.
//
// The trace events line up one to one with the trace webview's traceStart / traceStep / traceEnd messages
// (webview/src/messages.ts), keyed by `runId`.

import type { Trace, TraceOutcome, TraceStep } from '../trm/trace';
import type { PuzzleView } from './puzzleView';

export type ProviderChoice = 'auto' | 'cpu' | 'cuda' | 'wasm';
export type UsedProvider = 'cuda' | 'cpu' | 'wasm';
/** `halt`: stop at the first step with q_halt > 0; `maxSteps`: always run every step; `stable`: stop once the answer stopped changing. */
export type HaltingMode = 'halt' | 'maxSteps' | 'stable';

/** Client commands of the palette. */
export const SELECT_PROVIDER_COMMAND = 'gridReasoner.selectProvider';
export const SHOW_MODEL_INFO_COMMAND = 'gridReasoner.showModelInfo';

/** The assistant's settings (package.json `gridReasoner.*`), as the server uses them. */
export interface TrmSettings {
  provider: ProviderChoice;
  /** Most supervision steps; 0 = the model's own max_steps. */
  maxSteps: number;
  haltingMode: HaltingMode;
  /** ARC: augmented versions voted over; 0 = the engine's default (8 on CPU, 64 on CUDA). */
  arcAugmentations: number;
  /** Sudoku and maze: views run side by side in the test-time search; 1 = the model alone. */
  searchViews: number;
  /** The search's time budget per run, in milliseconds. */
  searchBudgetMs: number;
  /** Model diagnostics: the probability at or above which a disagreement is reported. */
  confidenceThreshold: number;
  modelDiagnostics: boolean;
  /** Run the model in the background after edits (model diagnostics, hovers and completions need a run). */
  autoRun: boolean;
  /** The whole assistant (lenses, TRM actions, hovers, completions, model diagnostics); off = the rules-only server. */
  enabled: boolean;
}

/** What a client sends: the settings, the model paths by origin, and whether the workspace is trusted. */
export interface TrmClientSettings extends Partial<TrmSettings> {
  models?: {
    /** Paths from user (global) settings or the client's own configuration: always used. */
    user?: string[];
    /** Paths from workspace or folder settings: used only when `workspaceTrusted`. */
    workspace?: string[];
  };
  /** VS Code workspace trust. Absent: trusted (clients without a trust model, such as Neovim). */
  workspaceTrusted?: boolean;
  /**
   * The client shows explicit runs as its own cancellable progress (from the trace events, cancelling with
   * gridReasoner/trmCancel), so the server sends no LSP work-done progress. VS Code's language client shows
   * work-done progress in the status bar only, without a Cancel button.
   */
  clientProgress?: boolean;
}

export type ModelOrigin = 'bundled' | 'user' | 'workspace';

export interface ModelSummary {
  name: string;
  kind: string;
  rows: number;
  cols: number;
  path: string;
  origin: ModelOrigin;
  /** `ok` loaded and used; `unloaded` not needed yet; `error` failed to load (see `error`); `ignored` (untrusted workspace). */
  state: 'ok' | 'unloaded' | 'error' | 'ignored';
  error?: string;
  maxSteps?: number;
  provider?: UsedProvider;
  providerNote?: string;
}

export interface TrmStatus {
  /** `busy` while runs are in progress; `error` after a model failed to load; `none` when no model is available. */
  state: 'idle' | 'busy' | 'error' | 'none';
  /** Runs in progress. */
  running: number;
  /** The model of the latest run (metadata name). */
  model?: string;
  /** The provider asked for (setting). */
  providerSetting: ProviderChoice;
  /** The provider actually used by the latest run (CUDA, CPU or WebAssembly). */
  provider?: UsedProvider;
  /** Why the provider differs from the one asked for. */
  providerNote?: string;
  /** A one-line message (the error of a model that failed to load, or why no model is available). */
  message?: string;
  models: ModelSummary[];
}

export type TrmTraceEvent =
  | {
      type: 'start';
      runId: string;
      uri: string;
      puzzleIndex: number;
      testIndex: number;
      puzzleName: string;
      kind: Trace['kind'];
      model: string;
      /** The most steps the run may take. */
      maxSteps?: number;
      given: string[][];
      expected?: string[][];
      /** The exact solver's unique answer when the file has none (marks wrong cells). */
      solverAnswer?: string[][];
    }
  | { type: 'step'; runId: string; step: TraceStep }
  | { type: 'end'; runId: string; outcome?: TraceOutcome; error?: string }
  /**
   * Every earlier run was dropped because what a run computes changed (other models, or a setting such as the
   * search's views): the traces of those runs no longer match the lenses. The puzzles get new runs.
   */
  | { type: 'runsRestarted' };

export interface TrmTraceRequest {
  uri: string;
  puzzleIndex: number;
  testIndex?: number;
  /** Start a run (streamed as TrmTraceEvents) when the puzzle has none yet. */
  start?: boolean;
}

/** The reply to TRM_GET_TRACE_REQUEST: the latest trace of the puzzle (partial while running) and its run id. */
export interface TrmTraceReply {
  runId: string;
  running: boolean;
  trace: Trace;
  /** The puzzle as it is now, drawable (the trace panel shows it without parsing the document). */
  view?: PuzzleView;
}
