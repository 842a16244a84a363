// Hover content as plain data (markdown + range): cells and puzzle headers.

import type { ArcPuzzle, MazePuzzle, Position, Puzzle, Range, SudokuPuzzle } from '../dsl/ast';
import { sectionSize, sudokuValueToSymbol } from '../dsl/symbols';
import { ARC_COLOUR_NAMES } from '../rules/arc';
import { DEFAULT_SOLUTION_CAP, mazeFacts, solveSudokuWithin, sudokuFacts } from '../rules/facts';
import { mazeDistance, mazeDistances } from '../rules/maze';
import { maskDigits, sudokuCandidates, sudokuConflicts } from '../rules/sudoku';
import { legalSudokuDigits } from './completion';
import { locate, type Located } from './locate';
import { codeSpan, escapeMarkdown } from './markdown';

export interface HoverInfo {
  markdown: string;
  range: Range;
}

/** The digits legal at a Sudoku cell given the other givens (row, column and box), or undefined. */
export function sudokuCellCandidates(p: SudokuPuzzle, row: number, col: number): string[] | undefined {
  const f = sudokuFacts(p);
  if (!f || !f.givens) return undefined;
  const grid = [...f.givens];
  grid[row * f.size + col] = 0;
  const mask = sudokuCandidates(grid, f.size)[row * f.size + col] ?? 0; // a cell off the grid: no digits
  return maskDigits(mask).map(sudokuValueToSymbol);
}

/** Solver time a hover may spend (ms); a slower puzzle is finished by the diagnostics in the background. */
export const HOVER_SOLVE_MS = 50;

function sudokuVerdict(p: SudokuPuzzle, limitMs?: number): string {
  const f = sudokuFacts(p);
  if (!f || !f.givens) return 'not checked: the givens are not a well-formed grid';
  if (sudokuConflicts(f.givens, f.size).length) return 'not solvable: the givens repeat a digit';
  const v = solveSudokuWithin(f.givens, f.size, DEFAULT_SOLUTION_CAP, { deadline: performance.now() + HOVER_SOLVE_MS, limitMs });
  if (v.state === 'pending') return `not checked yet: still solving (${(v.elapsedMs / 1000).toFixed(1)} s so far)`;
  if (v.state === 'tooSlow') return `not checked: too slow (gave up after ${(v.elapsedMs / 1000).toFixed(1)} s)`;
  const r = v.result;
  if (r.count === 0) return 'no solution';
  if (r.count === 1) return 'solvable, unique solution';
  return `solvable, ${r.capped ? `at least ${r.count}` : r.count} solutions (not unique)`;
}

function headerHover(p: Puzzle, opts: HoverOptions): string {
  const lines: string[] = [];
  if (p.kind === 'sudoku') {
    const f = sudokuFacts(p);
    const size = f ? `${f.size}x${f.size}` : 'unknown size';
    lines.push(`**Sudoku** ${codeSpan(p.name)} · ${size}`);
    if (f?.givens) lines.push(`${f.givenCount} givens, ${f.size * f.size - f.givenCount} blanks`);
    if (f?.solution) lines.push(f.unknownCount === 0 ? 'solution section complete' : `solution section: ${f.unknownCount} unknown cells`);
    lines.push(`Exact solver: ${sudokuVerdict(p, opts.solveLimitMs)}`);
  } else if (p.kind === 'maze') {
    lines.push(...mazeHeader(p));
  } else {
    lines.push(...arcHeader(p));
  }
  return lines.join('\n\n');
}

function mazeHeader(p: MazePuzzle): string[] {
  const { rows, cols } = sectionSize(p.grid);
  const out = [`**Maze** ${codeSpan(p.name)} · ${rows}x${cols}`];
  const f = mazeFacts(p);
  if (!f) return out;
  if (!f.start || !f.goal) {
    out.push(`${f.ends.starts.length} start(s), ${f.ends.goals.length} goal(s): needs exactly one of each`);
    return out;
  }
  const d = mazeDistance(f.grid, f.start, f.goal);
  out.push(d < 0 ? 'Exact solver: the goal is unreachable' : `Exact solver: solvable, shortest path ${d} steps`);
  if (p.path) out.push(f.pathUnknown ? 'path section: to be filled (`?` cells)' : 'path section written');
  return out;
}

function arcHeader(p: ArcPuzzle): string[] {
  const train = p.pairs.filter((x) => x.role === 'train').length;
  const test = p.pairs.length - train;
  const out = [
    `**ARC task** ${codeSpan(p.name)} · ${train} train pair${train === 1 ? '' : 's'}, ${test} test pair${test === 1 ? '' : 's'}`,
  ];
  const sizes = p.pairs.map((pair) => {
    const i = sectionSize(pair.input);
    const o = sectionSize(pair.output);
    return `${pair.role}: ${i.rows}x${i.cols} → ${pair.output ? `${o.rows}x${o.cols}` : '?'}`;
  });
  if (sizes.length) out.push(sizes.join('  \n'));
  return out;
}

const MAZE_CELL: Record<string, string> = {
  '#': 'wall',
  '.': 'open cell',
  S: 'start',
  G: 'goal',
  o: 'path cell',
  '?': 'unknown (to be filled)',
};

function cellHover(loc: Located): string | undefined {
  const { puzzle: p, section, row, col, cell } = loc;
  if (!p || !section || row === undefined || col === undefined || !cell) return undefined;
  const lines = [`**Row ${row + 1}, column ${col + 1}** of ${codeSpan(section.keyword)} · ${codeSpan(cell.symbol)}`];
  if (p.kind === 'arc') {
    const v = cell.symbol.length === 1 ? cell.symbol.charCodeAt(0) - 48 : -1;
    if (v >= 0 && v <= 9) lines.push(`ARC colour ${v}: ${ARC_COLOUR_NAMES[v]}`);
    else if (cell.symbol === '?') lines.push('unknown: the test output to be found');
    else lines.push('not an ARC colour (0-9)');
  } else if (p.kind === 'sudoku') {
    // In the solution, the digits already written there count too (as for completions).
    const cands = section.keyword === 'solution' ? legalSudokuDigits(p, row, col) : sudokuCellCandidates(p, row, col);
    const isBlank = cell.symbol === '.' || cell.symbol === '?';
    if (section.keyword === 'givens') lines.push(isBlank ? 'blank' : 'given');
    if (cands) {
      if (isBlank)
        lines.push(cands.length ? `Candidates: ${cands.join(' ')}` : 'No candidate: every digit is taken in this row, column or box');
      else if (!cands.includes(cell.symbol))
        lines.push(
          `${escapeMarkdown(cell.symbol)} clashes with a digit in its row, column or box (legal here: ${cands.join(' ') || 'none'})`,
        );
      else lines.push(`Legal here: ${cands.join(' ')}`);
    }
  } else {
    lines.push(MAZE_CELL[cell.symbol] ?? 'not a maze symbol');
    const f = mazeFacts(p);
    if (f?.start && section.keyword === 'grid' && cell.symbol !== '#') {
      const d = mazeDistances(f.grid, f.start)[row]?.[col];
      if (d !== undefined) lines.push(d < 0 ? 'unreachable from the start' : `${d} step${d === 1 ? '' : 's'} from the start`);
    }
  }
  return lines.join('\n\n');
}

export interface HoverOptions {
  /** Solver time after which a puzzle is "not checked: too slow" (the server's give-up setting). */
  solveLimitMs?: number;
}

/** The hover at a position, or undefined. */
export function hoverAt(puzzles: readonly Puzzle[], pos: Position, opts: HoverOptions = {}): HoverInfo | undefined {
  const loc = locate(puzzles, pos);
  if (!loc.puzzle) return undefined;
  if (loc.cell) {
    const md = cellHover(loc);
    if (md) return { markdown: md, range: loc.cell.range };
  }
  const p = loc.puzzle;
  if (loc.onHeader) {
    return { markdown: headerHover(p, opts), range: p.headerRange };
  }
  return undefined;
}
