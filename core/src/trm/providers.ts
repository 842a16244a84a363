// Choosing the backend: `auto` tries CUDA, then CPU (native), then WebAssembly; `cuda` falls back to CPU
// and says why; `cpu` falls back to WebAssembly when the native binding cannot load; `wasm` is asked for.
// Every fallback leaves its reason in `backend.note`.

import type { ProviderSetting, StepBackend } from './backend';
import { TrmError, isTrmError } from './errors';
import type { TrmModel } from './model';
import { type OrtNodeModule, createOrtNodeBackend, cudaUnavailableReason, loadOrtNode, nativeLibDir } from './ortNode';
import { type OrtWebModule, createOrtWebBackend } from './ortWeb';

export interface BackendOptions {
  provider?: ProviderSetting;
  /** Loads onnxruntime-node (tests inject a failing loader to exercise the WebAssembly fallback). */
  loadNative?: () => OrtNodeModule;
  loadWeb?: () => OrtWebModule;
  /** Overrides the CUDA library check (tests). */
  cudaCheck?: () => string | undefined;
  wasmPaths?: string;
  intraOpThreads?: number;
  /** Run the model's int8 graph on the CPU when it ships one (default true). */
  int8?: boolean;
}

export type Backend = StepBackend & { batchLimit?: number };

export async function createBackend(model: TrmModel, opts: BackendOptions = {}): Promise<Backend> {
  const setting = opts.provider ?? 'auto';
  if (!['auto', 'cpu', 'cuda', 'wasm'].includes(setting)) {
    throw new TrmError('backend-unavailable', `unknown provider "${setting}": use auto, cpu, cuda or wasm`);
  }
  const web = (note?: string) => createOrtWebBackend(model, { ort: opts.loadWeb?.(), wasmPaths: opts.wasmPaths, note });
  if (setting === 'wasm') return web();

  let ort: OrtNodeModule;
  try {
    ort = (opts.loadNative ?? loadOrtNode)();
  } catch (e) {
    const why = `the onnxruntime-node native binding could not load (${firstLine((e as Error).message)})`;
    if (setting === 'cuda') return web(`CUDA requested but ${why}; using onnxruntime-web (WebAssembly)`);
    return web(`${why}; using onnxruntime-web (WebAssembly)`);
  }
  let note: string | undefined;
  if (setting === 'cuda' || setting === 'auto') {
    const missing = (opts.cudaCheck ?? (() => cudaUnavailableReason(nativeLibDir())))();
    if (!missing) {
      try {
        return await createOrtNodeBackend(model, { provider: 'cuda', ort, intraOpThreads: opts.intraOpThreads });
      } catch (e) {
        if (!isTrmError(e) || e.code !== 'backend-unavailable') throw e;
        note = `${setting === 'cuda' ? 'CUDA requested but ' : ''}${firstLine(e.message)}; using CPU`;
      }
    } else {
      // `auto` on a machine without CUDA is the normal case: the short reason; asked for CUDA: how to get it.
      note = setting === 'cuda' ? `CUDA requested but ${missing}; using CPU` : `CUDA not used: ${missing.replace(/ \(.*$/, '')}; using CPU`;
    }
  }
  const cpu = await createOrtNodeBackend(model, { provider: 'cpu', ort, intraOpThreads: opts.intraOpThreads, int8: opts.int8 });
  return note ? { ...cpu, note, run: cpu.run, dispose: cpu.dispose } : cpu;
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).trim();
}
