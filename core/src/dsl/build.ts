// Constructors for trees built in code (importers, solvers): every range is the empty range at 0:0.
// Print them with `print` (./printer) to get canonical text.

import type { ArcPair, ArcPuzzle, MazePuzzle, Property, Range, Section, SudokuPuzzle } from './ast';

export const NO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function makeSection(
  keyword: string,
  matrix: readonly (readonly string[])[],
  opts: { annotate?: boolean; separators?: boolean } = {},
): Section {
  const s: Section = {
    keyword,
    keywordRange: NO_RANGE,
    grid: {
      rows: matrix.map((r) => ({ cells: r.map((symbol) => ({ symbol, range: NO_RANGE })), range: NO_RANGE })),
      range: NO_RANGE,
      separators: opts.separators ?? false,
    },
    range: NO_RANGE,
  };
  if (opts.annotate) s.declared = { rows: matrix.length, cols: matrix[0]?.length ?? 0, range: NO_RANGE };
  return s;
}

export function makeProperty(key: string, value: string): Property {
  return { key, value, keyRange: NO_RANGE, valueRange: NO_RANGE, range: NO_RANGE };
}

function base(name: string, properties: Property[]) {
  return { name, nameRange: NO_RANGE, kindRange: NO_RANGE, headerRange: NO_RANGE, properties, range: NO_RANGE };
}

export function makeArcPuzzle(name: string, pairs: ArcPair[], properties: Property[] = []): ArcPuzzle {
  return { kind: 'arc', ...base(name, properties), pairs };
}

export function makeArcPair(role: 'train' | 'test', input: Section, output?: Section): ArcPair {
  const p: ArcPair = { role, keywordRange: NO_RANGE, input, range: NO_RANGE };
  if (output) p.output = output;
  return p;
}

export function makeSudoku(
  name: string,
  givens: Section,
  solution: Section | undefined,
  properties: Property[] = [],
  size?: number,
): SudokuPuzzle {
  const p: SudokuPuzzle = { kind: 'sudoku', ...base(name, properties), givens };
  if (solution) p.solution = solution;
  if (size) p.declared = { rows: size, cols: size, range: NO_RANGE };
  return p;
}

export function makeMaze(name: string, grid: Section, path: Section | undefined, properties: Property[] = []): MazePuzzle {
  const p: MazePuzzle = { kind: 'maze', ...base(name, properties), grid };
  if (path) p.path = path;
  p.declared = { rows: grid.grid.rows.length, cols: grid.grid.rows[0]?.cells.length ?? 0, range: NO_RANGE };
  return p;
}
