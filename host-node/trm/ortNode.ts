// onnxruntime-node backend (native; CPU, or CUDA when its opt-in libraries are installed).
// The module is required lazily so that a missing or broken native binding is a reported fallback,
// not a crash at import time.

import type * as OrtNode from 'onnxruntime-node';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type StepBackend, checkGraph, fixedBatch, wrapSession } from '../../core/src/trm/backend';
import { cpuChunk } from '../../core/src/trm/cpuChunk';
import { TrmError } from '../../core/src/trm/errors';
import { graphNeeds } from '../../core/src/trm/metadata';
import type { TrmModel } from '../../core/src/trm/model';

export type OrtNodeModule = typeof OrtNode;

/** Loads onnxruntime-node; throws (with the loader's message) when the package or its binding is missing. */
export function loadOrtNode(): OrtNodeModule {
  if (process.env.GRID_REASONER_DISABLE_NATIVE === '1') throw new Error('disabled by GRID_REASONER_DISABLE_NATIVE=1');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('onnxruntime-node') as OrtNodeModule;
}

/** The folder holding onnxruntime-node's binding and shared libraries for this platform, if found. */
export function nativeLibDir(): string | undefined {
  try {
    const pkg = require.resolve('onnxruntime-node/package.json');
    return join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/** undefined when CUDA can be tried, else why it cannot (checked before asking onnxruntime, which would log a native error). */
export function cudaUnavailableReason(dir = nativeLibDir()): string | undefined {
  if (process.platform !== 'linux' && process.platform !== 'win32')
    return `the CUDA execution provider is not built for ${process.platform}`;
  if (!dir) return 'onnxruntime-node is not installed';
  const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  if (!existsSync(join(dir, lib))) {
    return (
      `the CUDA execution provider is not installed (${lib} is missing in ${dir}; it is an opt-in download: ` +
      'npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12, see the README)'
    );
  }
  return undefined;
}

export interface OrtNodeOptions {
  provider: 'cpu' | 'cuda';
  ort?: OrtNodeModule;
  /** Threads for one inference (default: onnxruntime's choice). */
  intraOpThreads?: number | undefined;
  /** On the CPU, run the model's int8 graph when it has one (default true; CUDA always runs the float graph). */
  int8?: boolean | undefined;
}

export async function createOrtNodeBackend(model: TrmModel, opts: OrtNodeOptions): Promise<StepBackend & { batchLimit?: number }> {
  const ort = opts.ort ?? loadOrtNode();
  const sessionOptions: OrtNode.InferenceSession.SessionOptions = {
    executionProviders: [opts.provider],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  };
  if (opts.intraOpThreads) sessionOptions.intraOpNumThreads = opts.intraOpThreads;
  // int8 graphs use onnxruntime's CPU kernels (com.microsoft DynamicQuantizeMatMul): CPU only.
  const graph = opts.provider === 'cpu' && opts.int8 !== false && model.int8 ? model.int8 : { onnx: model.onnx, source: model.source };
  let session: OrtNode.InferenceSession;
  try {
    session = await ort.InferenceSession.create(graph.onnx, sessionOptions);
  } catch (e) {
    const msg = (e as Error).message;
    if (opts.provider === 'cuda') throw new TrmError('backend-unavailable', `CUDA could not start: ${msg}`);
    throw new TrmError('model-corrupt', `${graph.source}: onnxruntime could not load the graph${graphNeeds(model.meta)}: ${msg}`);
  }
  try {
    checkGraph(session.inputMetadata, session.outputMetadata, model.meta, graph.source);
  } catch (e) {
    await session.release();
    throw e;
  }
  // On the CPU a call larger than cpuChunk runs slower per puzzle (its intermediates leave the cache), so the
  // engine's batcher splits larger batches into calls of that size.
  const fixed = fixedBatch(session.inputMetadata);
  const limit = opts.provider === 'cpu' ? Math.min(fixed ?? Infinity, cpuChunk(model.meta)) : fixed;
  const backend = wrapSession(session, ort.Tensor, model, opts.provider, limit);
  return { ...backend, precision: graph === model.int8 ? 'int8' : 'float' };
}
