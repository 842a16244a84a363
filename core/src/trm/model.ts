// A model in memory: checked metadata, the ONNX bytes, and the puzzle-embedding lookup.
// Pure: no file system (load.ts reads files; a browser worker builds a model from fetched bytes).

import { TrmError } from './errors';
import { type TrmMetadata, validateMetadata } from './metadata';
import { NO_WEB_CRYPTO, sha256Hex } from './sha256';

/** Where puzzle vectors come from (prefix token 0 of the step graph's `puzzle_vec` input). */
export interface PuzzleEmbedding {
  readonly mode: 'shared' | 'table' | 'none';
  /** Identifier names known to the table (empty for shared/none). */
  readonly identifiers: readonly string[];
  /** The vector for an identifier; shared/none ignore the id. undefined when a table lacks the id. */
  vector(id: string): Float32Array | undefined;
  /** Row 0 (`<blank>`) of a table, the shared vector, or zeros. */
  blank(): Float32Array;
}

export interface TrmModel {
  meta: TrmMetadata;
  /** The .onnx file's bytes. */
  onnx: Uint8Array;
  /** SHA-256 of the .onnx bytes (hex), checked against the metadata. Used as the cache key. */
  hash: string;
  /** Why the hash was not checked (a browser page without Web Crypto); absent when it was. */
  hashUnchecked?: string;
  embedding: PuzzleEmbedding;
  /** Where it was loaded from (a path or a URL), for messages. */
  source: string;
  /** The int8 graph named by the metadata, when it was found beside the model (preferred on the CPU). */
  int8?: { onnx: Uint8Array; hash: string; source: string };
}

export interface ModelLimits {
  /** Largest accepted .onnx file in bytes (default 1 GiB; ONNX protobufs cannot exceed 2 GiB). */
  maxModelBytes?: number;
  /** Largest puzzle-embedding table read into memory at once in bytes (default 64 MiB); larger tables
   *  (ARC: hundreds of MB) are read row by row when a task is run, keeping the server's memory small. */
  maxEmbeddingBytes?: number;
}

export const DEFAULT_MAX_MODEL_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_MAX_EMBEDDING_BYTES = 64 * 1024 * 1024;

function mb(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Checks an .onnx file's size and first bytes before any runtime sees it (its hash: checkOnnxHash). */
export function checkOnnxHeader(bytes: ArrayLike<number>, where: string, limits: ModelLimits = {}): void {
  const max = limits.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES;
  if (bytes.length > max) {
    throw new TrmError(
      'model-too-large',
      `${where}: the model is ${mb(bytes.length)}, over the ${mb(max)} limit; raise maxModelBytes if this is intended`,
    );
  }
  if (bytes.length === 0) throw new TrmError('model-truncated', `${where}: the file is empty`);
  // An ONNX ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
  if (bytes[0] !== 0x08) {
    throw new TrmError('model-corrupt', `${where}: not an ONNX model (it does not start with an ONNX ModelProto header)`);
  }
}

/** Checks the SHA-256 (hex) of an .onnx file of `byteLength` bytes against the metadata's. */
export function checkOnnxHash(hash: string, meta: Pick<TrmMetadata, 'sha256'>, where: string, byteLength: number): void {
  if (hash === meta.sha256) return;
  throw new TrmError(
    'model-truncated',
    `${where}: SHA-256 ${hash.slice(0, 12)}… does not match the metadata's ${meta.sha256.slice(0, 12)}…: the file is truncated, ` +
      `corrupted or belongs to another model (${mb(byteLength)} on disk)`,
  );
}

/**
 * Checks an .onnx file's size, first bytes and hash (Web Crypto); resolves to the hash. A browser page served
 * over plain http has no Web Crypto: the hash is then not checked (a truncated file still fails its header
 * check or onnxruntime's parse, with a message) and the metadata's hash stands for the file, with `unchecked`
 * saying why, so the model still loads rather than every TRM feature going dark.
 */
export async function checkOnnxBytes(
  bytes: Uint8Array,
  meta: TrmMetadata,
  where: string,
  limits: ModelLimits = {},
): Promise<{ hash: string; unchecked?: string }> {
  checkOnnxHeader(bytes, where, limits);
  const hash = await sha256Hex(bytes);
  if (hash === undefined) return { hash: meta.sha256, unchecked: NO_WEB_CRYPTO };
  checkOnnxHash(hash, meta, where, bytes.length);
  return { hash };
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Reads rows [row] of a little-endian float16/float32 table of width D. */
export type RowReader = (row: number) => Uint8Array;

export function tableEmbedding(ids: Record<string, number>, dtype: 'float16' | 'float32', D: number, readRow: RowReader): PuzzleEmbedding {
  const names = Object.keys(ids);
  const cache = new Map<number, Float32Array>();
  const decode = (row: number): Float32Array => {
    const hit = cache.get(row);
    if (hit) return hit;
    const raw = readRow(row);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out = new Float32Array(D);
    for (let i = 0; i < D; i++) out[i] = dtype === 'float32' ? dv.getFloat32(i * 4, true) : halfToFloat(dv.getUint16(i * 2, true));
    if (cache.size > 4096) cache.clear();
    cache.set(row, out);
    return out;
  };
  return {
    mode: 'table',
    identifiers: names,
    vector: (id) => (id in ids ? decode(ids[id]!) : undefined),
    blank: () => decode(0),
  };
}

export function embeddingFromSpec(meta: TrmMetadata, tableBytes?: Uint8Array, where = meta.name): PuzzleEmbedding {
  const D = meta.hidden_size;
  const pe = meta.puzzle_embedding;
  if ('shared' in pe) {
    const v = Float32Array.from(pe.shared);
    return { mode: 'shared', identifiers: [], vector: () => v, blank: () => v };
  }
  if ('none' in pe) {
    const z = new Float32Array(D);
    return { mode: 'none', identifiers: [], vector: () => z, blank: () => z };
  }
  const width = D * (pe.dtype === 'float16' ? 2 : 4);
  const expected = pe.rows * width;
  if (!tableBytes) throw new TrmError('model-not-found', `${where}: the puzzle-embedding table ${pe.file} was not supplied`);
  if (tableBytes.length !== expected) {
    throw new TrmError(
      'model-truncated',
      `${where}: ${pe.file} has ${tableBytes.length} bytes, expected rows x hidden_size x ${pe.dtype} = ${expected}: truncated or from another model`,
    );
  }
  return tableEmbedding(pe.identifiers, pe.dtype, D, (row) => tableBytes.subarray(row * width, (row + 1) * width));
}

/** Builds a model from bytes already in memory (browser worker, tests); asynchronous for the hash (Web Crypto). */
export async function modelFromBytes(
  metaJson: string | unknown,
  onnx: Uint8Array,
  opts: { source?: string; table?: Uint8Array; limits?: ModelLimits } = {},
): Promise<TrmModel> {
  const source = opts.source ?? 'model';
  let raw: unknown = metaJson;
  if (typeof metaJson === 'string') {
    try {
      raw = JSON.parse(metaJson);
    } catch (e) {
      throw new TrmError('metadata-invalid', `${source} metadata: not valid JSON (${(e as Error).message})`);
    }
  }
  const meta = validateMetadata(raw, `${source} metadata`);
  const { hash, unchecked } = await checkOnnxBytes(onnx, meta, source, opts.limits);
  return {
    meta,
    onnx,
    hash,
    ...(unchecked ? { hashUnchecked: unchecked } : {}),
    embedding: embeddingFromSpec(meta, opts.table, source),
    source,
  };
}
