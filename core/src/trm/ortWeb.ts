// onnxruntime-web backend (WebAssembly). Used in browser workers and, in Node, as the fallback when the
// native binding cannot load. Single-threaded unless asked otherwise. Where the .wasm files are is the
// host's business: `wasmPaths` (the Node host finds them, host-node/trm/ortWasm.ts), else onnxruntime-web's
// own default (beside its script), else the browser worker hands the binary over itself (env.wasm.wasmBinary).

import type * as OrtWeb from 'onnxruntime-web';
import { type StepBackend, checkGraph, fixedBatch, wrapSession } from './backend';
import { TrmError } from './errors';
import { graphNeeds } from './metadata';
import { trmHost } from './host';
import type { TrmModel } from './model';

export type OrtWebModule = typeof OrtWeb;

const WASM_FILE = 'ort-wasm-simd-threaded.wasm';

export interface OrtWebOptions {
  ort?: OrtWebModule | undefined;
  wasmPaths?: string | undefined;
  /** Threads (default 1). */
  numThreads?: number;
  note?: string | undefined;
}

export async function createOrtWebBackend(model: TrmModel, opts: OrtWebOptions = {}): Promise<StepBackend & { batchLimit?: number }> {
  let ort: OrtWebModule;
  try {
    const load = trmHost().loadWeb;
    if (!opts.ort && !load) throw new Error('this host gives the engine no onnxruntime-web module');
    ort = opts.ort ?? (load!() as OrtWebModule);
  } catch (e) {
    throw new TrmError('backend-unavailable', `onnxruntime-web could not load: ${(e as Error).message}`);
  }
  ort.env.wasm.numThreads = opts.numThreads ?? 1;
  const dir = opts.wasmPaths;
  if (dir) ort.env.wasm.wasmPaths = dir;
  let session: OrtWeb.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model.onnx, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    if (/wasm|fetch|ENOENT|no available backend/i.test(msg)) {
      throw new TrmError(
        'backend-unavailable',
        `onnxruntime-web could not start WebAssembly (${msg}); looked for ${WASM_FILE} in ${dir ?? 'onnxruntime-web/dist'}`,
      );
    }
    throw new TrmError('model-corrupt', `${model.source}: onnxruntime-web could not load the graph${graphNeeds(model.meta)}: ${msg}`);
  }
  try {
    checkGraph(session.inputMetadata as never, session.outputMetadata as never, model.meta, model.source);
  } catch (e) {
    await session.release();
    throw e;
  }
  return wrapSession(session, ort.Tensor, model, 'wasm', fixedBatch(session.inputMetadata as never), opts.note);
}
