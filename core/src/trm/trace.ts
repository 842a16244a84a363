// The reasoning trace: first-class data streamed by the TRM engine, drawn by the webview,
// shown in hovers and printed by the CLI. Plain JSON-serialisable data.

/** One candidate symbol for a cell with the model's probability. */
export interface Candidate {
  symbol: string;
  probability: number;
}

/** The model's view of the grid after one supervision step. Grids are row-major [row][col]. */
export interface TraceStep {
  /** 1-based supervision step. */
  step: number;
  /** Predicted symbol per cell, in DSL symbols (Sudoku digits, ARC colours, maze `# . S G o`). */
  grid: string[][];
  /** Probability of the predicted symbol per cell. */
  probability: number[][];
  /** Top 3 candidates per cell, best first. */
  top: Candidate[][][];
  /** [row, col] of the cells whose prediction differs from the previous step (all cells at step 1). */
  changed: [number, number][];
  /** sigmoid(q_halt): the model's confidence that it is done. */
  haltScore: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

/** How a run ended. */
export interface TraceOutcome {
  /** The answer grid (ARC: cropped at EOS and de-augmented). */
  answer: string[][];
  /** Whether the answer satisfies the puzzle's rules (checked by the core rules, not the model). */
  satisfiesRules: boolean;
  /** Rule violations of the answer, human-readable. */
  violations: string[];
  stepsRun: number;
  /** First step whose halt score crossed 0.5 (q_halt > 0), or null. */
  haltedAt: number | null;
  /** `verified` / `budget`: a search (see `search`) found an answer the rules accept / spent its time budget. */
  stopReason: 'max-steps' | 'halted' | 'stable' | 'cancelled' | 'verified' | 'budget';
  provider: 'cuda' | 'cpu' | 'wasm';
  /** Present when the model's int8 graph ran (CPU) instead of its float one. */
  precision?: 'int8';
  elapsedMs: number;
  /** Why the provider differs from the one asked for (CUDA fell back to CPU, native to WebAssembly). */
  providerNote?: string;
  /** sigmoid(q_halt) at the last step run (ARC: mean over the winning answer's votes). */
  haltScore?: number;
  /** Whether the answer equals the known answer in the file; absent when the file has none. */
  matchesExpected?: boolean;
  /** ARC: the ranked candidates after voting (the first two are the pass@2 attempts). */
  attempts?: ArcAttempt[];
  /** Test-time search (Sudoku, maze with several views): which view's answer was taken. */
  search?: SearchSummary;
  /** Things the user should know (the model does not know this ARC task, ...). */
  warnings?: string[];
}

/** How a test-time search (core/src/trm/search.ts) decided its answer. */
export interface SearchSummary {
  /** Views started, fresh views that replaced stuck ones included. */
  views: number;
  /** Views run side by side. */
  lanes: number;
  /** `rules`: the first answer the rules accepted; `vote`: none was accepted, the answer most views gave. */
  decidedBy: 'rules' | 'vote';
  /** The view whose answer the rules accepted: its number (1 = the puzzle as given), what it changed, its step. */
  winner?: { view: number; transform: string; step: number };
  /** `vote`: how many views gave the answer. */
  votes?: number;
}

/** One voted ARC answer: the de-augmented grid, how many augmented versions predicted it, their mean halt score. */
export interface ArcAttempt {
  grid: string[][];
  votes: number;
  meanHaltScore: number;
  satisfiesRules: boolean;
  matchesExpected?: boolean;
}

export interface Trace {
  puzzleName: string;
  kind: 'arc' | 'sudoku' | 'maze';
  /** Model name from its metadata. */
  model: string;
  /** The puzzle as given (givens / maze / ARC test input), same symbols as the steps. */
  given: string[][];
  /** The known solution when the file has one, to mark wrong cells. */
  expected?: string[][];
  /** Without one: the exact solver's unique answer (core/src/trm/knownAnswer.ts), to mark wrong cells. */
  solverAnswer?: string[][];
  steps: TraceStep[];
  outcome?: TraceOutcome;
}
