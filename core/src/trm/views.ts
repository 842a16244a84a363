// Views of a Sudoku or maze for test-time search: versions of the puzzle with the same answer up to a known
// symmetry, so a model can be run on each and every answer mapped back to the original frame.
// Sudoku: digit relabelling, band/stack and row-within-band/column-within-stack permutations, and the transpose
// when the boxes are square. Maze: the 8 dihedral transforms (rotations, flips, transposes) of the maze.

import { sudokuSymbolToValue, sudokuValueToSymbol } from '../dsl/symbols';
import { mulberry32 } from '../random';
import { boxShape } from '../rules/sudoku';
import { DIHEDRAL_INVERSE, dihedral } from './arc';

/** A Sudoku view: cell (i, j) of the view holds `digits[v - 1]` where the puzzle's cell (rows[i], cols[j]) holds v; then transposed. */
export interface SudokuView {
  kind: 'sudoku';
  /** digits[v - 1] = the view's value for value v. */
  digits: number[];
  /** The view's row i is the puzzle's row rows[i] (before the transpose); likewise cols. */
  rows: number[];
  cols: number[];
  transpose: boolean;
}

/** A maze view: dihedral transform `tid` of the maze (arc.ts numbering: 0 identity, 1-3 rotations, 4-7 flips). */
export interface MazeView {
  kind: 'maze';
  tid: number;
}

export type PuzzleView = SudokuView | MazeView;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function identityView(kind: 'sudoku' | 'maze', size: number): PuzzleView {
  if (kind === 'maze') return { kind, tid: 0 };
  return { kind, digits: range(size).map((i) => i + 1), rows: range(size), cols: range(size), transpose: false };
}

export function isIdentity(v: PuzzleView): boolean {
  if (v.kind === 'maze') return v.tid === 0;
  return !v.transpose && v.digits.every((d, i) => d === i + 1) && v.rows.every((r, i) => r === i) && v.cols.every((c, i) => c === i);
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Row order that keeps every box intact: the groups of `group` lines permuted, and the lines inside each group. */
function blockPermutation(n: number, group: number, rand: () => number): number[] {
  const groups = shuffle(range(n / group), rand);
  return groups.flatMap((g) =>
    shuffle(
      range(group).map((k) => g * group + k),
      rand,
    ),
  );
}

function viewKey(v: PuzzleView): string {
  return v.kind === 'maze' ? `t${v.tid}` : `${v.digits.join(',')}|${v.rows.join(',')}|${v.cols.join(',')}|${v.transpose ? 1 : 0}`;
}

/**
 * `count` distinct Sudoku views of an n x n puzzle, the identity first, then random ones from `seed`:
 * every other one transposed when the boxes are square. Fewer when n is so small that there are not that many.
 */
export function sudokuViews(n: number, count: number, seed = 0): SudokuView[] {
  const box = boxShape(n);
  if (!box) throw new RangeError(`no Sudoku box shape for size ${n}`);
  const rand = mulberry32(seed);
  const out: SudokuView[] = [identityView('sudoku', n) as SudokuView];
  const seen = new Set(out.map(viewKey));
  const square = box.boxRows === box.boxCols;
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const v: SudokuView = {
      kind: 'sudoku',
      digits: shuffle(
        range(n).map((i) => i + 1),
        rand,
      ),
      rows: blockPermutation(n, box.boxRows, rand),
      cols: blockPermutation(n, box.boxCols, rand),
      transpose: square && out.length % 2 === 1,
    };
    const k = viewKey(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/** The 8 dihedral views of a maze (identity first), the first `count` of them. */
export function mazeViews(count: number): MazeView[] {
  return range(Math.min(8, Math.max(1, count))).map((tid) => ({ kind: 'maze', tid }));
}

function relabel(grid: readonly (readonly string[])[], map: (v: number) => number): string[][] {
  return grid.map((row) =>
    row.map((s) => {
      const v = sudokuSymbolToValue(s);
      return v === undefined || v === 0 ? s : sudokuValueToSymbol(map(v));
    }),
  );
}

/** The puzzle grid (givens, maze) as the view sees it. */
export function toView(v: PuzzleView, grid: readonly (readonly string[])[]): string[][] {
  if (v.kind === 'maze') return dihedral(grid, v.tid);
  const moved = v.rows.map((r) => v.cols.map((c) => grid[r]![c]!));
  const t = v.transpose ? dihedral(moved, 6) : moved;
  return relabel(t, (x) => v.digits[x - 1]!);
}

/** An answer in the view's frame back in the puzzle's frame (the inverse of toView). */
export function fromView(v: PuzzleView, grid: readonly (readonly string[])[]): string[][] {
  if (v.kind === 'maze') return dihedral(grid, DIHEDRAL_INVERSE[v.tid]!);
  const inverse = new Array<number>(v.digits.length);
  v.digits.forEach((to, from) => (inverse[to - 1] = from + 1));
  const t = relabel(grid, (x) => inverse[x - 1] ?? x);
  const moved = v.transpose ? dihedral(t, 6) : t;
  const n = moved.length;
  const out: string[][] = Array.from({ length: n }, () => new Array<string>(n));
  v.rows.forEach((r, i) => v.cols.forEach((c, j) => (out[r]![c] = moved[i]![j]!)));
  return out;
}

const DIHEDRAL_NAMES = [
  'identity',
  'rotated 90°',
  'rotated 180°',
  'rotated 270°',
  'mirrored left-right',
  'mirrored top-bottom',
  'transposed',
  'anti-transposed',
];

/** One line for the trace: what the view changed. */
export function describeView(v: PuzzleView): string {
  if (isIdentity(v)) return 'the puzzle as given';
  if (v.kind === 'maze') return DIHEDRAL_NAMES[v.tid]!;
  const parts: string[] = [];
  if (v.digits.some((d, i) => d !== i + 1)) parts.push(`digits relabelled ${v.digits.map((d) => sudokuValueToSymbol(d)).join('')}`);
  if (v.rows.some((r, i) => r !== i)) parts.push(`rows ${v.rows.map((r) => r + 1).join('')}`);
  if (v.cols.some((c, i) => c !== i)) parts.push(`columns ${v.cols.map((c) => c + 1).join('')}`);
  if (v.transpose) parts.push('transposed');
  return parts.join(', ');
}
