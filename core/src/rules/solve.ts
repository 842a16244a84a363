// Exact solving of a parsed puzzle: the answer as a grid of symbols plus what the CLI and the code actions
// need to report it. ARC tasks have no exact solver (the TRM solver handles them).

import type { MazePuzzle, Puzzle, SudokuPuzzle } from '../dsl/ast';
import { sudokuValueToSymbol } from '../dsl/symbols';
import { DEFAULT_SOLUTION_CAP, mazeFacts, solveSudokuWithin, sudokuFacts, type SolveBudget } from './facts';
import { countShortestPaths, drawMazePath, mazeShortestPath } from './maze';
import { sudokuConflicts } from './sudoku';
import type { FillTarget } from './edits';

/** `pending`: the call's deadline came first (call again: the search carries on); `tooSlow`: given up. */
export type ExactStatus = 'solved' | 'unsolvable' | 'invalid' | 'unsupported' | 'pending' | 'tooSlow';

export interface ExactSolution {
  status: ExactStatus;
  /** Human-readable one-liner (for the CLI, messages and code action titles). */
  message: string;
  /** The answer grid in DSL symbols (Sudoku: the full grid; maze: the grid with `o` on the path). */
  answer?: string[][];
  /** Where the answer is written. */
  target?: FillTarget;
  /** Solutions counted (up to `capped`): 1 = unique. Mazes: the number of shortest paths. */
  count?: number;
  capped?: boolean;
  unique?: boolean;
}

/**
 * Solves one puzzle exactly. `cap`: how many solutions to count at most (default 100). `budget`: when to
 * stop this call and when to give up on the puzzle (Sudoku; default: no deadline, EXACT_SOLVE_LIMIT_MS).
 */
export function solveExactly(p: Puzzle, cap = DEFAULT_SOLUTION_CAP, budget: SolveBudget = {}): ExactSolution {
  if (p.kind === 'arc') {
    return { status: 'unsupported', message: `arc ${p.name}: no exact solver for ARC tasks (try the trm solver)` };
  }
  if (p.kind === 'sudoku') return solveSudokuExactly(p, cap, budget);
  return solveMazeExactly(p, cap);
}

/** A Sudoku's solution counted up to `cap` (at least 2, so uniqueness is known), within `budget`. */
function solveSudokuExactly(p: SudokuPuzzle, cap: number, budget: SolveBudget): ExactSolution {
  const f = sudokuFacts(p);
  if (!f || !f.givens)
    return { status: 'invalid', message: `sudoku ${p.name}: the givens are not a well-formed grid (see the check diagnostics)` };
  if (sudokuConflicts(f.givens, f.size).length > 0) {
    return {
      status: 'unsolvable',
      message: `sudoku ${p.name}: the givens repeat a digit in a row, column or box`,
      count: 0,
      unique: false,
    };
  }
  const v = solveSudokuWithin(f.givens, f.size, Math.max(2, cap), budget);
  const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  if (v.state === 'pending')
    return {
      status: 'pending',
      message: `sudoku ${p.name}: not solved yet: too slow to answer now (still searching after ${secs(v.elapsedMs)})`,
    };
  if (v.state === 'tooSlow')
    return {
      status: 'tooSlow',
      message: `sudoku ${p.name}: not checked: too slow (the exact solver gave up after ${secs(v.elapsedMs)})`,
    };
  const r = v.result;
  if (r.count === 0 || !r.solution)
    return { status: 'unsolvable', message: `sudoku ${p.name}: no solution`, count: 0, capped: false, unique: false };
  const sol = r.solution;
  const answer = Array.from({ length: f.size }, (_, i) => sol.slice(i * f.size, (i + 1) * f.size).map(sudokuValueToSymbol));
  const unique = r.count === 1;
  const how = unique ? 'unique solution' : `${r.capped ? 'at least ' : ''}${r.count} solutions (not unique)`;
  return {
    status: 'solved',
    message: `sudoku ${p.name}: ${how}`,
    answer,
    target: { keyword: 'solution' },
    count: r.count,
    capped: r.capped,
    unique,
  };
}

/** A maze's shortest path drawn on its grid, with the number of shortest paths counted up to `cap` (at least 2). */
function solveMazeExactly(p: MazePuzzle, cap: number): ExactSolution {
  const f = mazeFacts(p);
  if (!f) return { status: 'invalid', message: `maze ${p.name}: no grid to solve` };
  if (!f.start || !f.goal) return { status: 'invalid', message: `maze ${p.name}: needs exactly one S and one G` };
  const rows = f.grid.length;
  if (f.grid.some((r) => r.length !== f.grid[0]?.length) || rows === 0)
    return { status: 'invalid', message: `maze ${p.name}: the grid is not rectangular` };
  const path = mazeShortestPath(f.grid, f.start, f.goal);
  if (!path) return { status: 'unsolvable', message: `maze ${p.name}: the goal cannot be reached from the start`, count: 0, unique: false };
  const count = countShortestPaths(f.grid, f.start, f.goal, Math.max(2, cap));
  const unique = count === 1;
  const capped = count >= Math.max(2, cap);
  const how = unique ? 'unique shortest path' : `${capped ? 'at least ' : ''}${count} shortest paths (not unique)`;
  return {
    status: 'solved',
    message: `maze ${p.name}: ${how} of ${path.length - 1} steps`,
    answer: drawMazePath(f.grid, path),
    target: { keyword: 'path' },
    count,
    capped,
    unique,
  };
}
