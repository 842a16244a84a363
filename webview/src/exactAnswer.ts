// The answer to compare a run with: the file's own complete answer, else the exact solver's when the puzzle has
// exactly one (Sudoku up to 9x9, mazes with one shortest path). ARC has no solver: only the file's answer counts.
// Pure functions over the trace's grids (the webview never sees the document).

import { SUDOKU_SIZES, sudokuSymbolToValue, sudokuValueToSymbol } from '../../core/src/dsl/symbols';
import { countShortestPaths, drawMazePath, mazeEnds, mazeShortestPath } from '../../core/src/rules/maze';
import { solveSudoku } from '../../core/src/rules/sudoku';
import type { Trace } from '../../core/src/trm/trace';

export interface Comparison {
  grid: string[][];
  /** `file`: the answer written in the document; `exact-solver`: the unique answer the exact solver found. */
  from: 'file' | 'exact-solver';
}

const UNKNOWN = '?';
/** Larger Sudoku can take the exact solver long enough to freeze the panel: not solved here. */
const MAX_SOLVED_SUDOKU = 9;

function exactSudoku(given: readonly (readonly string[])[]): string[][] | undefined {
  const size = given.length;
  if (!SUDOKU_SIZES.includes(size) || size > MAX_SOLVED_SUDOKU || given.some((r) => r.length !== size)) return undefined;
  const values: number[] = [];
  for (const row of given) {
    for (const s of row) {
      const v = s === '.' || s === '0' ? 0 : sudokuSymbolToValue(s);
      if (v === undefined || v > size) return undefined;
      values.push(v);
    }
  }
  const r = solveSudoku(values, size, 2);
  if (r.count !== 1 || r.capped || !r.solution) return undefined;
  return given.map((row, i) => row.map((_, j) => sudokuValueToSymbol(r.solution![i * size + j])));
}

function exactMaze(given: readonly (readonly string[])[]): string[][] | undefined {
  const { starts, goals } = mazeEnds(given);
  if (starts.length !== 1 || goals.length !== 1) return undefined;
  if (countShortestPaths(given, starts[0], goals[0], 2) !== 1) return undefined;
  const path = mazeShortestPath(given, starts[0], goals[0]);
  return path ? drawMazePath(given, path) : undefined;
}

const cache = new WeakMap<object, Comparison | null>();

/** What the run's cells are checked against, or undefined when nothing is known (a `?`-only answer counts as none). */
export function comparisonFor(trace: Pick<Trace, 'kind' | 'given' | 'expected'>): Comparison | undefined {
  const written = trace.expected;
  if (written && written.length > 0 && written.some((row) => row.some((s) => s !== UNKNOWN))) return { grid: written, from: 'file' };
  if (trace.kind === 'arc') return undefined;
  const key = trace.given as object;
  if (!cache.has(key)) {
    const grid = trace.kind === 'sudoku' ? exactSudoku(trace.given) : exactMaze(trace.given);
    cache.set(key, grid ? { grid, from: 'exact-solver' } : null);
  }
  return cache.get(key) ?? undefined;
}
