// ARC as the TRM reference evaluates it: a 30x30-style canvas with the grid at the top-left and EOS
// below/right of it; augmented versions = colour permutation (0 fixed) then one of 8 dihedral
// transforms; predictions are cropped at EOS, de-augmented (inverse dihedral, then inverse colour
// map) and voted by count, then by mean halting score. See /work/shared/notes/trm.md §3.3.

import { mulberry32 } from '../random';

export const ARC_PAD = 0;
export const ARC_EOS = 1;
/** Token id of colour c is c + ARC_COLOUR_BASE. */
export const ARC_COLOUR_BASE = 2;

/** Inverse of each dihedral id: 0 identity, 1-3 rot90 k=1..3, 4 fliplr, 5 flipud, 6 transpose, 7 anti-transpose. */
export const DIHEDRAL_INVERSE: readonly number[] = [0, 3, 2, 1, 4, 5, 6, 7];

/**
 * Dihedral transform `tid` of a row-major grid, with numpy's conventions (rot90 turns counter-clockwise;
 * 7 = fliplr(rot90(g))). Works on any cell type (colours, probabilities, candidate lists).
 */
export function dihedral<T>(grid: readonly (readonly T[])[], tid: number): T[][] {
  const R = grid.length;
  const C = R ? grid[0]!.length : 0;
  const at = (r: number, c: number): T => grid[r]![c]!;
  const make = (rows: number, cols: number, f: (i: number, j: number) => T): T[][] =>
    Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));
  switch (tid) {
    case 0:
      return make(R, C, (i, j) => at(i, j));
    case 1:
      return make(C, R, (i, j) => at(j, C - 1 - i));
    case 2:
      return make(R, C, (i, j) => at(R - 1 - i, C - 1 - j));
    case 3:
      return make(C, R, (i, j) => at(R - 1 - j, i));
    case 4:
      return make(R, C, (i, j) => at(i, C - 1 - j));
    case 5:
      return make(R, C, (i, j) => at(R - 1 - i, j));
    case 6:
      return make(C, R, (i, j) => at(j, i));
    case 7:
      return make(C, R, (i, j) => at(R - 1 - j, C - 1 - i));
    default:
      throw new RangeError(`dihedral id ${tid} is not in 0..7`);
  }
}

export function inverseDihedral<T>(grid: readonly (readonly T[])[], tid: number): T[][] {
  return dihedral(grid, DIHEDRAL_INVERSE[tid]!);
}

/** One augmented version: dihedral id and colour map (perm[c] = new colour of c; perm[0] = 0). */
export interface ArcAugmentation {
  tid: number;
  perm: number[];
}

export const IDENTITY_AUG: ArcAugmentation = { tid: 0, perm: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };

/** Parses the reference's version name `"{task}|||t{tid}|||{10 digits}"`. */
export function parseVersionName(name: string): { task: string; aug: ArcAugmentation } | undefined {
  const m = /^(.*)\|\|\|t([0-7])\|\|\|([0-9]{10})$/.exec(name);
  if (!m) return undefined;
  const perm = m[3]!.split('').map(Number);
  if (new Set(perm).size !== 10) return undefined;
  return { task: m[1]!, aug: { tid: Number(m[2]), perm } };
}

export function versionName(task: string, aug: ArcAugmentation): string {
  return `${task}|||t${aug.tid}|||${aug.perm.join('')}`;
}

export function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((to, from) => (inv[to] = from));
  return inv;
}

/** Colour map first, then the dihedral transform (the reference's order). */
export function augmentGrid(grid: readonly (readonly number[])[], aug: ArcAugmentation): number[][] {
  return dihedral(
    grid.map((row) => row.map((c) => aug.perm[c]!)),
    aug.tid,
  );
}

/** Inverse dihedral first, then the inverse colour map. */
export function deaugmentGrid(grid: readonly (readonly number[])[], aug: ArcAugmentation): number[][] {
  const inv = invertPerm(aug.perm);
  return inverseDihedral(grid, aug.tid).map((row) => row.map((c) => inv[c]!));
}

/** Token ids of a grid on a rows x cols canvas: top-left, EOS on the row below and the column right. */
export function arcCanvas(grid: readonly (readonly number[])[], rows: number, cols: number): Int32Array {
  const out = new Int32Array(rows * cols); // PAD = 0
  const h = grid.length;
  const w = h ? grid[0]!.length : 0;
  if (h > rows || w > cols) throw new RangeError(`a ${h}x${w} grid does not fit a ${rows}x${cols} canvas`);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[r * cols + c] = grid[r]![c]! + ARC_COLOUR_BASE;
  if (h < rows) for (let c = 0; c < w; c++) out[h * cols + c] = ARC_EOS;
  if (w < cols) for (let r = 0; r < h; r++) out[r * cols + w] = ARC_EOS;
  return out;
}

/**
 * The largest top-left rectangle made only of colour tokens (the reference's crop): scanning rows
 * from the top, the usable width shrinks to the first non-colour token of each row. Returns its size.
 */
export function cropSize(ids: ArrayLike<number>, rows: number, cols: number): { rows: number; cols: number } {
  let width = cols;
  let best = { rows: 0, cols: 0 };
  let bestArea = 0;
  for (let r = 0; r < rows && width > 0; r++) {
    for (let c = 0; c < width; c++) {
      const t = ids[r * cols + c]!;
      if (t < ARC_COLOUR_BASE || t > ARC_COLOUR_BASE + 9) {
        width = c;
        break;
      }
    }
    const area = (r + 1) * width;
    if (area > bestArea) {
      bestArea = area;
      best = { rows: r + 1, cols: width };
    }
  }
  return best;
}

/** Crops a canvas of token ids at EOS and returns colours 0..9 (an empty grid when the corner is not a colour). */
export function cropCanvas(ids: ArrayLike<number>, rows: number, cols: number): number[][] {
  const s = cropSize(ids, rows, cols);
  return Array.from({ length: s.rows }, (_, r) => Array.from({ length: s.cols }, (_, c) => ids[r * cols + c]! - ARC_COLOUR_BASE));
}

export interface VoteInput {
  grid: number[][];
  haltScore: number;
}
export interface VoteResult {
  grid: number[][];
  votes: number;
  meanHaltScore: number;
}

export function gridKey(grid: readonly (readonly number[])[]): string {
  return `${grid.length}x${grid[0]?.length ?? 0}:${grid.map((r) => r.join('')).join('/')}`;
}

/** Groups identical (de-augmented) answers and ranks them by vote count, then mean halting score. Empty answers are dropped. */
export function vote(predictions: readonly VoteInput[]): VoteResult[] {
  const groups = new Map<string, { grid: number[][]; votes: number; sum: number; first: number }>();
  predictions.forEach((p, i) => {
    if (p.grid.length === 0 || p.grid[0]!.length === 0) return;
    const k = gridKey(p.grid);
    const g = groups.get(k);
    if (g) {
      g.votes++;
      g.sum += p.haltScore;
    } else groups.set(k, { grid: p.grid, votes: 1, sum: p.haltScore, first: i });
  });
  return [...groups.values()]
    .sort((a, b) => b.votes - a.votes || b.sum / b.votes - a.sum / a.votes || a.first - b.first)
    .map((g) => ({ grid: g.grid, votes: g.votes, meanHaltScore: g.sum / g.votes }));
}

/** Small deterministic PRNG (mulberry32) for choosing augmentations reproducibly. */
export { mulberry32 as rng };

/** `count` augmentations: identity first, then random dihedral x colour permutations (0 fixed), distinct. */
export function randomAugmentations(count: number, seed = 0): ArcAugmentation[] {
  const rand = mulberry32(seed);
  const out: ArcAugmentation[] = [IDENTITY_AUG];
  const seen = new Set([versionName('', IDENTITY_AUG)]);
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const perm = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const aug = { tid: Math.floor(rand() * 8), perm: [0, ...perm] };
    const k = versionName('', aug);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(aug);
    }
  }
  return out.slice(0, count);
}
