// Per-puzzle facts computed from the AST once and shared by diagnostics, hovers, completions, code actions
// and the CLI: the grids as plain values, the solver's verdict (memoised by puzzle content).

import type { Cell, MazePuzzle, Section, SudokuPuzzle } from '../dsl/ast';
import { gridToMatrix, SUDOKU_DIGIT_OF_CODE, sudokuBoxShape, UNKNOWN } from '../dsl/symbols';
import { LruMap } from '../lru';
import { mazeEnds, type Cellpos, type MazeEnds } from './maze';
import { SudokuSolveJob, sudokuToString, type SolveResult } from './sudoku';
import { gridCodesOfShape, gridRowCount } from '../dsl/lazyGrid';

/** The solution count cap used by diagnostics and hovers ("at least N solutions"). */
export const DEFAULT_SOLUTION_CAP = 100;

export interface SudokuFacts {
  size: number;
  /** Flat givens (0 = blank), or undefined when the givens grid is missing, not size x size, or holds a
   *  symbol that is not a digit of this size (the parser reports those). */
  givens?: number[];
  givenCount: number;
  /** Flat solution values (0 = `?` unknown), when the solution section is well-formed. */
  solution?: number[];
  /** Number of `?` cells in the solution section. */
  unknownCount: number;
}

/** The codes of the grid sudokuValues reads, reused from one grid to the next (16x16 at most). */
const scratchCodes = new Int32Array(16 * 16);

/** A well-formed size x size grid of Sudoku values, or undefined. `blank` is the symbol read as 0. */
function sudokuValues(section: Section | undefined, size: number, blank: string): number[] | undefined {
  if (!section) return undefined;
  // Character codes read from the text: neither the cell nodes (with their ranges, built only for a puzzle with a
  // problem to point at) nor a string per cell.
  const codes = gridCodesOfShape(section.grid, size, size, scratchCodes);
  if (!codes) return undefined;
  const blankCode = blank.charCodeAt(0);
  const out: number[] = new Array(size * size);
  // size rows of size codes each: the k-th code is cell k of the flat grid.
  for (let k = 0; k < size * size; k++) {
    const c = codes[k]!;
    if (c === blankCode) {
      out[k] = 0;
      continue;
    }
    // A longer symbol (-1), one past the table, `.` (0) and digits over the size are not values here.
    const v = SUDOKU_DIGIT_OF_CODE[c] ?? 0;
    if (v < 1 || v > size) return undefined;
    out[k] = v;
  }
  return out;
}

/** The side length of a Sudoku: the header annotation, else the givens' row count. */
export function sudokuSize(p: SudokuPuzzle): number | undefined {
  const size = p.declared?.rows ?? (p.givens && gridRowCount(p.givens.grid)) ?? (p.solution && gridRowCount(p.solution.grid));
  return size !== undefined && sudokuBoxShape(size) ? size : undefined;
}

export function sudokuFacts(p: SudokuPuzzle): SudokuFacts | undefined {
  const size = sudokuSize(p);
  if (size === undefined) return undefined;
  const givens = sudokuValues(p.givens, size, '.');
  const solution = sudokuValues(p.solution, size, UNKNOWN);
  let givenCount = 0;
  let unknownCount = 0;
  for (const v of givens ?? []) if (v > 0) givenCount++;
  for (const v of solution ?? []) if (v === 0) unknownCount++;
  const facts: SudokuFacts = { size, givenCount, unknownCount };
  if (givens) facts.givens = givens;
  if (solution) facts.solution = solution;
  return facts;
}

/** The cell node at (row, col) of a section, if any. */
export function cellAt(section: Section | undefined, row: number, col: number): Cell | undefined {
  return section?.grid.rows[row]?.cells[col];
}

// Memoised solving: a document is re-analysed on every edit, but most of its puzzles do not change.
// A solve that does not finish within its caller's deadline keeps its search (a SudokuSolveJob) so the next
// caller carries on where it stopped; after `limitMs` of solver time in all it is given up as too slow.
const SOLVE_CACHE_LIMIT = 20000;
const PENDING_JOB_LIMIT = 64;
const solveCache = new LruMap<string, SolveResult>(SOLVE_CACHE_LIMIT);
const pendingJobs = new LruMap<string, SudokuSolveJob>(PENDING_JOB_LIMIT);
/** Solver time spent on searches given up as too slow (kept apart from the jobs, which may be evicted). */
const givenUp = new LruMap<string, number>(SOLVE_CACHE_LIMIT);

/** Solver time after which a puzzle is reported "not checked: too slow" (ms, summed over every call). */
export const EXACT_SOLVE_LIMIT_MS = 10_000;

export interface SolveBudget {
  /** Stop this call when the clock passes it (the search is kept and carries on at the next call). */
  deadline?: number;
  /** Give up once the puzzle's search has run this long in all (default EXACT_SOLVE_LIMIT_MS). */
  limitMs?: number | undefined;
  now?: () => number;
}

export type SolveVerdict =
  | { state: 'done'; result: SolveResult }
  /** The deadline came first; call again to carry on. */
  | { state: 'pending'; elapsedMs: number }
  /** The search has used its whole limit: not checked, too slow. */
  | { state: 'tooSlow'; elapsedMs: number };

/** The memo key of a solve (a caller that looks up the same puzzle twice makes it once). */
export const solveKey = (givens: readonly number[], size: number, cap: number): string => `${size}:${cap}:${sudokuToString(givens)}`;

/** The verdict known without searching: solved, given up on (for this limit), or undefined. */
export function knownSolveVerdict(
  givens: readonly number[],
  size: number,
  cap = DEFAULT_SOLUTION_CAP,
  limitMs = EXACT_SOLVE_LIMIT_MS,
  key = solveKey(givens, size, cap),
): SolveVerdict | undefined {
  // Looking is not using: only a solve that returns the verdict keeps it fresh.
  const hit = solveCache.peek(key);
  if (hit) return { state: 'done', result: hit };
  const spent = Math.max(pendingJobs.peek(key)?.elapsedMs ?? 0, givenUp.peek(key) ?? 0);
  if (spent > 0 && spent >= limitMs) return { state: 'tooSlow', elapsedMs: spent };
  return undefined;
}

/** Solves within a budget, memoised on (size, givens, cap); progress of an unfinished search is kept. */
export function solveSudokuWithin(givens: readonly number[], size: number, cap: number, budget: SolveBudget = {}): SolveVerdict {
  const key = solveKey(givens, size, cap);
  const hit = solveCache.get(key);
  if (hit) return { state: 'done', result: hit };
  const now = budget.now ?? (() => performance.now());
  const limitMs = budget.limitMs ?? EXACT_SOLVE_LIMIT_MS;
  const job = pendingJobs.get(key) ?? new SudokuSolveJob(givens, size, cap);
  pendingJobs.set(key, job);
  const spent = givenUp.peek(key) ?? 0;
  if (spent >= limitMs) return { state: 'tooSlow', elapsedMs: spent };
  if (job.elapsedMs >= limitMs) return { state: 'tooSlow', elapsedMs: job.elapsedMs };
  const limitDeadline = now() + (limitMs - job.elapsedMs);
  const result = job.run(Math.min(budget.deadline ?? Infinity, limitDeadline), now);
  if (result) {
    pendingJobs.delete(key);
    solveCache.set(key, result);
    return { state: 'done', result };
  }
  // Stopped by the limit rather than the caller's deadline (job.elapsedMs may fall short by the microseconds
  // between the two clock reads).
  if (now() >= limitDeadline) job.elapsedMs = Math.max(job.elapsedMs, limitMs);
  if (job.elapsedMs < limitMs) return { state: 'pending', elapsedMs: job.elapsedMs };
  givenUp.set(key, job.elapsedMs);
  return { state: 'tooSlow', elapsedMs: job.elapsedMs };
}

/** solveSudoku with memoisation on (size, givens, cap), without a deadline (up to EXACT_SOLVE_LIMIT_MS:
 *  undefined when given up as too slow). */
export function solveSudokuCached(givens: readonly number[], size: number, cap = DEFAULT_SOLUTION_CAP): SolveResult | undefined {
  const v = solveSudokuWithin(givens, size, cap);
  return v.state === 'done' ? v.result : undefined;
}

/** Whether the solve for these givens is already memoised (used to respect time budgets). */
export function isSolveCached(givens: readonly number[], size: number, cap = DEFAULT_SOLUTION_CAP): boolean {
  return solveCache.has(solveKey(givens, size, cap));
}

/** Forgets every memoised solve and unfinished search (tests). */
export function clearSolveCache(): void {
  solveCache.clear();
  pendingJobs.clear();
  givenUp.clear();
}

export interface MazeFacts {
  grid: string[][];
  ends: MazeEnds;
  /** The single start and goal, when there is exactly one of each. */
  start?: Cellpos;
  goal?: Cellpos;
  /** The path grid, when the path section exists and has no `?` cells. */
  path?: string[][];
  /** The path section has `?` cells (to be filled). */
  pathUnknown: boolean;
}

export function mazeFacts(p: MazePuzzle): MazeFacts | undefined {
  if (!p.grid || gridRowCount(p.grid.grid) === 0) return undefined;
  const grid = gridToMatrix(p.grid.grid);
  const ends = mazeEnds(grid);
  const facts: MazeFacts = { grid, ends, pathUnknown: false };
  const [start] = ends.starts;
  const [goal] = ends.goals;
  if (start && ends.starts.length === 1) facts.start = start;
  if (goal && ends.goals.length === 1) facts.goal = goal;
  if (p.path) {
    const path = gridToMatrix(p.path.grid);
    if (path.some((row) => row.includes(UNKNOWN))) facts.pathUnknown = true;
    else if (path.length > 0) facts.path = path;
  }
  return facts;
}
