// ARC shape and colour checks over plain grids of symbols (`0`..`9`, `?` for an unknown test output cell).

import { MAX_GRID } from '../dsl/symbols';

export type ArcGridProblem =
  | { kind: 'empty' }
  | { kind: 'tooLarge'; rows: number; cols: number }
  | { kind: 'ragged'; row: number; length: number; expected: number }
  | { kind: 'colour'; row: number; col: number; symbol: string };

export interface ArcGridCheckOptions {
  /** Allow `?` (a test output still to be found). */
  allowUnknown?: boolean;
}

/** Shape and colour problems of one ARC grid: empty, over 30x30, ragged rows, symbols outside 0-9. */
export function checkArcGrid(grid: readonly (readonly string[])[], opts: ArcGridCheckOptions = {}): ArcGridProblem[] {
  const problems: ArcGridProblem[] = [];
  if (grid.length === 0 || grid.every((r) => r.length === 0)) return [{ kind: 'empty' }];
  const cols = grid.reduce((m, r) => Math.max(m, r.length), 0);
  if (grid.length > MAX_GRID || cols > MAX_GRID) problems.push({ kind: 'tooLarge', rows: grid.length, cols });
  const expected = grid[0]!.length; // not empty: checked above
  grid.forEach((row, r) => {
    if (row.length !== expected) problems.push({ kind: 'ragged', row: r, length: row.length, expected });
    row.forEach((s, c) => {
      const ok = (s.length === 1 && s >= '0' && s <= '9') || (opts.allowUnknown === true && s === '?');
      if (!ok) problems.push({ kind: 'colour', row: r, col: c, symbol: s });
    });
  });
  return problems;
}

export { ARC_COLOUR_HEX, ARC_COLOUR_NAMES } from '../palette';
