// Rule diagnostics: what the rules of each puzzle kind say about a parsed document. Codes are stable and
// documented in docs/diagnostics.md. The parser's own diagnostics (shape, symbols, sections) come from
// core/src/dsl/parser.ts; these checks only look at puzzles whose grids are well-formed enough to judge.

import type { ArcPuzzle, ArcDocument, Cell, Diagnostic, MazePuzzle, Puzzle, Range, Section, Severity, SudokuPuzzle } from '../dsl/ast';
import {
  cellAt,
  DEFAULT_SOLUTION_CAP,
  EXACT_SOLVE_LIMIT_MS,
  knownSolveVerdict,
  mazeFacts,
  solveKey,
  solveSudokuWithin,
  sudokuFacts,
  type SudokuFacts,
} from './facts';
import type { SolveResult } from './sudoku';
import { mazeDistance, pathCopyDifferences, validateMazePath, type Cellpos, type PathProblem } from './maze';
import { sudokuConflicts, type SudokuConflict } from './sudoku';
import { sudokuValueToSymbol } from '../dsl/symbols';

export interface RuleCodeInfo {
  severity: Severity;
  title: string;
}

export const RULE_CODES = {
  R101: { severity: 'error', title: 'Sudoku: the same digit twice in a row, column or box' },
  R102: { severity: 'error', title: 'Sudoku: a given contradicted by the solution section' },
  R103: { severity: 'error', title: 'Sudoku: the givens have no solution' },
  R104: { severity: 'warning', title: 'Sudoku: the givens have more than one solution' },
  R105: { severity: 'error', title: 'Sudoku: a complete solution that is wrong' },
  R106: { severity: 'information', title: 'Sudoku: solvability not checked (time budget spent)' },
  R107: { severity: 'information', title: 'Sudoku: solvability not checked (too slow for the exact solver)' },
  R301: { severity: 'error', title: 'Maze: no start or no goal' },
  R302: { severity: 'error', title: 'Maze: more than one start or goal' },
  R303: { severity: 'error', title: 'Maze: the goal is unreachable from the start' },
  R304: { severity: 'error', title: 'Maze: the path is broken (not one chain from start to goal)' },
  R305: { severity: 'error', title: 'Maze: the path crosses a wall' },
  R306: { severity: 'error', title: 'Maze: the path misses the start or the goal' },
  R307: { severity: 'information', title: 'Maze: the path is longer than the shortest' },
  R308: { severity: 'error', title: 'Maze: the path section does not copy the maze grid' },
} as const satisfies Record<string, RuleCodeInfo>;

export type RuleCode = keyof typeof RULE_CODES;

export interface RuleOptions {
  /** Solution count cap for "more than one solution" (default 100). */
  solutionCap?: number;
  /** Wall-clock budget in ms for solver work over the whole document (from the first solve that is not
   *  memoised); puzzles past it get R106. */
  budgetMs?: number;
  /** Solver time in ms after which one puzzle is given up as too slow (R107; default EXACT_SOLVE_LIMIT_MS). */
  solveLimitMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Leave every solve that is not memoised to a later run (R106 says they are still to be checked): for a
   *  document so large that its parse alone took a noticeable time, the other diagnostics are worth more at once
   *  than a budget's worth of solving before them. */
  deferSolving?: boolean;
}

/** Mutable state shared by the checks of one document. */
export interface RuleRun {
  cap: number;
  /** Budget in ms for solver work, counted from the first solve that is not memoised. */
  budgetMs: number;
  /** Set at the first uncached solve; Infinity before. */
  deadline: number;
  /** Solver time after which one puzzle is given up as too slow. */
  limitMs: number;
  /** Uncached solves performed (progress made by this run). */
  solved: number;
  now: () => number;
  /** Puzzles whose solver checks were skipped for the budget. */
  skipped: number;
  /** The name of the first puzzle skipped (where R106 is shown). */
  firstSkipped?: Range;
  /** Solving was left to a later run from the start (RuleOptions.deferSolving). */
  deferred: boolean;
  /** What is known of the puzzle checked last: advancePuzzleSolve and puzzleRuleDiagnostics read the same puzzle one
   *  after the other, and reading its grids, checking its givens and making its solve key are most of a cheap
   *  check's cost. */
  lastFacts?: PuzzleFacts;
}

interface PuzzleFacts {
  puzzle: SudokuPuzzle;
  facts: SudokuFacts | undefined;
  /** The repeated digits of the givens (when the facts have givens). */
  givenConflicts: SudokuConflict[] | undefined;
  /** The solve memo's key of the givens (when they have no repeated digit: only those are solved). */
  solveKey: string | undefined;
}

export function startRuleRun(opts: RuleOptions = {}): RuleRun {
  const now = opts.now ?? (() => performance.now());
  return {
    cap: opts.solutionCap ?? DEFAULT_SOLUTION_CAP,
    budgetMs: opts.budgetMs ?? Infinity,
    // A deferred run starts with its budget spent.
    deadline: opts.deferSolving ? -Infinity : Infinity,
    deferred: opts.deferSolving ?? false,
    limitMs: opts.solveLimitMs ?? EXACT_SOLVE_LIMIT_MS,
    solved: 0,
    now,
    skipped: 0,
  };
}

function diag(code: RuleCode, range: Range, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code, message, range, severity: RULE_CODES[code].severity, source: 'rules', ...extra };
}

const UNIT_NAME = { row: 'row', column: 'column', box: 'box' } as const;

/** The section cell of flat index `i` of a size x size grid. */
function cellOf(section: Section | undefined, i: number, size: number): Cell | undefined {
  return cellAt(section, Math.floor(i / size), i % size);
}

/** The words for cell `i` of a size x size grid. */
function where(i: number, size: number): string {
  return `row ${Math.floor(i / size) + 1}, column ${(i % size) + 1}`;
}

/** What the two passes of a run over the same puzzle read, read once. */
function runFacts(p: SudokuPuzzle, run: RuleRun): PuzzleFacts {
  if (run.lastFacts?.puzzle === p) return run.lastFacts;
  const facts = sudokuFacts(p);
  const givenConflicts = facts?.givens && sudokuConflicts(facts.givens, facts.size);
  const key = facts?.givens && givenConflicts?.length === 0 ? solveKey(facts.givens, facts.size, run.cap) : undefined;
  return (run.lastFacts = { puzzle: p, facts, givenConflicts, solveKey: key });
}

function sudokuRules(p: SudokuPuzzle, run: RuleRun): Diagnostic[] {
  const known = runFacts(p, run);
  const facts = known.facts;
  if (!facts) return [];
  const out: Diagnostic[] = [];
  const givenConflicts =
    facts.givens && known.givenConflicts ? sudokuConflictDiagnostics(p, known.givenConflicts, 'givens', facts.size, out) : 0;
  const solutionConflicts = facts.solution
    ? sudokuConflictDiagnostics(p, sudokuConflicts(facts.solution, facts.size), 'solution', facts.size, out)
    : 0;
  const contradicted = facts.givens && facts.solution ? contradictedGivens(p, facts.givens, facts.solution, facts.size, out) : 0;
  const result =
    facts.givens && givenConflicts === 0 ? solvabilityDiagnostics(p, facts.givens, facts.size, run, out, known.solveKey) : undefined;

  if (facts.solution && p.solution && facts.unknownCount === 0) {
    let wrong = solutionConflicts > 0 || contradicted > 0;
    let detail = '';
    if (!wrong && result && result.count === 1 && result.solution) {
      let diff = 0;
      for (let i = 0; i < facts.size * facts.size; i++) if (facts.solution[i] !== result.solution[i]) diff++;
      if (diff) {
        wrong = true;
        detail = `: ${diff} cell${diff === 1 ? '' : 's'} differ from the only solution`;
      }
    }
    if (!wrong && facts.givens && givenConflicts === 0 && result && result.count === 0) {
      wrong = true;
      detail = ': the givens have no solution';
    }
    if (wrong) {
      out.push(diag('R105', p.solution.keywordRange, `the solution of ${p.name} is complete but wrong${detail}`));
    }
  }
  return out;
}

/** R101 on every cell of a digit repeated in a unit of the givens or the solution (their `conflicts`); returns how
 *  many repeats. */
function sudokuConflictDiagnostics(
  p: SudokuPuzzle,
  conflicts: SudokuConflict[],
  sectionName: 'givens' | 'solution',
  size: number,
  out: Diagnostic[],
): number {
  const section = sectionName === 'givens' ? p.givens : p.solution;
  for (const k of conflicts) {
    const symbol = sudokuValueToSymbol(k.digit);
    for (const cell of k.cells) {
      const node = cellOf(section, cell, size);
      if (!node) continue;
      const others = k.cells.filter((o) => o !== cell);
      out.push(
        diag(
          'R101',
          node.range,
          `${symbol} appears ${k.cells.length === 2 ? 'twice' : `${k.cells.length} times`} in ${UNIT_NAME[k.unit]} ${k.index + 1} of ${sectionName}`,
          {
            related: others.flatMap((o) => {
              const n = cellOf(section, o, size);
              return n ? [{ range: n.range, message: `the other ${symbol} (${where(o, size)})` }] : [];
            }),
            data: { section: sectionName, row: Math.floor(cell / size), col: cell % size, digit: k.digit, unit: k.unit },
          },
        ),
      );
    }
  }
  return conflicts.length;
}

/** R102 where the solution writes another digit than a given; returns how many cells. */
function contradictedGivens(p: SudokuPuzzle, givens: number[], solution: number[], size: number, out: Diagnostic[]): number {
  let count = 0;
  for (let i = 0; i < size * size; i++) {
    const g = givens[i] ?? 0;
    const s = solution[i] ?? 0;
    if (!(g > 0 && s > 0 && g !== s)) continue;
    const node = cellOf(p.solution, i, size);
    const given = cellOf(p.givens, i, size);
    if (!node) continue;
    count++;
    out.push(
      diag(
        'R102',
        node.range,
        `the solution writes ${sudokuValueToSymbol(s)} where the given is ${sudokuValueToSymbol(g)} (${where(i, size)})`,
        {
          related: given ? [{ range: given.range, message: `the given ${sudokuValueToSymbol(g)}` }] : [],
          data: { row: Math.floor(i / size), col: i % size, given: g },
        },
      ),
    );
  }
  return count;
}

/**
 * R103 (no solution), R104 (several) or R107 (too slow) from what the exact solver already knows of the givens
 * (advancePuzzleSolve leaves it in the memo: rule checks never search themselves); a puzzle not solved yet is
 * counted as skipped. Returns the solver's result when it finished.
 */
function solvabilityDiagnostics(
  p: SudokuPuzzle,
  givens: number[],
  size: number,
  run: RuleRun,
  out: Diagnostic[],
  key = solveKey(givens, size, run.cap),
): SolveResult | undefined {
  const v = knownSolveVerdict(givens, size, run.cap, run.limitMs, key);
  if (!v) {
    run.skipped++;
    run.firstSkipped ??= p.nameRange;
    return undefined;
  }
  if (v.state === 'tooSlow') {
    out.push(
      diag(
        'R107',
        p.nameRange,
        `solvability of sudoku ${p.name} not checked: too slow (the exact solver gave up after ${(v.elapsedMs / 1000).toFixed(1)} s)`,
      ),
    );
    return undefined;
  }
  if (v.state !== 'done') return undefined;
  const result = v.result;
  if (result.count === 0) {
    out.push(diag('R103', p.nameRange, `sudoku ${p.name} has no solution`));
  } else if (result.count > 1) {
    const n = result.capped ? `at least ${result.count}` : `${result.count}`;
    out.push(
      diag('R104', p.nameRange, `sudoku ${p.name} has ${n} solutions; a proper puzzle has exactly one`, {
        data: { count: result.count, capped: result.capped },
      }),
    );
  }
  return result;
}

function mazeRules(p: MazePuzzle): Diagnostic[] {
  const facts = mazeFacts(p);
  if (!facts || !p.grid) return [];
  const out: Diagnostic[] = [];
  const section = p.grid;
  const cellRange = (pos: Cellpos): Range => cellAt(section, pos[0], pos[1])?.range ?? section.keywordRange;
  const { starts, goals } = facts.ends;
  if (starts.length === 0) out.push(diag('R301', section.keywordRange, `maze ${p.name} has no start (S)`));
  if (goals.length === 0) out.push(diag('R301', section.keywordRange, `maze ${p.name} has no goal (G)`));
  for (const [list, what] of [
    [starts, 'start (S)'],
    [goals, 'goal (G)'],
  ] as const) {
    const [first, ...more] = list;
    for (const pos of more) {
      out.push(
        diag('R302', cellRange(pos), `maze ${p.name} has more than one ${what}`, {
          related: first ? [{ range: cellRange(first), message: `the first ${what}` }] : [],
        }),
      );
    }
  }
  if (!facts.start || !facts.goal) return out;
  const shortest = mazeDistance(facts.grid, facts.start, facts.goal);
  if (shortest < 0) {
    out.push(
      diag('R303', cellRange(facts.goal), `the goal of maze ${p.name} cannot be reached from its start`, {
        related: [{ range: cellRange(facts.start), message: 'the start' }],
      }),
    );
    return out;
  }
  if (facts.path && p.path) {
    const ends = { start: facts.start, goal: facts.goal };
    const known = { ends: facts.ends, shortest };
    const { problems } = validateMazePath(facts.grid, facts.path, known);
    for (const prob of problems) out.push(pathDiagnostic(prob, p.path, cellRange, ends));
    if (!problems.some((x) => x.kind === 'shape')) out.push(...copyDiagnostics(facts.grid, facts.path, p.path, cellRange));
  }
  return out;
}

const MAZE_CELLS = new Set(['#', '.', 'S', 'G']);

/**
 * R308 on each path cell that is not the maze's own symbol or `o` (a wall erased or added): the path section
 * is the maze with the path marked, and an answer that changes the maze is not verified. S and G overwritten
 * are R306's.
 */
function copyDiagnostics(
  maze: string[][],
  path: string[][],
  pathSection: NonNullable<MazePuzzle['path']>,
  cellRange: (pos: Cellpos) => Range,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of pathCopyDifferences(maze, path)) {
    // A symbol a maze does not have is the parser's (P011); S or G overwritten is R306's.
    if (!MAZE_CELLS.has(d.written) || !MAZE_CELLS.has(d.maze) || d.maze === 'S' || d.maze === 'G') continue;
    const [r, c] = d.cell;
    out.push(
      diag(
        'R308',
        cellAt(pathSection, r, c)?.range ?? pathSection.keywordRange,
        `the path writes ${d.written} where the maze has ${d.maze} (row ${r + 1}, column ${c + 1}): the path section copies the maze, with o on the path`,
        {
          related: [{ range: cellRange(d.cell), message: `the maze's ${d.maze}` }],
          data: { row: r, col: c, maze: d.maze },
        },
      ),
    );
  }
  return out;
}

/** The diagnostic of one problem of a written path (R304-R307), on the path cell or the path section. */
function pathDiagnostic(
  prob: PathProblem,
  pathSection: NonNullable<MazePuzzle['path']>,
  cellRange: (pos: Cellpos) => Range,
  ends: { start: Cellpos; goal: Cellpos },
): Diagnostic {
  const pathRange = (pos: Cellpos): Range => cellAt(pathSection, pos[0], pos[1])?.range ?? pathSection.keywordRange;
  switch (prob.kind) {
    case 'wall':
      return diag('R305', pathRange(prob.cell), 'the path crosses a wall', {
        related: [{ range: cellRange(prob.cell), message: 'the wall in the maze grid' }],
      });
    case 'broken':
      return diag('R304', pathRange(prob.cell), 'the path breaks off here (a path cell needs two path neighbours)');
    case 'branch':
      return diag('R304', pathRange(prob.cell), 'the path branches here (a path cell needs exactly two path neighbours)');
    case 'notConnected':
      return diag('R304', pathSection.keywordRange, 'the path does not connect the start to the goal');
    case 'shape':
      return diag('R304', pathSection.keywordRange, prob.message);
    case 'missesStart':
      return diag('R306', pathRange(ends.start), 'the path misses the start: S must stay where the maze has it', {
        related: [{ range: cellRange(ends.start), message: 'the start' }],
      });
    case 'missesGoal':
      return diag('R306', pathRange(ends.goal), 'the path misses the goal: G must stay where the maze has it', {
        related: [{ range: cellRange(ends.goal), message: 'the goal' }],
      });
    case 'longer':
      return diag('R307', pathSection.keywordRange, `the path takes ${prob.length} steps; the shortest takes ${prob.shortest}`, {
        data: prob,
      });
  }
}

function arcRules(_p: ArcPuzzle): Diagnostic[] {
  // Shape, colour, size, missing-section and duplicate-id problems of ARC tasks are found by the parser
  // (P010-P017, P022): see docs/diagnostics.md. Nothing to add from the rules yet.
  return [];
}

/**
 * The solver work a puzzle's rule checks need, done up to `sliceDeadline` (the caller yields in between and
 * calls again). true when the checks can run: no search needed, the answer known, given up as too slow, or
 * the run's budget spent (then the checks report it as skipped and a later run carries on the search).
 */
export function advancePuzzleSolve(p: Puzzle, run: RuleRun, sliceDeadline = Infinity): boolean {
  if (p.kind !== 'sudoku') return true;
  const { facts, solveKey: key } = runFacts(p, run);
  // Only givens without a repeated digit have a solve key.
  if (!facts?.givens || key === undefined) return true;
  if (knownSolveVerdict(facts.givens, facts.size, run.cap, run.limitMs, key)) return true;
  const now = run.now();
  if (run.deadline === Infinity && run.budgetMs !== Infinity) run.deadline = now + run.budgetMs;
  if (now > run.deadline) return true;
  const v = solveSudokuWithin(facts.givens, facts.size, run.cap, {
    deadline: Math.min(sliceDeadline, run.deadline),
    limitMs: run.limitMs,
    now: run.now,
  });
  if (v.state !== 'pending') {
    run.solved++;
    return true;
  }
  return run.now() > run.deadline;
}

/** Rule diagnostics of one puzzle (after advancePuzzleSolve returned true for it). */
export function puzzleRuleDiagnostics(p: Puzzle, run: RuleRun): Diagnostic[] {
  switch (p.kind) {
    case 'sudoku':
      return sudokuRules(p, run);
    case 'maze':
      return mazeRules(p);
    case 'arc':
      return arcRules(p);
  }
}

/** The closing diagnostic of a run: R106 on the first puzzle whose solver check was skipped for the budget. */
export function finishRuleRun(doc: ArcDocument, run: RuleRun): Diagnostic[] {
  const first = doc.puzzles[0];
  if (run.skipped === 0 || !first) return [];
  return [
    diag(
      'R106',
      run.firstSkipped ?? first.headerRange,
      `solvability of ${run.skipped} Sudoku puzzle${run.skipped === 1 ? '' : 's'} not checked${
        run.deferred
          ? ' yet: the document is large, so they are checked after its other diagnostics'
          : ': the time budget for this document was spent'
      }`,
    ),
  ];
}

/** Every rule diagnostic of a document. */
export function ruleDiagnostics(doc: ArcDocument, opts: RuleOptions = {}): Diagnostic[] {
  const run = startRuleRun(opts);
  const out: Diagnostic[] = [];
  for (const p of doc.puzzles) {
    while (!advancePuzzleSolve(p, run));
    out.push(...puzzleRuleDiagnostics(p, run));
  }
  out.push(...finishRuleRun(doc, run));
  return out;
}
