// A puzzle reduced to what the trace panel draws: built by the language server from its parse tree (the
// client never parses a document), sent in the puzzle-at-position reply and passed on to the webview.
// Plain JSON data.

import type { Trace } from '../trm/trace';

export type PuzzleKind = Trace['kind'];
export type Grid = string[][];

/** One ARC pair as drawn: its grids as DSL symbols. A missing grid is drawn as an empty slot. */
export interface PairView {
  role: 'train' | 'test';
  input?: Grid;
  output?: Grid;
}

/** A puzzle from the document, reduced to what the webview draws. */
export interface PuzzleView {
  name: string;
  kind: PuzzleKind;
  /** ARC: every pair, in document order. */
  pairs?: PairView[];
  /** Sudoku givens / maze grid. */
  grid?: Grid;
  /** Sudoku solution / maze path grid, when written. */
  solution?: Grid;
  /** Where the puzzle lives, for titles and exports. */
  source?: { uri: string; fileName: string; line: number };
}

/**
 * The grid of the view that the model reads (Sudoku givens, the maze, the ARC test pair's input): a trace whose
 * `given` differs from it was computed for an older version of the puzzle.
 */
export function viewModelInput(view: PuzzleView, testIndex: number): Grid | undefined {
  if (view.kind !== 'arc') return view.grid;
  return view.pairs?.filter((p) => p.role === 'test')[testIndex]?.input;
}
