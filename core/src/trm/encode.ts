// Puzzles in, tokens out; logits in, grids of DSL symbols out. Exactly the vocabulary of the model's
// metadata (docs/model-format.md, "Vocabulary and encoding").

import type { ArcPuzzle, MazePuzzle, Puzzle, Section, SudokuPuzzle } from '../dsl/ast';
import { gridToMatrix } from '../dsl/symbols';
import { arcCanvas } from './arc';
import { TrmError } from './errors';
import type { TrmMetadata } from './metadata';
import type { Candidate } from './trace';

/** What the engine needs from a puzzle: plain grids of DSL symbols. */
export interface PuzzleGrids {
  kind: 'sudoku' | 'maze' | 'arc';
  /** Name or ARC task id (looks up the ARC puzzle-embedding rows). */
  name: string;
  /** Sudoku givens, the maze, or the ARC test input. */
  given: string[][];
  /** The known answer when the file has a complete one (solution, path, test output). */
  expected?: string[][] | undefined;
  /** ARC: which test pair (0-based). */
  testIndex?: number;
}

function matrix(s: Section | undefined): string[][] | undefined {
  if (!s) return undefined;
  // Read from the text: a lookup of a puzzle's run builds no cell objects.
  return gridToMatrix(s.grid);
}

function complete(g: string[][] | undefined): string[][] | undefined {
  if (!g || g.length === 0 || g.some((r) => r.length === 0 || r.includes('?'))) return undefined;
  return g;
}

/** The grids of a puzzle. ARC: `testIndex` picks the test pair. Throws a TrmError when the puzzle has nothing to solve. */
export function puzzleGrids(p: Puzzle, testIndex = 0): PuzzleGrids {
  if (p.kind === 'sudoku') {
    const given = matrix((p as SudokuPuzzle).givens);
    if (!given || given.length === 0) throw new TrmError('puzzle-mismatch', `puzzle "${p.name}" has no givens to solve`);
    return { kind: 'sudoku', name: p.name, given, expected: complete(matrix((p as SudokuPuzzle).solution)) };
  }
  if (p.kind === 'maze') {
    const given = matrix((p as MazePuzzle).grid);
    if (!given || given.length === 0) throw new TrmError('puzzle-mismatch', `maze "${p.name}" has no grid to solve`);
    return { kind: 'maze', name: p.name, given, expected: complete(matrix((p as MazePuzzle).path)) };
  }
  const tests = (p as ArcPuzzle).pairs.filter((x) => x.role === 'test');
  const pair = tests[testIndex];
  if (!pair) {
    throw new TrmError('puzzle-mismatch', `ARC task "${p.name}" has ${tests.length} test pair(s); there is no test pair ${testIndex + 1}`);
  }
  const given = matrix(pair.input);
  if (!given || given.length === 0)
    throw new TrmError('puzzle-mismatch', `ARC task "${p.name}" test pair ${testIndex + 1} has no input grid`);
  return { kind: 'arc', name: p.name, given, expected: complete(matrix(pair.output)), testIndex };
}

/** Number of test pairs of an ARC puzzle (1 for the other kinds). */
export function testCount(p: Puzzle): number {
  return p.kind === 'arc' ? (p as ArcPuzzle).pairs.filter((x) => x.role === 'test').length : 1;
}

function tokenMap(meta: TrmMetadata): Map<string, number> {
  return new Map(meta.vocab.map((s, i) => [s, i]));
}

/** Whether this model takes this puzzle: kind, and grid size (Sudoku exact; maze and ARC fit the canvas). */
export function fitProblem(meta: TrmMetadata, g: PuzzleGrids): string | undefined {
  const rows = g.given.length;
  const cols = Math.max(...g.given.map((r) => r.length));
  if (g.given.some((r) => r.length !== cols)) return `the grid of "${g.name}" has rows of different lengths`;
  if (meta.kind !== g.kind)
    return `model "${meta.name}" solves ${meta.kind} puzzles, "${g.name}" is ${g.kind === 'arc' ? 'an ARC task' : `a ${g.kind}`}`;
  if (g.kind === 'sudoku' && (rows !== meta.grid.rows || cols !== meta.grid.cols)) {
    return `model "${meta.name}" solves ${meta.grid.rows}x${meta.grid.cols} Sudoku, "${g.name}" is ${rows}x${cols}`;
  }
  if (g.kind === 'maze' && (rows > meta.grid.rows || cols > meta.grid.cols)) {
    return `model "${meta.name}" takes mazes up to ${meta.grid.rows}x${meta.grid.cols}, "${g.name}" is ${rows}x${cols}`;
  }
  // ARC: the grid plus its EOS row/column must fit unless it fills the canvas exactly.
  if (g.kind === 'arc' && (rows > meta.grid.rows || cols > meta.grid.cols)) {
    return `model "${meta.name}" has a ${meta.grid.rows}x${meta.grid.cols} canvas, the test input of "${g.name}" is ${rows}x${cols}`;
  }
  return undefined;
}

/** Token ids for a Sudoku or maze grid (maze padded with walls right and below). */
export function encodeGrid(meta: TrmMetadata, grid: readonly (readonly string[])[], kind: 'sudoku' | 'maze'): Int32Array {
  const ids = tokenMap(meta);
  const { rows, cols } = meta.grid;
  const out = new Int32Array(rows * cols);
  const fill = kind === 'maze' ? ids.get('#')! : ids.get('<pad>')!;
  out.fill(fill);
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < grid[r]!.length; c++) {
      const s = grid[r]![c]!;
      const id = ids.get(s);
      if (id === undefined || id === 0 || (kind === 'maze' && s === 'o')) {
        throw new TrmError(
          'puzzle-mismatch',
          `cell ${r + 1},${c + 1} holds "${s}", which model "${meta.name}" cannot read (its symbols: ${meta.vocab.slice(1).join(' ')})`,
        );
      }
      out[r * cols + c] = id;
    }
  }
  return out;
}

/** ARC colours of a grid of symbols. */
export function arcColours(grid: readonly (readonly string[])[]): number[][] {
  return grid.map((row, r) =>
    row.map((s, c) => {
      if (s.length !== 1 || s < '0' || s > '9')
        throw new TrmError('puzzle-mismatch', `cell ${r + 1},${c + 1} holds "${s}", not an ARC colour 0-9`);
      return s.charCodeAt(0) - 48;
    }),
  );
}

/** Token ids for any puzzle kind (ARC: the grid as given, no augmentation). */
export function encodePuzzle(meta: TrmMetadata, g: PuzzleGrids): Int32Array {
  const problem = fitProblem(meta, g);
  if (problem) throw new TrmError('puzzle-mismatch', problem);
  if (g.kind === 'arc') return arcCanvas(arcColours(g.given), meta.grid.rows, meta.grid.cols);
  return encodeGrid(meta, g.given, g.kind);
}

/** Per-cell decode of one batch item's logits [L, V]: argmax id, its probability (softmax), top 3 ids and probabilities. */
export interface DecodedCells {
  ids: Int32Array;
  prob: Float32Array;
  /** top-3 ids and probabilities, 3 per cell. */
  topIds: Int32Array;
  topProb: Float32Array;
}

/**
 * What the rules leave to the model in a Sudoku or maze answer: a given digit, a wall, S and G stay as the
 * question has them; only a blank cell is answered, by a digit (Sudoku) or open/path (maze). Decoding under
 * them keeps a model from "answering" a cell the rules already fix (training/eval_model.py decodes the same way,
 * so the cards measure what the editor shows).
 */
export interface CellRules {
  /** The question's token ids, as encoded for the model. */
  inputIds: ArrayLike<number>;
  /** The token of a cell the model answers. */
  free: number;
  /** The tokens its answer may be. */
  allowed: readonly number[];
}

/** The cell rules of a Sudoku or maze question for this model's vocabulary; undefined for ARC (every cell free)
 * or a vocabulary without the symbols (a model converted with other names decodes unconstrained). */
export function cellRules(meta: TrmMetadata, kind: PuzzleGrids['kind'], inputIds: ArrayLike<number>): CellRules | undefined {
  if (kind === 'arc') return undefined;
  const free = meta.vocab.indexOf('.');
  if (free < 0) return undefined;
  const allowed =
    kind === 'maze' ? [free, meta.vocab.indexOf('o')] : meta.vocab.flatMap((s, id) => (id !== free && !s.startsWith('<') ? [id] : []));
  if (allowed.some((id) => id < 0) || allowed.length < 2) return undefined;
  return { inputIds, free, allowed };
}

/** The question's symbol where it fixes a Sudoku or maze cell (a given, a wall, S, G), else undefined (a blank). */
export function fixedSymbol(given: readonly (readonly string[])[], row: number, col: number): string | undefined {
  const s = given[row]?.[col];
  return s === undefined || s === '.' ? undefined : s;
}

export function decodeLogits(logits: Float32Array, offset: number, L: number, V: number, rules?: CellRules): DecodedCells {
  const ids = new Int32Array(L);
  const prob = new Float32Array(L);
  const topIds = new Int32Array(L * 3).fill(-1);
  const topProb = new Float32Array(L * 3);
  const everyToken = Array.from({ length: V }, (_, v) => v);
  const p = new Float64Array(V);
  for (let i = 0; i < L; i++) {
    if (rules && rules.inputIds[i] !== rules.free) {
      // fixed by the question: certain, whatever the logits say
      ids[i] = rules.inputIds[i]!;
      prob[i] = 1;
      topIds[i * 3] = ids[i]!;
      topProb[i * 3] = 1;
      continue;
    }
    const candidates = rules ? rules.allowed : everyToken;
    const base = offset + i * V;
    let max = -Infinity;
    for (const v of candidates) if (logits[base + v]! > max) max = logits[base + v]!;
    let sum = 0;
    for (const v of candidates) {
      p[v] = Math.exp(logits[base + v]! - max);
      sum += p[v]!;
    }
    // top 3 by insertion (first index wins ties, like argmax)
    let i0 = -1,
      i1 = -1,
      i2 = -1;
    for (const v of candidates) {
      const x = p[v]!;
      if (i0 < 0 || x > p[i0]!) {
        i2 = i1;
        i1 = i0;
        i0 = v;
      } else if (i1 < 0 || x > p[i1]!) {
        i2 = i1;
        i1 = v;
      } else if (i2 < 0 || x > p[i2]!) {
        i2 = v;
      }
    }
    ids[i] = i0;
    prob[i] = p[i0]! / sum;
    const tops = [i0, i1, i2];
    for (let k = 0; k < 3; k++) {
      topIds[i * 3 + k] = tops[k]!;
      topProb[i * 3 + k] = tops[k]! >= 0 ? p[tops[k]!]! / sum : 0;
    }
  }
  return { ids, prob, topIds, topProb };
}

/** A DSL symbol for a token id: specials become `?` (they are never a valid cell answer). */
export function symbolOf(meta: TrmMetadata, id: number): string {
  const s = meta.vocab[id];
  return s === undefined || s.startsWith('<') ? '?' : s;
}

export interface CellGrids {
  grid: string[][];
  probability: number[][];
  top: Candidate[][][];
}

/** The rows x cols top-left window of decoded cells as DSL symbols. */
export function cellGrids(meta: TrmMetadata, d: DecodedCells, rows: number, cols: number): CellGrids {
  const W = meta.grid.cols;
  const grid: string[][] = [];
  const probability: number[][] = [];
  const top: Candidate[][][] = [];
  for (let r = 0; r < rows; r++) {
    const g: string[] = [],
      pr: number[] = [],
      tp: Candidate[][] = [];
    for (let c = 0; c < cols; c++) {
      const i = r * W + c;
      g.push(symbolOf(meta, d.ids[i]!));
      pr.push(d.prob[i]!);
      const cands: Candidate[] = [];
      for (let k = 0; k < 3; k++) {
        const id = d.topIds[i * 3 + k]!;
        if (id >= 0) cands.push({ symbol: meta.vocab[id]!, probability: d.topProb[i * 3 + k]! });
      }
      tp.push(cands);
    }
    grid.push(g);
    probability.push(pr);
    top.push(tp);
  }
  return { grid, probability, top };
}

/** Sudoku/maze: the grid symbols back to token ids (round trip of encodeGrid). */
export function decodeTokens(meta: TrmMetadata, ids: ArrayLike<number>, rows: number, cols: number): string[][] {
  const W = meta.grid.cols;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => symbolOf(meta, ids[r * W + c]!)));
}
