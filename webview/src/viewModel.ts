// The trace webview's view model: pure functions from puzzles, traces and messages to what is drawn.
// No DOM here, so the extension side (puzzle lookup) and the unit tests use it as well as the webview.

import type { ArcDocument, Position, Puzzle } from '../../core/src/dsl/ast';
import { puzzleAt, puzzleView } from '../../core/src/assist/puzzleAt';
import { cellHistory as stepsOfCell, type CellStep } from '../../core/src/trm/cellHistory';
import type { Candidate, Trace, TraceStep } from '../../core/src/trm/trace';
import { comparisonFor } from './exactAnswer';
import type { PuzzleView, ToWebview } from './messages';

// ---------------------------------------------------------------------------------------------------------------
// Puzzles

/** The drawable view of a parsed puzzle (one home: core/src/assist/puzzleAt.ts, which the server uses). */
export function puzzleViewFromAst(puzzle: Puzzle, source?: PuzzleView['source']): PuzzleView {
  return puzzleView(puzzle, source);
}

/** The puzzle at a position, by the one rule of core/src/assist/puzzleAt.ts. */
export function findPuzzleAt(doc: ArcDocument, pos: Position): Puzzle | undefined {
  return puzzleAt(doc.puzzles, pos)?.puzzle;
}

// ---------------------------------------------------------------------------------------------------------------
// Symbols

/** Sudoku blanks as the DSL and the importers write them. */
export function isSudokuBlank(symbol: string | undefined): boolean {
  return symbol === undefined || symbol === '.' || symbol === '0' || symbol === '_' || symbol === '' || symbol === ' ';
}

/** Maze cells that the puzzle fixes (the model does not choose them). */
export function isMazeFixed(symbol: string | undefined): boolean {
  return symbol === '#' || symbol === 'S' || symbol === 'G';
}

// ---------------------------------------------------------------------------------------------------------------
// Frames: one per trace step

export interface FrameCell {
  symbol: string;
  /** Probability of `symbol` (0..1). */
  probability: number;
  /** Prediction differs from the previous step (every cell at step 1). */
  changed: boolean;
  /** The solution is known and this cell differs from it (or lies outside it). */
  wrong: boolean;
  /** The puzzle fixes this cell (Sudoku given, maze wall/start/goal): drawn apart from predictions. */
  given: boolean;
  top: Candidate[];
}

export interface Frame {
  /** 0-based index into trace.steps. */
  index: number;
  /** 1-based supervision step. */
  step: number;
  total: number;
  rows: number;
  cols: number;
  cells: FrameCell[][];
  changedCount: number;
  /** Null when the solution is unknown. */
  wrongCount: number | null;
  /** The prediction's size differs from the known solution's (ARC). */
  sizeMismatch: boolean;
  haltScore: number;
  /** This step is the halting point. */
  isHaltPoint: boolean;
  elapsedMs: number;
}

/** The step number (1-based) at which the model halted: the outcome's, else the first halt score above 0.5. */
export function haltingPoint(trace: Trace): number | null {
  if (trace.outcome) return trace.outcome.haltedAt;
  const s = trace.steps.find((st) => st.haltScore > 0.5);
  return s ? s.step : null;
}

/** The DSL's symbol of a cell not known yet (ARC test outputs, unsolved solutions): never counts as wrong. */
export const UNKNOWN = '?';

function isWrong(expected: string[][] | undefined, r: number, c: number, symbol: string | undefined): boolean {
  if (!expected) return false;
  const e = expected[r]?.[c];
  return e !== UNKNOWN && e !== symbol;
}

/** The solution to compare against: none when it is missing or not known at all (only `?`). */
export function knownSolution(grid: string[][] | undefined): string[][] | undefined {
  if (!grid || grid.length === 0) return undefined;
  return grid.some((row) => row.some((s) => s !== UNKNOWN)) ? grid : undefined;
}

function isGiven(trace: Trace, r: number, c: number): boolean {
  const g = trace.given[r]?.[c];
  if (trace.kind === 'sudoku') return !isSudokuBlank(g);
  if (trace.kind === 'maze') return isMazeFixed(g);
  return false;
}

function changedSet(trace: Trace, index: number): Set<string> {
  const step = trace.steps[index]!;
  const out = new Set<string>();
  if (Array.isArray(step.changed)) {
    for (const [r, c] of step.changed) out.add(`${r},${c}`);
    return out;
  }
  // Defensive: a producer without `changed` gets it computed from the grids.
  const prev = index > 0 ? trace.steps[index - 1]!.grid : undefined;
  step.grid.forEach((row, r) =>
    row.forEach((sym, c) => {
      if (!prev || prev[r]?.[c] !== sym) out.add(`${r},${c}`);
    }),
  );
  return out;
}

/** The drawable frame of step `index` (0-based) of a trace. */
export function buildFrame(trace: Trace, index: number): Frame {
  const step: TraceStep | undefined = trace.steps[index];
  if (!step) throw new RangeError(`trace has ${trace.steps.length} steps; no step at index ${index}`);
  const changed = changedSet(trace, index);
  const expected = comparisonFor(trace)?.grid;
  const rows = step.grid.length;
  const cols = rows ? Math.max(...step.grid.map((r) => r.length)) : 0;
  let wrongCount = 0;
  const cells: FrameCell[][] = step.grid.map((row, r) =>
    row.map((symbol, c) => {
      const wrong = isWrong(expected, r, c, symbol);
      if (wrong) wrongCount++;
      return {
        symbol,
        probability: step.probability[r]?.[c] ?? 0,
        changed: changed.has(`${r},${c}`),
        wrong,
        given: isGiven(trace, r, c),
        top: step.top[r]?.[c] ?? [],
      };
    }),
  );
  let sizeMismatch = false;
  if (expected) {
    const eRows = expected.length;
    const eCols = eRows ? Math.max(...expected.map((r) => r.length)) : 0;
    sizeMismatch = eRows !== rows || eCols !== cols;
    // Cells of the solution that the prediction does not cover count as wrong too.
    expected.forEach((row, r) =>
      row.forEach((_, c) => {
        if (step.grid[r]?.[c] === undefined && expected[r]?.[c] !== UNKNOWN) wrongCount++;
      }),
    );
  }
  const halt = haltingPoint(trace);
  return {
    index,
    step: step.step,
    total: trace.steps.length,
    rows,
    cols,
    cells,
    changedCount: changed.size,
    wrongCount: expected ? wrongCount : null,
    sizeMismatch,
    haltScore: step.haltScore,
    isHaltPoint: halt !== null && halt === step.step,
    elapsedMs: step.elapsedMs,
  };
}

/** Every frame of a trace, in order. */
export function buildFrames(trace: Trace): Frame[] {
  return trace.steps.map((_, i) => buildFrame(trace, i));
}

export interface CellHistoryEntry extends CellStep {
  wrong: boolean;
}

/** What the model predicted for one cell at every step (core/src/trm/cellHistory.ts), marked against the known answer. */
export function cellHistory(trace: Trace, row: number, col: number): CellHistoryEntry[] {
  const expected = comparisonFor(trace)?.grid;
  return stepsOfCell(trace.steps, row, col).map((e) => ({ ...e, wrong: isWrong(expected, row, col, e.symbol) }));
}

/** One line for screen readers and the status bar of the panel. */
export function describeFrame(frame: Frame, trace: Trace): string {
  const parts = [`Step ${frame.step} of ${frame.total}`];
  parts.push(`${frame.changedCount} ${frame.changedCount === 1 ? 'cell' : 'cells'} changed`);
  if (frame.wrongCount !== null) parts.push(frame.wrongCount === 0 ? 'all cells right' : `${frame.wrongCount} wrong`);
  if (frame.sizeMismatch) parts.push('size differs from the solution');
  parts.push(`halt score ${frame.haltScore.toFixed(2)}`);
  const halt = haltingPoint(trace);
  if (frame.isHaltPoint) parts.push('the model halts here');
  else if (halt !== null) parts.push(`halts at step ${halt}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------------------------
// The webview's state, and how messages and user actions change it

export interface ViewState {
  puzzle: PuzzleView | null;
  /** Why no puzzle is shown. */
  reason?: string;
  trace: Trace | null;
  /** The run that is streaming into `trace`, or null. */
  runId: string | null;
  /** The last run's error, shown until the next run. */
  runError?: string;
  /** 0-based index into trace.steps; -1 while there is no step. */
  stepIndex: number;
  /** Jump to every new streamed step (true until the user picks a step before the last one). */
  follow: boolean;
  heatmap: boolean;
  digits: boolean;
  /** The cell whose history is shown. */
  selected: [number, number] | null;
}

export const STATE_VERSION = 1;

export function initialState(): ViewState {
  return {
    puzzle: null,
    trace: null,
    runId: null,
    stepIndex: -1,
    follow: true,
    heatmap: false,
    digits: false,
    selected: null,
  };
}

/** A state read back from getState(): accepted only when it has this version's shape, else a fresh state. */
export function restoreState(saved: unknown): ViewState {
  const fresh = initialState();
  if (typeof saved !== 'object' || saved === null) return fresh;
  const s = saved as { version?: unknown; view?: Partial<ViewState> };
  if (s.version !== STATE_VERSION || typeof s.view !== 'object' || s.view === null) return fresh;
  const v = { ...fresh, ...s.view };
  // A restored panel is not streaming any more: the run that fed it belonged to the old webview.
  v.runId = null;
  v.stepIndex = clampIndex(v.trace, v.stepIndex);
  return v;
}

export function savedState(state: ViewState): { version: number; view: ViewState } {
  return { version: STATE_VERSION, view: state };
}

function clampIndex(trace: Trace | null, index: number): number {
  if (!trace || trace.steps.length === 0) return -1;
  if (!Number.isFinite(index) || index < 0) return trace.steps.length - 1;
  return Math.min(Math.floor(index), trace.steps.length - 1);
}

function sameTrace(a: Trace | null, b: Trace | null): boolean {
  if (!a || !b) return false;
  return (
    a.puzzleName === b.puzzleName &&
    a.kind === b.kind &&
    a.model === b.model &&
    a.steps.length === b.steps.length &&
    a.steps[a.steps.length - 1]?.elapsedMs === b.steps[b.steps.length - 1]?.elapsedMs
  );
}

type Message<T extends ToWebview['type']> = Extract<ToWebview, { type: T }>;

/** Applies one message from the extension. Pure: returns a new state. */
export function reduce(state: ViewState, msg: ToWebview): ViewState {
  switch (msg.type) {
    case 'showPuzzle':
      return onShowPuzzle(state, msg);
    case 'showTrace':
      return onShowTrace(state, msg);
    case 'traceStart':
      return onTraceStart(state, msg);
    case 'traceStep': {
      if (msg.runId !== state.runId || !state.trace) return state;
      const trace: Trace = { ...state.trace, steps: [...state.trace.steps, msg.step] };
      return { ...state, trace, stepIndex: state.follow ? trace.steps.length - 1 : state.stepIndex };
    }
    case 'traceEnd':
      return onTraceEnd(state, msg);
    case 'requestExport':
      return state;
  }
}

/** The puzzle at the cursor, with its trace (or without: the trace shown stays when it is this puzzle's). */
function onShowPuzzle(state: ViewState, msg: Message<'showPuzzle'>): ViewState {
  const samePuzzle =
    state.puzzle !== null && msg.puzzle !== null && state.puzzle.name === msg.puzzle.name && state.puzzle.kind === msg.puzzle.kind;
  let trace: Trace | null;
  if (msg.trace === undefined) trace = samePuzzle || (msg.puzzle && state.trace?.puzzleName === msg.puzzle.name) ? state.trace : null;
  else trace = msg.trace;
  const keepStep = sameTrace(trace, state.trace) || (trace !== null && trace === state.trace);
  const next: ViewState = {
    ...state,
    puzzle: msg.puzzle,
    trace,
    runId: trace === state.trace ? state.runId : null,
    stepIndex: keepStep ? clampIndex(trace, state.stepIndex) : clampIndex(trace, -1),
    selected: samePuzzle ? state.selected : null,
  };
  if (msg.reason !== undefined) next.reason = msg.reason;
  else delete next.reason;
  if (!keepStep) delete next.runError;
  return next;
}

/** A whole trace (a stored run, a live run caught up, a trace file). */
function onShowTrace(state: ViewState, msg: Message<'showTrace'>): ViewState {
  const puzzle = msg.puzzle !== undefined ? msg.puzzle : state.puzzle?.name === msg.trace.puzzleName ? state.puzzle : null;
  const keepStep = sameTrace(msg.trace, state.trace);
  const next: ViewState = {
    ...state,
    puzzle,
    trace: msg.trace,
    runId: msg.runId ?? null,
    stepIndex: keepStep ? clampIndex(msg.trace, state.stepIndex) : clampIndex(msg.trace, -1),
    follow: true,
    selected: keepStep ? state.selected : null,
  };
  delete next.reason;
  delete next.runError;
  return next;
}

/** A live run starts: an empty trace that its steps will fill. */
function onTraceStart(state: ViewState, msg: Message<'traceStart'>): ViewState {
  const trace: Trace = { puzzleName: msg.puzzleName, kind: msg.kind, model: msg.model, given: msg.given, steps: [] };
  if (msg.expected) trace.expected = msg.expected;
  if (msg.solverAnswer) trace.solverAnswer = msg.solverAnswer;
  const next: ViewState = {
    ...state,
    puzzle: state.puzzle?.name === msg.puzzleName ? state.puzzle : null,
    trace,
    runId: msg.runId,
    stepIndex: -1,
    follow: true,
    selected: state.puzzle?.name === msg.puzzleName ? state.selected : null,
  };
  delete next.reason;
  delete next.runError;
  return next;
}

/** The streamed run ended (with its outcome, or an error). */
function onTraceEnd(state: ViewState, msg: Message<'traceEnd'>): ViewState {
  if (msg.runId !== state.runId || !state.trace) return state;
  const trace: Trace = { ...state.trace };
  if (msg.outcome) trace.outcome = msg.outcome;
  const next: ViewState = { ...state, trace, runId: null, stepIndex: clampIndex(trace, state.stepIndex) };
  if (msg.error) next.runError = msg.error;
  return next;
}

/** The user picked a step (slider, keys, buttons). Picking the last step of a live run follows it again. */
export function goToStep(state: ViewState, index: number): ViewState {
  if (!state.trace || state.trace.steps.length === 0) return state;
  const last = state.trace.steps.length - 1;
  const stepIndex = Math.max(0, Math.min(last, Math.round(index)));
  return { ...state, stepIndex, follow: stepIndex === last };
}

export type PlayerKey = 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End';

/** Player keys: left/right one step, home/end the first/last step. (Space toggles playing, outside the state.) */
export function stepForKey(state: ViewState, key: PlayerKey): ViewState {
  switch (key) {
    case 'ArrowLeft':
      return goToStep(state, state.stepIndex - 1);
    case 'ArrowRight':
      return goToStep(state, state.stepIndex + 1);
    case 'Home':
      return goToStep(state, 0);
    case 'End':
      return goToStep(state, Number.MAX_SAFE_INTEGER);
  }
}

/** The grid that a cell click selects from: the current frame, else the puzzle's main grid. */
export function selectCell(state: ViewState, row: number, col: number): ViewState {
  const same = state.selected && state.selected[0] === row && state.selected[1] === col;
  return { ...state, selected: same ? null : [row, col] };
}

/** The playing loop's next step, or null when it should stop (at the last step). */
export function nextPlayIndex(state: ViewState): number | null {
  if (!state.trace) return null;
  const next = state.stepIndex + 1;
  return next < state.trace.steps.length ? next : null;
}
