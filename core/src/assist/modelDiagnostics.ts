// Model diagnostics: a cell the user filled that the model confidently disagrees with. Plain data
// (core Diagnostic, source `trm`); the quick fix writes `data.value`.
//
// The policy: the model helps where the rules cannot tell; it never argues with them. So no model
// diagnostic inside an answer the rules verify (a complete Sudoku solution or maze path they accept), and
// none on a cell whose written value the rules force (the puzzle's unique exact solution has it, or it is
// the only digit its row, column and box leave). ARC gets none: no rules check the model there, and a written
// test output is the task's known answer (the bundled ARC model solves few tasks: it would squiggle right answers).

import type { Diagnostic, Puzzle, Section } from '../dsl/ast';
import { gridToMatrix, sudokuSymbolToValue } from '../dsl/symbols';
import { sudokuFacts } from '../rules/facts';
import { solveExactly } from '../rules/solve';
import { maskDigits, sudokuCandidates } from '../rules/sudoku';
import { fixedSymbol, puzzleGrids } from '../trm/encode';
import type { TraceStep } from '../trm/trace';
import { verifyAnswer } from '../trm/verify';
import { answerSection, filledCells } from './cells';
import { percent } from './present';

export const MODEL_DISAGREES = 'T001';

export interface ModelDisagreement {
  value: string;
  probability: number;
  written: string;
  row: number;
  col: number;
}

/** Why the rules leave nothing for the model to say about an answer section, or undefined when they do. */
export function rulesSettleAnswer(p: Puzzle, testIndex: number): string | undefined {
  if (p.kind === 'arc') return undefined;
  const section = answerSection(p, testIndex);
  if (!section) return undefined;
  let grids;
  try {
    grids = puzzleGrids(p, testIndex);
  } catch {
    return undefined;
  }
  // `expected` is the written answer when it is complete (no `?`).
  if (grids.expected && verifyAnswer(grids, grids.expected).satisfiesRules) return 'the rules verify the written answer';
  return undefined;
}

/** The written cells (row,col keys) whose value the rules force, so the model must not question them. */
export function forcedCells(p: Puzzle, section: Section): Set<string> {
  const out = new Set<string>();
  if (p.kind === 'arc') return out;
  const exact = solveExactly(p, 2);
  const written = filledCells(section);
  if (exact.status === 'solved' && exact.unique && exact.answer) {
    for (const c of written) if (exact.answer[c.row]?.[c.col] === c.symbol) out.add(`${c.row},${c.col}`);
  }
  if (p.kind === 'sudoku') {
    const f = sudokuFacts(p);
    if (f?.givens) {
      // Givens plus every written value but the cell's own: the digits its peers leave it.
      const grid = [...f.givens];
      for (const c of written) {
        const v = sudokuSymbolToValue(c.symbol);
        if (v !== undefined && v > 0 && grid[c.row * f.size + c.col] === 0) grid[c.row * f.size + c.col] = v;
      }
      for (const c of written) {
        const i = c.row * f.size + c.col;
        const own = grid[i]!;
        if (f.givens[i] !== 0) {
          out.add(`${c.row},${c.col}`);
          continue;
        }
        grid[i] = 0;
        const left = maskDigits(sudokuCandidates(grid, f.size)[i]!);
        grid[i] = own;
        if (left.length === 1 && left[0] === sudokuSymbolToValue(c.symbol)) out.add(`${c.row},${c.col}`);
      }
    }
  }
  if (p.kind === 'maze') {
    // A wall, S or G: the engine keeps the question's symbol there, so "the model predicts #" would be the rules
    // speaking (they report a path through a wall themselves).
    const maze = p.grid ? gridToMatrix(p.grid.grid) : [];
    for (const c of written) if (fixedSymbol(maze, c.row, c.col) !== undefined) out.add(`${c.row},${c.col}`);
  }
  return out;
}

/**
 * Diagnostics for the answer section of run `testIndex`, from the run's last step: every filled cell whose
 * predicted symbol differs with probability >= threshold, except where the rules settle it (see above).
 */
export function modelDiagnostics(p: Puzzle, testIndex: number, last: TraceStep, threshold: number, model: string): Diagnostic[] {
  if (p.kind === 'arc') return [];
  const section = answerSection(p, testIndex);
  if (!section || rulesSettleAnswer(p, testIndex)) return [];
  const candidates = filledCells(section).filter((c) => {
    const predicted = last.grid[c.row]?.[c.col];
    const prob = last.probability[c.row]?.[c.col];
    return predicted !== undefined && prob !== undefined && predicted !== c.symbol && prob >= threshold;
  });
  if (candidates.length === 0) return [];
  const forced = forcedCells(p, section);
  const out: Diagnostic[] = [];
  for (const c of candidates) {
    if (forced.has(`${c.row},${c.col}`)) continue;
    const predicted = last.grid[c.row]![c.col]!;
    const prob = last.probability[c.row]![c.col]!;
    const data: ModelDisagreement = { value: predicted, probability: prob, written: c.symbol, row: c.row, col: c.col };
    out.push({
      code: MODEL_DISAGREES,
      message: `TRM (${model}) predicts ${predicted} here with ${percent(prob)} confidence, not ${c.symbol}`,
      range: c.range,
      severity: 'information',
      source: 'trm',
      data,
    });
  }
  return out;
}
