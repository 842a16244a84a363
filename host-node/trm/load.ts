// Loading models from disk (the Node host): NAME.onnx + NAME.json (+ NAME.puzzle_emb.bin), checked against
// the contract before any runtime sees them; and finding the bundled model for a puzzle.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { chooseModel } from '../../core/src/assist/catalog';
import type { PuzzleGrids } from '../../core/src/trm/encode';
import { TrmError } from '../../core/src/trm/errors';
import { type TrmMetadata, validateMetadata } from '../../core/src/trm/metadata';
import {
  DEFAULT_MAX_EMBEDDING_BYTES,
  DEFAULT_MAX_MODEL_BYTES,
  type ModelLimits,
  type PuzzleEmbedding,
  type TrmModel,
  checkOnnxHash,
  checkOnnxHeader,
  embeddingFromSpec,
  tableEmbedding,
} from '../../core/src/trm/model';

/** `x.onnx` or `x.json` or `x` -> the pair of paths. */
export function modelPaths(path: string): { onnx: string; json: string } {
  const p = resolve(path);
  const stem = p.endsWith('.onnx') || p.endsWith('.json') ? p.slice(0, -5) : p;
  return { onnx: `${stem}.onnx`, json: `${stem}.json` };
}

export function readMetadata(path: string): TrmMetadata {
  const { json } = modelPaths(path);
  if (!existsSync(json))
    throw new TrmError('model-not-found', `model metadata not found: ${json} (a model is NAME.onnx with NAME.json beside it)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(json, 'utf8'));
  } catch (e) {
    throw new TrmError('metadata-invalid', `${json}: not valid JSON (${(e as Error).message}); truncated or not a model metadata file`);
  }
  return validateMetadata(raw, json);
}

function fileEmbedding(meta: TrmMetadata, dir: string, limits: ModelLimits): PuzzleEmbedding {
  const pe = meta.puzzle_embedding;
  if (!('file' in pe)) return embeddingFromSpec(meta);
  const file = join(dir, pe.file);
  if (!existsSync(file)) throw new TrmError('model-not-found', `puzzle-embedding table not found: ${file} (named in ${meta.name}.json)`);
  const width = meta.hidden_size * (pe.dtype === 'float16' ? 2 : 4);
  const size = statSync(file).size;
  if (size !== pe.rows * width) {
    throw new TrmError(
      'model-truncated',
      `${file}: ${size} bytes, expected rows (${pe.rows}) x hidden_size (${meta.hidden_size}) x ${pe.dtype} = ${pe.rows * width}: truncated or from another model`,
    );
  }
  if (size <= (limits.maxEmbeddingBytes ?? DEFAULT_MAX_EMBEDDING_BYTES)) {
    return embeddingFromSpec(meta, new Uint8Array(readFileSync(file)), file);
  }
  // Too large to hold: read rows on demand.
  return tableEmbedding(pe.identifiers, pe.dtype, meta.hidden_size, (row) => {
    const buf = Buffer.alloc(width);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buf, 0, width, row * width);
    } finally {
      closeSync(fd);
    }
    return buf;
  });
}

/**
 * The SHA-256 of an .onnx file's bytes after checking its size and header, checked against the metadata's.
 * Synchronous (node:crypto), so that loading a model stays a plain call for the worker, the CLI and the tests;
 * the core's checkOnnxBytes does the same with Web Crypto.
 */
function checkedHash(bytes: Uint8Array, expected: string, where: string, maxModelBytes: number): string {
  checkOnnxHeader(bytes, where, { maxModelBytes });
  const hash = createHash('sha256').update(bytes).digest('hex');
  checkOnnxHash(hash, { sha256: expected }, where, bytes.length);
  return hash;
}

/** Loads and checks a model. `path` may name the .onnx, the .json or the common stem. */
export function loadModel(path: string, limits: ModelLimits = {}): TrmModel {
  const { onnx, json } = modelPaths(path);
  if (!existsSync(onnx)) throw new TrmError('model-not-found', `model not found: ${onnx}`);
  const meta = readMetadata(json);
  const size = statSync(onnx).size;
  const max = limits.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES;
  // Checked before reading so an oversized file is never pulled into memory.
  if (size > max) checkOnnxHeader({ length: size }, onnx, limits);
  const bytes = new Uint8Array(readFileSync(onnx));
  const hash = checkedHash(bytes, meta.sha256, onnx, max);
  const int8 = int8Graph(meta, dirname(onnx), limits);
  return {
    meta,
    onnx: bytes,
    hash,
    embedding: fileEmbedding(meta, dirname(onnx), limits),
    source: onnx,
    ...(int8 !== undefined ? { int8 } : {}),
  };
}

/** The int8 graph the metadata names, checked like the float one; absent file: the float graph alone (a model
 *  copied as its two files still works), wrong bytes: an error (the metadata promises this file). */
function int8Graph(meta: TrmMetadata, dir: string, limits: ModelLimits): TrmModel['int8'] {
  if (!meta.int8) return undefined;
  const file = join(dir, meta.int8.file);
  if (!existsSync(file)) return undefined;
  const max = limits.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES;
  if (statSync(file).size > max) checkOnnxHeader({ length: statSync(file).size }, file, limits);
  const bytes = new Uint8Array(readFileSync(file));
  const hash = checkedHash(bytes, meta.int8.sha256, file, max);
  return { onnx: bytes, hash, source: file };
}

/**
 * Folders searched for bundled models: $GRID_REASONER_MODELS (one or more folders, separated like PATH)
 * when set, else models/ beside dist/ (or at the repository root when running from source).
 */
export function modelDirs(): string[] {
  const env = process.env.GRID_REASONER_MODELS;
  const dirs = env
    ? env
        .split(delimiter)
        .filter(Boolean)
        .map((d) => resolve(d))
    : // dist/cli.js -> ../models ; host-node/trm/load.ts -> ../../models
      [resolve(__dirname, '..', 'models'), resolve(__dirname, '..', '..', 'models')];
  return [...new Set(dirs)].filter((d) => existsSync(d));
}

export interface ModelEntry {
  path: string;
  meta: TrmMetadata;
}

/** Every readable model metadata in the model folders (invalid ones are skipped). */
export function listModels(dirs = modelDirs(), problems?: { path: string; message: string }[]): ModelEntry[] {
  const out: ModelEntry[] = [];
  for (const d of dirs) {
    for (const f of readdirSync(d).sort()) {
      if (!f.endsWith('.json')) continue;
      const stem = join(d, f.slice(0, -5));
      if (!existsSync(`${stem}.onnx`)) continue;
      try {
        out.push({ path: `${stem}.onnx`, meta: readMetadata(stem) });
      } catch (e) {
        // A NAME.json beside a NAME.onnx is meant as a model: say why it cannot be used (when asked).
        problems?.push({ path: `${stem}.onnx`, message: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return out;
}

/**
 * The bundled model for a puzzle kind and grid size: Sudoku needs the exact size; maze and ARC take
 * the smallest canvas that holds the grid.
 */
export function findModel(g: PuzzleGrids, dirs = modelDirs()): ModelEntry {
  // The same rule as the editor's assistant (core/src/assist/catalog.ts chooseModel), so the CLI and the editor
  // pick the same model for a puzzle.
  const all = listModels(dirs).filter((m) => m.meta.kind === g.kind);
  const chosen = chooseModel([all], g);
  if (chosen) return chosen;
  const rows = g.given.length;
  const cols = Math.max(0, ...g.given.map((r) => r.length));
  const have = all.map((m) => `${basename(m.path)} (${m.meta.grid.rows}x${m.meta.grid.cols})`).join(', ') || 'none';
  throw new TrmError(
    'model-not-found',
    `no bundled ${g.kind} model for a ${rows}x${cols} grid (${g.kind} models found: ${have}; searched ${dirs.join(', ') || 'no model folder'}); pass --model PATH`,
  );
}
