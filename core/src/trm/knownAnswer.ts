// The answer a run is compared with, for marking wrong cells in the trace: the file's own complete answer, else
// the exact solver's when the puzzle has exactly one (Sudoku up to 9x9, mazes with one shortest path). ARC has
// no solver: only the file's answer counts. Computed by the servers and sent with the trace, so the webview only
// draws what it is given.

import { SUDOKU_SIZES, sudokuSymbolToValue, sudokuValueToSymbol } from '../dsl/symbols';
import { countShortestPaths, drawMazePath, mazeEnds, mazeShortestPath } from '../rules/maze';
import { solveSudoku } from '../rules/sudoku';
import type { PuzzleGrids } from './encode';

/** Larger Sudoku can take the exact solver long enough to delay the trace: not solved here. */
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
  return given.map((row, i) => row.map((_, j) => sudokuValueToSymbol(r.solution![i * size + j]!)));
}

function exactMaze(given: readonly (readonly string[])[]): string[][] | undefined {
  const { starts, goals } = mazeEnds(given);
  if (starts.length !== 1 || goals.length !== 1) return undefined;
  if (countShortestPaths(given, starts[0]!, goals[0]!, 2) !== 1) return undefined;
  const path = mazeShortestPath(given, starts[0]!, goals[0]!);
  return path ? drawMazePath(given, path) : undefined;
}

const solved = new WeakMap<object, string[][] | null>();

/** The exact solver's unique answer for a puzzle whose file has none (undefined when it has one, or for ARC). */
export function solverAnswer(g: Pick<PuzzleGrids, 'kind' | 'given' | 'expected'>): string[][] | undefined {
  if (g.expected || g.kind === 'arc') return undefined;
  if (!solved.has(g.given)) solved.set(g.given, (g.kind === 'sudoku' ? exactSudoku(g.given) : exactMaze(g.given)) ?? null);
  return solved.get(g.given) ?? undefined;
}

/** The known answers a trace carries: `expected` (the file's) and `solverAnswer` (the exact solver's). */
export function knownAnswers(g: Pick<PuzzleGrids, 'kind' | 'given' | 'expected'>): { expected?: string[][]; solverAnswer?: string[][] } {
  if (g.expected) return { expected: g.expected };
  const s = solverAnswer(g);
  return s ? { solverAnswer: s } : {};
}
