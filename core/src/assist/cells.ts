// Where a model answer lives in a puzzle: which run (ARC test pair) a cell belongs to, the cell's
// coordinates in the model's answer grid, and the section an answer is written into.

import type { Diagnostic, Puzzle, Section } from '../dsl/ast';
import type { FillTarget } from '../rules/edits';
import type { Located } from '../language/locate';

/** A cell of a puzzle seen by the model: the run it belongs to and its place in the answer grid. */
export interface ModelCell {
  /** ARC: the test pair (0-based among the test pairs); 0 for Sudoku and mazes. */
  testIndex: number;
  row: number;
  col: number;
  /** The section the cell is in. */
  section: Section;
  /** Whether the cell is in the answer section (Sudoku solution, maze path, ARC test output): fillable. */
  inAnswer: boolean;
}

/** The test index of an ARC pair (0-based among test pairs), or undefined for a train pair. */
export function testIndexOfPair(p: Puzzle, pairIndex: number): number | undefined {
  if (p.kind !== 'arc') return undefined;
  const pair = p.pairs[pairIndex];
  if (!pair || pair.role !== 'test') return undefined;
  return p.pairs.slice(0, pairIndex).filter((x) => x.role === 'test').length;
}

/** The pair index (into puzzle.pairs) of the ARC test pair `testIndex`. */
export function pairIndexOfTest(p: Puzzle, testIndex: number): number | undefined {
  if (p.kind !== 'arc') return undefined;
  let seen = 0;
  for (let i = 0; i < p.pairs.length; i++) {
    if (p.pairs[i]!.role !== 'test') continue;
    if (seen === testIndex) return i;
    seen++;
  }
  return undefined;
}

/** The model's view of the located cell, or undefined when the model says nothing about it (ARC train pairs). */
export function modelCellAt(loc: Located): ModelCell | undefined {
  const { puzzle: p, section, row, col, cell } = loc;
  if (!p || !section || row === undefined || col === undefined || !cell) return undefined;
  if (p.kind === 'sudoku') return { testIndex: 0, row, col, section, inAnswer: section.keyword === 'solution' };
  if (p.kind === 'maze') return { testIndex: 0, row, col, section, inAnswer: section.keyword === 'path' };
  if (loc.pairIndex === undefined) return undefined;
  const t = testIndexOfPair(p, loc.pairIndex);
  if (t === undefined || section.keyword !== 'output') return undefined;
  return { testIndex: t, row, col, section, inAnswer: true };
}

/** Where the model's answer for run `testIndex` is written. */
export function answerTarget(p: Puzzle, testIndex = 0): FillTarget | undefined {
  if (p.kind === 'sudoku') return { keyword: 'solution' };
  if (p.kind === 'maze') return { keyword: 'path' };
  const pairIndex = pairIndexOfTest(p, testIndex);
  return pairIndex === undefined ? undefined : { keyword: 'output', pairIndex };
}

/** The answer section of run `testIndex`, when written. */
export function answerSection(p: Puzzle, testIndex = 0): Section | undefined {
  if (p.kind === 'sudoku') return p.solution;
  if (p.kind === 'maze') return p.path;
  const i = pairIndexOfTest(p, testIndex);
  return i === undefined ? undefined : p.pairs[i]!.output;
}

/** How many runs a puzzle has (ARC: one per test pair). */
export function runCount(p: Puzzle): number {
  return p.kind === 'arc' ? p.pairs.filter((x) => x.role === 'test').length : 1;
}

/** Cells of an answer section the user filled (not `?`), with their grid coordinates. */
export function filledCells(section: Section): { row: number; col: number; symbol: string; range: Diagnostic['range'] }[] {
  const out: { row: number; col: number; symbol: string; range: Diagnostic['range'] }[] = [];
  section.grid.rows.forEach((r, row) =>
    r.cells.forEach((c, col) => {
      if (c.symbol !== '?') out.push({ row, col, symbol: c.symbol, range: c.range });
    }),
  );
  return out;
}
