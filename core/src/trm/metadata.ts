// The metadata half of a model (NAME.json), checked field by field against docs/model-format.md.

import { TrmError } from './errors';

export type ModelKind = 'sudoku' | 'maze' | 'arc';

export type PuzzleEmbeddingSpec =
  { shared: number[] } | { file: string; dtype: 'float16' | 'float32'; rows: number; identifiers: Record<string, number> } | { none: true };

export interface TrmMetadata {
  format: 'grid-reasoner-trm';
  format_version: 1;
  name: string;
  kind: ModelKind;
  grid: { rows: number; cols: number };
  /** token id -> DSL symbol (`<pad>`, `<eos>` for the specials). */
  vocab: string[];
  seq_len: number;
  prefix_len: number;
  hidden_size: number;
  vocab_size: number;
  arch: { variant: string; T: number; n: number; layers?: number; heads?: number; expansion?: number; pos_encoding?: string };
  max_steps: number;
  y_init: number[];
  z_init: number[];
  puzzle_embedding: PuzzleEmbeddingSpec;
  training?: Record<string, unknown>;
  accuracy?: unknown;
  sha256: string;
  /** An int8 graph of the same model beside it (CPU only; docs/model-format.md, "int8 graphs"). */
  int8?: { file: string; sha256: string; accuracy?: unknown };
  /** Operators beyond standard ONNX that the graphs use, e.g. com.microsoft.MultiHeadAttention (docs/model-format.md). */
  requires?: { ops: string[]; runtime?: string };
}

/** The vocabularies the contract fixes per kind (Sudoku: digits up to the grid size). */
export function expectedVocab(kind: ModelKind, size: number): string[] {
  if (kind === 'maze') return ['<pad>', '#', '.', 'S', 'G', 'o'];
  if (kind === 'arc') return ['<pad>', '<eos>', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return ['<pad>', '.', ...'123456789ABCDEFG'.slice(0, size).split('')];
}

function fail(where: string, what: string): never {
  throw new TrmError('metadata-invalid', `${where}: ${what} (see docs/model-format.md)`);
}

function isInt(v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * The largest values the engine accepts: a model file comes from anywhere, and a field such as
 * `max_steps: 1e9` would make a run that never ends (the editor's own step setting stops at 1000).
 */
export const METADATA_LIMITS = {
  max_steps: 1000,
  /** The DSL's largest grid (docs/dsl.md, P016). */
  grid_side: 30,
  prefix_len: 1024,
  hidden_size: 16384,
  /** T and n, the recursion counts of one step. */
  recursions: 256,
  layers: 256,
  heads: 1024,
  expansion: 64,
} as const;

function numberArray(where: string, field: string, v: unknown, len: number): number[] {
  if (!Array.isArray(v)) fail(where, `"${field}" must be an array of ${len} numbers`);
  if (v.length !== len) fail(where, `"${field}" has ${v.length} numbers, hidden_size is ${len}`);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) fail(where, `"${field}"[${i}] is not a finite number`);
  }
  return v as number[];
}

/**
 * Checks parsed metadata JSON against the contract. `where` names the file in messages.
 * Throws TrmError('metadata-invalid') naming the first wrong field.
 */
export function validateMetadata(raw: unknown, where: string): TrmMetadata {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(where, 'not a JSON object');
  const m = raw as Record<string, unknown>;
  if (m.format !== 'grid-reasoner-trm') fail(where, `"format" is ${JSON.stringify(m.format)}, expected "grid-reasoner-trm"`);
  if (m.format_version !== 1) {
    fail(where, `"format_version" is ${JSON.stringify(m.format_version)}; this engine reads format version 1`);
  }
  if (typeof m.name !== 'string' || m.name === '') fail(where, '"name" must be a non-empty string');
  if (m.kind !== 'sudoku' && m.kind !== 'maze' && m.kind !== 'arc') {
    fail(where, `"kind" is ${JSON.stringify(m.kind)}, expected "sudoku", "maze" or "arc"`);
  }
  const kind = m.kind as ModelKind;
  const { rows } = checkShape(m, kind, where);
  checkVocab(m, kind, rows, where);
  checkArch(m, where);
  const D = m.hidden_size as number;
  numberArray(where, 'y_init', m.y_init, D);
  numberArray(where, 'z_init', m.z_init, D);
  checkPuzzleEmbedding(m.puzzle_embedding, D, where);
  if (typeof m.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sha256))
    fail(where, '"sha256" must be the 64-hex-digit SHA-256 of the .onnx file');
  if (m.int8 !== undefined) checkInt8(m.int8, where);
  if (m.requires !== undefined) checkRequires(m.requires, where);
  return m as unknown as TrmMetadata;
}

/** For a graph that would not load: what the metadata says it needs ('' when it names nothing). */
export function graphNeeds(meta: TrmMetadata): string {
  const r = meta.requires;
  if (!r || r.ops.length === 0) return '';
  return ` (the graph uses ${r.ops.join(', ')}${r.runtime ? `: ${r.runtime}` : ''})`;
}

/** grid, seq_len, prefix_len and hidden_size: the shapes every tensor of the step model follows. */
function checkShape(m: Record<string, unknown>, kind: ModelKind, where: string): { rows: number; cols: number } {
  const grid = m.grid as Record<string, unknown> | undefined;
  const L = METADATA_LIMITS;
  if (!grid || !isInt(grid.rows, 1, L.grid_side) || !isInt(grid.cols, 1, L.grid_side))
    fail(where, `"grid" must be { "rows": int, "cols": int }, each 1..${L.grid_side}`);
  const rows = grid.rows as number;
  const cols = grid.cols as number;
  if (kind === 'sudoku' && rows !== cols) fail(where, `a Sudoku grid must be square, got ${rows}x${cols}`);
  if (!isInt(m.seq_len, 1) || m.seq_len !== rows * cols) {
    fail(where, `"seq_len" is ${JSON.stringify(m.seq_len)}, expected rows * cols = ${rows * cols}`);
  }
  if (!isInt(m.prefix_len, 1, L.prefix_len))
    fail(
      where,
      `"prefix_len" is ${JSON.stringify(m.prefix_len)}, must be an integer 1..${L.prefix_len} (the puzzle vector sits at prefix position 0)`,
    );
  if (!isInt(m.hidden_size, 1, L.hidden_size))
    fail(where, `"hidden_size" is ${JSON.stringify(m.hidden_size)}, must be an integer 1..${L.hidden_size}`);
  return { rows, cols };
}

function checkVocab(m: Record<string, unknown>, kind: ModelKind, rows: number, where: string): void {
  if (!Array.isArray(m.vocab) || !m.vocab.every((s) => typeof s === 'string')) fail(where, '"vocab" must be an array of strings');
  const vocab = m.vocab as string[];
  if (m.vocab_size !== vocab.length) fail(where, `"vocab_size" is ${JSON.stringify(m.vocab_size)} but "vocab" has ${vocab.length} entries`);
  const want = expectedVocab(kind, rows);
  if (vocab.length !== want.length || vocab.some((s, i) => s !== want[i])) {
    fail(where, `"vocab" for a ${kind} model must be ${JSON.stringify(want)}, got ${JSON.stringify(vocab)}`);
  }
}

/** arch (variant, T, n and the optional sizes) and max_steps, within the limits a run can afford. */
function checkArch(m: Record<string, unknown>, where: string): void {
  const L = METADATA_LIMITS;
  const arch = m.arch as Record<string, unknown> | undefined;
  if (
    !arch ||
    typeof arch !== 'object' ||
    typeof arch.variant !== 'string' ||
    !isInt(arch.T, 1, L.recursions) ||
    !isInt(arch.n, 1, L.recursions)
  ) {
    fail(where, `"arch" must have "variant" (string), "T" and "n" (integers 1..${L.recursions})`);
  }
  for (const [field, max] of [
    ['layers', L.layers],
    ['heads', L.heads],
    ['expansion', L.expansion],
  ] as const) {
    const v = arch[field];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max))
      fail(where, `"arch.${field}" is ${JSON.stringify(v)}, must be a number from 0 to ${max}`);
  }
  if (!isInt(m.max_steps, 1, L.max_steps))
    fail(where, `"max_steps" is ${JSON.stringify(m.max_steps)}, must be an integer 1..${L.max_steps}`);
}

/** One of { shared: [D numbers] }, { file, dtype, rows, identifiers } or { none: true }. */
function checkPuzzleEmbedding(value: unknown, D: number, where: string): void {
  const pe = value as Record<string, unknown> | undefined;
  if (!pe || typeof pe !== 'object') fail(where, '"puzzle_embedding" must be an object');
  if ('shared' in pe) {
    numberArray(where, 'puzzle_embedding.shared', pe.shared, D);
  } else if ('file' in pe) {
    if (typeof pe.file !== 'string' || pe.file === '' || /[\\/]/.test(pe.file)) {
      fail(where, '"puzzle_embedding.file" must be a file name beside the model (no directories)');
    }
    if (pe.dtype !== 'float16' && pe.dtype !== 'float32') fail(where, '"puzzle_embedding.dtype" must be "float16" or "float32"');
    if (!isInt(pe.rows, 1)) fail(where, '"puzzle_embedding.rows" must be an integer >= 1');
    const ids = pe.identifiers as Record<string, unknown> | undefined;
    if (!ids || typeof ids !== 'object' || Array.isArray(ids)) fail(where, '"puzzle_embedding.identifiers" must map names to rows');
    for (const [k, v] of Object.entries(ids)) {
      if (!isInt(v, 0) || v >= (pe.rows as number))
        fail(where, `identifier "${k}" points at row ${JSON.stringify(v)}, outside 0..${(pe.rows as number) - 1}`);
    }
  } else if (pe.none !== true) {
    fail(where, '"puzzle_embedding" must be { "shared": [...] }, { "file": ... } or { "none": true }');
  }
}

function checkInt8(value: unknown, where: string): void {
  const q = value as Record<string, unknown>;
  if (typeof q !== 'object' || q === null || Array.isArray(q)) fail(where, '"int8" must be an object { "file", "sha256" }');
  if (typeof q.file !== 'string' || !q.file.endsWith('.onnx') || /[\\/]/.test(q.file)) {
    fail(where, '"int8.file" must be an .onnx file name beside the model (no directories)');
  }
  if (typeof q.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(q.sha256))
    fail(where, '"int8.sha256" must be the 64-hex-digit SHA-256 of the int8 .onnx file');
}

function checkRequires(value: unknown, where: string): void {
  const r = value as Record<string, unknown>;
  const ok =
    typeof r === 'object' &&
    r !== null &&
    Array.isArray(r.ops) &&
    r.ops.every((o) => typeof o === 'string') &&
    (r.runtime === undefined || typeof r.runtime === 'string');
  if (!ok) fail(where, '"requires" must be { "ops": [operator names], "runtime"?: string }');
}
