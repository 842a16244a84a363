// Per-kind symbol tables and small grid helpers shared by the parser, printer, importers, rules and TRM.
// Symbols are the one-character cell tokens of the DSL (docs/dsl.md, "Symbols").

import type { GridNode, PuzzleKind, Section } from './ast';
import { gridShape, gridSymbolRows } from './lazyGrid';

/** The symbol of an unknown cell (ARC test outputs, Sudoku solutions, maze paths). */
export const UNKNOWN = '?';
/** A blank Sudoku given. */
export const SUDOKU_BLANK = '.';

/** Supported Sudoku sizes (rows = cols). */
export const SUDOKU_SIZES: readonly number[] = [4, 6, 9, 16];

/** The box shape of a Sudoku of `size` rows: 4 -> 2x2, 6 -> 2x3 (2 rows, 3 cols), 9 -> 3x3, 16 -> 4x4. */
export function sudokuBoxShape(size: number): { rows: number; cols: number } | undefined {
  switch (size) {
    case 4:
      return { rows: 2, cols: 2 };
    case 6:
      return { rows: 2, cols: 3 };
    case 9:
      return { rows: 3, cols: 3 };
    case 16:
      return { rows: 4, cols: 4 };
    default:
      return undefined;
  }
}

const SUDOKU_DIGITS = '123456789ABCDEFG';

/** The symbols of the values 1..size of a Sudoku (`1`-`9`, then `A`-`G` for 16x16). Empty for unsupported sizes. */
export function sudokuSymbols(size: number): string[] {
  if (!sudokuBoxShape(size)) return [];
  return SUDOKU_DIGITS.slice(0, size).split('');
}

/** Value 1..16 of a Sudoku digit symbol, 0 for the blank `.`, undefined otherwise (no size check). */
export function sudokuSymbolToValue(symbol: string): number | undefined {
  if (symbol === SUDOKU_BLANK) return 0;
  if (symbol.length !== 1) return undefined;
  const i = SUDOKU_DIGITS.indexOf(symbol);
  return i < 0 ? undefined : i + 1;
}

/** The value 1..16 of each character code that is a Sudoku digit, 0 for any other below 128 (`.` included). */
export const SUDOKU_DIGIT_OF_CODE: Readonly<Uint8Array> = (() => {
  const t = new Uint8Array(128);
  for (let i = 0; i < SUDOKU_DIGITS.length; i++) t[SUDOKU_DIGITS.charCodeAt(i)] = i + 1;
  return t;
})();

/** Symbol of a Sudoku value: 0 -> `.`, 1..16 -> `1`..`9`,`A`..`G`. */
export function sudokuValueToSymbol(value: number): string {
  if (value === 0) return SUDOKU_BLANK;
  const s = SUDOKU_DIGITS[value - 1];
  if (s === undefined || !Number.isInteger(value)) throw new RangeError(`no Sudoku symbol for value ${value}`);
  return s;
}

/** ARC colours `0`..`9`. */
export const ARC_COLORS: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Colour 0..9 of an ARC symbol, undefined otherwise. */
export function arcSymbolToValue(symbol: string): number | undefined {
  if (symbol.length !== 1) return undefined;
  const c = symbol.charCodeAt(0) - 48;
  return c >= 0 && c <= 9 ? c : undefined;
}

export function arcValueToSymbol(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 9) throw new RangeError(`no ARC colour ${value}`);
  return String(value);
}

/** Maze symbols. */
export const MAZE = { wall: '#', open: '.', start: 'S', goal: 'G', path: 'o' } as const;

/** The grid size limit for ARC and maze grids (both dimensions). */
export const MAX_GRID = 30;

/**
 * The symbols allowed in a section, by puzzle kind and section keyword.
 * `role` is the ARC pair role ('train' | 'test'); `size` the Sudoku size (rows).
 * Returns undefined when nothing can be said (unsupported Sudoku size).
 */
export function allowedSymbols(
  kind: PuzzleKind,
  keyword: string,
  opts: { role?: 'train' | 'test' | undefined; size?: number | undefined } = {},
): Set<string> | undefined {
  if (kind === 'arc') {
    const s = new Set(ARC_COLORS);
    if (keyword === 'output' && opts.role === 'test') s.add(UNKNOWN);
    return s;
  }
  if (kind === 'sudoku') {
    const digits = sudokuSymbols(opts.size ?? 9);
    if (digits.length === 0) return undefined;
    const s = new Set(digits);
    s.add(keyword === 'solution' ? UNKNOWN : SUDOKU_BLANK);
    return s;
  }
  // maze
  const s = new Set<string>([MAZE.wall, MAZE.open, MAZE.start, MAZE.goal]);
  if (keyword === 'path') {
    s.add(MAZE.path);
    s.add(UNKNOWN);
  }
  return s;
}

/** The cells of a grid as a row-major matrix of symbols (raw tokens as written), without building cell nodes. */
export function gridToMatrix(grid: GridNode): string[][] {
  return gridSymbolRows(grid);
}

/** Rows and columns of a section's grid (cols = the longest row; 0x0 when empty). */
export function sectionSize(section: Section | undefined): { rows: number; cols: number } {
  return section ? gridShape(section.grid) : { rows: 0, cols: 0 };
}

/** The section keywords of a puzzle kind (ARC: the pair keywords and the pair sections). */
export const SECTION_KEYWORDS: Readonly<Record<PuzzleKind, readonly string[]>> = {
  sudoku: ['givens', 'solution'],
  maze: ['grid', 'path'],
  arc: ['input', 'output'],
};
export const PAIR_KEYWORDS: readonly string[] = ['train', 'test'];
export const KINDS: readonly PuzzleKind[] = ['sudoku', 'arc', 'maze'];
