// onnxruntime-web backend (WebAssembly). Used in browser workers and, in Node, as the fallback when the
// native binding cannot load. Inside Node it runs single-threaded (numThreads = 1).
//
// Where the .wasm files are looked up (first that exists):
//   1. `wasmPaths` passed in, or $GRID_REASONER_ORT_WASM_DIR;
//   2. the folder of the running bundle (scripts/build.mjs copies ort-wasm-simd-threaded.{wasm,mjs} into dist/);
//   3. onnxruntime-web's own default: beside its script, i.e. node_modules/onnxruntime-web/dist/ when it
//      is loaded from node_modules (running from source), or dist/ when it is bundled.

import type * as OrtWeb from 'onnxruntime-web';
import { type StepBackend, checkGraph, fixedBatch } from './backend';
import { TrmError } from './errors';
import type { TrmModel } from './model';
import { wrapSession } from './ortNode';

export type OrtWebModule = typeof OrtWeb;

const WASM_FILE = 'ort-wasm-simd-threaded.wasm';

function nodeFs(): { existsSync(p: string): boolean } | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return p?.getBuiltinModule?.('node:fs') as { existsSync(p: string): boolean } | undefined;
}

/** The folder the .wasm files are loaded from in Node (see the list above), or undefined for the package default. */
export function wasmDir(explicit?: string): string | undefined {
  const fs = nodeFs();
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const candidates = [explicit, env?.GRID_REASONER_ORT_WASM_DIR];
  if (typeof __dirname === 'string') candidates.push(__dirname);
  for (const c of candidates) {
    if (!c) continue;
    const dir = c.endsWith('/') ? c : `${c}/`;
    if (!fs || fs.existsSync(dir + WASM_FILE)) return dir;
  }
  return undefined;
}

export function loadOrtWeb(): OrtWebModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('onnxruntime-web') as OrtWebModule;
}

export interface OrtWebOptions {
  ort?: OrtWebModule;
  wasmPaths?: string;
  /** Threads (default 1; in Node always 1). */
  numThreads?: number;
  note?: string;
}

export async function createOrtWebBackend(model: TrmModel, opts: OrtWebOptions = {}): Promise<StepBackend & { batchLimit?: number }> {
  let ort: OrtWebModule;
  try {
    ort = opts.ort ?? loadOrtWeb();
  } catch (e) {
    throw new TrmError('backend-unavailable', `onnxruntime-web could not load: ${(e as Error).message}`);
  }
  const inNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  ort.env.wasm.numThreads = inNode ? 1 : (opts.numThreads ?? 1);
  const dir = inNode ? wasmDir(opts.wasmPaths) : opts.wasmPaths;
  if (dir) ort.env.wasm.wasmPaths = dir;
  let session: OrtWeb.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model.onnx, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    if (/wasm|fetch|ENOENT|no available backend/i.test(msg)) {
      throw new TrmError('backend-unavailable', `onnxruntime-web could not start WebAssembly (${msg}); looked for ${WASM_FILE} in ${dir ?? 'onnxruntime-web/dist'}`);
    }
    throw new TrmError('model-corrupt', `${model.source}: onnxruntime-web could not load the graph: ${msg}`);
  }
  try {
    checkGraph(session.inputMetadata as never, session.outputMetadata as never, model.meta, model.source);
  } catch (e) {
    await session.release();
    throw e;
  }
  return wrapSession(session, ort.Tensor, model, 'wasm', fixedBatch(session.inputMetadata as never), opts.note);
}
