// Choosing the backend: `auto` tries CUDA, then CPU (native), then WebAssembly; `cuda` falls back to CPU
// and says why; `cpu` falls back to WebAssembly when the native binding cannot load; `wasm` is asked for.
// Every fallback leaves its reason in `backend.note`. The native backend is the host's (core/src/trm/host.ts):
// a host without one (a browser worker) runs on WebAssembly.

import type { ProviderSetting, StepBackend } from './backend';
import { TrmError, isTrmError } from './errors';
import { trmHost, type NativeBackendHost } from './host';
import type { TrmModel } from './model';
import { type OrtWebModule, createOrtWebBackend } from './ortWeb';

export interface BackendOptions {
  provider?: ProviderSetting;
  /** The native backend; default: the installed host's (core/src/trm/host.ts). */
  native?: NativeBackendHost;
  /** Loads the native runtime instead of the host's loader (tests inject a failing one to exercise the fallback). */
  loadNative?: () => unknown;
  loadWeb?: () => OrtWebModule;
  /** Overrides the CUDA library check (tests). */
  cudaCheck?: () => string | undefined;
  wasmPaths?: string;
  intraOpThreads?: number;
  /** Run the model's int8 graph on the CPU when it ships one (default true). */
  int8?: boolean;
}

/** batchLimit: the largest batch per call: a fixed-batch graph's batch, or on the CPU the size whose
 *  intermediates stay in cache (cpuChunk.ts); the engine's batcher never passes more. */
export type Backend = StepBackend & { batchLimit?: number };

export async function createBackend(model: TrmModel, opts: BackendOptions = {}): Promise<Backend> {
  const setting = opts.provider ?? 'auto';
  if (!['auto', 'cpu', 'cuda', 'wasm'].includes(setting)) {
    throw new TrmError('backend-unavailable', `unknown provider "${setting}": use auto, cpu, cuda or wasm`);
  }
  const host = trmHost();
  const web = (note?: string) =>
    createOrtWebBackend(model, {
      ort: opts.loadWeb?.(),
      wasmPaths: host.wasmPaths ? host.wasmPaths(opts.wasmPaths) : opts.wasmPaths,
      note,
    });
  if (setting === 'wasm') return web();

  const native = opts.native ?? host.native;
  if (!native) {
    const why = 'this host has no native onnxruntime';
    return web(`${setting === 'cuda' ? 'CUDA requested but ' : ''}${why}; using onnxruntime-web (WebAssembly)`);
  }
  let ort: unknown;
  try {
    ort = (opts.loadNative ?? (() => native.load()))();
  } catch (e) {
    const why = `the onnxruntime-node native binding could not load (${firstLine((e as Error).message)})`;
    if (setting === 'cuda') return web(`CUDA requested but ${why}; using onnxruntime-web (WebAssembly)`);
    return web(`${why}; using onnxruntime-web (WebAssembly)`);
  }
  let note: string | undefined;
  if (setting === 'cuda' || setting === 'auto') {
    const missing = (opts.cudaCheck ?? (() => native.cudaUnavailableReason()))();
    if (!missing) {
      try {
        return await native.create(model, { provider: 'cuda', runtime: ort, intraOpThreads: opts.intraOpThreads });
      } catch (e) {
        if (!isTrmError(e) || e.code !== 'backend-unavailable') throw e;
        note = `${setting === 'cuda' ? 'CUDA requested but ' : ''}${firstLine(e.message)}; using CPU`;
      }
    } else {
      // `auto` on a machine without CUDA is the normal case: the short reason; asked for CUDA: how to get it.
      note = setting === 'cuda' ? `CUDA requested but ${missing}; using CPU` : `CUDA not used: ${missing.replace(/ \(.*$/, '')}; using CPU`;
    }
  }
  const cpu = await native.create(model, { provider: 'cpu', runtime: ort, intraOpThreads: opts.intraOpThreads, int8: opts.int8 });
  return note ? { ...cpu, note, run: cpu.run, dispose: cpu.dispose } : cpu;
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).trim();
}
